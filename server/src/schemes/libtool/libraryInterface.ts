import type { LineIndex } from '../../core/text';
import { baseName, dirName, joinPath } from '../../core/text';
import { extractCInterface, macroContext, type CParser, type HeaderSource, type MacroContext } from '../../interfaces/cHeaders';
import { diffInterfaces, indexItems, type InterfaceDiff, type InterfaceItem } from '../../interfaces/model';
import { isExported, readSymbolFile, symbolFileKind, type ExportedSymbols } from '../../interfaces/symbolFiles';
import { canonicalName, type AutomakeFacts } from '../../sources/automake';
import type { BuildProject } from '../../sources/buildProject';
import { escapeRegExp } from '../../sources/scanning';
import type { BuildResolver } from '../../sources/resolver';
import { minimatch } from 'minimatch';

/**
 * Which files make up a libtool library's public interface and its implementation, read from its
 * Makefile.am: installed headers (`include_HEADERS`, `pkginclude_HEADERS`, `nobase_include_HEADERS`,
 * `<dir>_HEADERS`), symbol lists given to the linker (`-export-symbols FILE`, `-Wl,--version-script=FILE`,
 * `.def`), `-export-symbols-regex`, and `<lib>_la_SOURCES`.
 */
export interface LibraryFiles {
  readonly headers: readonly string[];
  readonly symbolFiles: readonly string[];
  readonly exportRegex?: RegExp;
  readonly sources: readonly string[];
}

const NOT_INSTALLED_HEADERS = /^(?:(?:nobase_|dist_|nodist_)*)(noinst|check|EXTRA)_HEADERS$/;

export function libraryFiles(project: BuildProject, resolver: BuildResolver, library: string, flags: readonly string[], listing: ReadonlySet<string>, headerGlobs: readonly string[] = []): LibraryFiles {
  const home = project.makefiles.find((m) => m.libtoolLibraries.some((la) => baseName(la).replace(/\.la$/, '') === library || resolver.substituteConfigureReferences(baseName(la).replace(/\.la$/, '')) === library));
  const exists = (path: string) => listing.has(path);
  const locate = (makefile: AutomakeFacts | undefined, word: string): string | undefined => {
    const dir = makefile ? dirName(makefile.path) : project.root;
    // Words come expanded: `$(srcdir)/x` is already workspace-relative, a bare `x` is relative to the Makefile.am.
    for (const candidate of [joinPath(dir, word), joinPath(word)]) {
      if (exists(candidate)) return candidate;
      if (candidate.endsWith('.h') && exists(`${candidate}.in`)) return `${candidate}.in`; // a configured header's template
    }
    return undefined;
  };
  const wordsOf = (makefile: AutomakeFacts, name: string): string[] => {
    const out: string[] = [];
    for (const assignment of makefile.assignments) {
      if (assignment.name !== name) continue;
      const value = resolver.makeAssignmentValue(makefile, assignment);
      for (const word of value.words()) if (!word.computed) out.push(word.text);
    }
    return out;
  };

  const headersByMakefile = new Map<string, string[]>();
  for (const makefile of project.makefiles) {
    const headers: string[] = [];
    for (const name of new Set(makefile.assignments.map((a) => a.name))) {
      if (!name.endsWith('_HEADERS') || NOT_INSTALLED_HEADERS.test(name)) continue;
      for (const word of wordsOf(makefile, name)) {
        const path = locate(makefile, word);
        if (path && !headers.includes(path)) headers.push(path);
      }
    }
    headersByMakefile.set(makefile.path, headers);
  }
  const installedLibraries = new Set(project.makefiles.flatMap((m) => m.libtoolLibraries.filter((la) => !m.convenienceLibraries.includes(la))));
  const allHeaders = [...new Set([...headersByMakefile.values()].flat())].sort();
  const sources = librarySources(home, library, locate, wordsOf);
  // One library: every installed header is its interface. Several: the installed headers it lists in its
  // own _SOURCES; else the ones no other library lists, preferring those its own Makefile.am installs
  // (a separate include/Makefile.am serves every library).
  let headers = allHeaders;
  if (headerGlobs.length) {
    // The user's `interfaces.headers` globs replace what Makefile.am installs.
    const matchers = headerGlobs.map((glob) => minimatch.filter(glob, { dot: true }));
    headers = [...listing].filter((p) => matchers.some((m) => m(p))).sort();
  } else if (installedLibraries.size > 1) {
    const listed = allHeaders.filter((h) => sources.includes(h));
    const claimed = new Set<string>();
    for (const makefile of project.makefiles) {
      for (const la of makefile.libtoolLibraries) {
        const other = baseName(la).replace(/\.la$/, '');
        if (other !== library) for (const path of librarySources(makefile, other, locate, wordsOf)) claimed.add(path);
      }
    }
    const own = (home ? headersByMakefile.get(home.path) ?? [] : []).filter((h) => !claimed.has(h));
    const unclaimed = allHeaders.filter((h) => !claimed.has(h));
    headers = listed.length ? listed : own.length ? own : unclaimed;
  }

  const symbolFiles: string[] = [];
  let exportRegex: RegExp | undefined;
  for (let i = 0; i < flags.length; i++) {
    const word = flags[i];
    let file: string | undefined;
    if (word === '-export-symbols') file = flags[++i];
    else if (word === '-export-symbols-regex') {
      try {
        exportRegex = new RegExp(stripQuotes(flags[++i] ?? ''));
      } catch {
        exportRegex = undefined;
      }
    } else {
      const script = /^-Wl,-{1,2}version-script[=,](.+)$/.exec(word) ?? /^-Wl,-M,?(.+)$/.exec(word);
      if (script) file = script[1];
    }
    if (file) {
      const path = locate(home, stripQuotes(file));
      if (path && symbolFileKind(path)) symbolFiles.push(path);
    }
  }

  return { headers, symbolFiles, exportRegex, sources };
}

/** `<lib>_la_SOURCES` (and its dist_/nodist_ forms) as workspace paths. */
function librarySources(
  home: AutomakeFacts | undefined,
  library: string,
  locate: (makefile: AutomakeFacts | undefined, word: string) => string | undefined,
  wordsOf: (makefile: AutomakeFacts, name: string) => string[],
): string[] {
  const sources: string[] = [];
  if (!home) return sources;
  const canonical = canonicalName(home.libtoolLibraries.find((la) => baseName(la).replace(/\.la$/, '') === library) ?? `${library}.la`);
  const words = [`${canonical}_SOURCES`, `nodist_${canonical}_SOURCES`, `dist_${canonical}_SOURCES`].flatMap((n) => wordsOf(home, n));
  // automake's default when no _SOURCES is given: one C file named after the library.
  for (const word of words.length ? words : [`${library}.c`]) {
    const path = locate(home, word);
    if (path && !sources.includes(path)) sources.push(path);
  }
  return sources;
}

function stripQuotes(text: string): string {
  return text.replace(/^['"]|['"]$/g, '');
}

/** Every file of a library that must be read: interface and implementation. */
export function filesOf(files: LibraryFiles): string[] {
  return [...new Set([...files.headers, ...files.symbolFiles, ...files.sources])];
}

/**
 * Recent extractions per header set (by paths): the working tree's and the baseline's, reused while every
 * header text is the same, so an edit elsewhere never re-parses the headers.
 */
const parsedHeaders = new Map<string, { readonly texts: readonly string[]; readonly macros: string; readonly items: InterfaceItem[] }[]>();
const KEPT_PER_HEADER_SET = 3;

/** Which headers to extract, and the macros of the whole set they come from. */
export interface HeaderSelection {
  readonly headers: ReadonlySet<string>;
  readonly macros: MacroContext;
}

/**
 * The library's interface: what its headers declare, narrowed to its exported symbols when it has a symbol
 * list or an export regex (symbols listed but declared in no header count by name). With `only`, just those
 * headers are extracted (see `compareLibraryInterfaces`).
 */
export function libraryInterface(files: LibraryFiles, texts: ReadonlyMap<string, string>, lines: (path: string) => LineIndex, parser: CParser | undefined, only?: HeaderSelection): InterfaceItem[] {
  const headers: HeaderSource[] = files.headers.filter((p) => texts.has(p) && (!only || only.headers.has(p))).map((path) => ({ path, text: texts.get(path)!, lines: lines(path) }));
  let items: InterfaceItem[] = [];
  if (parser && headers.length) {
    const macros = only?.macros ?? macroContext(headers.map((h) => h.text));
    const key = headers.map((h) => h.path).join('\0');
    const recent = parsedHeaders.get(key) ?? [];
    const hit = recent.find((entry) => entry.macros === macros.key && entry.texts.length === headers.length && entry.texts.every((t, i) => t === headers[i].text));
    if (hit) items = hit.items;
    else {
      items = extractCInterface(parser, headers, macros);
      parsedHeaders.set(key, [{ texts: headers.map((h) => h.text), macros: macros.key, items }, ...recent].slice(0, KEPT_PER_HEADER_SET));
    }
  }
  const symbolLists: ExportedSymbols[] = [];
  for (const path of files.symbolFiles) {
    const kind = symbolFileKind(path);
    const text = texts.get(path);
    if (kind && text !== undefined) symbolLists.push(readSymbolFile(kind, text));
  }
  if (!symbolLists.length && !files.exportRegex) return items;
  const exported = (name: string) => (!symbolLists.length || symbolLists.some((s) => isExported(s, name))) && (!files.exportRegex || files.exportRegex.test(name));
  const kept = items.filter((i) => (i.kind !== 'function' && i.kind !== 'variable') || exported(i.name));
  const declared = new Set(kept.map((i) => i.name));
  for (const [index, list] of symbolLists.entries()) {
    const path = files.symbolFiles[index];
    for (const name of list.names) {
      if (declared.has(name) || (files.exportRegex && !files.exportRegex.test(name))) continue;
      const text = texts.get(path) ?? '';
      const offset = Math.max(0, text.search(new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`)));
      kept.push({ kind: 'symbol', name, signature: '', file: path, range: lines(path).rangeOf(offset, offset + name.length) });
      declared.add(name);
    }
  }
  return kept;
}

/** A library at one revision: its files and their texts. */
export interface LibraryRevision {
  readonly files: LibraryFiles;
  readonly texts: ReadonlyMap<string, string>;
  lines(path: string): LineIndex;
}

/** Beyond this many names to look for, every header is extracted (the search would cost as much). */
const MAX_NAMES_SEARCHED = 2_000;

/**
 * What changed in a library's interface between two revisions — the same answer as extracting both
 * interfaces whole and comparing them, for a fraction of the parsing. A header with the same text at both
 * revisions declares the same items at both (when the set's macros are the same), and items are compared
 * by kind and name, so such a header matters only for names something else changes: names the changed
 * headers declare differently at the two revisions, and names whose place in a symbol list changed. Only the
 * changed headers and the unchanged ones that mention such a name are extracted. Anything the shortcut
 * cannot vouch for (different macros, a different export regex, changed wildcard symbol lists) takes the
 * whole comparison.
 */
export function compareLibraryInterfaces(then: LibraryRevision, now: LibraryRevision, parser: CParser | undefined): InterfaceDiff {
  const whole = () => diffInterfaces(libraryInterface(then.files, then.texts, then.lines, parser), libraryInterface(now.files, now.texts, now.lines, parser));
  if (!parser || String(then.files.exportRegex) !== String(now.files.exportRegex)) return whole();
  const readHeaders = (r: LibraryRevision) => r.files.headers.filter((p) => r.texts.has(p));
  const headersThen = readHeaders(then);
  const headersNow = readHeaders(now);
  const macrosThen = macroContext(headersThen.map((p) => then.texts.get(p)!));
  const macrosNow = macroContext(headersNow.map((p) => now.texts.get(p)!));
  if (macrosThen.key !== macrosNow.key) return whole();
  const listedNow = new Set(headersNow);
  const unchanged = new Set(headersThen.filter((p) => listedNow.has(p) && then.texts.get(p) === now.texts.get(p)));
  if (!unchanged.size) return whole();
  const symbolNames = symbolListChanges(then, now);
  if (!symbolNames) return whole();

  const changed = (r: LibraryRevision, headers: readonly string[], macros: MacroContext): InterfaceItem[] => {
    const sources = headers.filter((p) => !unchanged.has(p)).map((path) => ({ path, text: r.texts.get(path)!, lines: r.lines(path) }));
    return sources.length ? extractCInterface(parser, sources, macros) : [];
  };
  const names = differingNames(changed(then, headersThen, macrosThen), changed(now, headersNow, macrosNow));
  for (const name of symbolNames) names.add(name);
  if (names.size > MAX_NAMES_SEARCHED) return whole();
  const mentions = names.size ? new RegExp(`(?<![A-Za-z0-9_$])(?:${[...names].map(escapeRegExp).join('|')})(?![A-Za-z0-9_$])`) : undefined;
  const needed = new Set([...unchanged].filter((p) => mentions?.test(now.texts.get(p)!)));
  const selection = (headers: readonly string[], macros: MacroContext): HeaderSelection => ({ headers: new Set(headers.filter((p) => !unchanged.has(p) || needed.has(p))), macros });
  return diffInterfaces(
    libraryInterface(then.files, then.texts, then.lines, parser, selection(headersThen, macrosThen)),
    libraryInterface(now.files, now.texts, now.lines, parser, selection(headersNow, macrosNow)),
  );
}

/**
 * Names whose items in the changed headers differ between the revisions: a kind and name declared with
 * other signatures, or at one revision only. (A name the changed headers declare alike at both revisions
 * compares alike whatever the other headers declare.) Items are keyed and merged as the comparison itself
 * does it (`indexItems`).
 */
function differingNames(before: readonly InterfaceItem[], after: readonly InterfaceItem[]): Set<string> {
  const then = indexItems(before);
  const now = indexItems(after);
  const names = new Set<string>();
  for (const [key, item] of [...then, ...now]) if (then.get(key)?.signature !== now.get(key)?.signature) names.add(item.name);
  return names;
}

/**
 * Names whose export status can differ between the revisions' symbol lists: none when the lists are the
 * same files with the same texts, else the names listed at one revision only; undefined when that cannot
 * be enumerated (a changed version script with wildcards).
 */
function symbolListChanges(then: LibraryRevision, now: LibraryRevision): Set<string> | undefined {
  const listed = (r: LibraryRevision) => r.files.symbolFiles.filter((p) => r.texts.has(p));
  const filesThen = listed(then);
  const filesNow = listed(now);
  if (filesThen.length === filesNow.length && filesThen.every((p, i) => p === filesNow[i] && then.texts.get(p) === now.texts.get(p))) return new Set();
  // A list that appears or disappears changes what counts for every name: then nothing is spared.
  if (!filesThen.length !== !filesNow.length) return undefined;
  const exported = (r: LibraryRevision, files: readonly string[]) => files.map((p) => readSymbolFile(symbolFileKind(p)!, r.texts.get(p)!));
  const before = exported(then, filesThen);
  const after = exported(now, filesNow);
  if ([...before, ...after].some((s) => s.patterns.length)) return undefined;
  const namesBefore = new Set(before.flatMap((s) => [...s.names]));
  const namesAfter = new Set(after.flatMap((s) => [...s.names]));
  const differ = new Set<string>();
  for (const name of namesBefore) if (!namesAfter.has(name)) differ.add(name);
  for (const name of namesAfter) if (!namesBefore.has(name)) differ.add(name);
  return differ;
}
