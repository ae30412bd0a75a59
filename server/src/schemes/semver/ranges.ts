import * as semver from 'semver';

/**
 * Dependency specifiers that name a workspace package: which ones are version ranges, whether a range
 * accepts the workspace package's current version, and how to rewrite one that does not.
 *
 * Pre-releases: npm (arborist's dep-valid: `semver.satisfies(version, range, true)`) and pnpm (its
 * workspace range resolver: `semver.maxSatisfying(versions, range, { loose: true })`) link a workspace
 * package only when the range accepts its version *without* `includePrerelease`; only `*` (and pnpm's
 * `workspace:*`/`^`/`~`) accept any version, pre-releases included. So `^1.2.0` does not link a workspace
 * package at 1.3.0-beta.1: npm and pnpm look for it in the registry instead. Yarn 2+ does link it (its
 * `satisfiesWithPrereleases`). Such a range is therefore told apart: it would accept the version with
 * pre-releases included, and gets its own rule so that a Yarn 2+ workspace (recognised, or by setting the
 * rule off) is not warned about it.
 */
export type SpecKind =
  /** Not a version range: a path, git, URL, alias, catalog or dist-tag specifier. */
  | { readonly kind: 'ignored' }
  /** Accepts any version: `*`, empty, `workspace:*`, `workspace:^`, `workspace:~`. */
  | { readonly kind: 'any' }
  /** A range, after an optional `workspace:` prefix. */
  | { readonly kind: 'range'; readonly protocol: '' | 'workspace:'; readonly range: string };

const NOT_A_RANGE = /^(?:file|link|portal|patch|exec|git|git\+[a-z]+|github|gitlab|bitbucket|gist|https?|npm|jsr|catalog):/i;

export function classifySpec(spec: string): SpecKind {
  let protocol: '' | 'workspace:' = '';
  let range = spec;
  if (spec.startsWith('workspace:')) {
    protocol = 'workspace:';
    range = spec.slice('workspace:'.length);
    if (['', '*', '^', '~'].includes(range.trim())) return { kind: 'any' };
    // `workspace:other-name@range` (an alias) and `workspace:../path` name something else.
    if (range.includes('@') || range.includes('/')) return { kind: 'ignored' };
  } else {
    if (NOT_A_RANGE.test(spec) || spec.includes('/') || spec.includes('#')) return { kind: 'ignored' };
    if (spec.trim() === '' || spec.trim() === '*') return { kind: 'any' };
  }
  if (semver.validRange(range, { loose: true }) === null) return { kind: 'ignored' };
  return { kind: 'range', protocol, range };
}

export type Acceptance = 'accepts' | 'prerelease-only' | 'rejects';

/** Whether `range` accepts `version` as npm and pnpm decide it; 'prerelease-only' when only `includePrerelease` would. */
export function acceptance(version: string, range: string): Acceptance {
  if (semver.satisfies(version, range, { loose: true })) return 'accepts';
  if (semver.satisfies(version, range, { loose: true, includePrerelease: true })) return 'prerelease-only';
  return 'rejects';
}

const SIMPLE_RANGE = /^\s*(\^|~|=)?\s*v?[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?\s*$/;

/**
 * A range that accepts `version`, in the style of the one written: `^1.2.0` → `^2.0.0`, `~1.2.0` → `~2.0.0`,
 * `1.2.0` → `2.0.0` (exact stays exact, `=` is kept), anything else → `^2.0.0`. Build metadata is left out
 * (ranges ignore it).
 */
export function rewriteRange(range: string, version: string): string {
  const release = semver.parse(version)?.version ?? version;
  const match = SIMPLE_RANGE.exec(range);
  return match ? `${match[1] ?? ''}${release}` : `^${release}`;
}
