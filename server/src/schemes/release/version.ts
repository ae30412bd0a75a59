import * as semver from 'semver';

/**
 * Release versions as the release scheme compares them. A version is read from the text a site writes
 * (without a leading `v`) and reduced to a *key*; two sites agree when their keys are equal (and see
 * `agreement.ts` for the few sites that cannot write every part of a version).
 *
 * The rule, in full:
 *  1. Blanks around the text and one leading `v`/`V` before a digit are dropped (`v1.2.3` is `1.2.3`).
 *  2. The numeric core is the leading run of dot-separated digit groups (`1.2.3`), kept as written:
 *     `1.2` and `1.2.0` differ (they name different tarballs), and so do `1.02` and `1.2`.
 *  3. A pre-release right after the core, with or without a separator (`~`, `-`, `.`, `_`), is one of
 *     `alpha`/`a`, `beta`/`b`, `rc`/`c`/`pre`/`preview` or `dev`, then an optional separator and number.
 *     Synonyms are merged as PEP 440 does (alpha→a, beta→b, c/pre/preview→rc), the number loses leading
 *     zeros, and a missing number stays missing. So `1.2.3~rc1` (Debian, RPM), `1.2.3rc1` (GNU, PEP 440,
 *     Open MPI), `1.2.3-rc1` and `1.2.3-rc.1` (semver) are one pre-release; `1.2.3-rc` is not `1.2.3-rc1`.
 *     A single `a`, `b` or `c` counts only when a number follows (`1.1.1a` is OpenSSL's letter release,
 *     not an alpha).
 *  4. Whatever follows is kept, lower-cased (`+build5`, `.post1`, `a` of `1.1.1a`).
 *  5. Text that does not start with a digit (`UNKNOWN`, `git`) is compared as lower-cased text.
 */
export type PreTag = 'dev' | 'a' | 'b' | 'rc';

export interface Version {
  /** As written, without blanks or a leading `v`. */
  readonly text: string;
  /** The numeric components as written; empty when the text does not start with a digit. */
  readonly core: readonly string[];
  readonly pre?: {
    readonly tag: PreTag;
    /** Without leading zeros; '' when none is written. */
    readonly number: string;
    /** The pre-release as written, without the separator before it (`rc.1`, `beta2`). */
    readonly written: string;
  };
  /** The rest after the core and pre-release, as written. */
  readonly rest: string;
  /** The normalised form: equal keys are the same version. */
  readonly key: string;
}

const PRE_TAGS: Record<string, PreTag> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', rc: 'rc', c: 'rc', pre: 'rc', preview: 'rc', dev: 'dev' };
const PRE = /^([-~._]?)(alpha|beta|preview|pre|rc|dev|a|b|c)([-._]?)([0-9]*)/i;

export function parseReleaseVersion(written: string): Version {
  const text = stripV(written.trim());
  const core = /^[0-9]+(?:\.[0-9]+)*/.exec(text);
  if (!core) return { text, core: [], rest: text, key: text.toLowerCase() };
  let suffix = text.slice(core[0].length);
  let pre: Version['pre'];
  const match = PRE.exec(suffix);
  // A single letter is a pre-release only with a number after it; a longer word may stand alone, but not
  // run into more letters (`1.2.3rcx` is not a release candidate).
  const letterAfter = match ? /^[A-Za-z]/.test(suffix.slice(match[0].length)) : false;
  if (match && !letterAfter && (match[2].length > 1 || match[4] !== '')) {
    pre = { tag: PRE_TAGS[match[2].toLowerCase()], number: match[4].replace(/^0+(?=[0-9])/, ''), written: match[0].slice(match[1].length) };
    suffix = suffix.slice(match[0].length);
  }
  const numbers = core[0].split('.');
  return { text, core: numbers, pre, rest: suffix, key: numbers.join('.') + (pre ? pre.tag + pre.number : '') + suffix.toLowerCase() };
}

export function stripV(text: string): string {
  return /^[vV][0-9]/.test(text) ? text.slice(1) : text;
}

/** Orders two versions (core numerically, a pre-release before its release); undefined when either is not numeric. */
export function compareReleaseVersions(a: Version, b: Version): number | undefined {
  if (!a.core.length || !b.core.length) return undefined;
  const length = Math.max(a.core.length, b.core.length);
  for (let i = 0; i < length; i++) {
    const difference = compareDigits(a.core[i] ?? '0', b.core[i] ?? '0');
    if (difference) return difference;
  }
  if (a.pre && !b.pre) return -1;
  if (!a.pre && b.pre) return 1;
  if (a.pre && b.pre) {
    const order: PreTag[] = ['dev', 'a', 'b', 'rc'];
    const difference = order.indexOf(a.pre.tag) - order.indexOf(b.pre.tag) || compareDigits(a.pre.number || '0', b.pre.number || '0');
    if (difference) return Math.sign(difference);
  }
  const restA = a.rest.toLowerCase();
  const restB = b.rest.toLowerCase();
  if (restA === restB) return 0;
  if (!restA) return -1;
  if (!restB) return 1;
  return Math.sign(restA.localeCompare(restB, 'en', { numeric: true }));
}

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=[0-9])/, '');
  const y = b.replace(/^0+(?=[0-9])/, '');
  return x.length !== y.length ? Math.sign(x.length - y.length) : x < y ? -1 : x > y ? 1 : 0;
}

/**
 * How a version is written at a kind of site. Each site writes a value in its own syntax: a quick fix that
 * aligns a Debian changelog with `1.2.4-rc1` writes `1.2.4~rc1`.
 */
export type Dialect = 'plain' | 'tilde' | 'semver' | 'numbers';

export function renderVersion(version: Version, dialect: Dialect): string | undefined {
  const pre = version.pre ? version.pre.written : '';
  switch (dialect) {
    case 'numbers':
      // CMake's project(VERSION): up to four non-negative integers, nothing else.
      return version.core.length >= 1 && version.core.length <= 4 ? version.core.join('.') : undefined;
    case 'tilde':
      // Debian and RPM sort `~` before anything, which is what a pre-release needs.
      if (!version.core.length) return undefined;
      return version.core.join('.') + (pre ? `~${pre}` : '') + version.rest;
    case 'semver': {
      if (semver.valid(version.text, { loose: false }) === version.text) return version.text;
      if (!version.core.length) return version.text;
      const rest = version.rest && !/^[-+.]/.test(version.rest) ? `-${version.rest}` : version.rest;
      return version.core.join('.') + (pre ? `-${pre}` : '') + rest;
    }
    case 'plain':
      if (version.core.length && version.pre && /^[0-9.]+~/.test(version.text)) return version.core.join('.') + `-${pre}` + version.rest;
      return version.text;
  }
}
