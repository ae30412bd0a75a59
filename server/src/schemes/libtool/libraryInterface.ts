import type { LineIndex } from '../../core/text';
import { baseName, dirName, joinPath } from '../../core/text';
import { extractCInterface, type CParser, type HeaderSource } from '../../interfaces/cHeaders';
import type { InterfaceItem } from '../../interfaces/model';
import { isExported, readSymbolFile, symbolFileKind, type ExportedSymbols } from '../../interfaces/symbolFiles';
import { canonicalName, type AutomakeFacts } from '../../sources/automake';
import type { BuildProject } from '../../sources/buildProject';
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
const parsedHeaders = new Map<string, { readonly texts: readonly string[]; readonly items: InterfaceItem[] }[]>();
const KEPT_PER_HEADER_SET = 3;

/**
 * The library's interface: what its headers declare, narrowed to its exported symbols when it has a symbol
 * list or an export regex (symbols listed but declared in no header count by name).
 */
export function libraryInterface(files: LibraryFiles, texts: ReadonlyMap<string, string>, lines: (path: string) => LineIndex, parser: CParser | undefined): InterfaceItem[] {
  const headers: HeaderSource[] = files.headers.filter((p) => texts.has(p)).map((path) => ({ path, text: texts.get(path)!, lines: lines(path) }));
  let items: InterfaceItem[] = [];
  if (parser && headers.length) {
    const key = headers.map((h) => h.path).join('\0');
    const recent = parsedHeaders.get(key) ?? [];
    const hit = recent.find((entry) => entry.texts.length === headers.length && entry.texts.every((t, i) => t === headers[i].text));
    if (hit) items = hit.items;
    else {
      items = extractCInterface(parser, headers);
      parsedHeaders.set(key, [{ texts: headers.map((h) => h.text), items }, ...recent].slice(0, KEPT_PER_HEADER_SET));
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
