import { dirName, type Span } from '../../core/text';
import { keyValueFacts } from '../../sources/buildProject';
import type { ReleaseSite, SpanEdit, WrittenVersion } from './site';
import { parseReleaseVersion, type Version } from './version';

/**
 * Open MPI / PMIx `VERSION` files: shell `key=value` lines read by the shared reader. The release version
 * is `major.minor.release` followed by `greek` (`5.0.11rc1`), as their get_version.sh assembles it. The
 * value is written in four places, so each is a part of the site and a fix edits only the fields that
 * change. A VERSION file without `major=` is not this format (meson may read it: see meson.ts).
 */
const FIELDS = ['major', 'minor', 'release', 'greek'] as const;

export function versionFileSite(path: string, text: string): ReleaseSite | undefined {
  const entries = keyValueFacts(path, text).entries;
  const field = (key: string) => {
    const entry = [...entries].reverse().find((e) => e.key === key);
    return entry && { span: { file: path, start: entry.value.start, end: entry.value.end }, text: text.slice(entry.value.start, entry.value.end) };
  };
  const [major, minor, release, greek] = FIELDS.map(field);
  if (!major) return undefined;
  const base = { kind: 'version-file' as const, file: path, home: dirName(path), label: 'VERSION (major, minor, release, greek)', comparison: 'greek-optional' as const };
  const numeric = [major, minor, release];
  const unknown = numeric.find((f) => f && !/^[0-9]+$/.test(f.text)) ?? (greek && /[$`\s]/.test(greek.text) ? greek : undefined);
  if (unknown || !minor || !release) {
    const span = unknown?.span ?? major.span;
    return { ...base, computed: { reason: unknown ? `\`${unknown.text}\` is not a number written in the file` : 'the file does not give major, minor and release', span } };
  }
  const fields = { major, minor, release, greek };
  const parts = FIELDS.flatMap((name) => (fields[name] ? [{ span: fields[name]!.span, role: name }] : []));
  const text3 = `${major.text}.${minor.text}.${release.text}${greek?.text ?? ''}`;
  const written: WrittenVersion = {
    text: text3,
    version: parseReleaseVersion(text3),
    parts,
    anchor: major.span,
    render(target: Version): string | undefined {
      const wanted = fieldsFor(target);
      return wanted && `${wanted.major}.${wanted.minor}.${wanted.release}${wanted.greek}`;
    },
    edits(target: Version): SpanEdit[] | undefined {
      const wanted = fieldsFor(target);
      if (!wanted) return undefined;
      const edits: SpanEdit[] = [];
      for (const name of FIELDS) {
        const current = fields[name];
        if (!current) {
          if (wanted[name]) return undefined;
          continue;
        }
        if (current.text !== wanted[name]) edits.push({ span: current.span as Span, newText: wanted[name] });
      }
      return edits;
    },
  };
  return { ...base, written, fields: { major: Number(major.text), minor: Number(minor.text), release: Number(release.text), greek: greek?.text ?? '' } };
}

/** The four fields that say a version; undefined unless it has exactly three numbers. */
function fieldsFor(target: Version): Record<(typeof FIELDS)[number], string> | undefined {
  if (target.core.length !== 3) return undefined;
  return {
    major: target.core[0],
    minor: target.core[1],
    release: target.core[2],
    // "greek" must be printable ASCII without blanks: the pre-release and anything after it, unseparated.
    greek: ((target.pre?.written ?? '') + target.rest).replace(/^[-~._+]/, ''),
  };
}
