import type { Finding, Fix } from '../../core/model';
import type { Range } from '../../core/text';
import { compareReleaseVersions, parseReleaseVersion, renderVersion, type Dialect, type Version } from './version';

/**
 * The git-tag check, as a pure function for the lead to wire to the git baseline: once the sources have
 * changed since the latest release tag, the working release version must be newer than that release
 * (otherwise two different tarballs carry one version number).
 */
export const NOT_NEWER_RULE = 'release/not-newer-than-last-release';

export interface LastReleaseCheck {
  /** The working release version as written (e.g. the package's release version from the sites). */
  readonly working: string;
  /** Where the working version is written: the finding and its fixes go there. */
  readonly at: { readonly file: string; readonly range: Range };
  /** How the site at `at` writes a version (fix text): `tilde` for Debian/RPM, `numbers` for CMake. */
  readonly dialect?: Dialect;
  /** The version of the latest release tag (`1.2.3`; a leading `v` is dropped, so the tag itself also works). */
  readonly lastRelease: string;
  /** The tag, for the message (`v1.2.3`). */
  readonly lastReleaseTag?: string;
  /** Whether any source file differs from the tag. */
  readonly sourcesChanged: boolean;
  /** The release pipeline's check (settings.release): an error rather than a warning. */
  readonly release?: boolean;
}

export function checkNewerThanLastRelease(check: LastReleaseCheck): Finding | undefined {
  if (!check.sourcesChanged) return undefined;
  const working = parseReleaseVersion(check.working);
  const last = parseReleaseVersion(check.lastRelease);
  const order = compareReleaseVersions(working, last);
  // A version that cannot be ordered (not numeric) is only known not to be newer when it is the same.
  if (order === undefined ? working.key !== last.key : order > 0) return undefined;
  const tag = check.lastReleaseTag && check.lastReleaseTag !== check.lastRelease ? `${check.lastReleaseTag} (${last.text})` : last.text;
  const message =
    order !== undefined && order < 0
      ? `the version ${working.text} is older than the last release ${tag}, and the sources changed since: the next release needs a version newer than ${last.text}`
      : `the sources changed since the last release ${tag} but the version is still ${working.text}: the next release needs a newer version`;
  const dialect = check.dialect ?? 'plain';
  const fixes: Fix[] = nextVersions(last).flatMap(({ label, version }, index) => {
    const newText = renderVersion(version, dialect);
    return newText === undefined ? [] : [{ title: `Set to ${newText} (${label})`, edits: [{ file: check.at.file, range: check.at.range, newText }], ...(index === 0 ? { preferred: true } : {}) }];
  });
  return { file: check.at.file, range: check.at.range, severity: check.release ? 'error' : 'warning', code: NOT_NEWER_RULE, message, fixes };
}

/** The versions that can follow a release: its final release if it was a pre-release, else the next patch, minor and major. */
export function nextVersions(last: Version): { label: string; version: Version }[] {
  if (!last.core.length) return [];
  const numbers = last.core.map(Number);
  if (last.pre) return [{ label: `the final release of ${last.text}`, version: parseReleaseVersion(last.core.join('.')) }];
  const bump = (index: number) => parseReleaseVersion(numbers.map((n, i) => (i < index ? n : i === index ? n + 1 : 0)).join('.'));
  const next: { label: string; version: Version }[] = [];
  if (numbers.length >= 3) next.push({ label: 'next patch release', version: bump(2) });
  if (numbers.length >= 2) next.push({ label: 'next minor release', version: bump(1) });
  next.push({ label: 'next major release', version: bump(0) });
  return next;
}
