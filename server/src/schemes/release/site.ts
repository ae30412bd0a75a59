import type { Span } from '../../core/text';
import type { LocatedText } from '../../sources/locatedText';
import { parseReleaseVersion, renderVersion, stripV, type Dialect, type Version } from './version';

/**
 * One place that writes the package's release version (AC_INIT, meson's project(), a changelog heading…),
 * as every site reader (one file per kind of site) returns it.
 */
export type SiteKind = 'autoconf' | 'package.json' | 'meson' | 'cmake' | 'version-file' | 'debian' | 'rpm' | 'changelog';

/**
 * How a site's value is compared with the others (agreement.ts):
 * - `exact`: the keys must be equal;
 * - `numbers-only`: the site cannot write a pre-release (CMake's project VERSION), so it agrees with any
 *   pre-release of its numbers;
 * - `greek-optional`: an Open MPI / PMIx VERSION file keeps `greek=rc1` on the final release tag (its
 *   make_dist_tarball blanks it while building the final tarball), so it agrees with the final release of
 *   its numbers too;
 * - `last-release`: a changelog heading below an `[Unreleased]` section records the last release, so it
 *   agrees with any version that is not older.
 */
export type Comparison = 'exact' | 'numbers-only' | 'greek-optional' | 'last-release';

export interface SpanEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface WrittenVersion {
  /** As written (without a leading `v`), e.g. `1.2.3` or, for a VERSION file, `5.0.11rc1`. */
  readonly text: string;
  readonly version: Version;
  /** Where the characters are written, with what each part is (hover answers on these). */
  readonly parts: readonly { readonly span: Span; readonly role: string }[];
  /** Where a finding about the value as a whole goes. */
  readonly anchor: Span;
  /** What this site would say for `target`, in its own syntax (`1.2.4~rc1` in a Debian changelog). */
  render(target: Version): string | undefined;
  /** Edits that make this site say `target`; undefined when it cannot be written here, [] when it already does. */
  edits(target: Version): SpanEdit[] | undefined;
}

export interface ReleaseSite {
  readonly kind: SiteKind;
  /** The file that declares the version (configure.ac, meson.build…); the value may be written elsewhere. */
  readonly file: string;
  /** The directory of the package the site describes ('' for the workspace root). */
  readonly home: string;
  /** What the site is, for people: `AC_INIT`, `meson project()`, `top heading`… */
  readonly label: string;
  readonly packageName?: string;
  readonly comparison: Comparison;
  /** The value, when it is written in the workspace. */
  readonly written?: WrittenVersion;
  /** Why the value cannot be known (m4_esyscmd, a shell command…), and where that is written. */
  readonly computed?: { readonly reason: string; readonly span: Span };
  /** Other places worth a hover (a Debian epoch and revision). */
  readonly extraParts?: readonly { readonly span: Span; readonly role: string }[];
  /** Fields for the JSON output (Debian epoch/revision, the line of an [Unreleased] section…). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Sentences for the hover. */
  readonly notes?: readonly string[];
}

/** How the site is named in messages: the file its number is written in, and the declaring file if different. */
export function siteName(site: ReleaseSite): string {
  const written = site.written?.anchor.file ?? site.computed?.span.file ?? site.file;
  return written === site.file ? site.file : `${written} (read by ${site.file})`;
}

/** A version written as one run of characters in one file. */
export function writtenAt(span: Span, text: string, dialect: Dialect, role = 'version'): WrittenVersion {
  const version = parseReleaseVersion(text);
  return {
    text: version.text,
    version,
    parts: [{ span, role }],
    anchor: span,
    render: (target) => renderVersion(target, dialect),
    edits(target) {
      const newText = renderVersion(target, dialect);
      if (newText === undefined) return undefined;
      return newText === text ? [] : [{ span, newText }];
    },
  };
}

/**
 * A version resolved through variables or macros (a LocatedText): blanks and a leading `v` are left out of
 * it. Undefined when nothing is written.
 */
export function writtenFromLocated(value: LocatedText, dialect: Dialect, role = 'version'): WrittenVersion | undefined {
  let text = value.text;
  let from = 0;
  let to = text.length;
  while (from < to && /\s/.test(text[from])) from++;
  while (to > from && /\s/.test(text[to - 1])) to--;
  if (stripV(text.slice(from, to)) !== text.slice(from, to)) from++;
  if (from >= to) return undefined;
  const located = value.slice(from, to);
  text = located.text;
  const whole = located.span();
  if (whole) return writtenAt(whole, text, dialect, role);
  const anchor = located.firstSpan();
  if (!anchor) return undefined;
  const version = parseReleaseVersion(text);
  const componentEdits = (newText: string): SpanEdit[] | undefined => {
    // Pieces from several places (`glib_major_version.glib_minor_version.0`): each dot-separated component
    // is edited where it is written, when the new value has as many components.
    const before = text.split('.');
    const after = newText.split('.');
    if (before.length !== after.length) return undefined;
    const edits: SpanEdit[] = [];
    let offset = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] !== after[i]) {
        const span = located.slice(offset, offset + before[i].length).span();
        if (!span || before[i] === '') return undefined;
        edits.push({ span, newText: after[i] });
      }
      offset += before[i].length + 1;
    }
    return edits;
  };
  return {
    text,
    version,
    parts: located.spans().map((span) => ({ span, role })),
    anchor,
    render: (target) => renderVersion(target, dialect),
    edits(target) {
      const newText = renderVersion(target, dialect);
      return newText === undefined ? undefined : newText === text ? [] : componentEdits(newText);
    },
  };
}

