import { baseName, dirName, joinPath, type Span } from '../../core/text';
import { LocatedText, LocatedTextBuilder } from '../../sources/locatedText';
import { writtenFromLocated, type ReleaseSite } from './site';
import type { BuildValue, SharedLibrary } from './soname';

/**
 * CMakeLists.txt: `project(Name VERSION 1.2.3.4 LANGUAGES C)` (the VERSION keyword anywhere among the
 * arguments, over any number of lines), and for the soname check `add_library(foo SHARED …)` with
 * `set_target_properties(foo PROPERTIES VERSION 1.2.3 SOVERSION 1)` or `set_property(TARGET foo PROPERTY
 * SOVERSION 1)`. A CMake lexer (comments, bracket comments, quoted and bracket arguments) and a small
 * evaluator for `${VAR}`: `set(VAR value)` in the same file or a parent directory's CMakeLists.txt, and the
 * variables project() defines (PROJECT_VERSION_MAJOR…). Anything else is computed, never guessed.
 */
export interface CMakeArgument {
  /** The argument as written, quotes included. */
  readonly start: number;
  readonly end: number;
  /** Its content (inside quotes or brackets). */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly kind: 'unquoted' | 'quoted' | 'bracket';
}

export interface CMakeCommand {
  /** Lower-cased (CMake command names are case-insensitive). */
  readonly name: string;
  readonly start: number;
  readonly args: readonly CMakeArgument[];
}

const MAX_COMMAND = 65536;
const MAX_DEPTH = 16;
const MAX_EXPANSIONS = 20000;
const MAX_VALUE_LENGTH = 4096;

export function readCMakeCommands(text: string): CMakeCommand[] {
  const commands: CMakeCommand[] = [];
  let i = 0;
  const skipComment = (at: number): number => {
    // `#[==[ … ]==]` is a bracket comment; any other `#` runs to the end of the line.
    const bracket = /^#\[(=*)\[/.exec(text.slice(at, at + 64));
    if (bracket) {
      const close = text.indexOf(`]${bracket[1]}]`, at + bracket[0].length);
      return close < 0 ? text.length : close + bracket[1].length + 2;
    }
    let end = at;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    return end;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      i = skipComment(i);
      continue;
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 128));
    if (!identifier || (i > 0 && /[A-Za-z0-9_]/.test(text[i - 1]))) {
      i++;
      continue;
    }
    let open = i + identifier[0].length;
    while (open < text.length && (text[open] === ' ' || text[open] === '\t')) open++;
    if (text[open] !== '(') {
      i += identifier[0].length;
      continue;
    }
    const args: CMakeArgument[] = [];
    let depth = 0;
    let j = open + 1;
    let closed = false;
    const limit = Math.min(text.length, open + MAX_COMMAND);
    while (j < limit) {
      const d = text[j];
      if (/\s/.test(d)) {
        j++;
        continue;
      }
      if (d === '#') {
        j = skipComment(j);
        continue;
      }
      if (d === '(') {
        depth++;
        j++;
        continue;
      }
      if (d === ')') {
        if (depth === 0) {
          closed = true;
          j++;
          break;
        }
        depth--;
        j++;
        continue;
      }
      if (d === '"') {
        let k = j + 1;
        while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
        const end = Math.min(text.length, k + 1);
        args.push({ start: j, end, valueStart: j + 1, valueEnd: Math.min(k, text.length), kind: 'quoted' });
        j = end;
        continue;
      }
      const bracket = d === '[' ? /^\[(=*)\[/.exec(text.slice(j, j + 64)) : null;
      if (bracket) {
        const close = text.indexOf(`]${bracket[1]}]`, j + bracket[0].length);
        const valueEnd = close < 0 ? text.length : close;
        const end = close < 0 ? text.length : close + bracket[1].length + 2;
        args.push({ start: j, end, valueStart: j + bracket[0].length, valueEnd, kind: 'bracket' });
        j = end;
        continue;
      }
      let k = j;
      while (k < text.length && !/[\s()#"]/.test(text[k])) k += text[k] === '\\' ? 2 : 1;
      // `${VAR}` may not be split by the scan above, but `$ENV{X}` and friends never hold blanks either.
      args.push({ start: j, end: Math.min(k, text.length), valueStart: j, valueEnd: Math.min(k, text.length), kind: 'unquoted' });
      j = Math.max(k, j + 1);
    }
    if (closed) commands.push({ name: identifier[0].toLowerCase(), start: i, args });
    // Commands do not nest: an unterminated one ends where its scan stopped, so the file is read once.
    i = Math.max(j, open + 1);
  }
  return commands;
}

interface CMakeFile {
  readonly path: string;
  readonly text: string;
  readonly commands: readonly CMakeCommand[];
}

interface Definition {
  /** Where the defining command ends: a use inside it sees the previous value. */
  readonly end: number;
  readonly value: (depth: number) => LocatedText;
}

const cache = new Map<string, { text: string; commands: CMakeCommand[] }>();

function commandsOf(path: string, text: string): CMakeCommand[] {
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.commands;
  const commands = readCMakeCommands(text);
  cache.set(path, { text, commands });
  if (cache.size > 2000) cache.delete(cache.keys().next().value!);
  return commands;
}

/** The CMakeLists.txt files of the workspace, with the evaluator for their `${VAR}` references. */
export class CMakeWorkspace {
  private readonly files = new Map<string, CMakeFile>();
  private readonly definitions = new Map<string, Map<string, Definition[]>>();
  private expansions = 0;
  private sites?: ReleaseSite[];
  /** Spans of project() VERSION values: a value that comes from there is the release, not a library's own. */
  readonly projectVersionSpans: Span[] = [];

  constructor(texts: ReadonlyMap<string, string>) {
    for (const [path, text] of texts) {
      if (baseName(path) === 'CMakeLists.txt') this.files.set(path, { path, text, commands: commandsOf(path, text) });
    }
    for (const file of this.files.values()) this.definitions.set(file.path, this.collectDefinitions(file));
  }

  private collectDefinitions(file: CMakeFile): Map<string, Definition[]> {
    const defined = new Map<string, Definition[]>();
    const add = (name: string, end: number, value: (depth: number) => LocatedText) => {
      let list = defined.get(name);
      if (!list) defined.set(name, (list = []));
      list.push({ end, value });
    };
    for (const command of file.commands) {
      const end = command.args.length ? command.args[command.args.length - 1].end : command.start;
      if (command.name === 'set' && command.args.length >= 1) {
        const name = this.content(file, command.args[0]);
        let values = command.args.slice(1);
        const cacheAt = values.findIndex((a) => a.kind === 'unquoted' && this.content(file, a) === 'CACHE');
        if (cacheAt >= 0) values = values.slice(0, cacheAt);
        if (values.length && values[values.length - 1].kind === 'unquoted' && this.content(file, values[values.length - 1]) === 'PARENT_SCOPE') values = values.slice(0, -1);
        if (!/^[A-Za-z0-9_.+-]+$/.test(name)) continue;
        add(name, end, (depth) => this.joinList(file, values, depth));
      } else if (command.name === 'project' && command.args.length >= 1) {
        const versionAt = command.args.findIndex((a, k) => k > 0 && a.kind === 'unquoted' && this.content(file, a) === 'VERSION');
        if (versionAt < 0 || !command.args[versionAt + 1]) continue;
        const projectName = this.content(file, command.args[0]);
        const version = (depth: number) => this.evaluate(file, command.args[versionAt + 1], depth);
        const component = (index: number) => (depth: number) => {
          const value = version(depth);
          if (value.computed) return value;
          const parts = value.text.split('.');
          if (index >= parts.length) return new LocatedText([]);
          const offset = parts.slice(0, index).reduce((sum, p) => sum + p.length + 1, 0);
          return value.slice(offset, offset + parts[index].length);
        };
        for (const prefix of ['PROJECT', 'CMAKE_PROJECT', projectName]) {
          add(`${prefix}_VERSION`, end, version);
          ['MAJOR', 'MINOR', 'PATCH', 'TWEAK'].forEach((part, index) => add(`${prefix}_VERSION_${part}`, end, component(index)));
        }
      }
    }
    return defined;
  }

  private content(file: CMakeFile, arg: CMakeArgument): string {
    return file.text.slice(arg.valueStart, arg.valueEnd);
  }

  private joinList(file: CMakeFile, args: readonly CMakeArgument[], depth = 0): LocatedText {
    const out = new LocatedTextBuilder();
    args.forEach((arg, k) => {
      if (k > 0) out.text(';');
      out.append(this.evaluate(file, arg, depth));
    });
    return out.build();
  }

  /** An argument's value: literal text located where it is written, `${VAR}` followed. */
  evaluate(file: CMakeFile, arg: CMakeArgument, depth = 0): LocatedText {
    const text = file.text;
    if (arg.kind === 'bracket') return new LocatedText([{ kind: 'text', text: text.slice(arg.valueStart, arg.valueEnd), origin: { file: file.path, offset: arg.valueStart } }]);
    const out = new LocatedTextBuilder();
    let i = arg.valueStart;
    while (i < arg.valueEnd) {
      const reference = /^\$\{([A-Za-z0-9_.+-]+)\}/.exec(text.slice(i, Math.min(arg.valueEnd, i + 256)));
      if (reference) {
        out.append(this.variable(file, reference[1], { file: file.path, start: i, end: i + reference[0].length }, depth));
        i += reference[0].length;
        continue;
      }
      if (text[i] === '$' && /^\$(?:ENV|CACHE)?\{/.test(text.slice(i, i + 8))) {
        const close = text.indexOf('}', i);
        const end = close < 0 || close >= arg.valueEnd ? arg.valueEnd : close + 1;
        out.computed(`the CMake reference \`${text.slice(i, end)}\``, { file: file.path, start: i, end });
        i = end;
        continue;
      }
      if (text[i] === '\\' && i + 1 < arg.valueEnd) {
        out.text(text[i + 1], { file: file.path, offset: i + 1 });
        i += 2;
        continue;
      }
      out.text(text[i], { file: file.path, offset: i });
      i++;
    }
    return out.build();
  }

  private variable(file: CMakeFile, name: string, use: Span, depth: number): LocatedText {
    // Bounded: nesting depth, expansions per analysis, and length (`set(A ${B}${B})` doubling cannot explode).
    if (depth >= MAX_DEPTH || ++this.expansions > MAX_EXPANSIONS) {
      return new LocatedText([{ kind: 'computed', reason: `\`\${${name}}\` nests too deeply to be followed`, span: use }]);
    }
    const value = this.definitionOf(file, name, use, depth);
    if (value && value.text.length > MAX_VALUE_LENGTH) return new LocatedText([{ kind: 'computed', reason: `\`\${${name}}\` is too long to be a version`, span: use }]);
    if (value) return value;
    return new LocatedText([{ kind: 'computed', unresolved: true, reason: `\`\${${name}}\` is not set with set() or project() in the CMakeLists.txt files Versionwise reads`, span: use }]);
  }

  private definitionOf(file: CMakeFile, name: string, use: Span, depth: number): LocatedText | undefined {
    // This file's definitions before the use, then the parent directories' (variables are inherited).
    const own = this.definitions.get(file.path)?.get(name)?.filter((d) => d.end <= use.start);
    if (own?.length) return own[own.length - 1].value(depth + 1);
    let dir = dirName(file.path);
    while (dir !== '') {
      dir = dirName(dir);
      const list = this.definitions.get(joinPath(dir, 'CMakeLists.txt'))?.get(name);
      if (list?.length) return list[list.length - 1].value(depth + 1);
    }
    return undefined;
  }

  /** project(… VERSION x …) of every CMakeLists.txt: the first project() call of a file that gives a VERSION. */
  projectSites(): ReleaseSite[] {
    return (this.sites ??= this.readProjectSites());
  }

  private readProjectSites(): ReleaseSite[] {
    const sites: ReleaseSite[] = [];
    for (const file of this.files.values()) {
      const project = file.commands.find((c) => c.name === 'project' && c.args.some((a, k) => k > 0 && a.kind === 'unquoted' && this.content(file, a) === 'VERSION'));
      if (!project) continue;
      const versionAt = project.args.findIndex((a, k) => k > 0 && a.kind === 'unquoted' && this.content(file, a) === 'VERSION');
      const arg = project.args[versionAt + 1];
      const base = { kind: 'cmake' as const, file: file.path, home: dirName(file.path), label: 'CMake project()', packageName: this.content(file, project.args[0]) || undefined, comparison: 'numbers-only' as const };
      if (!arg) continue;
      const value = this.evaluate(file, arg);
      const computed = value.computed;
      if (computed) {
        sites.push({ ...base, computed: { reason: computed.reason, span: computed.span } });
        continue;
      }
      const written = writtenFromLocated(value, 'numbers');
      if (!written) continue;
      this.projectVersionSpans.push(...written.parts.map((p) => p.span));
      sites.push({ ...base, written });
    }
    return sites;
  }

  /** Shared libraries with the VERSION/SOVERSION properties set on them. */
  libraries(): SharedLibrary[] {
    this.projectSites(); // the project versions must be known to tell a library's own number from the release
    const targets = new Map<string, { file: CMakeFile }>();
    for (const file of this.files.values()) {
      for (const command of file.commands) {
        if (command.name !== 'add_library' || !command.args.length) continue;
        const words = command.args.map((a) => this.content(file, a));
        if (words.slice(1, 3).some((w) => ['STATIC', 'OBJECT', 'INTERFACE', 'MODULE', 'IMPORTED', 'ALIAS'].includes(w))) continue;
        targets.set(words[0], { file });
      }
    }
    interface Properties {
      file: CMakeFile;
      values: Map<string, { arg: CMakeArgument; canInsertAfter: boolean }>;
    }
    const properties = new Map<string, Properties>();
    const set = (target: string, file: CMakeFile, key: string, arg: CMakeArgument, canInsertAfter: boolean) => {
      let entry = properties.get(target);
      if (!entry) properties.set(target, (entry = { file, values: new Map() }));
      entry.values.set(key, { arg, canInsertAfter });
      entry.file = file;
    };
    for (const file of this.files.values()) {
      for (const command of file.commands) {
        const words = command.args.map((a) => (a.kind === 'unquoted' ? this.content(file, a) : undefined));
        if (command.name === 'set_target_properties') {
          const at = words.indexOf('PROPERTIES');
          if (at < 1) continue;
          const names = command.args.slice(0, at).map((a) => this.content(file, a));
          for (let k = at + 1; k + 1 < command.args.length; k += 2) {
            const key = this.content(file, command.args[k]);
            for (const name of names) set(name, file, key, command.args[k + 1], true);
          }
        } else if (command.name === 'set_property' && words[0] === 'TARGET') {
          const at = words.indexOf('PROPERTY');
          if (at < 2 || !command.args[at + 2]) continue;
          const names = command.args.slice(1, at).map((a) => this.content(file, a)).filter((n) => n !== 'APPEND' && n !== 'APPEND_STRING');
          const key = this.content(file, command.args[at + 1]);
          for (const name of names) set(name, file, key, command.args[at + 2], false);
        }
      }
    }
    const libraries: SharedLibrary[] = [];
    for (const [target, entry] of properties) {
      if (!targets.has(target)) continue;
      const value = (key: string): BuildValue | undefined => {
        const found = entry.values.get(key);
        if (!found) return undefined;
        const { arg } = found;
        const argument = { file: entry.file.path, start: arg.start, end: arg.end };
        const evaluated = this.evaluate(entry.file, arg);
        if (evaluated.computed) return { argument, quoted: false };
        const span = evaluated.span();
        // A value taken from project(VERSION) is the release: a fix writes the library's own number instead.
        const shared = span && this.projectVersionSpans.some((p) => p.file === span.file && p.start < span.end && span.start < p.end);
        return { text: evaluated.text.trim(), span: shared ? undefined : span, argument, quoted: arg.kind !== 'unquoted' };
      };
      const output = value('OUTPUT_NAME')?.text;
      const prefix = value('PREFIX')?.text;
      const versionEntry = entry.values.get('VERSION');
      libraries.push({
        build: 'cmake',
        file: entry.file.path,
        name: `${prefix ?? 'lib'}${output || target}`,
        target,
        soversion: value('SOVERSION'),
        version: value('VERSION'),
        insertSoversionAfter: versionEntry?.canInsertAfter ? { file: entry.file.path, start: versionEntry.arg.end, end: versionEntry.arg.end } : undefined,
      });
    }
    return libraries;
  }
}
