import { baseName } from '../../core/text';
import type { AutomakeFacts } from '../../sources/automake';
import type { BuildProject } from '../../sources/buildProject';
import { LocatedText } from '../../sources/locatedText';
import type { BuildResolver } from '../../sources/resolver';
import { significantLine } from '../../sources/sideFiles';

/**
 * Step 1 of the libtool scheme: find every place a libtool library's version flags are given, with the
 * values resolved to where their numbers are written.
 *
 * Flags are looked for in three passes, each skipping what an earlier one already found (by the location
 * of the flag or of the value):
 *  1. `*_LDFLAGS` of Makefile.am files, fully expanded (so `-version-info` hidden in another variable, in
 *     `@LT_LDFLAGS@` or in configure.ac is found, and the library is known from the automake target);
 *  2. any other assignment in Makefile.am or configure.ac whose text mentions a version flag;
 *  3. files that hold a C:R:A on their own: `libtool-version` files and `lib*_so_version=` lines of
 *     Open MPI / PMIx VERSION files.
 */
export interface FlagUse {
  /** The flag word, e.g. `-version-info`, located. */
  readonly flag: LocatedText;
  readonly argument?: LocatedText;
}

export interface LibtoolUse {
  readonly library?: string;
  /** Where the flags were found: the variable or file that carries them. */
  readonly carrier: { readonly file: string; readonly name: string };
  readonly version?: FlagUse & { readonly kind: 'version-info' | 'version-number' };
  /** Earlier version flags of the same link that libtool ignores (the last one wins). */
  readonly overridden: readonly FlagUse[];
  readonly release?: FlagUse;
  readonly avoidVersion?: LocatedText;
  /** The value of a standalone declaration (pass 3) has no flag word. */
  readonly standalone: boolean;
}

const FLAG_MENTION = /-version-info|-version-number|-release|-avoid-version/;

/** Identifies a located value by where its first character is written. */
function locationKey(text: LocatedText | undefined): string | undefined {
  const span = text?.firstSpan();
  return span ? `${span.file}:${span.start}` : undefined;
}

/**
 * Uses found in one project. `seenValues` collects where their values are written, across projects, so
 * that standalone files already reached through a flag are not reported twice.
 */
export function findLibtoolUses(project: BuildProject, resolver: BuildResolver, seenValues: Set<string>): LibtoolUse[] {
  const uses: LibtoolUse[] = [];
  const seenFlags = new Set<string>();
  const key = locationKey;
  const record = (use: LibtoolUse) => {
    uses.push(use);
    for (const flag of [use.version, use.release, ...use.overridden]) {
      const k = key(flag?.flag);
      if (k) seenFlags.add(k);
      const v = key(flag?.argument);
      if (v) seenValues.add(v);
    }
    const a = key(use.avoidVersion);
    if (a) seenFlags.add(a);
  };
  const isNew = (use: LibtoolUse) => {
    for (const flag of [use.version, use.release, ...use.overridden]) {
      const k = key(flag?.flag);
      if (k && seenFlags.has(k)) return false;
    }
    const a = key(use.avoidVersion);
    return !(a && seenFlags.has(a));
  };

  // Pass 1: per-target LDFLAGS first (they name the library), then AM_LDFLAGS and other *LDFLAGS.
  const ldflags: { makefile: AutomakeFacts; name: string; value: () => LocatedText }[] = [];
  for (const makefile of project.makefiles) {
    const byName = new Map<string, (typeof makefile.assignments)[number]>();
    for (const assignment of makefile.assignments) if (assignment.name.endsWith('LDFLAGS')) byName.set(assignment.name, assignment);
    for (const assignment of byName.values()) {
      ldflags.push({ makefile, name: assignment.name, value: () => resolver.makeAssignmentValue(makefile, assignment) });
    }
  }
  ldflags.sort((a, b) => Number(!a.name.endsWith('_la_LDFLAGS')) - Number(!b.name.endsWith('_la_LDFLAGS')));
  for (const carrier of ldflags) {
    const use = usesIn(carrier.value(), { file: carrier.makefile.path, name: carrier.name }, resolver.libraryOfFlagsVariable(carrier.makefile, carrier.name));
    if (use && isNew(use)) record(use);
  }

  // Pass 2: other assignments that mention a flag (in Makefile.am or configure.ac).
  for (const makefile of project.makefiles) {
    for (const assignment of makefile.assignments) {
      if (assignment.name.endsWith('LDFLAGS')) continue;
      if (!FLAG_MENTION.test(makefile.code.slice(assignment.value.start, assignment.value.end))) continue;
      const library = resolver.librariesReferencing(assignment.name)[0];
      const use = usesIn(resolver.makeAssignmentValue(makefile, assignment), { file: makefile.path, name: assignment.name }, library);
      if (use && isNew(use)) record(use);
    }
  }
  for (const facts of project.autoconfInputs) {
    for (const assignment of facts.assignments) {
      if (!FLAG_MENTION.test(facts.code.slice(assignment.value.start, assignment.value.end))) continue;
      const use = usesIn(resolver.shellValue(facts, assignment.value), { file: facts.path, name: assignment.name }, resolver.librariesReferencing(assignment.name)[0]);
      if (use && isNew(use)) record(use);
    }
    for (const subst of facts.substs) {
      if (!subst.value || !FLAG_MENTION.test(facts.code.slice(subst.value.start, subst.value.end))) continue;
      const use = usesIn(resolver.shellValue(facts, subst.value), { file: facts.path, name: subst.name }, resolver.librariesReferencing(subst.name)[0]);
      if (use && isNew(use)) record(use);
    }
  }

  // Pass 3: standalone C:R:A files.
  for (const file of project.keyValueFiles) {
    for (const entry of file.entries) {
      const match = /^(lib[A-Za-z0-9_]*?)_so_version$/.exec(entry.key);
      if (!match) continue;
      const value = resolver.literal(file.path, entry.value);
      if (seenValues.has(key(value)!)) continue;
      record(standaloneUse(value, { file: file.path, name: entry.key }, match[1]));
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
    uses.push(standaloneUse(value, { file: path, name: baseName(path) }, undefined));
  }
  return uses;
}

function standaloneUse(value: LocatedText, carrier: LibtoolUse['carrier'], library: string | undefined): LibtoolUse {
  return { library, carrier, version: { kind: 'version-info', flag: LocatedText.empty, argument: value }, overridden: [], standalone: true };
}

/** The version flags among the words of one expanded flags value; undefined when there are none. */
function usesIn(value: LocatedText, carrier: LibtoolUse['carrier'], library: string | undefined): LibtoolUse | undefined {
  const words = value.words();
  const versions: (FlagUse & { kind: 'version-info' | 'version-number' })[] = [];
  let release: FlagUse | undefined;
  let avoidVersion: LocatedText | undefined;
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
    }
  }
  if (!versions.length && !release && !avoidVersion) return undefined;
  return {
    library,
    carrier,
    version: versions[versions.length - 1],
    overridden: versions.slice(0, -1),
    release,
    avoidVersion,
    standalone: false,
  };
}

