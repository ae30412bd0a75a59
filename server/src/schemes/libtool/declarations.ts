import { baseName } from '../../core/text';
import type { Span } from '../../core/text';
import { variableAlternatives } from '../../sources/automake';
import type { BuildProject } from '../../sources/buildProject';
import { LocatedText } from '../../sources/locatedText';
import type { BuildResolver, LibraryTarget } from '../../sources/resolver';
import { significantLine } from '../../sources/sideFiles';

/**
 * Step 1 of the libtool scheme: find every place a libtool library's version flags are given, with the
 * values resolved to where their numbers are written.
 *
 * Flags are looked for in three passes:
 *  1. `*_LDFLAGS` of Makefile.am files, fully expanded, one use per library and per alternative value (a
 *     plain assignment with its `+=`, each branch of an automake `if`), so `-version-info` hidden in a
 *     shared variable, in `@LT_LDFLAGS@` or in configure.ac is found for every library that uses it;
 *  2. any other assignment in Makefile.am or configure.ac whose text mentions a version flag, unless pass 1
 *     already reached that flag;
 *  3. Open MPI / PMIx `lib*_so_version=` lines, and `libtool-version` files (findStandaloneVersionFiles),
 *     unless an earlier pass already reached their value.
 */
export interface FlagUse {
  /** The flag word, e.g. `-version-info`, located. */
  readonly flag: LocatedText;
  readonly argument?: LocatedText;
}

export interface LibtoolUse {
  readonly library?: LibraryTarget;
  /** Where the flags were found: the variable or file that carries them. */
  readonly carrier: { readonly file: string; readonly name: string; readonly spans: readonly Span[] };
  readonly version?: FlagUse & { readonly kind: 'version-info' | 'version-number' };
  /** Earlier version flags of the same link that libtool ignores (the last one wins). */
  readonly overridden: readonly FlagUse[];
  readonly release?: FlagUse;
  readonly avoidVersion?: LocatedText;
  /** `-module`: a dlopen-able module (named `.so` even on macOS). */
  readonly module: boolean;
  /** `-rpath DIR`: the library is built shared even when automake does not install it. */
  readonly rpath: boolean;
  /** The value of a standalone declaration (pass 3) has no flag word. */
  readonly standalone: boolean;
  /** Every word of the expanded flags (for -export-symbols, version scripts…). */
  readonly words: readonly string[];
}

const FLAG_MENTION = /-version-info|-version-number|-release|-avoid-version/;

/** Identifies a located value by where its first character is written. */
function locationKey(text: LocatedText | undefined): string | undefined {
  const span = text?.firstSpan();
  return span ? `${span.file}:${span.start}` : undefined;
}

function flagKeys(use: LibtoolUse): string[] {
  return [use.version?.flag, use.release?.flag, ...use.overridden.map((o) => o.flag), use.avoidVersion].map(locationKey).filter((k): k is string => k !== undefined);
}

/**
 * Uses found in one project. `seenValues` collects where their values are written, across projects, so
 * that standalone files already reached through a flag are not reported twice.
 */
export function findLibtoolUses(project: BuildProject, resolver: BuildResolver, seenValues: Set<string>): LibtoolUse[] {
  const uses: LibtoolUse[] = [];
  const seenFlags = new Set<string>();
  const seenPerLibrary = new Set<string>();
  const record = (use: LibtoolUse) => {
    uses.push(use);
    for (const key of flagKeys(use)) seenFlags.add(key);
    const value = locationKey(use.version?.argument);
    if (value) seenValues.add(value);
  };

  // Pass 1: per-target LDFLAGS first (they name the library), then AM_LDFLAGS and other *LDFLAGS.
  const carriers: { makefileIndex: number; name: string }[] = [];
  project.makefiles.forEach((makefile, makefileIndex) => {
    for (const name of new Set(makefile.assignments.filter((a) => a.name.endsWith('LDFLAGS')).map((a) => a.name))) carriers.push({ makefileIndex, name });
  });
  carriers.sort((a, b) => Number(!a.name.endsWith('_la_LDFLAGS')) - Number(!b.name.endsWith('_la_LDFLAGS')));
  for (const { makefileIndex, name } of carriers) {
    const makefile = project.makefiles[makefileIndex];
    const library = resolver.libraryOfFlagsVariable(makefile, name);
    for (const alternative of variableAlternatives(makefile, name)) {
      const spans = alternative.map((a) => ({ file: makefile.path, start: a.value.start, end: a.value.end }));
      const use = usesIn(resolver.makeAlternativeValue(makefile, alternative), { file: makefile.path, name, spans }, library);
      if (!use) continue;
      const keys = flagKeys(use);
      // A shared flags variable is one declaration per library; the same library reached twice is one.
      const perLibrary = keys.map((k) => `${library?.name ?? name}|${k}`);
      if (perLibrary.some((k) => seenPerLibrary.has(k))) continue;
      if (!library && keys.some((k) => seenFlags.has(k))) continue;
      perLibrary.forEach((k) => seenPerLibrary.add(k));
      record(use);
    }
  }

  // Pass 2: other assignments that mention a flag (in Makefile.am or configure.ac).
  const isNew = (use: LibtoolUse) => !flagKeys(use).some((k) => seenFlags.has(k));
  for (const makefile of project.makefiles) {
    for (const assignment of makefile.assignments) {
      if (assignment.name.endsWith('LDFLAGS')) continue;
      if (!FLAG_MENTION.test(makefile.code.slice(assignment.value.start, assignment.value.end))) continue;
      const carrier = { file: makefile.path, name: assignment.name, spans: [{ file: makefile.path, ...assignment.value }] };
      const use = usesIn(resolver.makeAssignmentValue(makefile, assignment), carrier, resolver.librariesReferencing(assignment.name)[0]);
      if (use && isNew(use)) record(use);
    }
  }
  for (const facts of project.autoconfInputs) {
    const candidates = [...facts.assignments, ...facts.substs.filter((s) => s.value)] as { name: string; value: { start: number; end: number } }[];
    for (const assignment of candidates) {
      if (!FLAG_MENTION.test(facts.code.slice(assignment.value.start, assignment.value.end))) continue;
      const carrier = { file: facts.path, name: assignment.name, spans: [{ file: facts.path, ...assignment.value }] };
      const use = usesIn(resolver.shellValue(facts, assignment.value), carrier, resolver.librariesReferencing(assignment.name)[0]);
      if (use && isNew(use)) record(use);
    }
  }

  // Pass 3: Open MPI / PMIx VERSION files.
  for (const file of project.keyValueFiles) {
    for (const entry of file.entries) {
      const match = /^(lib[A-Za-z0-9_]*?)_so_version$/.exec(entry.key);
      if (!match) continue;
      const value = resolver.literal(file.path, entry.value);
      if (seenValues.has(locationKey(value)!)) continue;
      record(standaloneUse(value, { file: file.path, name: entry.key, spans: [] }, { name: match[1], convenience: false }));
    }
  }
  return uses;
}

/**
 * `libtool-version` files that no flag reads: each is a declaration of its own (its library unknown).
 * Runs after every project, since such a file may sit outside any autotools project.
 */
export function findStandaloneVersionFiles(texts: ReadonlyMap<string, string>, seenValues: ReadonlySet<string>): LibtoolUse[] {
  const uses: LibtoolUse[] = [];
  for (const [path, text] of texts) {
    if (baseName(path) !== 'libtool-version') continue;
    const line = significantLine(text);
    if (!line) continue;
    const value = new LocatedText([{ kind: 'text', text: text.slice(line.start, line.end), origin: { file: path, offset: line.start } }]);
    if (seenValues.has(locationKey(value)!)) continue;
    uses.push(standaloneUse(value, { file: path, name: baseName(path), spans: [] }, undefined));
  }
  return uses;
}

function standaloneUse(value: LocatedText, carrier: LibtoolUse['carrier'], library: LibraryTarget | undefined): LibtoolUse {
  return { library, carrier, version: { kind: 'version-info', flag: LocatedText.empty, argument: value }, overridden: [], module: false, rpath: false, standalone: true, words: [] };
}

/** The version flags among the words of one expanded flags value; undefined when there are none. */
function usesIn(value: LocatedText, carrier: LibtoolUse['carrier'], library: LibraryTarget | undefined): LibtoolUse | undefined {
  const words = value.words();
  const versions: (FlagUse & { kind: 'version-info' | 'version-number' })[] = [];
  let release: FlagUse | undefined;
  let avoidVersion: LocatedText | undefined;
  let module = false;
  let rpath = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i].text;
    const argument = () => (i + 1 < words.length ? words[++i] : undefined);
    if (word === '-version-info' || word === '-version-number') {
      const flag = words[i];
      versions.push({ kind: word.slice(1) as 'version-info' | 'version-number', flag, argument: argument() });
    } else if (word === '-release') {
      const flag = words[i];
      release = { flag, argument: argument() };
    } else if (word === '-avoid-version') {
      avoidVersion = words[i];
    } else if (word === '-module') {
      module = true;
    } else if (word === '-rpath') {
      rpath = true;
    }
  }
  if (!versions.length && !release && !avoidVersion) return undefined;
  return { library, carrier, version: versions[versions.length - 1], overridden: versions.slice(0, -1), release, avoidVersion, module, rpath, standalone: false, words: words.map((w) => w.text) };
}

/** Whether a flag is written in the carrier's own text (rather than reached through a shared variable). */
export function writtenInCarrier(use: LibtoolUse, flag: LocatedText | undefined): boolean {
  const span = flag?.firstSpan();
  return Boolean(span && use.carrier.spans.some((s) => s.file === span.file && s.start <= span.start && span.end <= s.end));
}
