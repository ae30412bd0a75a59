import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Finding, Severity } from './model';
import type { LineIndex } from './text';

/**
 * The project configuration file the CLI and the editor share: `.versionwise.json` at the workspace root,
 * or a `versionwise` object in the root package.json. It holds the same settings as VS Code's
 * `versionwise.*` (they win over the editor's, so CI and the editor agree) and the project's suppressions.
 * A malformed file is reported at the place that is wrong, never silently ignored; the JSON schema in
 * docs/versionwise.schema.json describes the same keys for editing (a test keeps the two in step).
 */
export const CONFIG_FILE = '.versionwise.json';

export interface Suppression {
  readonly rule: string;
  readonly file: string;
  /** The text the finding sits on; without it, every finding of the rule in the file is suppressed. */
  readonly text?: string;
  readonly justification: string;
  /** Where the entry is written, to report it when it no longer matches anything. */
  readonly at: { readonly file: string; readonly start: number; readonly end: number };
}

export interface ProjectConfig {
  /** Where it was read from, or undefined when the project has none. */
  readonly source?: string;
  /** Settings in the shape `normaliseSettings` takes. */
  readonly settings: Record<string, unknown>;
  readonly suppressions: readonly Suppression[];
  readonly findings: readonly Finding[];
}

export const CONFIG_RULES = {
  malformed: 'config/malformed',
  unknownKey: 'config/unknown-key',
  invalidValue: 'config/invalid-value',
  missingJustification: 'config/missing-justification',
  unusedSuppression: 'config/unused-suppression',
} as const;

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

type Check = (node: Node) => string | undefined;
const isString: Check = (n) => (n.type === 'string' ? undefined : 'must be a string');
const isBoolean: Check = (n) => (n.type === 'boolean' ? undefined : 'must be true or false');
const isStringArray: Check = (n) => (n.type === 'array' && (n.children ?? []).every((c) => c.type === 'string') ? undefined : 'must be an array of strings');
const oneOf = (values: string[]): Check => (n) => (n.type === 'string' && values.includes(n.value) ? undefined : `must be one of ${values.map((v) => `"${v}"`).join(', ')}`);
const isRegExp: Check = (n) => {
  if (n.type !== 'string') return 'must be a string';
  try {
    new RegExp(n.value);
    return undefined;
  } catch (error) {
    return `is not a regular expression: ${(error as Error).message}`;
  }
};

/** Every key the file may have, with how its value is checked. Objects list their own keys. */
export const CONFIG_KEYS: Record<string, Check | Record<string, Check> | 'schemes' | 'severity' | 'suppressions'> = {
  $schema: isString,
  schemes: 'schemes',
  severity: 'severity',
  libtool: { dialect: oneOf(['2.4', '2.6']) },
  baseline: { enabled: isBoolean, ref: isString, tagPattern: isRegExp },
  interfaces: { headers: isStringArray },
  semver: { hiddenTags: isStringArray },
  firmware: { tree: isString },
  migration: { files: isStringArray },
  exclude: isStringArray,
  suppressions: 'suppressions',
};

export function readProjectConfig(texts: ReadonlyMap<string, string>, lines: (path: string) => LineIndex): ProjectConfig {
  const findings: Finding[] = [];
  const at = (file: string, start: number, end: number, severity: Severity, code: string, message: string) =>
    findings.push({ file, range: lines(file).rangeOf(start, end), severity, code, message, fixes: [] });

  let source: string | undefined;
  let root: Node | undefined;
  const configText = texts.get(CONFIG_FILE);
  if (configText !== undefined) {
    source = CONFIG_FILE;
    const errors: ParseError[] = [];
    try {
      root = parseTree(configText, errors, { allowTrailingComma: true, disallowComments: false });
    } catch (error) {
      // jsonc-parser recurses per nesting level: thousands of nested arrays exhaust the stack.
      at(CONFIG_FILE, 0, 0, 'error', CONFIG_RULES.malformed, `${CONFIG_FILE} could not be read (${(error as Error).message}): nested too deeply; its settings and suppressions are not used`);
      return { source, settings: {}, suppressions: [], findings };
    }
    for (const error of errors.slice(0, 5)) at(CONFIG_FILE, error.offset, error.offset + Math.max(1, error.length), 'error', CONFIG_RULES.malformed, `${CONFIG_FILE} is not valid JSON: ${printParseErrorCode(error.error)}; its settings and suppressions are not used until it is fixed`);
    if (errors.length) return { source, settings: {}, suppressions: [], findings };
    if (!root || root.type !== 'object') {
      at(CONFIG_FILE, 0, configText.length, 'error', CONFIG_RULES.malformed, `${CONFIG_FILE} must hold a JSON object`);
      return { source, settings: {}, suppressions: [], findings };
    }
  } else {
    const packageText = texts.get('package.json');
    let packageTree: Node | undefined;
    try {
      packageTree = packageText === undefined ? undefined : parseTree(packageText, [], { allowTrailingComma: true });
    } catch {
      packageTree = undefined; // nested too deeply to read; the semver scheme reports the file
    }
    const embedded = packageTree && findNodeAtLocation(packageTree, ['versionwise']);
    if (embedded) {
      source = 'package.json';
      if (embedded.type !== 'object') {
        at('package.json', embedded.offset, embedded.offset + embedded.length, 'error', CONFIG_RULES.malformed, 'the "versionwise" configuration in package.json must be an object');
        return { source, settings: {}, suppressions: [], findings };
      }
      root = embedded;
    }
  }
  if (!root || !source) return { settings: {}, suppressions: [], findings };
  const file = source;
  const report = (node: Node, severity: Severity, code: string, message: string) => at(file, node.offset, node.offset + node.length, severity, code, message);

  const settings: Record<string, unknown> = {};
  const suppressions: Suppression[] = [];
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    // Own keys only: `valueOf` or `__proto__` in the file must be unknown keys, not Object.prototype's members.
    const rule = Object.hasOwn(CONFIG_KEYS, key) ? CONFIG_KEYS[key] : undefined;
    if (!rule) {
      report(keyNode, 'warning', CONFIG_RULES.unknownKey, `unknown key "${key}" (known: ${Object.keys(CONFIG_KEYS).filter((k) => k !== '$schema').join(', ')})`);
      continue;
    }
    if (rule === 'schemes' || rule === 'severity') {
      if (valueNode.type !== 'object') {
        report(valueNode, 'error', CONFIG_RULES.invalidValue, `"${key}" must be an object`);
        continue;
      }
      const entries: Record<string, unknown> = {};
      for (const entry of valueNode.children ?? []) {
        const [k, v] = entry.children ?? [];
        if (!k || !v) continue;
        const problem = rule === 'schemes' ? isBoolean(v) : oneOf(SEVERITIES)(v);
        if (problem) report(v, 'error', CONFIG_RULES.invalidValue, `"${key}.${k.value}" ${problem}`);
        else entries[String(k.value)] = v.value;
      }
      settings[key] = entries;
    } else if (rule === 'suppressions') {
      suppressions.push(...readSuppressions(valueNode, file, report));
    } else if (typeof rule === 'function') {
      const problem = rule(valueNode);
      if (problem) report(valueNode, 'error', CONFIG_RULES.invalidValue, `"${key}" ${problem}`);
      else if (key !== '$schema') settings[key] = nodeValue(valueNode);
    } else {
      if (valueNode.type !== 'object') {
        report(valueNode, 'error', CONFIG_RULES.invalidValue, `"${key}" must be an object`);
        continue;
      }
      const section: Record<string, unknown> = {};
      for (const entry of valueNode.children ?? []) {
        const [k, v] = entry.children ?? [];
        if (!k || !v) continue;
        const check = Object.hasOwn(rule, String(k.value)) ? rule[String(k.value)] : undefined;
        if (!check) {
          report(k, 'warning', CONFIG_RULES.unknownKey, `unknown key "${key}.${k.value}" (known: ${Object.keys(rule).join(', ')})`);
          continue;
        }
        const problem = check(v);
        if (problem) report(v, 'error', CONFIG_RULES.invalidValue, `"${key}.${k.value}" ${problem}`);
        else section[String(k.value)] = nodeValue(v);
      }
      settings[key] = section;
    }
  }
  return { source, settings, suppressions, findings };
}

function readSuppressions(node: Node, file: string, report: (node: Node, severity: Severity, code: string, message: string) => void): Suppression[] {
  if (node.type !== 'array') {
    report(node, 'error', CONFIG_RULES.invalidValue, '"suppressions" must be an array of { "rule", "file", "text", "justification" } objects');
    return [];
  }
  const result: Suppression[] = [];
  for (const entry of node.children ?? []) {
    if (entry.type !== 'object') {
      report(entry, 'error', CONFIG_RULES.invalidValue, 'a suppression must be an object with "rule", "file", "justification" and optionally "text"');
      continue;
    }
    const field = (name: string) => findNodeAtLocation(entry, [name]);
    const rule = field('rule');
    const target = field('file');
    const text = field('text');
    const justification = field('justification');
    let valid = true;
    for (const [name, value, required] of [['rule', rule, true], ['file', target, true], ['text', text, false], ['justification', justification, true]] as const) {
      if (!value && required) {
        report(entry, 'error', name === 'justification' ? CONFIG_RULES.missingJustification : CONFIG_RULES.invalidValue, name === 'justification' ? 'a suppression needs a "justification": say why the finding does not apply; until then it suppresses nothing' : `a suppression needs "${name}"`);
        valid = false;
      } else if (value && value.type !== 'string') {
        report(value, 'error', CONFIG_RULES.invalidValue, `"${name}" must be a string`);
        valid = false;
      }
    }
    if (justification?.type === 'string' && !String(justification.value).trim()) {
      report(justification, 'error', CONFIG_RULES.missingJustification, 'the justification is empty: say why the finding does not apply; until then it suppresses nothing');
      valid = false;
    }
    if (!valid) continue;
    result.push({
      rule: String(rule!.value),
      file: String(target!.value),
      text: text ? String(text.value) : undefined,
      justification: String(justification!.value),
      at: { file, start: entry.offset, end: entry.offset + entry.length },
    });
  }
  return result;
}

function nodeValue(node: Node): unknown {
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  if (node.type === 'object') return Object.fromEntries((node.children ?? []).map((p) => [String(p.children?.[0]?.value), nodeValue(p.children![1])]));
  return node.value;
}
