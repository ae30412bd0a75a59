import type { Finding, Fix } from '../../core/model';
import type { Range, Span } from '../../core/text';
import { dirName } from '../../core/text';
import type { ProjectDiscovery, SourceSet } from '../../sources/buildProject';
import { BuildResolver } from '../../sources/resolver';
import { findLibtoolUses } from '../libtool/declarations';
import { parseVersion } from '../libtool/versionInfo';

/**
 * Two build systems, one soname: a library that autotools builds with libtool (`-version-info C:R:A`, soname
 * `.so.(C−A)` on GNU/Linux) and that meson or CMake also builds must get the same soname major from both,
 * or the two builds install mutually incompatible libraries under one name. libtool's declarations come
 * from the libtool scheme's own finder (declarations.ts) and parser (versionInfo.ts), not from a copy.
 */
export const SONAME_RULE = 'release/soname-mismatch';

/** A value given to a meson library() keyword or a CMake target property. */
export interface BuildValue {
  /** The value, when it is a literal (or a variable bound to one). */
  readonly text?: string;
  /** Where the literal's characters are written (inside quotes): a fix edits there. */
  readonly span?: Span;
  /** The argument as written at the call: where a finding goes when the value is not written as a literal of its own. */
  readonly argument: Span;
  readonly quoted: boolean;
}

export interface SharedLibrary {
  readonly build: 'meson' | 'cmake';
  readonly file: string;
  /** `libfoo`, the name libtool gives the same library. */
  readonly name: string;
  /** The meson library name or CMake target. */
  readonly target: string;
  readonly soversion?: BuildValue;
  readonly version?: BuildValue;
  /** CMake set_target_properties: just after the VERSION value, where ` SOVERSION n` can go. */
  readonly insertSoversionAfter?: Span;
}

export interface LibtoolSoname {
  readonly library: string;
  /** The autotools project's directory. */
  readonly root: string;
  /** C − A: the number in `.so.N`. */
  readonly major: number;
  /** `-version-info 6:0:2`. */
  readonly written: string;
  readonly span: Span;
}

/** Every installed libtool library with a known version, per project. */
export function libtoolSonames(discovery: ProjectDiscovery, sources: SourceSet): { sonames: LibtoolSoname[]; wanted: string[] } {
  const sonames: LibtoolSoname[] = [];
  const wanted: string[] = [];
  const seen = new Set<string>();
  for (const project of discovery.projects) {
    const resolver = new BuildResolver(project, sources);
    for (const use of findLibtoolUses(project, resolver, seen)) {
      const argument = use.version?.argument;
      if (!use.library || (use.library.convenience && !use.rpath) || !argument || argument.computed || use.avoidVersion) continue;
      const parsed = parseVersion(use.version!.kind, argument.text);
      if (parsed.error || parsed.current === undefined || parsed.age === undefined) continue;
      const span = argument.span() ?? argument.firstSpan();
      if (!span) continue;
      sonames.push({ library: use.library.name, root: project.root, major: parsed.current - parsed.age, written: `-${use.version!.kind} ${argument.text}`, span });
    }
    wanted.push(...resolver.wantedFiles());
  }
  return { sonames, wanted };
}

export function checkSonames(libraries: readonly SharedLibrary[], sonames: readonly LibtoolSoname[], range: (span: Span) => Range): Finding[] {
  const findings: Finding[] = [];
  for (const library of libraries) {
    const dir = dirName(library.file);
    const candidates = sonames.filter((s) => s.library === library.name && (s.root === '' || dir === s.root || dir.startsWith(`${s.root}/`)));
    if (!candidates.length) continue;
    const deepest = Math.max(...candidates.map((s) => s.root.length));
    const mine = candidates.filter((s) => s.root.length === deepest);
    // Values that differ between automake conditionals are not one soname: nothing to compare with.
    if (new Set(mine.map((s) => s.major)).size !== 1) continue;
    const libtool = mine[0];
    const major = String(libtool.major);
    const libtoolWords = `libtool's ${libtool.written} (${libtool.span.file}) makes it ${library.name}.so.${major} (CURRENT − AGE)`;
    const related = [{ file: libtool.span.file, range: range(libtool.span), message: `${libtool.written}: ${library.name}.so.${major}` }];
    const report = (at: Span, message: string, fixes: Fix[]) =>
      findings.push({ file: at.file, range: range(at), severity: 'warning', code: SONAME_RULE, message, fixes, related });
    const replace = (value: BuildValue, title: string, newText: string): Fix[] => {
      const edit = value.span
        ? { file: value.span.file, range: range(value.span), newText }
        : { file: value.argument.file, range: range(value.argument), newText: library.build === 'meson' ? `'${newText}'` : newText };
      return [{ title, edits: [edit], preferred: true }];
    };
    const buildName = library.build === 'meson' ? 'meson' : 'CMake';
    const consequence = `the autotools and ${buildName} builds would install ${library.name} under different sonames`;

    const { soversion, version } = library;
    if (soversion) {
      if (soversion.text === undefined || soversion.text.trim() === major) continue;
      const keyword = library.build === 'meson' ? 'soversion' : 'SOVERSION';
      report(
        soversion.span ?? soversion.argument,
        `${library.file} gives ${library.name} ${keyword} ${soversion.text.trim()}, but ${libtoolWords}: ${consequence}`,
        replace(soversion, `Set ${keyword} to ${major} (as libtool's ${libtool.written})`, major),
      );
    } else if (version?.text !== undefined) {
      const text = version.text.trim();
      if (library.build === 'meson') {
        // meson: soversion defaults to the first component of version.
        const first = text.split('.')[0];
        if (first === major) continue;
        const at = version.span ? { file: version.span.file, start: version.span.start, end: version.span.start + first.length } : version.argument;
        const fixes: Fix[] = version.span ? [{ title: `Set the major version to ${major} (soname ${library.name}.so.${major}, as libtool's ${libtool.written})`, edits: [{ file: at.file, range: range(at), newText: major }], preferred: true }] : [];
        report(at, `${library.file} gives ${library.name} version ${text} and no soversion, so meson names it ${library.name}.so.${first}, but ${libtoolWords}: ${consequence}`, fixes);
      } else {
        // CMake: without SOVERSION, the soname carries the whole VERSION.
        if (text === major) continue;
        const at = version.span ?? version.argument;
        const fixes: Fix[] = library.insertSoversionAfter
          ? [{ title: `Add SOVERSION ${major} (as libtool's ${libtool.written})`, edits: [{ file: library.insertSoversionAfter.file, range: range(library.insertSoversionAfter), newText: ` SOVERSION ${major}` }], preferred: true }]
          : [];
        report(at, `${library.file} sets VERSION ${text} on ${library.target} and no SOVERSION, so CMake names its soname ${library.name}.so.${text}, but ${libtoolWords}: ${consequence}`, fixes);
      }
    }
  }
  return findings;
}
