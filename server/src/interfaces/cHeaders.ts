import type { Node, Tree } from 'web-tree-sitter';
import type { LineIndex } from '../core/text';
import type { InterfaceItem } from './model';

/**
 * The public C interface declared by a set of headers, read with a real C parser (tree-sitter-c):
 * functions, extern variables, typedefs, struct/union members and enum constants, with signatures
 * normalised so that parameter names and layout do not matter. Declarations in every `#if` branch count.
 *
 * Export macros (`XMLPUBFUN`, `FLAC_API`, `EVENT2_EXPORT_SYMBOL`, `ZMQ_EXPORT`, `__attribute__((…))`,
 * `__declspec(…)`) are not C the parser knows: they are blanked before parsing (offsets kept). A macro
 * counts as one when the headers define it as empty, as an attribute/declspec/`extern`, or as other such
 * macros — or, when its definition is not in the headers, when its name says so (`…_API`, `…_EXPORT…`,
 * `…PUBFUN`, `…CALL`…).
 */
export interface CParser {
  parse(text: string): Tree | null;
}

const DECORATOR_NAME = /^[A-Z][A-Z0-9_]*(?:_API|API|_EXPORT|_EXPORTS|EXPORT|_EXPORT_SYMBOL|PUBFUN|PUBVAR|_VAR|_EXTERN|EXTERN|_DECL|_CALL|CALL|CDECL|STDCALL|CALLBACK|_VISIBLE|_PUBLIC|_IMPORT|_INLINE|_DEPRECATED(?:_[A-Z0-9_]*)?|_DEPRECATED_FOR|_ATTRIBUTE(?:_[A-Z0-9_]*)?|_NONNULL|_WARN_UNUSED_RESULT|_PURE|_CONST|_MALLOC|_PRINTF|_FORMAT|_NORETURN|_AVAILABLE_IN_[A-Z0-9_]+|_BEGIN_DECLS|_END_DECLS)$/;
const ALWAYS_DECORATORS = new Set(['__BEGIN_DECLS', '__END_DECLS', 'G_BEGIN_DECLS', 'G_END_DECLS', '__extension__', '__restrict', '__restrict__', '__inline', '__inline__', '__cdecl', '__stdcall', 'WINAPI', 'CALLBACK', 'APIENTRY']);

/** Macro names the headers define as decoration (empty, attributes, declspec, extern, or other decorators). */
export function decoratorMacros(headers: readonly string[]): Set<string> {
  const definitions = new Map<string, string[]>();
  for (const text of headers) {
    // Linear: the name is whole (never given back to the body), the parameters stay on their line, and no
    // blanks sit between two quantifiers that could both take them (the body is trimmed anyway).
    for (const match of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])(\((?:[^)\\\n]|\\\n|\\)*\))?((?:[^\n\\]|\\\n)*)$/gm)) {
      const body = stripBlockComments(match[3].replace(/\\\n/g, ' '), '').replace(/\/\/.*$/, '').trim();
      const list = definitions.get(match[1]) ?? [];
      list.push(body);
      definitions.set(match[1], list);
    }
  }
  const decorators = new Set<string>(ALWAYS_DECORATORS);
  const isDecorationBody = (body: string): boolean =>
    body === '' ||
    /^(?:extern(?:\s+"C")?|static|inline|__inline__|__attribute__\s*\(\(.*\)\)|__declspec\s*\(.*\)|\[\[.*\]\])$/.test(body) ||
    body.split(/\s+/).every((word) => decorators.has(word) || /^__attribute__\(\(.*\)\)$/.test(word) || word === 'extern');
  // Decorators defined through other decorators need a few rounds (XMLPUBFUN → XMLPUBLIC → __declspec).
  for (let round = 0; round < 4; round++) {
    for (const [name, bodies] of definitions) {
      if (!decorators.has(name) && bodies.some(isDecorationBody)) decorators.add(name);
    }
  }
  return decorators;
}

/**
 * The text with decorations replaced by spaces (attribute and declspec argument lists included). Which
 * identifiers are decoration:
 *  - `__attribute__`, `__declspec`, `__asm__`, and macros the headers define as decoration, anywhere;
 *  - a macro not defined in the headers whose name says decoration (`…_API`, `…PUBFUN`, `…_EXPORT…`), where a
 *    decorator stands: before a type, a name, `*` or its own arguments — never an enum constant, which is
 *    followed by `=`, `,` or `}`;
 *  - any other ALL-CAPS macro right after a prototype's `)` and before `;`, `(` or another such macro
 *    (`… (gsize n) G_GNUC_MALLOC G_GNUC_ALLOC_SIZE(1);`).
 */
export function blankDecorations(text: string, decorators: ReadonlySet<string>, knownDefinitions: ReadonlySet<string> = new Set()): string {
  const chars = text.split('');
  const blank = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  const nextSignificant = (from: number) => {
    let i = from;
    while (i < text.length && /\s/.test(text[i])) i++;
    return text[i] ?? '';
  };
  // Asked for at increasing offsets, and nothing before the last offset asked for changes afterwards but
  // by blanking: the scan back stops there (blanked runs are not walked again and again).
  let floor = 0;
  let floorChar = '';
  const previousSignificant = (from: number) => {
    let i = from - 1;
    while (i >= floor && /\s/.test(chars[i])) i--;
    const found = i >= floor ? chars[i] ?? '' : floorChar;
    floor = from;
    floorChar = found;
    return found;
  };
  let lineStart = 0;
  let lineEnd = -1;
  let directive = false;
  const identifier = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let match = identifier.exec(text); match; match = identifier.exec(text)) {
    const name = match[0];
    const start = match.index;
    const end = start + name.length;
    // Leave preprocessor lines alone (#define XMLPUBFUN … must stay a definition). Whether a line is one is
    // decided once per line: looking back from every identifier is quadratic on a long line.
    if (start > lineEnd) {
      lineStart = text.lastIndexOf('\n', start - 1) + 1;
      lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0) lineEnd = text.length;
      let first = lineStart;
      while (first < lineEnd && (text[first] === ' ' || text[first] === '\t')) first++;
      directive = text[first] === '#';
    }
    if (directive) continue;
    const next = nextSignificant(end);
    const known = knownDefinitions.has(name);
    const isAttribute = name === '__attribute__' || name === '__declspec' || name === '__asm__' || name === '__asm';
    const upper = /^[A-Z][A-Z0-9_]+$/.test(name);
    const byName = !known && upper && DECORATOR_NAME.test(name) && /[A-Za-z_*(]/.test(next);
    if (!isAttribute && !decorators.has(name) && !byName) {
      const trailing = !known && upper && previousSignificant(start) === ')' && /[;(A-Z]/.test(next);
      if (!trailing) continue;
    }
    let stop = end;
    let after = end;
    while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
    if (text[after] === '(') {
      // A function-like decorator (ZMQ_DEPRECATED("use …"), __attribute__((…))): its arguments go too.
      let depth = 0;
      for (let i = after; i < text.length && i < after + 4096; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) {
          stop = i + 1;
          break;
        }
      }
    }
    blank(start, stop);
    identifier.lastIndex = stop;
  }
  return chars.join('');
}

/** Macro names the headers define at all: a name with a real definition is not guessed to be decoration. */
export function definedMacros(headers: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of headers) for (const match of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm)) names.add(match[1]);
  return names;
}

export interface HeaderSource {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
}

/** The macros a header set teaches the extractor: export decorators (blanked) and other defined names. */
export interface MacroContext {
  readonly decorators: ReadonlySet<string>;
  readonly defined: ReadonlySet<string>;
  /** Equal keys: the same blanking, so an unchanged header extracts to the same items. */
  readonly key: string;
}

export function macroContext(texts: readonly string[]): MacroContext {
  const decorators = decoratorMacros(texts);
  const defined = definedMacros(texts);
  for (const name of decorators) defined.delete(name);
  return { decorators, defined, key: `${[...decorators].sort().join(',')}|${[...defined].sort().join(',')}` };
}

/**
 * Extracts the interface of a set of headers. Macros are learnt across the whole set, or from `macros`
 * when only some headers of a set are extracted.
 */
export function extractCInterface(parser: CParser, headers: readonly HeaderSource[], context: MacroContext = macroContext(headers.map((h) => h.text))): InterfaceItem[] {
  const { decorators, defined, key: macros } = context;
  const items: InterfaceItem[] = [];
  if (parsedHeaders.size > MAX_HEADERS_KEPT) parsedHeaders.clear();
  for (const header of headers) {
    // A header whose text and macros are those of a recent parse is not parsed again: the baseline's
    // unchanged headers cost nothing, nor do the other headers when one is edited.
    const recent = parsedHeaders.get(header.path) ?? [];
    const hit = recent.find((entry) => entry.macros === macros && entry.text === header.text);
    if (hit) {
      for (const item of hit.items) items.push(item);
      continue;
    }
    const own: InterfaceItem[] = [];
    const tree = parser.parse(blankDecorations(header.text, decorators, defined));
    if (!tree) continue;
    try {
      collect(tree.rootNode, header, own);
    } finally {
      tree.delete();
    }
    parsedHeaders.set(header.path, [{ text: header.text, macros, items: own }, ...recent].slice(0, KEPT_PER_HEADER));
    for (const item of own) items.push(item);
  }
  return items;
}

/** Recent extractions per header path (the working tree's and the baseline's text). */
const parsedHeaders = new Map<string, { readonly text: string; readonly macros: string; readonly items: readonly InterfaceItem[] }[]>();
const KEPT_PER_HEADER = 2;
const MAX_HEADERS_KEPT = 20_000;

/** Containers whose children are top-level declarations (preprocessor branches, extern "C" blocks). */
const TRANSPARENT = new Set(['translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'linkage_specification', 'declaration_list']);

function collect(node: Node, header: HeaderSource, items: InterfaceItem[]): void {
  for (const child of children(node)) {
    if (TRANSPARENT.has(child.type)) collect(child, header, items);
    else if (child.type === 'declaration') declaration(child, header, items);
    else if (child.type === 'type_definition') typeDefinition(child, header, items);
    else if (child.type === 'struct_specifier' || child.type === 'union_specifier' || child.type === 'enum_specifier') specifier(child, header, items);
    else if (child.type === 'expression_statement' || child.type === 'ERROR') {
      // Recover what the parser could still make sense of.
      for (const inner of children(child)) if (inner.type === 'struct_specifier' || inner.type === 'enum_specifier' || inner.type === 'union_specifier') specifier(inner, header, items);
    }
  }
}

function children(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

function item(kind: InterfaceItem['kind'], name: string, signature: string, node: Node, header: HeaderSource): InterfaceItem {
  return { kind, name, signature, file: header.path, range: header.lines.rangeOf(node.startIndex, node.endIndex) };
}

function hasStorage(node: Node, storage: string): boolean {
  return children(node).some((c) => c.type === 'storage_class_specifier' && c.text === storage);
}

function declaration(node: Node, header: HeaderSource, items: InterfaceItem[]): void {
  if (hasStorage(node, 'static')) return; // static inline helpers are not exported symbols
  const type = node.childForFieldName('type');
  if (type && (type.type === 'struct_specifier' || type.type === 'union_specifier' || type.type === 'enum_specifier')) specifier(type, header, items);
  const baseType = typeText(node);
  for (const declarator of node.childrenForFieldName('declarator').filter((d): d is Node => d !== null)) {
    const name = declaratorName(declarator);
    if (!name) continue;
    // The signature is the declaration's type with the name taken out, a C type name in its own right:
    // `int xmlFoo(const char *name, int n)` → `int(const char*,int)`,
    // `int (*get_handler(int which))(double)` → `int(*(int))(double)`.
    const signature = normalise(`${baseType} ${abstractDeclarator(declarator)}`);
    // A header's non-function declaration is a global (with or without `extern`, which an export macro
    // such as XMLPUBVAR may have carried).
    items.push(item(namesFunction(declarator) ? 'function' : 'variable', name, signature, node, header));
  }
}

/** Whether the declared name is a function: the declarator that directly holds the name is a function declarator. */
function namesFunction(node: Node): boolean {
  let current: Node | null = node;
  // Parentheses around the name (`int (lua_gettop)(lua_State *L)`) do not change what it declares.
  let holder: Node | null = null;
  while (current) {
    if (current.type === 'identifier') return holder?.type === 'function_declarator';
    if (current.type !== 'parenthesized_declarator') holder = current;
    current = current.type === 'parenthesized_declarator' ? children(current)[0] ?? null : current.childForFieldName('declarator');
  }
  return false;
}

function typeDefinition(node: Node, header: HeaderSource, items: InterfaceItem[]): void {
  const type = node.childForFieldName('type');
  if (type && (type.type === 'struct_specifier' || type.type === 'union_specifier' || type.type === 'enum_specifier')) specifier(type, header, items);
  for (const declarator of node.childrenForFieldName('declarator').filter((d): d is Node => d !== null)) {
    const name = declaratorName(declarator);
    if (!name) continue;
    // `typedef struct { … } foo_t;`: the layout is the signature, so a member change changes foo_t.
    const underlying = type && type.childForFieldName('body') && !type.childForFieldName('name') ? layout(type) : typeText(node);
    items.push(item('typedef', name, normalise(`${underlying} ${abstractDeclarator(declarator)}`), node, header));
  }
}

function specifier(node: Node, header: HeaderSource, items: InterfaceItem[]): void {
  const body = node.childForFieldName('body');
  if (!body) return;
  const name = node.childForFieldName('name')?.text;
  if (node.type === 'enum_specifier') {
    for (const constant of enumerators(body)) items.push(item('enum-constant', constant.name, constant.value, constant.node, header));
    return;
  }
  if (name) items.push(item(node.type === 'struct_specifier' ? 'struct' : 'union', name, layout(node), node, header));
}

/**
 * A struct or union's members in order, as `type name` pairs (members in `#if` branches included, bit-field
 * widths kept, parameter names of function-pointer members dropped): any change to them changes the
 * layout. An enum's layout is its constants and values.
 */
function layout(node: Node): string {
  const body = node.childForFieldName('body');
  if (!body) return node.type;
  if (node.type === 'enum_specifier') return `enum{${enumerators(body).map((e) => `${e.name}=${e.value}`).join(',')}}`;
  const members: string[] = [];
  const visit = (list: Node) => {
    for (const field of children(list)) {
      if (TRANSPARENT.has(field.type)) {
        visit(field);
        continue;
      }
      if (field.type !== 'field_declaration') continue;
      const type = typeText(field);
      let declared = false;
      for (const part of children(field)) {
        if (part.type === 'bitfield_clause' && declared) members[members.length - 1] += normalise(part.text);
        else if (part.type.endsWith('declarator') || part.type === 'field_identifier') {
          members.push(normalise(`${type} ${abstractDeclarator(part, true)}`));
          declared = true;
        }
      }
      if (!declared) members.push(normalise(type)); // an anonymous struct or union member
    }
  };
  visit(body);
  return `${node.type === 'union_specifier' ? 'union' : 'struct'}{${members.join(';')}}`;
}

/** An enum's constants with their values: literal values computed, implicit ones counted on. */
function enumerators(body: Node): { name: string; value: string; node: Node }[] {
  const result: { name: string; value: string; node: Node }[] = [];
  let next = 0n;
  let known = true;
  for (const enumerator of children(body)) {
    if (enumerator.type !== 'enumerator') continue;
    const name = enumerator.childForFieldName('name')?.text;
    const valueNode = enumerator.childForFieldName('value');
    let value: string;
    if (valueNode) {
      const literal = parseIntegerLiteral(valueNode.text);
      value = literal !== undefined ? literal.toString() : normalise(valueNode.text);
      known = literal !== undefined;
      next = literal !== undefined ? literal + 1n : 0n;
    } else {
      value = known ? next.toString() : 'previous+1';
      next += 1n;
    }
    if (name) result.push({ name, value, node: enumerator });
  }
  return result;
}

/** The declaration's type with its qualifiers (`const unsigned char`), without storage class. */
function typeText(node: Node): string {
  const parts: string[] = [];
  const type = node.childForFieldName('type');
  for (const child of children(node)) {
    if (child.type === 'type_qualifier') parts.push(child.text);
    if (type && child.id === type.id) {
      parts.push(child.childForFieldName('body') && child.childForFieldName('name') ? `${child.type.replace('_specifier', '')} ${child.childForFieldName('name')!.text}` : child.text);
    }
  }
  return parts.join(' ');
}

function declaratorName(node: Node | null): string | undefined {
  for (let current = node; current; current = current.childForFieldName('declarator')) {
    if (current.type === 'identifier' || current.type === 'type_identifier' || current.type === 'field_identifier') return current.text;
    if (current.type === 'parenthesized_declarator') {
      const inner = children(current)[0];
      return inner ? declaratorName(inner) : undefined;
    }
  }
  return undefined;
}

/**
 * A declarator rendered without any names, parameter names included: `*name[4]` → `*[4]`,
 * `(*cb)(void *ctx, int code)` → `(*)(void*,int)`.
 */
function abstractDeclarator(node: Node | null, keepName = false): string {
  if (!node) return '';
  const inner = (child: Node | null) => abstractDeclarator(child, keepName);
  switch (node.type) {
    case 'identifier':
    case 'field_identifier':
    case 'type_identifier':
      return keepName ? node.text : '';
    case 'pointer_declarator':
    case 'abstract_pointer_declarator': {
      const qualifiers = children(node).filter((c) => c.type === 'type_qualifier').map((c) => ` ${c.text} `).join('');
      return `*${qualifiers}${inner(node.childForFieldName('declarator'))}`;
    }
    case 'function_declarator':
    case 'abstract_function_declarator':
      return `${inner(node.childForFieldName('declarator'))}(${parameters(node)})`;
    case 'array_declarator':
    case 'abstract_array_declarator':
      return `${inner(node.childForFieldName('declarator'))}[${node.childForFieldName('size')?.text ?? ''}]`;
    case 'parenthesized_declarator':
    case 'abstract_parenthesized_declarator': {
      // `(name)` with the name gone leaves nothing to parenthesise: `int (f)(int)` is `int(int)`.
      const content = inner(children(node)[0] ?? null);
      return content ? `(${content})` : '';
    }
    case 'attributed_declarator':
      return inner(children(node)[0] ?? null);
    default:
      return node.text;
  }
}

function parameters(functionDeclarator: Node): string {
  const list = functionDeclarator.childForFieldName('parameters');
  if (!list) return '';
  const parts: string[] = [];
  for (const parameter of children(list)) {
    if (parameter.type === 'variadic_parameter') parts.push('...');
    else if (parameter.type === 'parameter_declaration') parts.push(normalise(`${typeText(parameter)} ${abstractDeclarator(parameter.childForFieldName('declarator'))}`));
  }
  // `f()` and `f(void)` both take no arguments in a prototype-only world.
  return parts.length === 1 && parts[0] === 'void' ? '' : parts.join(',');
}

/** Whitespace and comments out, so that layout never makes a difference. */
export function normalise(text: string): string {
  return stripBlockComments(text, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // A blank matters only between two words (`unsigned int`); around operators and punctuation it never does.
    .replace(/ (?=[^A-Za-z0-9_])|(?<=[^A-Za-z0-9_]) /g, '');
}

/**
 * `/* … *\/` comments replaced by `replacement`, as `text.replace(/\/\*[\s\S]*?\*\//g, replacement)` would but in
 * linear time (the regular expression rescans the rest of the text after each unterminated `/*`).
 */
function stripBlockComments(text: string, replacement: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let open = text.indexOf('/*'); open >= 0; open = text.indexOf('/*', from)) {
    const close = text.indexOf('*/', open + 2);
    if (close < 0) break; // unterminated: the rest stays as written
    parts.push(text.slice(from, open), replacement);
    from = close + 2;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function parseIntegerLiteral(text: string): bigint | undefined {
  const t = text.trim().replace(/[uUlL]+$/, '');
  try {
    if (/^-?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(t)) {
      const negative = t.startsWith('-');
      const body = negative ? t.slice(1) : t;
      const value = body.startsWith('0x') || body.startsWith('0X') ? BigInt(body) : body.length > 1 && body.startsWith('0') ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
      return negative ? -value : value;
    }
    const shift = /^\(?\s*(\d+)[uUlL]*\s*<<\s*(\d+)[uUlL]*\s*\)?$/.exec(text.trim());
    if (shift) return BigInt(shift[1]) << BigInt(shift[2]);
  } catch {
    return undefined;
  }
  return undefined;
}
