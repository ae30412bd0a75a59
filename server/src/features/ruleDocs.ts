/**
 * Where each rule code is documented: `docs/rules/<scheme>/<rule>.md`, one page per code (what the rule
 * checks and why, an example with the exact message, how to fix and how to silence it), indexed by
 * `docs/rules/README.md`. `RULE_CODES` lists every code a scheme or the project configuration can emit;
 * test/unit/ruleDocs.test.ts keeps it, the `RULES` objects the schemes export and the pages in step.
 * Pure: the paths are workspace-style (`/`), relative to the Versionwise package root; nothing is read.
 */

/** Every rule code Versionwise can emit, sorted. */
export const RULE_CODES: readonly string[] = Object.freeze([
  'config/invalid-value',
  'config/malformed',
  'config/missing-justification',
  'config/unknown-key',
  'config/unused-suppression',
  'firmware/base-reset',
  'firmware/cross-base-order',
  'firmware/guc-version-not-8-bit',
  'firmware/link-target-missing',
  'firmware/link-to-link',
  'firmware/not-in-whence',
  'firmware/requested-version-missing',
  'firmware/requested-version-older',
  'firmware/unknown-name',
  'firmware/whence-file-missing',
  'firmware/whence-version-mismatch',
  'libtool/age-exceeds-current',
  'libtool/age-not-reset',
  'libtool/age-too-high',
  'libtool/avoid-version-with-version-info',
  'libtool/bump-needed',
  'libtool/convenience-library',
  'libtool/current-decreased',
  'libtool/current-not-incremented',
  'libtool/current-skipped',
  'libtool/invalid-version-info',
  'libtool/missing-argument',
  'libtool/needless-age-bump',
  'libtool/needless-current-bump',
  'libtool/needless-soname-change',
  'libtool/overridden-flag',
  'libtool/release-number-as-version-info',
  'libtool/revision-not-incremented',
  'libtool/revision-not-reset',
  'libtool/too-many-fields',
  'libtool/unresolved-variable',
  'libtool/version-changed-without-change',
  'libtool/version-number',
  'migration/bump-needed',
  'migration/incompatible-entry',
  'migration/invalid-version',
  'migration/major-bump-required',
  'migration/minor-bump-required',
  'migration/needless-major-bump',
  'migration/version-decreased',
  'pmix/invalid-number',
  'pmix/invalid-quantifier',
  'pmix/invalid-snapshot-name',
  'pmix/missing-field',
  'pmix/nonstandard-quantifier',
  'pmix/quantifier-zero',
  'pmix/so-version-in-prerelease',
  'pmix/version-decreased',
  'release/not-newer-than-last-release',
  'release/soname-mismatch',
  'release/version-mismatch',
  'semver/build-metadata',
  'semver/bump-needed',
  'semver/bump-too-small',
  'semver/duplicate-workspace-name',
  'semver/empty-identifier',
  'semver/invalid-character',
  'semver/leading-zero',
  'semver/malformed-package-json',
  'semver/missing-field',
  'semver/missing-version',
  'semver/not-newer-than-last-release',
  'semver/npm-limit',
  'semver/prerelease-leading-zero',
  'semver/range-as-version',
  'semver/too-many-fields',
  'semver/v-prefix',
  'semver/version-not-string',
  'semver/whitespace',
  'semver/workspace-range-excludes-prerelease',
  'semver/workspace-range-mismatch',
  'vmod/branch-before-version',
  'vmod/branch-varnish-mismatch',
  'vmod/empty-branch',
  'vmod/missing-version',
  'vmod/trunk-version',
  'vmod/underscore-in-branch',
  'vmod/version-decreased',
  'vmod/version-not-numeric',
]);

const CODE = /^([a-z][a-z0-9]*)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * The page documenting a rule code, e.g. `libtool/age-exceeds-current` →
 * `docs/rules/libtool/age-exceeds-current.md`. Only the shape of the code is checked (so that no code can
 * name a path outside `docs/rules/`), not that the rule exists: see `RULE_CODES`.
 */
export function ruleDocPath(code: string): string {
  const match = CODE.exec(code);
  if (!match) throw new Error(`not a rule code: '${code}' (expected <scheme>/<rule>, e.g. libtool/age-exceeds-current)`);
  return `docs/rules/${match[1]}/${match[2]}.md`;
}
