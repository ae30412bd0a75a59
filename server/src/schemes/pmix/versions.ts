import type { Severity } from '../../core/model';

/**
 * Step 2 of the pmix scheme: OpenPMIx / Open MPI software versions (docs/versions.rst, "Version Numbers
 * and Binary Compatibility"): `major.minor.release` and an optional quantifier — `aX` (alpha X), `bX`
 * (beta X), `rcX` (release candidate X; v1.2.3rc4 is the 4th release candidate of 1.2.3) — plus the
 * `dev` tag of the development branch; and the two forms of snapshot tarball names:
 *
 *     pmix-v1.0.2-57-gb9f1fd9.tar.bz2          git describe: 57 commits after tag v1.0.2, at hash b9f1fd9
 *     pmix-dev-8-gf21c349.tar.bz2              8 commits after the `dev` tag of master
 *     pmix-<branch>-<YYYYMMDDHHMM>-<hash>.tar.<comp>    contrib/nightly/create_tarball.sh
 *
 * Ordering within one major.minor.release: dev < aN < bN < rcN < final (N numerically).
 */
export type QuantifierKind = 'a' | 'b' | 'rc' | 'dev';

export interface Quantifier {
  readonly text: string;
  /** Undefined for an empty quantifier (a final release) and for one outside the documented forms. */
  readonly kind?: QuantifierKind;
  readonly number?: number;
  readonly problem?: QuantifierProblem;
}

export interface QuantifierProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The documented spelling, when the written one maps onto it (`beta1` → `b1`, `rc` → `rc1`). */
  readonly replacement?: string;
}

export const QUANTIFIER_RULES = {
  invalid: 'pmix/invalid-quantifier',
  nonstandard: 'pmix/nonstandard-quantifier',
  zero: 'pmix/quantifier-zero',
} as const;

const KIND_NAME: Record<QuantifierKind, string> = { a: 'alpha release', b: 'beta release', rc: 'release candidate', dev: 'development snapshot' };
const RANK: Record<QuantifierKind | 'final', number> = { dev: 0, a: 1, b: 2, rc: 3, final: 4 };

/**
 * Reads a `greek=` value or the quantifier after a version. Decisions (documented in the scheme):
 *  - `aN`, `bN`, `rcN` with N ≥ 1, and `dev`, are the documented forms;
 *  - `a0`, `b0`, `rc0`: a warning, because the number counts releases from 1 ("rc4 = the 4th");
 *  - `a`, `b`, `rc` without a number: an error, the number is part of the form;
 *  - white space or non-printable characters: an error (the VERSION file says greek "must be entirely
 *    printable ASCII … no white space");
 *  - any other printable word (`beta1`, `alpha2`, `pre1`, Open MPI's `amzn1`, `-actual`): a warning, since
 *    it has no place in the a < b < rc < final order; `beta1`/`alpha2`/`RC3` get a fix to `b1`/`a2`/`rc3`.
 */
export function parseQuantifier(text: string): Quantifier {
  if (text === '') return { text };
  if (text === 'dev') return { text, kind: 'dev' };
  const standard = /^(a|b|rc)(\d+)$/.exec(text);
  if (standard) {
    const kind = standard[1] as QuantifierKind;
    const number = Number(standard[2]);
    if (number === 0) {
      return { text, kind, number, problem: { code: QUANTIFIER_RULES.zero, severity: 'warning', message: `'${text}': ${KIND_NAME[kind]}s are counted from 1 (rc4 is the 4th release candidate), so ${kind}0 has no place in the order; use ${kind}1`, replacement: `${kind}1` } };
    }
    return { text, kind, number };
  }
  if (/^(a|b|rc)$/.test(text)) {
    return { text, problem: { code: QUANTIFIER_RULES.invalid, severity: 'error', message: `'${text}' has no number: the quantifier is ${text}X, X counting the ${KIND_NAME[text as QuantifierKind]}s (e.g. ${text}1)`, replacement: `${text}1` } };
  }
  if (/[^\x21-\x7e]/.test(text)) {
    return { text, problem: { code: QUANTIFIER_RULES.invalid, severity: 'error', message: `'${text}' contains white space or a non-printable character: the greek quantifier must be entirely printable ASCII with no white space` } };
  }
  const alias = /^[-.~_]?(alpha|a|beta|b|rc|pre|cr)[-._]?(\d+)$/i.exec(text);
  if (alias) {
    const word = alias[1].toLowerCase();
    const kind: QuantifierKind = word === 'alpha' || word === 'a' ? 'a' : word === 'beta' || word === 'b' ? 'b' : 'rc';
    const replacement = `${kind}${Number(alias[2])}`;
    return { text, problem: { code: QUANTIFIER_RULES.nonstandard, severity: 'warning', message: `'${text}' is not one of the documented quantifiers aX, bX, rcX: write ${replacement} so that it sorts ${kind === 'rc' ? 'after alphas and betas and before the final release' : kind === 'b' ? 'after alphas and before release candidates' : 'before betas and release candidates'}`, replacement } };
  }
  return { text, problem: { code: QUANTIFIER_RULES.nonstandard, severity: 'warning', message: `'${text}' is not one of the documented quantifiers aX (alpha), bX (beta), rcX (release candidate): it has no place in the order a < b < rc < final` } };
}

export interface PmixVersion {
  readonly text: string;
  readonly vPrefix: boolean;
  readonly major?: number;
  /** Undefined in a branch tag such as `v2.x-dev`. */
  readonly minor?: number;
  /** Open MPI before v1.10 omitted a zero release (`1.8` = 1.8.0); `releaseWritten` says whether it was written. */
  readonly release?: number;
  readonly releaseWritten: boolean;
  readonly quantifier: Quantifier;
  /** The branch a `vN.x-dev` tag names. */
  readonly branch?: string;
}

/** `v1.2.3rc4`, `5.0.0`, `1.8`, `dev`, `v2.x-dev`, `v1.8.7-actual`; undefined when it is none of them. */
export function parsePmixVersion(text: string): PmixVersion | undefined {
  if (text === 'dev') return { text, vPrefix: false, releaseWritten: false, quantifier: parseQuantifier('dev'), branch: 'master' };
  const branchDev = /^v(\d+)\.x-dev$/.exec(text);
  if (branchDev) return { text, vPrefix: true, major: Number(branchDev[1]), releaseWritten: false, quantifier: parseQuantifier('dev'), branch: `v${branchDev[1]}.x` };
  const match = /^(v?)(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?(.*)$/.exec(text);
  if (!match) return undefined;
  // A dot after the numbers starts a fourth number, not a quantifier: not this scheme's version.
  if (/^\.\d/.test(match[5])) return undefined;
  return {
    text,
    vPrefix: match[1] === 'v',
    major: Number(match[2]),
    minor: Number(match[3]),
    release: match[4] === undefined ? 0 : Number(match[4]),
    releaseWritten: match[4] !== undefined,
    quantifier: parseQuantifier(match[5]),
  };
}

export function formatPmixVersion(major: number, minor: number, release: number, greek: string): string {
  return `${major}.${minor}.${release}${greek}`;
}

/**
 * Orders two versions: numbers first, then dev < a < b < rc < final and the quantifier's number.
 * Undefined when a quantifier outside the documented forms makes the order unknown.
 */
export function comparePmixVersions(a: PmixVersion, b: PmixVersion): number | undefined {
  for (const key of ['major', 'minor', 'release'] as const) {
    const x = a[key] ?? 0;
    const y = b[key] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  const rank = (q: Quantifier) => (q.text === '' ? RANK.final : q.kind ? RANK[q.kind] : undefined);
  const ra = rank(a.quantifier);
  const rb = rank(b.quantifier);
  if (ra === undefined || rb === undefined) return a.quantifier.text === b.quantifier.text ? 0 : undefined;
  if (ra !== rb) return ra < rb ? -1 : 1;
  const na = a.quantifier.number ?? 0;
  const nb = b.quantifier.number ?? 0;
  return na === nb ? 0 : na < nb ? -1 : 1;
}

export function describeQuantifier(version: PmixVersion): string {
  const q = version.quantifier;
  const base = version.major !== undefined && version.minor !== undefined ? `${version.major}.${version.minor}.${version.release ?? 0}` : 'this version';
  if (q.text === '') return `no quantifier: the final release of ${base}`;
  if (q.kind === 'dev') return `\`dev\`: the development branch${version.branch ? ` (${version.branch})` : ''}, before any alpha of the next release`;
  if (q.kind && q.number !== undefined) return `\`${q.text}\`: ${KIND_NAME[q.kind]} ${q.number} of ${base}`;
  return `\`${q.text}\`: not a documented quantifier (aX, bX, rcX), so its place in the order is unknown`;
}

export const SNAPSHOT_PACKAGES = ['pmix', 'openpmix', 'openmpi', 'ompi', 'prrte', 'hwloc'];

export interface Snapshot {
  readonly text: string;
  readonly form: 'describe' | 'nightly';
  readonly package: string;
  readonly tag?: string;
  readonly commits?: number;
  /** The abbreviated git hash, without git describe's `g`. */
  readonly hash: string;
  readonly branch?: string;
  /** True when the branch is inferred from the tag (git describe names do not carry it). */
  readonly branchInferred: boolean;
  /** `YYYYMMDDHHMM` as written (nightly names). */
  readonly timestamp?: string;
  readonly extension: string;
  readonly problem?: string;
}

const ARCHIVE = /(\.tar\.(?:gz|bz2|xz|zst)|\.tgz|\.zip)$/;

/** The release series branch a git-describe tag belongs to (`v1.0.2` → `v1.0`, `dev` → `master`, `v2.x-dev` → `v2.x`). */
export function branchOfTag(tag: string): string | undefined {
  const version = parsePmixVersion(tag);
  if (version?.branch) return version.branch;
  if (version?.major !== undefined && version.minor !== undefined) return `v${version.major}.${version.minor}`;
  return undefined;
}

/** A snapshot tarball name (either form), or undefined. */
export function parseSnapshotName(text: string): Snapshot | undefined {
  const extension = ARCHIVE.exec(text)?.[1] ?? '';
  const stem = text.slice(0, text.length - extension.length);
  const nightly = /^([A-Za-z][A-Za-z0-9_]*)-(.+)-(\d{12})-g?([0-9a-f]{6,40})$/.exec(stem);
  if (nightly) {
    const [, pkg, branch, timestamp, hash] = nightly;
    return { text, form: 'nightly', package: pkg, hash, branch, branchInferred: false, timestamp, extension, problem: timestampProblem(timestamp) };
  }
  const describe = /^([A-Za-z][A-Za-z0-9_]*)-(.+)-(\d+)-g([0-9a-f]{4,40})$/.exec(stem);
  if (describe) {
    const [, pkg, tag, commits, hash] = describe;
    return { text, form: 'describe', package: pkg, tag, commits: Number(commits), hash, branch: branchOfTag(tag), branchInferred: true, extension };
  }
  return undefined;
}

/** Why a nightly timestamp is not a date and time, if it is not. */
export function timestampProblem(timestamp: string): string | undefined {
  const [year, month, day, hour, minute] = [timestamp.slice(0, 4), timestamp.slice(4, 6), timestamp.slice(6, 8), timestamp.slice(8, 10), timestamp.slice(10, 12)].map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59) {
    return `'${timestamp}' is not a YYYYMMDDHHMM date and time (year ${year}, month ${month}, day ${day}, ${hour}:${String(minute).padStart(2, '0')})`;
  }
  return undefined;
}

export function isoTimestamp(timestamp: string): string {
  return `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6, 8)}T${timestamp.slice(8, 10)}:${timestamp.slice(10, 12)}`;
}

/** A release tarball or tag with the package in front: `pmix-5.0.0rc2.tar.bz2`, `openmpi-5.0.8`. */
export function parsePackagedVersion(text: string): { package?: string; version: PmixVersion; extension: string } | undefined {
  const extension = ARCHIVE.exec(text)?.[1] ?? '';
  const stem = text.slice(0, text.length - extension.length);
  const direct = parsePmixVersion(stem);
  if (direct) return { version: direct, extension };
  const match = /^([A-Za-z][A-Za-z0-9_]*)-(.+)$/.exec(stem);
  const version = match ? parsePmixVersion(match[2]) : undefined;
  return version ? { package: match![1], version, extension } : undefined;
}
