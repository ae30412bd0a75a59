/**
 * Step 2 of the vmod scheme: reading VIP13 names ("VMOD versioning", Varnish wiki, 2015/2016):
 *
 *     libvmod-NAME-VMODVER[+GITBRANCH].tar.gz        source tarball
 *     vmod-NAME-VMODVER+BRANCH-REL.ARCH.rpm          RPM package
 *     vmod-NAME-VMODVER+BRANCH-REL.deb               package as VIP13 writes it
 *
 * and the forms real VMODs use beside it: Debian's `NAME_VERSION-REV_ARCH.deb` and `.dsc`, Alpine's
 * `NAME-VERSION-rN.apk`, git tags (`vmod-header-0.4+varnish4.0`, `libvmod-digest-1.0.3`, `v2.0.0`, the
 * branch-first `4.1-3.21` of libvmod-redis), GitHub archives (`v2.2.1.tar.gz`). Every offset returned is
 * an offset into the text that was parsed, so callers can put findings on the characters that are wrong.
 */

export type VmodKind = 'tarball' | 'rpm' | 'deb' | 'dsc' | 'apk' | 'tag';

export interface Part {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `VMODVER[+GITBRANCH]` (or the branch-first forms) as written. */
export interface VersionPart {
  /** VMODVER without a leading `v` (the `v` of a tag such as `v2.0.0` is not part of the number). */
  readonly version?: Part;
  /** A leading `v` before VMODVER (`v2.2.1`). */
  readonly vPrefix: boolean;
  readonly branch?: Part;
  /** GITBRANCH written before VMODVER (`4.1-3.21`, `varnish4.0+1.14`), which VIP13 says to avoid. */
  readonly branchFirst: boolean;
  /** The separator between the two when the branch comes first (`-` or `+`). */
  readonly separator?: string;
}

export interface ParsedVmodName extends VersionPart {
  readonly text: string;
  readonly kind: VmodKind;
  /** The package name as written (`libvmod-foo`, `varnish-modules`); undefined for a bare version tag. */
  readonly packageName?: Part;
  /** The VMOD's name without `libvmod-` / `vmod-` / `varnish-vmod-` (`foo`). */
  readonly name?: string;
  /** Package release (`1`, `1.el9`, `r1`, Debian revision `2`). */
  readonly release?: Part;
  readonly arch?: Part;
  /** The archive or package extension (`.tar.gz`, `.x86_64.rpm` is split into arch + `.rpm`). */
  readonly extension: string;
  /** The whole upstream version as written, `v`, VMODVER, separator and GITBRANCH included. */
  readonly upstream?: Part;
}

const TARBALL_EXTENSIONS = ['.tar.gz', '.tar.bz2', '.tar.xz', '.tar.zst', '.tgz', '.tar', '.zip'];
const RPM_ARCHES = new Set(['x86_64', 'i386', 'i486', 'i586', 'i686', 'noarch', 'aarch64', 'armv7hl', 'armhfp', 'armv6hl', 'ppc64le', 'ppc64', 'ppc', 's390x', 's390', 'src', 'nosrc', 'riscv64', 'loongarch64']);

/** Words that stand where VMODVER goes on development branches (AC_INIT([libvmod-dynamic], [trunk])). */
export const PLACEHOLDER_VERSIONS = new Set(['trunk', 'master', 'main', 'dev', 'devel', 'git', 'head', 'HEAD', 'unreleased']);

const NUMBER = /^\d+(?:\.\d+)*$/;

export function isNumericVersion(text: string): boolean {
  return NUMBER.test(text);
}

/** Package names that are VMODs: `libvmod-foo`, `vmod-foo`, `vmod_foo`, Debian's `varnish-vmod-foo`, `varnish-modules`. */
export function isVmodPackageName(name: string): boolean {
  return /^(?:lib)?vmod[-_][A-Za-z0-9]/.test(name) || /^varnish-vmods?-[A-Za-z0-9]/.test(name) || name === 'varnish-modules';
}

/** The VMOD's own name: the package name without its `libvmod-` / `vmod-` / `varnish-vmod-` prefix. */
export function vmodName(packageName: string): string {
  return packageName.replace(/^(?:varnish-vmods?-|(?:lib)?vmod[-_])/, '');
}

/**
 * Splits `VMODVER[+GITBRANCH]`. The branch-first forms are recognised so they can be reported: a branch
 * (`v4.0`, `varnish4.0`, `4.1`) then `-` or `+` then a number (`3.21`).
 */
export function parseVersionPart(text: string, offset = 0): VersionPart {
  const part = (start: number, end: number): Part => ({ text: text.slice(start, end), start: offset + start, end: offset + end });
  const plus = text.indexOf('+');
  if (plus >= 0) {
    const left = text.slice(0, plus);
    const right = text.slice(plus + 1);
    const leftNumber = /^v?\d/.test(left) && isNumericVersion(left.replace(/^v/, ''));
    const rightNumber = isNumericVersion(right.replace(/^v/, ''));
    // `varnish4.0+1.14`: a branch first. A left part starting with a digit is a (maybe broken) VMODVER.
    if (!leftNumber && rightNumber && left !== '' && !/^\d/.test(left) && !PLACEHOLDER_VERSIONS.has(left)) {
      const vPrefix = right.startsWith('v');
      return { version: part(plus + 1 + (vPrefix ? 1 : 0), text.length), vPrefix, branch: part(0, plus), branchFirst: true, separator: '+' };
    }
    const vPrefix = leftNumber && left.startsWith('v');
    return { version: left === '' ? undefined : part(vPrefix ? 1 : 0, plus), vPrefix, branch: part(plus + 1, text.length), branchFirst: false };
  }
  const branchFirst = /^((?:v|varnish|branch-)?\d+(?:\.\d+)*(?:-lts)?)-(v?)(\d+(?:\.\d+)*)$/.exec(text);
  if (branchFirst) {
    const versionStart = branchFirst[1].length + 1 + branchFirst[2].length;
    return { version: part(versionStart, text.length), vPrefix: branchFirst[2] === 'v', branch: part(0, branchFirst[1].length), branchFirst: true, separator: '-' };
  }
  const vPrefix = /^v\d/.test(text) && isNumericVersion(text.slice(1));
  return { version: text === '' ? undefined : part(vPrefix ? 1 : 0, text.length), vPrefix, branchFirst: false };
}

/** Splits `NAME-VERSIONPART`: the name ends at the first `-` that a version (or `trunk`) follows. */
function splitName(text: string): { name?: string; rest: string; restStart: number } {
  // A bare version tag (`0.1`, `v2.0.0`, the branch-first `4.1-3.21` and `v3-1.0`) has no name.
  if (/^(?:v|varnish)?\d/.test(text)) return { rest: text, restStart: 0 };
  const match = /-(?=(?:v|varnish)?\d|(?:trunk|master|main|devel?|unreleased)(?:$|\+))/.exec(text);
  if (!match) {
    // A name with no version at all (`libvmod-foo`).
    return { name: text, rest: '', restStart: text.length };
  }
  return { name: text.slice(0, match.index), rest: text.slice(match.index + 1), restStart: match.index + 1 };
}

/** The extension of an archive or package name, longest first. */
function extensionOf(text: string): { kind: VmodKind; extension: string } {
  const lower = text.toLowerCase();
  for (const extension of TARBALL_EXTENSIONS) if (lower.endsWith(extension)) return { kind: 'tarball', extension };
  if (lower.endsWith('.rpm')) return { kind: 'rpm', extension: '.rpm' };
  if (lower.endsWith('.deb') || lower.endsWith('.ddeb')) return { kind: 'deb', extension: lower.endsWith('.ddeb') ? '.ddeb' : '.deb' };
  if (lower.endsWith('.dsc')) return { kind: 'dsc', extension: '.dsc' };
  if (lower.endsWith('.apk')) return { kind: 'apk', extension: '.apk' };
  return { kind: 'tag', extension: '' };
}

/**
 * Reads one name: a tarball, a package, a tag or a directory name. Never fails: what cannot be read is
 * left undefined, and `validate.ts` says why.
 */
export function parseVmodName(text: string): ParsedVmodName {
  const { kind, extension } = extensionOf(text);
  let stem = text.slice(0, text.length - extension.length);
  const part = (start: number, end: number): Part => ({ text: text.slice(start, end), start, end });
  let release: Part | undefined;
  let arch: Part | undefined;

  // Debian names are NAME_VERSION[-REVISION][_ARCH]: underscores separate, never belong to a field.
  if ((kind === 'deb' || kind === 'dsc') && stem.includes('_')) {
    const first = stem.indexOf('_');
    const second = stem.indexOf('_', first + 1);
    const versionEnd = second < 0 ? stem.length : second;
    if (second >= 0) arch = part(second + 1, stem.length);
    let upstreamEnd = versionEnd;
    const dash = stem.lastIndexOf('-', versionEnd - 1);
    if (dash > first) {
      release = part(dash + 1, versionEnd);
      upstreamEnd = dash;
    }
    let upstreamStart = first + 1;
    const epoch = /^\d+(?::|%3a)/i.exec(stem.slice(upstreamStart, upstreamEnd));
    if (epoch) upstreamStart += epoch[0].length;
    const packageName = part(0, first);
    const versionPart = parseVersionPart(stem.slice(upstreamStart, upstreamEnd), upstreamStart);
    return { text, kind, extension, packageName, name: vmodName(packageName.text), release, arch, upstream: part(upstreamStart, upstreamEnd), ...versionPart };
  }

  if (kind === 'rpm') {
    const dot = stem.lastIndexOf('.');
    if (dot > 0 && RPM_ARCHES.has(stem.slice(dot + 1))) {
      arch = part(dot + 1, stem.length);
      stem = stem.slice(0, dot);
    }
  }
  if (kind === 'rpm' || kind === 'deb' || kind === 'apk') {
    // NAME-VERSION-RELEASE: the release follows the last hyphen (RPM versions cannot contain one).
    const dash = stem.lastIndexOf('-');
    if (dash > 0 && /^(?:r?\d[A-Za-z0-9_.~^+]*)$/.test(stem.slice(dash + 1))) {
      release = part(dash + 1, stem.length);
      stem = stem.slice(0, dash);
    }
  }
  const { name, rest, restStart } = splitName(stem);
  // A tag such as `branch-7.3` names a branch, not a version.
  if (name && /^branch$/i.test(name)) {
    return { text, kind, extension, branch: part(restStart, stem.length), vPrefix: false, branchFirst: false, upstream: part(restStart, stem.length) };
  }
  const packageName = name ? part(0, name.length) : undefined;
  const versionPart = parseVersionPart(rest, restStart);
  return {
    text,
    kind,
    extension,
    packageName,
    name: packageName ? vmodName(packageName.text) : undefined,
    release,
    arch,
    upstream: rest ? part(restStart, restStart + rest.length) : undefined,
    ...versionPart,
  };
}

/** Whether a name looks like a VMOD's (for recognising names in text and listings without being told). */
export function looksLikeVmodName(text: string): boolean {
  const parsed = parseVmodName(text);
  return Boolean(parsed.packageName && isVmodPackageName(parsed.packageName.text) && (parsed.version || parsed.branch));
}

/**
 * VIP13 sorting: numerically, component by component (1.10 comes after 1.9; 2.10 after 2.9). Missing
 * components count as 0 (1.0 = 1). Non-numeric versions sort before every number.
 */
export function compareVmodVersions(a: string, b: string): number {
  const na = isNumericVersion(a.replace(/^v/, ''));
  const nb = isNumericVersion(b.replace(/^v/, ''));
  if (!na || !nb) return na === nb ? (a < b ? -1 : a > b ? 1 : 0) : na ? 1 : -1;
  const pa = a.replace(/^v/, '').split('.').map(BigInt);
  const pb = b.replace(/^v/, '').split('.').map(BigInt);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0n;
    const y = pb[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The Varnish version a branch name stands for (`4.0`, `v4.0`, `varnish4.0`, `6.0-lts`, `7.1rc`, `varnish3`). */
export function branchVarnishVersion(branch: string): string | undefined {
  const match = /^(?:v|varnish-?|branch-)?(\d{1,2})(?:\.(\d{1,3}))?(?:\.\d+)?(?:$|[-.+]?(?:lts|rc\d*|plus|x)\b|-)/i.exec(branch);
  if (!match) return undefined;
  return match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`;
}

/**
 * Whether a Varnish version written to some precision (`4.0`, `3`) is within VARNISH_PREREQ's range
 * [minimum, maximum): compared only as far as the branch says (branch `4.1` meets a minimum of 4.1.4).
 */
export function withinPrereq(varnish: string, minimum: string | undefined, maximum: string | undefined): 'below' | 'above' | 'within' {
  const precision = varnish.split('.').length;
  const cut = (v: string) => v.split('.').slice(0, precision).join('.');
  if (minimum && isNumericVersion(minimum) && compareVmodVersions(varnish, cut(minimum)) < 0) return 'below';
  if (maximum && isNumericVersion(maximum) && compareVmodVersions(varnish, cut(maximum)) >= 0 && compareVmodVersions(varnish, maximum) >= 0) return 'above';
  return 'within';
}
