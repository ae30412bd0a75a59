import { baseName, dirName } from '../core/text';
import type { AutoconfFacts, ValueSpan } from './autoconf';
import { isWholeWord } from './autoconf';
import type { AutomakeFacts, MakeAssignment } from './automake';
import { canonicalName, variableAlternatives } from './automake';
import { resolveMakePath, type BuildProject, type SourceSet } from './buildProject';
import { LocatedText, LocatedTextBuilder } from './locatedText';
import { findClosingQuote, isIdentChar, isIdentStart, skipBalanced } from './scanning';
import { significantLine } from './sideFiles';

/**
 * Follows the variables of one autotools project to the places where values are written, without running
 * anything: make variables, `@VAR@` substitutions, configure.ac shell variables, AC_SUBST, m4 macros,
 * VERSION files and side files read with `cat`/`grep`/`head`. Whatever only exists at build time (shell
 * arithmetic, other commands, m4_eval, unknown variables) becomes a "computed" piece with the reason, so a
 * value is either known exactly or known to be unknown: never guessed.
 *
 * The model is straight-line: the last assignment before a use wins, as it does in the shell and make when
 * no conditional intervenes.
 */
type Language = 'make' | 'shell' | 'm4';

interface Context {
  readonly depth: number;
  readonly active: ReadonlySet<string>;
}

const MAX_DEPTH = 24;
const ROOT_CONTEXT: Context = { depth: 0, active: new Set() };

/** m4 builtins and autoconf macros whose result is computed when autoconf runs. */
const COMPUTING_M4 = new Set([
  'm4_eval', 'eval', 'm4_esyscmd', 'esyscmd', 'm4_esyscmd_s', 'syscmd', 'm4_syscmd', 'm4_translit', 'translit',
  'm4_substr', 'substr', 'm4_bpatsubst', 'm4_patsubst', 'patsubst', 'm4_bregexp', 'm4_regexp', 'm4_format',
  'format', 'm4_incr', 'incr', 'm4_decr', 'decr', 'm4_len', 'len', 'm4_index', 'm4_normalize', 'm4_strip',
]);

/** Programs whose output is (a line of) the file they read, so the file's text is the value. */
const FILE_READERS = new Set(['cat', 'grep', 'head']);

export interface LibraryTarget {
  /** `libfoo`, as libtool names it (the `.la` without its extension). */
  readonly name: string;
  /** A `noinst_`/`check_` library: libtool ignores version flags for it. */
  readonly convenience: boolean;
}

export class BuildResolver {
  private readonly wanted = new Set<string>();
  private readonly definitions = new Map<string, { facts: AutoconfFacts; span: ValueSpan }>();

  constructor(readonly project: BuildProject, private readonly sources: SourceSet) {
    for (const facts of project.autoconfInputs) {
      for (const definition of facts.definitions) this.definitions.set(definition.name, { facts, span: definition.value });
    }
  }

  /** Listed files the values read (`cat FILE`), whether their text was at hand or not (a scheme's `wantedFiles`). */
  wantedFiles(): string[] {
    return [...this.wanted];
  }

  /** The value of a Makefile.am assignment, fully resolved. */
  makeAssignmentValue(makefile: AutomakeFacts, assignment: MakeAssignment): LocatedText {
    return this.evaluate('make', makefile.path, makefile.code, assignment.value.start, assignment.value.end, ROOT_CONTEXT);
  }

  /** One alternative value of a make variable (a plain assignment and its `+=`), fully resolved. */
  makeAlternativeValue(makefile: AutomakeFacts, assignments: readonly MakeAssignment[]): LocatedText {
    return this.joinAssignments(makefile, assignments, ROOT_CONTEXT);
  }

  private joinAssignments(makefile: AutomakeFacts, assignments: readonly MakeAssignment[], context: Context): LocatedText {
    const out = new LocatedTextBuilder();
    assignments.forEach((assignment, k) => {
      if (k > 0) out.text(' ');
      out.append(this.evaluate('make', makefile.path, makefile.code, assignment.value.start, assignment.value.end, context));
    });
    return out.build();
  }

  /** `@VAR@` references in a name (`libpng@PNGLIB_MAJOR@@PNGLIB_MINOR@`) replaced by configure's values when known. */
  substituteConfigureReferences(text: string): string {
    return text.replace(/@([A-Za-z_][A-Za-z0-9_]*)@/g, (whole, name: string) => {
      const value = this.shellVariable(name, { file: '', start: 0, end: 0 }, Number.POSITIVE_INFINITY, ROOT_CONTEXT, true);
      return value.computed ? whole : value.text.trim();
    });
  }

  /** A span of an autoconf input, evaluated as shell (m4 expanded first). */
  shellValue(facts: AutoconfFacts, span: ValueSpan): LocatedText {
    return this.evaluate('shell', facts.path, facts.code, span.start, span.end, ROOT_CONTEXT);
  }

  /** A span of an autoconf input, evaluated as an m4 argument (one level of quotes removed, macros expanded). */
  m4Value(facts: AutoconfFacts, span: ValueSpan): LocatedText {
    return this.evaluate('m4', facts.path, facts.code, span.start, span.end, ROOT_CONTEXT);
  }

  /** A span of a plain file (VERSION value, side file line): literal text. */
  literal(path: string, span: ValueSpan): LocatedText {
    const text = this.sources.texts.get(path) ?? '';
    return new LocatedText([{ kind: 'text', text: text.slice(span.start, span.end), origin: { file: path, offset: span.start } }]);
  }

  /** The package version from AC_INIT, resolved (m4_esyscmd and friends come back as computed). */
  packageVersion(): LocatedText | undefined {
    const configure = this.project.configure;
    if (!configure?.init?.version) return undefined;
    return this.m4Value(configure, configure.init.version);
  }

  /**
   * The library a `*_LDFLAGS` variable belongs to: the `.la` of `*_LTLIBRARIES` whose automake canonical
   * name matches, else the name the variable spells (`src_libzmq_la_LDFLAGS` → `libzmq`). AM_LDFLAGS names
   * the Makefile.am's only library, if it has one. `@VAR@` in the name is substituted from configure.
   */
  libraryOfFlagsVariable(makefile: AutomakeFacts, variable: string): LibraryTarget | undefined {
    const found = this.libraryTarget(makefile, variable);
    return found && { ...found, name: this.substituteConfigureReferences(found.name) };
  }

  private libraryTarget(makefile: AutomakeFacts, variable: string): LibraryTarget | undefined {
    const target = (la: string): LibraryTarget => ({ name: libraryName(la), convenience: makefile.convenienceLibraries.includes(la) });
    if (variable === 'AM_LDFLAGS' || variable === 'LDFLAGS') {
      const libraries = makefile.libtoolLibraries;
      return libraries.length === 1 ? target(libraries[0]) : undefined;
    }
    if (!variable.endsWith('_LDFLAGS')) return undefined;
    const prefix = variable.slice(0, -'_LDFLAGS'.length);
    for (const library of makefile.libtoolLibraries) {
      if (canonicalName(library) === prefix) return target(library);
    }
    if (!prefix.endsWith('_la')) return undefined;
    const stem = prefix.slice(0, -'_la'.length);
    // `src_libzmq` → `libzmq`: the last `lib…` segment is the library, what precedes it is its directory.
    const candidates = [...stem.matchAll(/(?:^|_)(lib[A-Za-z0-9@])/g)];
    const last = candidates[candidates.length - 1];
    const start = last ? last.index! + (last[0].startsWith('_') ? 1 : 0) : 0;
    return { name: stem.slice(start), convenience: false };
  }

  /** Libraries whose `*_LDFLAGS` mention the variable (`$(NAME)`, `${NAME}` or `@NAME@`). */
  librariesReferencing(variable: string): LibraryTarget[] {
    const pattern = new RegExp(`\\$\\(${variable}\\)|\\$\\{${variable}\\}|@${variable}@`);
    const found: LibraryTarget[] = [];
    for (const makefile of this.project.makefiles) {
      for (const assignment of makefile.assignments) {
        if (!assignment.name.endsWith('LDFLAGS')) continue;
        if (!pattern.test(makefile.code.slice(assignment.value.start, assignment.value.end))) continue;
        const library = this.libraryOfFlagsVariable(makefile, assignment.name);
        if (library && !found.some((l) => l.name === library.name)) found.push(library);
      }
    }
    return found;
  }

  private evaluate(language: Language, file: string, code: string, start: number, end: number, context: Context): LocatedText {
    const out = new LocatedTextBuilder();
    let literalStart = -1;
    const flushLiteral = (until: number) => {
      if (literalStart >= 0 && until > literalStart) out.text(code.slice(literalStart, until), { file, offset: literalStart });
      literalStart = -1;
    };
    const literalAt = (i: number) => {
      if (literalStart < 0) literalStart = i;
    };
    const computedUntil = (i: number, close: number, reason: string) => {
      flushLiteral(i);
      out.computed(reason, { file, start: i, end: close });
    };
    let i = start;
    while (i < end) {
      const c = code[i];
      // A backtick command substitution is the same in a Makefile recipe value, the shell and m4 text.
      if (c === '`') {
        const close = findClosingQuote(code, i, '`');
        if (close < 0 || close >= end) {
          computedUntil(i, end, 'an unterminated command substitution');
          break;
        }
        flushLiteral(i);
        out.append(this.command(code.slice(i + 1, close), file, { start: i, end: close + 1 }, context));
        i = close + 1;
        continue;
      }
      if (language === 'make') {
        if (c === '$' && code[i + 1] === '$') {
          flushLiteral(i);
          out.text('$', { file, offset: i + 1 });
          i += 2;
          continue;
        }
        if (c === '$' && (code[i + 1] === '(' || code[i + 1] === '{')) {
          const close = code[i + 1] === '(' ? skipBalanced(code, i + 1, '(', ')') : skipBalanced(code, i + 1, '{', '}');
          if (close < 0 || close > end) {
            computedUntil(i, end, 'an unterminated make reference');
            break;
          }
          flushLiteral(i);
          const inner = code.slice(i + 2, close - 1);
          if (/^[A-Za-z0-9_.@-]+$/.test(inner)) out.append(this.makeVariable(file, inner, i, context));
          else if (/^shell\s/.test(inner)) out.append(this.command(inner.slice(6), file, { start: i, end: close }, context));
          else out.computed(`the make expression \`${code.slice(i, close)}\``, { file, start: i, end: close });
          i = close;
          continue;
        }
        if (c === '$' && i + 1 < end) {
          computedUntil(i, i + 2, `the make automatic variable \`${code.slice(i, i + 2)}\``);
          i += 2;
          continue;
        }
        if (c === '@') {
          const match = /^@([A-Za-z_][A-Za-z0-9_]*)@/.exec(code.slice(i, Math.min(end, i + 256)));
          if (match) {
            flushLiteral(i);
            out.append(this.configureVariable(match[1], { file, start: i, end: i + match[0].length }, context));
            i += match[0].length;
            continue;
          }
        }
        literalAt(i);
        i++;
        continue;
      }

      // shell and m4: m4 quotes are removed; macros expand wherever they stand as whole words.
      if (c === '[' || c === ']') {
        flushLiteral(i);
        i++;
        continue;
      }
      if (isIdentStart(c) && (i === start || !isIdentChar(code[i - 1]))) {
        let j = i + 1;
        while (j < end && isIdentChar(code[j])) j++;
        const name = code.slice(i, j);
        if (COMPUTING_M4.has(name) && code[j] === '(') {
          const close = skipBalanced(code, j, '(', ')');
          const stop = close < 0 || close > end ? end : close;
          computedUntil(i, stop, `\`${name}\`, which autoconf evaluates when it generates configure`);
          i = stop;
          continue;
        }
        const definition = isWholeWord(code, i, j) ? this.definitions.get(name) : undefined;
        if (definition) {
          flushLiteral(i);
          out.append(this.expandMacro(name, definition, { file, start: i, end: j }, context));
          i = j;
          continue;
        }
        literalAt(i);
        i = j;
        continue;
      }
      if (language === 'm4') {
        literalAt(i);
        i++;
        continue;
      }
      // shell
      if (c === '\\' && i + 1 < end) {
        flushLiteral(i);
        out.text(code[i + 1], { file, offset: i + 1 });
        i += 2;
        continue;
      }
      if (c === '"') {
        flushLiteral(i);
        i++;
        continue;
      }
      if (c === "'") {
        const close = findClosingQuote(code, i, "'");
        flushLiteral(i);
        const stop = close < 0 || close >= end ? end : close;
        out.text(code.slice(i + 1, stop), { file, offset: i + 1 });
        i = stop + 1;
        continue;
      }
      if (c === '$') {
        if (code[i + 1] === '(' && code[i + 2] === '(') {
          const close = skipBalanced(code, i + 1, '(', ')');
          const stop = close < 0 || close > end ? end : close;
          computedUntil(i, stop, `the shell arithmetic \`${code.slice(i, stop)}\``);
          i = stop;
          continue;
        }
        if (code[i + 1] === '(') {
          const close = skipBalanced(code, i + 1, '(', ')');
          if (close < 0 || close > end) {
            computedUntil(i, end, 'an unterminated command substitution');
            break;
          }
          flushLiteral(i);
          out.append(this.command(code.slice(i + 2, close - 1), file, { start: i, end: close }, context));
          i = close;
          continue;
        }
        if (code[i + 1] === '{') {
          const close = skipBalanced(code, i + 1, '{', '}');
          const stop = close < 0 || close > end ? end : close;
          const inner = code.slice(i + 2, stop - 1);
          flushLiteral(i);
          if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) out.append(this.shellVariable(inner, { file, start: i, end: stop }, i, context));
          else out.computed(`the shell parameter expansion \`${code.slice(i, stop)}\``, { file, start: i, end: stop });
          i = stop;
          continue;
        }
        const match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(code.slice(i, Math.min(end, i + 256)));
        if (match) {
          flushLiteral(i);
          out.append(this.shellVariable(match[1], { file, start: i, end: i + match[0].length }, i, context));
          i += match[0].length;
          continue;
        }
        if (i + 1 < end && /[0-9#@*?$!-]/.test(code[i + 1])) {
          computedUntil(i, i + 2, `the shell special parameter \`${code.slice(i, i + 2)}\``);
          i += 2;
          continue;
        }
      }
      literalAt(i);
      i++;
    }
    flushLiteral(Math.min(i, end));
    return out.build();
  }

  private enter(key: string, context: Context): Context | undefined {
    if (context.depth >= MAX_DEPTH || context.active.has(key)) return undefined;
    const active = new Set(context.active);
    active.add(key);
    return { depth: context.depth + 1, active };
  }

  private cycle(what: string, span: { file: string; start: number; end: number }): LocatedText {
    return new LocatedText([{ kind: 'computed', reason: `${what} refers to itself (or nests too deeply) and has no fixed value`, span }]);
  }

  private expandMacro(name: string, definition: { facts: AutoconfFacts; span: ValueSpan }, use: { file: string; start: number; end: number }, context: Context): LocatedText {
    const inner = this.enter(`m4:${name}`, context);
    if (!inner) return this.cycle(`the m4 macro \`${name}\``, use);
    return this.evaluate('m4', definition.facts.path, definition.facts.code, definition.span.start, definition.span.end, inner);
  }

  /** `$(NAME)` in a Makefile.am: the Makefile's own variable, else automake's, else configure's. */
  private makeVariable(file: string, name: string, at: number, context: Context): LocatedText {
    const use = { file, start: at, end: at + name.length + 3 };
    const makefile = this.project.makefiles.find((m) => m.path === file);
    const alternatives = makefile ? variableAlternatives(makefile, name) : [];
    if (makefile && alternatives.length) {
      const inner = this.enter(`make:${file}:${name}`, context);
      if (!inner) return this.cycle(`\`$(${name})\``, use);
      // Of conditional alternatives, the last one written stands for the variable here; declarations
      // that carry the flags themselves enumerate every alternative (see libtool/declarations.ts).
      return this.joinAssignments(makefile, alternatives[alternatives.length - 1], inner);
    }
    const builtin = this.builtinVariable(name, file);
    if (builtin) return builtin;
    return this.configureVariable(name, use, context);
  }

  /** A variable configure substitutes: AC_SUBST([NAME], [value]), a shell assignment, or a VERSION file key. */
  private configureVariable(name: string, use: { file: string; start: number; end: number }, context: Context): LocatedText {
    return this.shellVariable(name, use, Number.POSITIVE_INFINITY, context, true);
  }

  private shellVariable(name: string, use: { file: string; start: number; end: number }, at: number, context: Context, fromMakefile = false): LocatedText {
    const inner = this.enter(`sh:${name}`, context);
    if (!inner) return this.cycle(`\`$${name}\``, use);
    // Assignments wholly before the use in the same file win; otherwise the last one anywhere. A use inside
    // an assignment's own value (`X="$X -foo"`) therefore sees the previous value, as the shell does.
    // Assignments inside AC_ARG_ENABLE/AC_ARG_WITH's action-if-given describe a non-default build: they
    // count only when there is no other.
    const hasDefault = this.project.autoconfInputs.some((f) => f.assignments.some((a) => a.name === name && !a.optional) || f.substs.some((s) => s.name === name && s.value));
    let chosen: { facts: AutoconfFacts; span: ValueSpan; shell: boolean } | undefined;
    let fallback: typeof chosen;
    for (const facts of this.project.autoconfInputs) {
      const candidates: { start: number; span: ValueSpan; shell: boolean }[] = [];
      for (const a of facts.assignments) if (a.name === name && !(hasDefault && a.optional)) candidates.push({ start: a.nameStart, span: a.value, shell: true });
      // AC_SUBST([VAR], [value]) expands to the shell assignment VAR=value: its value is shell text.
      for (const s of facts.substs) if (s.name === name && s.value) candidates.push({ start: s.nameStart, span: s.value, shell: true });
      candidates.sort((x, y) => x.start - y.start);
      for (const candidate of candidates) {
        const enclosing = candidate.span.start <= at && at < candidate.span.end && facts.path === use.file;
        if (enclosing) continue;
        const item = { facts, span: candidate.span, shell: candidate.shell };
        if (facts.path === use.file && candidate.span.end <= at) chosen = item;
        fallback = item;
      }
    }
    const assignment = chosen ?? fallback;
    if (assignment) {
      return this.evaluate(assignment.shell ? 'shell' : 'm4', assignment.facts.path, assignment.facts.code, assignment.span.start, assignment.span.end, inner);
    }
    for (const file of this.project.keyValueFiles) {
      const entry = [...file.entries].reverse().find((e) => e.key === name);
      if (entry) return this.literal(file.path, entry.value);
    }
    const builtin = this.builtinVariable(name, use.file);
    if (builtin) return builtin;
    const where = fromMakefile ? 'the Makefile.am, configure.ac or the macro files configure.ac uses' : 'configure.ac or the macro files it uses';
    return new LocatedText([{ kind: 'computed', unresolved: true, reason: `\`${name}\` is not set in ${where}; it may come from a macro Versionwise does not read, the environment or the build`, span: use }]);
  }

  /** Variables autoconf and automake define themselves. */
  private builtinVariable(name: string, file: string): LocatedText | undefined {
    if (name === 'VERSION' || name === 'PACKAGE_VERSION') return this.packageVersion();
    if (name === 'srcdir' || name === 'abs_srcdir' || name === 'builddir') return new LocatedText([{ kind: 'text', text: dirName(file) || '.' }]);
    if (name === 'top_srcdir' || name === 'abs_top_srcdir' || name === 'top_builddir') return new LocatedText([{ kind: 'text', text: this.project.root || '.' }]);
    return undefined;
  }

  /**
   * A command substitution. `cat FILE`, `grep -v '^#' FILE` and `head -n 1 FILE` on a workspace file read that
   * file: its first significant line is the value, located in that file. Anything else is computed.
   */
  private command(commandText: string, file: string, span: { start: number; end: number }, context: Context): LocatedText {
    const where = { file, ...span };
    const words = commandText.trim().split(/\s+/);
    const program = baseName(words[0] ?? '');
    const target = [...words].reverse().find((w, index) => index < words.length - 1 && !w.startsWith('-') && !/^['"]/.test(w));
    if (FILE_READERS.has(program) && target && !/[|;&]/.test(commandText)) {
      const path = resolveMakePath(target.replace(/^["']|["']$/g, ''), dirName(file), this.project.root);
      if (path !== undefined) {
        if (this.sources.listing.has(path)) this.wanted.add(path);
        const text = this.sources.texts.get(path);
        if (text !== undefined) {
          const inner = this.enter(`file:${path}`, context);
          if (!inner) return this.cycle(`\`${path}\``, where);
          const line = significantLine(text);
          if (line) return this.literal(path, line);
          return new LocatedText([{ kind: 'computed', reason: `\`${path}\` has no version line`, span: where }]);
        }
      }
    }
    return new LocatedText([{ kind: 'computed', reason: `the output of the command \`${commandText.trim()}\``, span: where }]);
  }
}

function libraryName(laPath: string): string {
  return baseName(laPath).replace(/\.la$/, '');
}
