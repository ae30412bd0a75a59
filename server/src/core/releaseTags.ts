/**
 * Which git tags are releases of a package. Real release tags look like `v1.2.3`, `1.2.3`, `R_2_6_0`,
 * `libgcrypt-1.12.2`, `release-2.1.12-stable` or `pcre2-10.47`; pre-releases (`v3.1.0rc5`, `1.2-rc1`,
 * `2.0-beta`) and other packages' tags in a monorepo (`otherlib-1.0`) are not.
 */
// A VIP13 vmod tag carries its git branch after '+': `vmod-header-0.4+varnish4.0`.
const RELEASE_TAG = /^(?:(?<prefix>[A-Za-z][A-Za-z0-9+_.-]*?)[-_])?(?:v|V)?(?<version>\d+(?:[._]\d+)+)(?:[-_](?<suffix>[A-Za-z]+))?(?:\+[A-Za-z0-9.-]+)?$/;
/** npm monorepo tools (lerna, changesets) tag `name@1.2.3` and `@scope/name@1.2.3`. */
const PACKAGE_AT_TAG = /^(?<prefix>@?[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)?)@v?(?<version>\d+(?:\.\d+)+)$/;
const GENERIC_PREFIXES = new Set(['release', 'rel', 'version', 'ver', 'v', 'r', 'tag', 'stable']);
const PRERELEASE_WORDS = /^(rc|alpha|beta|pre|preview|dev|snapshot|test|a|b)$/i;

const normalise = (name: string) => name.toLowerCase().replace(/^@[^/]+\//, '').replace(/[^a-z0-9]/g, '');

export function isReleaseTag(tag: string, packageNames: readonly string[] = [], pattern?: RegExp): boolean {
  if (pattern) return pattern.test(tag);
  const packageTag = PACKAGE_AT_TAG.exec(tag);
  if (packageTag?.groups) {
    const names = packageNames.map(normalise).filter(Boolean);
    return !names.length || names.includes(normalise(packageTag.groups.prefix));
  }
  const match = RELEASE_TAG.exec(tag);
  if (!match?.groups) return false;
  const { prefix, suffix } = match.groups;
  if (suffix && PRERELEASE_WORDS.test(suffix)) return false;
  if (!prefix || GENERIC_PREFIXES.has(prefix.toLowerCase())) return true;
  const names = packageNames.map(normalise).filter(Boolean);
  if (!names.length) return true;
  const p = normalise(prefix);
  // `libgcrypt-1.12.2` is a release of gcrypt / libgcrypt; `pcre2-10.47` of pcre2.
  return names.some((n) => n === p || n === `lib${p}` || p === `lib${n}`);
}

/** A user's tag pattern, or an explanation of why it is not a regular expression. */
export function compileTagPattern(pattern: string | undefined): { regex?: RegExp; error?: string } {
  if (!pattern) return {};
  try {
    return { regex: new RegExp(pattern) };
  } catch (error) {
    return { error: `the tag pattern '${pattern}' is not a valid regular expression: ${(error as Error).message}` };
  }
}

/** Refs from settings and the command line: names git would accept, and never an option. */
export function isSafeRef(ref: string): boolean {
  return /^[A-Za-z0-9._/@{}^~+-]{1,255}$/.test(ref) && !ref.startsWith('-') && !ref.includes('..') && !ref.includes('@{-');
}
