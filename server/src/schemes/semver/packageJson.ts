import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { baseName } from '../../core/text';

/**
 * Step 1 of the semver scheme: find and read package.json files. Every value keeps the offsets of the
 * characters it is written at (jsonc-parser's tree), so findings and edits land inside the quotes.
 *
 * Reading is as tolerant as VS Code's JSON editor: comments and trailing commas are accepted (npm would
 * reject them, but VS Code's own JSON validation already says so, and the version is still worth
 * checking). Anything worse is reported once, as a syntax error, and the file takes no further part.
 * When a key is written twice, the last one counts, as in `JSON.parse` and so in npm, pnpm and Yarn.
 */
export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
export type DependencyField = (typeof DEPENDENCY_FIELDS)[number];

/** A JSON string value with the offsets of its content (inside the quotes). */
export interface JsonString {
  readonly value: string;
  /** Offset of the first character after the opening quote. */
  readonly start: number;
  /** Offset of the closing quote. */
  readonly end: number;
}

/** A JSON value of any type, with the offsets of its whole text (quotes included for strings). */
export interface JsonValue {
  readonly type: Node['type'];
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
}

export interface DependencyEntry {
  readonly field: DependencyField;
  /** The dependency's name (the property key). */
  readonly name: string;
  /** The specifier, when it is a string (a range, `workspace:^`, `file:…`, a git URL…). */
  readonly spec?: JsonString;
}

export interface PackageJsonSyntaxError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface PackageJson {
  readonly path: string;
  /** Set when the file is not a JSON object: nothing else is read. */
  readonly syntaxError?: PackageJsonSyntaxError;
  readonly name?: JsonString;
  /** The `version` property's value, of whatever type it is written as. */
  readonly version?: JsonValue & { readonly string?: JsonString };
  /** npm's test: any truthy `private` value (even the string "false") makes npm refuse to publish. */
  readonly private: boolean;
  readonly privateValue?: JsonValue;
  /** npm/Yarn/Bun `workspaces`: an array of globs, or `{ packages: [...] }`. Undefined when absent. */
  readonly workspaces?: readonly string[];
  /** The `packageManager` field (Corepack), e.g. `yarn@4.1.0`. */
  readonly packageManager?: string;
  readonly dependencies: readonly DependencyEntry[];
  /** Offsets of the top-level object's braces (for findings about what is missing). */
  readonly objectStart: number;
}

export function isPackageJson(path: string): boolean {
  return baseName(path) === 'package.json';
}

const PARSE_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "':' is expected",
  CommaExpected: "',' is expected",
  CloseBraceExpected: "'}' is expected",
  CloseBracketExpected: "']' is expected",
  EndOfFileExpected: 'unexpected text after the end of the top-level value',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'a block comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is not complete',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape sequence',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

/** Facts per file, cached by text identity (an unchanged file is not parsed again). */
const cache = new Map<string, { text: string; facts: PackageJson }>();

export function readPackageJson(path: string, text: string): PackageJson {
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.facts;
  const facts = parsePackageJson(path, text);
  cache.set(path, { text, facts });
  return facts;
}

/** Drops cached facts of files that are no longer listed. */
export function forgetPackageJsonsExcept(listing: ReadonlySet<string>): void {
  for (const path of cache.keys()) if (!listing.has(path)) cache.delete(path);
}

export function parsePackageJson(path: string, rawText: string): PackageJson {
  try {
    return parseText(path, rawText);
  } catch (error) {
    // jsonc-parser recurses once per nesting level: a few thousand nested arrays exhaust the stack.
    if (!(error instanceof RangeError)) throw error;
    const message = 'package.json nests arrays or objects too deeply for Versionwise to read it, so nothing in it is checked';
    return { path, private: false, dependencies: [], objectStart: 0, syntaxError: { message, start: 0, end: Math.min(1, rawText.length) } };
  }
}

function parseText(path: string, rawText: string): PackageJson {
  // A byte order mark becomes a space of the same length, so that offsets still match the text.
  const text = rawText.charCodeAt(0) === 0xfeff ? ` ${rawText.slice(1)}` : rawText;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const empty: PackageJson = { path, private: false, dependencies: [], objectStart: 0 };
  if (errors.length) {
    const first = errors[0];
    const line = 1 + countLines(text, first.offset);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more ${errors.length === 2 ? 'problem' : 'problems'})` : '';
    const what = PARSE_ERRORS[printParseErrorCode(first.error)] ?? 'syntax error';
    const message = text.trim() === ''
      ? 'package.json is empty: it must hold a JSON object; npm cannot read it, so nothing in it is checked'
      : `package.json is not valid JSON: ${what} at line ${line}${more}; npm cannot read it, so nothing in it is checked`;
    return { ...empty, syntaxError: { message, ...errorSpan(text, first.offset, first.length) } };
  }
  if (!root || root.type !== 'object') {
    const start = root?.offset ?? 0;
    return { ...empty, syntaxError: { message: `package.json must hold a JSON object, not ${root ? describeType(root) : 'nothing'}; npm cannot read it, so nothing in it is checked`, start, end: root ? start + root.length : start } };
  }

  const name = stringOf(property(root, 'name'));
  const versionNode = property(root, 'version');
  const privateNode = property(root, 'private');
  const workspacesNode = property(root, 'workspaces');
  const packageManager = stringOf(property(root, 'packageManager'))?.value;
  const dependencies: DependencyEntry[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const object = property(root, field);
    if (object?.type !== 'object') continue;
    for (const [key, value] of lastProperties(object)) dependencies.push({ field, name: key, spec: stringOf(value) });
  }
  return {
    path,
    name,
    version: versionNode ? { ...valueOf(versionNode), string: stringOf(versionNode) } : undefined,
    private: privateNode ? Boolean(getNodeValue(privateNode)) : false,
    privateValue: privateNode ? valueOf(privateNode) : undefined,
    workspaces: workspacesNode ? workspaceGlobs(workspacesNode) : undefined,
    packageManager,
    dependencies,
    objectStart: root.offset,
  };
}

/** The value of the last property named `key` of an object node (JSON.parse keeps the last). */
function property(object: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const child of object.children ?? []) {
    const [keyNode, valueNode] = child.children ?? [];
    if (keyNode?.value === key && valueNode) found = valueNode;
  }
  return found;
}

/** Every property of an object node once, with the value written last. */
function lastProperties(object: Node): Map<string, Node> {
  const result = new Map<string, Node>();
  for (const child of object.children ?? []) {
    const [keyNode, valueNode] = child.children ?? [];
    if (typeof keyNode?.value !== 'string' || !valueNode) continue;
    result.delete(keyNode.value);
    result.set(keyNode.value, valueNode);
  }
  return result;
}

function stringOf(node: Node | undefined): JsonString | undefined {
  if (node?.type !== 'string') return undefined;
  return { value: node.value as string, start: node.offset + 1, end: node.offset + node.length - 1 };
}

function valueOf(node: Node): JsonValue {
  return { type: node.type, value: getNodeValue(node), start: node.offset, end: node.offset + node.length };
}

/** `workspaces: [...]` or `workspaces: { packages: [...] }` (Yarn 1's form, with `nohoist`); string items only. */
function workspaceGlobs(node: Node): string[] {
  const list = node.type === 'array' ? node : node.type === 'object' ? property(node, 'packages') : undefined;
  if (list?.type !== 'array') return [];
  return (list.children ?? []).filter((item) => item.type === 'string').map((item) => item.value as string);
}

export function describeType(node: { type: Node['type']; value?: unknown }): string {
  switch (node.type) {
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'null':
      return 'null';
    case 'number':
      return `a number`;
    case 'boolean':
      return `a boolean`;
    default:
      return `a ${node.type}`;
  }
}

function countLines(text: string, offset: number): number {
  let lines = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  return lines;
}

/** A syntax error's span, at least one character wide when the text has one there. */
function errorSpan(text: string, offset: number, length: number): { start: number; end: number } {
  const start = Math.min(offset, text.length);
  let end = Math.min(offset + length, text.length);
  if (end === start && start < text.length && text.charCodeAt(start) !== 10 && text.charCodeAt(start) !== 13) end = start + 1;
  return { start, end };
}
