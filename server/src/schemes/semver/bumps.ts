import * as semver from 'semver';
import type { Fix } from '../../core/model';
import type { Range } from '../../core/text';

/**
 * Step 5 of the semver scheme: the next version for each kind of release, by `semver.inc` (which resets
 * the lower fields as SemVer requires: 1.2.3 → 2.0.0, 1.3.0, 1.2.4). Pre-releases get no identifier
 * (1.2.3 → 1.2.4-0), so nothing is invented; a pre-release is bumped within its own identifiers
 * (1.2.3-rc.1 → 1.2.3-rc.2), and `major`/`minor`/`patch` of a pre-release release it when it is already
 * the pre-release of that kind (2.0.0-rc.1 → 2.0.0 for major).
 */
export const BUMP_KINDS = ['major', 'minor', 'patch', 'premajor', 'preminor', 'prepatch', 'prerelease'] as const;
export type BumpKind = (typeof BUMP_KINDS)[number];

/** The next versions of a valid version (build metadata is dropped, as `semver.inc` does), or undefined. */
export function nextVersions(version: string): Record<BumpKind, string> | undefined {
  if (semver.valid(version) === null) return undefined;
  const next = {} as Record<BumpKind, string>;
  for (const kind of BUMP_KINDS) {
    const value = semver.inc(version, kind);
    if (value === null) return undefined;
    next[kind] = value;
  }
  return next;
}

/** One fix per kind of release, each replacing the version string's content. */
export function bumpFixes(version: string, file: string, range: Range): Fix[] {
  const next = nextVersions(version);
  if (!next) return [];
  return BUMP_KINDS.map((kind) => ({ title: `Bump version to ${next[kind]} (${kind})`, edits: [{ file, range, newText: next[kind] }] }));
}
