import type { Span } from '../../core/text';
import { dirName, joinPath } from '../../core/text';
import type { SourceSet } from '../../sources/buildProject';
import { writtenAt, type ReleaseSite } from './site';
import type { BuildValue, SharedLibrary } from './soname';

/**
 * meson.build: `project('name', 'c', version: '1.2.3', …)` (also `version: files('VERSION')`, meson ≥ 0.57,
 * which reads the version from that file), and for the soname check `library('foo', …, version: '1.2.3',
 * soversion: '1')`. A small meson lexer: comments blanked, string contents masked, calls split into
 * arguments at top-level commas. Anything but a literal (or a variable bound to one in the same file) is
 * an expression Versionwise does not evaluate.
 */
interface MesonArgument {
  readonly start: number;
  readonly end: number;
  /** `name:` of a keyword argument. */
  readonly keyword?: string;
  /** Where the value starts (after `name:` for a keyword argument). */
  readonly valueStart: number;
}

interface MesonCall {
  readonly name: string;
  readonly start: number;
  readonly args: readonly MesonArgument[];
}

/** The text with comments blanked and string contents masked (quotes kept); offsets unchanged. */
export function mesonSkeleton(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') out[i++] = ' ';
      continue;
    }
    if (c === "'") {
      const triple = text.startsWith("'''", i);
      const close = triple ? text.indexOf("'''", i + 3) : findStringEnd(text, i);
      const end = close < 0 ? text.length : triple ? close + 3 : close + 1;
      const from = triple ? i + 3 : i + 1;
      const to = triple ? end - 3 : end - 1;
      for (let j = from; j < to; j++) if (text[j] !== '\n' && text[j] !== '\r') out[j] = '_';
      i = end;
      continue;
    }
    i++;
  }
  return out.join('');
}

function findStringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") return i;
    else if (c === '\n' || c === '\r') return -1;
  }
  return -1;
}

function findCalls(skeleton: string, names: readonly string[]): MesonCall[] {
  const calls: MesonCall[] = [];
  const pattern = new RegExp(`(?<![A-Za-z0-9_.])(${names.join('|')})\\s*\\(`, 'g');
  for (let match = pattern.exec(skeleton); match; match = pattern.exec(skeleton)) {
    const open = match.index + match[0].length - 1;
    const args: MesonArgument[] = [];
    let depth = 0;
    let argStart = open + 1;
    let closed = false;
    let scanned = open + 1;
    const push = (end: number) => {
      let s = argStart;
      let e = end;
      while (s < e && /\s/.test(skeleton[s])) s++;
      while (e > s && /\s/.test(skeleton[e - 1])) e--;
      if (s === e) return;
      const keyword = /^([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(skeleton.slice(s, e));
      let valueStart = keyword ? s + keyword[0].length : s;
      while (valueStart < e && /\s/.test(skeleton[valueStart])) valueStart++;
      args.push({ start: s, end: e, keyword: keyword?.[1], valueStart });
    };
    for (let i = open + 1; i < skeleton.length && i < open + 65536; i++) {
      scanned = i + 1;
      const c = skeleton[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) {
          push(i);
          closed = true;
          break;
        }
        depth--;
      } else if (c === ',' && depth === 0) {
        push(i);
        argStart = i + 1;
      }
    }
    if (closed) calls.push({ name: match[1], start: match.index, args });
    // The calls looked for do not nest in one another: go on after this one (or after what an unterminated
    // one swallowed), so the file is read once.
    pattern.lastIndex = Math.max(pattern.lastIndex, scanned);
  }
  return calls;
}

/** Plain `name = value` assignments at the start of a line, by name, in file order. */
type Assignments = Map<string, { start: number; end: number }[]>;

function readAssignments(skeleton: string): Assignments {
  const found: Assignments = new Map();
  const pattern = /(^|[\r\n])[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)[ \t]*([^\r\n]*)/g;
  for (let match = pattern.exec(skeleton); match; match = pattern.exec(skeleton)) {
    const valueStart = match.index + match[0].length - match[3].length;
    let valueEnd = valueStart + match[3].length;
    while (valueEnd > valueStart && /\s/.test(skeleton[valueEnd - 1])) valueEnd--;
    let list = found.get(match[2]);
    if (!list) found.set(match[2], (list = []));
    list.push({ start: valueStart, end: valueEnd });
  }
  return found;
}

type Literal = { kind: 'string' | 'int'; value: string; span: Span } | { kind: 'files'; path: string } | { kind: 'other'; text: string };

/** A value expression: a string or int literal, `files('…')`, or a variable bound to a literal earlier in the file. */
function literalAt(path: string, text: string, assignments: Assignments, start: number, end: number, depth = 0): Literal {
  const written = text.slice(start, end);
  const string = /^'((?:[^'\\\r\n])*)'$/.exec(written);
  if (string) return { kind: 'string', value: string[1], span: { file: path, start: start + 1, end: end - 1 } };
  if (/^[0-9]+$/.test(written)) return { kind: 'int', value: written, span: { file: path, start, end } };
  const files = /^files\s*\(\s*'([^'\\\r\n]*)'\s*\)$/.exec(written);
  if (files) return { kind: 'files', path: files[1] };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(written) && depth < 8) {
    // The last plain assignment of that variable before this use.
    const list = assignments.get(written) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid].end <= start) low = mid + 1;
      else high = mid;
    }
    const found = list[low - 1];
    if (found) return literalAt(path, text, assignments, found.start, found.end, depth + 1);
  }
  return { kind: 'other', text: written };
}

export interface MesonResult {
  readonly site?: ReleaseSite;
  readonly libraries: SharedLibrary[];
  readonly wanted: string[];
}

export function readMeson(path: string, text: string, sources: SourceSet): MesonResult {
  const skeleton = mesonSkeleton(text);
  const assignments = readAssignments(skeleton);
  const wanted: string[] = [];
  let site: ReleaseSite | undefined;
  const project = findCalls(skeleton, ['project'])[0];
  if (project) {
    const nameArg = project.args.find((a) => !a.keyword);
    const name = nameArg ? literalAt(path, text, assignments, nameArg.start, nameArg.end) : undefined;
    const versionArg = project.args.find((a) => a.keyword === 'version');
    const base = {
      kind: 'meson' as const,
      file: path,
      home: dirName(path),
      label: 'meson project()',
      packageName: name?.kind === 'string' ? name.value : undefined,
      comparison: 'exact' as const,
    };
    if (versionArg) {
      const value = literalAt(path, text, assignments, versionArg.valueStart, versionArg.end);
      const argumentSpan = { file: path, start: versionArg.valueStart, end: versionArg.end };
      if (value.kind === 'string' && value.value.trim()) {
        const span = trimV(value.span, text);
        site = { ...base, written: writtenAt(span, text.slice(span.start, span.end), 'plain') };
      } else if (value.kind === 'files') {
        const file = joinPath(dirName(path), value.path);
        if (sources.listing.has(file)) wanted.push(file);
        const fileText = sources.texts.get(file);
        const line = fileText === undefined ? undefined : firstLine(file, fileText);
        if (line && fileText !== undefined) {
          const span = trimV(line, fileText);
          site = { ...base, label: `meson project() version: files('${value.path}')`, written: writtenAt(span, fileText.slice(span.start, span.end), 'plain') };
        } else if (fileText === undefined && sources.listing.has(file)) {
          // Not read yet: asked for above, and read in the next round.
        } else {
          site = { ...base, computed: { reason: fileText === undefined ? `\`${value.path}\` is not in the workspace` : `\`${value.path}\` is empty`, span: argumentSpan } };
        }
      } else {
        site = { ...base, computed: { reason: `the meson expression \`${text.slice(versionArg.valueStart, versionArg.end)}\`, which meson evaluates when it configures the build`, span: argumentSpan } };
      }
    }
  }

  const libraries: SharedLibrary[] = [];
  for (const call of findCalls(skeleton, ['library', 'shared_library', 'both_libraries'])) {
    const nameArg = call.args.find((a) => !a.keyword);
    const name = nameArg ? literalAt(path, text, assignments, nameArg.start, nameArg.end) : undefined;
    if (name?.kind !== 'string' || !/^[A-Za-z0-9_+.-]+$/.test(name.value)) continue;
    const value = (keyword: string): BuildValue | undefined => {
      const arg = call.args.find((a) => a.keyword === keyword);
      if (!arg) return undefined;
      const literal = literalAt(path, text, assignments, arg.valueStart, arg.end);
      const argument = { file: path, start: arg.valueStart, end: arg.end };
      if (literal.kind === 'string' || literal.kind === 'int') return { text: literal.value, span: literal.span, argument, quoted: literal.kind === 'string' };
      return { argument, quoted: false };
    };
    const prefix = call.args.find((a) => a.keyword === 'name_prefix');
    const prefixValue = prefix ? literalAt(path, text, assignments, prefix.valueStart, prefix.end) : undefined;
    const libraryPrefix = prefixValue?.kind === 'string' ? prefixValue.value : 'lib';
    libraries.push({ build: 'meson', file: path, name: `${libraryPrefix}${name.value}`, target: name.value, soversion: value('soversion'), version: value('version') });
  }
  return { site, libraries, wanted };
}

/** The first line that is not blank, trimmed (meson strips the file's whitespace). */
function firstLine(file: string, text: string): Span | undefined {
  const match = /[^\s]/.exec(text);
  if (!match) return undefined;
  let end = match.index;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > match.index && /\s/.test(text[end - 1])) end--;
  return { file, start: match.index, end };
}

function trimV(span: Span, text: string): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (/^[vV][0-9]/.test(text.slice(start, end))) start++;
  return { file: span.file, start, end };
}
