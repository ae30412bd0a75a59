import * as semver from 'semver';
import type { Severity } from '../../core/model';

/**
 * Steps 2 and 3 of the semver scheme: parse a version by the SemVer 2.0.0 grammar and say, for each way it
 * breaks the grammar, what is wrong and how to write it instead.
 *
 * The `semver` package is not strict enough to be the judge: `semver.valid` accepts a leading `v` (and
 * `=`) and trims whitespace, which SemVer 2.0.0 does not. So the grammar is checked here, field by field,
 * and `semver` is asked only afterwards, for the limits npm adds (256 characters, numbers up to
 * Number.MAX_SAFE_INTEGER).
 */
export const VERSION_RULES = {
  whitespace: 'semver/whitespace',
  rangeOperator: 'semver/range-as-version',
  vPrefix: 'semver/v-prefix',
  leadingZero: 'semver/leading-zero',
  missingField: 'semver/missing-field',
  tooManyFields: 'semver/too-many-fields',
  prereleaseLeadingZero: 'semver/prerelease-leading-zero',
  emptyIdentifier: 'semver/empty-identifier',
  invalidCharacter: 'semver/invalid-character',
  npmLimit: 'semver/npm-limit',
  buildMetadata: 'semver/build-metadata',
} as const;

export interface SemverProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The message without the value it is about: "the major version '01' has a leading zero (…)". */
  readonly reason: string;
  /** The value with this one problem corrected, when there is an obvious correction. */
  readonly fix?: { readonly title: string; readonly value: string; readonly preferred?: boolean };
}

export type Identifier = string | number;

export interface ParsedSemver {
  /** The value as given. */
  readonly text: string;
  /** True when the value is SemVer 2.0.0 and within npm's limits (build metadata is allowed). */
  readonly valid: boolean;
  /** Fields as numbers when they are written as digits (also, leniently, in an invalid value), else null. */
  readonly major: number | null;
  readonly minor: number | null;
  readonly patch: number | null;
  /** Pre-release identifiers; numeric ones as numbers (they compare numerically), as the `semver` package does. */
  readonly prerelease: readonly Identifier[];
  /** Build metadata identifiers, always strings (leading zeros are allowed there and significant). */
  readonly build: readonly string[];
  /** Errors first, then the information about build metadata. */
  readonly problems: readonly SemverProblem[];
}

const FIELD_NAMES = ['major', 'minor', 'patch'] as const;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;
const DIGITS = /^[0-9]+$/;
const RANGE_OPERATOR = /^(?:[<>]=?|=|\^|~>?)\s*(?=[vV]?[0-9])/;
/** npm's semver refuses longer version strings (semver/internal/constants MAX_LENGTH). */
const NPM_MAX_LENGTH = 256;

/** The written pieces of a version, so that one problem can be corrected without touching the others. */
interface Pieces {
  lead: string;
  operator: string;
  v: string;
  core: string[];
  pre?: string[];
  build?: string[];
  trail: string;
}

function assemble(p: Pieces): string {
  return p.lead + p.operator + p.v + p.core.join('.') + (p.pre ? `-${p.pre.join('.')}` : '') + (p.build ? `+${p.build.join('.')}` : '') + p.trail;
}

export function parseSemver(text: string): ParsedSemver {
  const problems: SemverProblem[] = [];
  const seen = new Set<string>();
  let pieces: Pieces | undefined;
  const quoted = `'${text}'`;
  const add = (code: string, reason: string, fix?: (p: Pieces) => Pieces | undefined, fixWords?: string, preferred?: boolean) => {
    if (seen.has(code)) return;
    seen.add(code);
    const fixed = fix && pieces ? fix(clone(pieces)) : undefined;
    const value = fixed ? assemble(fixed) : undefined;
    problems.push({
      code,
      severity: code === VERSION_RULES.buildMetadata ? 'information' : 'error',
      message:
        code === VERSION_RULES.buildMetadata
          ? `${quoted} has build metadata: ${reason}`
          : code === VERSION_RULES.npmLimit
            ? `${quoted} is SemVer 2.0.0, but npm cannot use it: ${reason}`
            : `${quoted} is not SemVer 2.0.0: ${reason}`,
      reason,
      fix: value !== undefined && value !== text && fixWords ? { title: `Change version to ${value} (${fixWords})`, value, preferred } : undefined,
    });
  };

  const trimmed = text.trim();
  if (trimmed === '') {
    add(VERSION_RULES.missingField, text === '' ? 'the version is empty; a version is MAJOR.MINOR.PATCH, e.g. 1.0.0' : 'the version is only whitespace; a version is MAJOR.MINOR.PATCH, e.g. 1.0.0');
    return { text, valid: false, major: null, minor: null, patch: null, prerelease: [], build: [], problems };
  }
  const lead = text.slice(0, text.length - text.trimStart().length);
  const trail = text.slice(text.trimEnd().length);
  let body = trimmed;
  const operator = RANGE_OPERATOR.exec(body)?.[0] ?? '';
  body = body.slice(operator.length);
  const v = /^[vV](?=[0-9])/.test(body) ? body[0] : '';
  body = body.slice(v.length);
  const plus = body.indexOf('+');
  const main = plus < 0 ? body : body.slice(0, plus);
  const buildText = plus < 0 ? undefined : body.slice(plus + 1);
  const dash = main.indexOf('-');
  const coreText = dash < 0 ? main : main.slice(0, dash);
  const preText = dash < 0 ? undefined : main.slice(dash + 1);
  pieces = { lead, operator, v, core: coreText.split('.'), pre: preText?.split('.'), build: buildText?.split('.'), trail };
  const core = pieces.core;

  if (lead || trail) {
    add(VERSION_RULES.whitespace, 'it has whitespace around it, and a version has none (npm trims it; tools that compare the text see another version)', (p) => ({ ...p, lead: '', trail: '' }), 'remove the whitespace', true);
  }
  if (operator) {
    add(VERSION_RULES.rangeOperator, `it is a range; a package's version is one exact version, without '${operator.trim()}'`, (p) => ({ ...p, operator: '' }), `remove '${operator.trim()}'`, true);
  }
  if (v) {
    const bare = trimmed.slice(operator.length + 1);
    add(VERSION_RULES.vPrefix, `a version has no '${v}' prefix (${v}${bare} is how a git tag names version ${bare})`, (p) => ({ ...p, v: '' }), `remove the '${v}' prefix`, true);
  }

  // MAJOR.MINOR.PATCH: three non-negative integers without leading zeros (§2).
  core.slice(0, 3).forEach((field, i) => {
    const name = FIELD_NAMES[i];
    if (field === '') {
      add(VERSION_RULES.missingField, `the ${name} version is empty; a version is MAJOR.MINOR.PATCH, three numbers separated by dots`);
    } else if (!DIGITS.test(field)) {
      const bad = firstBad(field, /[0-9]/);
      const hint = /^[xX*]$/.test(field) ? ` ('${field}' is a range wildcard)` : '';
      add(VERSION_RULES.invalidCharacter, `the ${name} version '${field}' is not a number${hint}; ${describeChar(bad)} is not allowed there, only digits`);
    } else if (field.length > 1 && field.startsWith('0')) {
      add(VERSION_RULES.leadingZero, `the ${name} version '${field}' has a leading zero (numbers must not have leading zeros, §2)`, (p) => ({ ...p, core: p.core.map((f) => (DIGITS.test(f) ? stripZeros(f) : f)) }), 'remove the leading zeros');
    }
  });
  if (core.length < 3) {
    const numbers = core.filter((f) => f !== '').length;
    const padded = core.every((f) => DIGITS.test(f)) ? [...core, ...Array(3 - core.length).fill('0')].join('.') : undefined;
    add(
      VERSION_RULES.missingField,
      `it has ${numbers === 1 ? 'one number' : `${numbers} numbers`}, and a version has three, MAJOR.MINOR.PATCH${padded ? ` (e.g. ${padded})` : ''}`,
      core.every((f) => DIGITS.test(f)) ? (p) => ({ ...p, core: [...p.core, ...Array(3 - p.core.length).fill('0')] }) : undefined,
      'add the missing numbers',
    );
  } else if (core.length > 3) {
    const rest = core.slice(3).join('.');
    add(VERSION_RULES.tooManyFields, `it has ${core.length} numbers, and a version has exactly three, MAJOR.MINOR.PATCH; anything more belongs in a pre-release (${core.slice(0, 3).join('.')}-${rest}) or in build metadata (${core.slice(0, 3).join('.')}+${rest})`);
  }

  // Pre-release: dot-separated identifiers of [0-9A-Za-z-], not empty, numeric ones without leading zeros (§9).
  if (pieces.pre) {
    checkIdentifiers(pieces.pre, 'pre-release', '-', '§9', add);
    const zero = pieces.pre.find((id) => DIGITS.test(id) && id.length > 1 && id.startsWith('0'));
    if (zero !== undefined) {
      add(
        VERSION_RULES.prereleaseLeadingZero,
        `the numeric pre-release identifier '${zero}' has a leading zero (§9); write ${stripZeros(zero)}, or make the identifier alphanumeric`,
        (p) => ({ ...p, pre: p.pre?.map((id) => (DIGITS.test(id) ? stripZeros(id) : id)) }),
        'remove the leading zeros',
      );
    }
  }
  // Build metadata: the same identifiers, leading zeros allowed (§10).
  if (pieces.build) checkIdentifiers(pieces.build, 'build metadata', '+', '§10', add);

  const numberOf = (field: string | undefined) => (field !== undefined && DIGITS.test(field) && Number.isSafeInteger(Number(field)) ? Number(field) : null);
  const grammatical = problems.length === 0;
  if (grammatical) {
    if (text.length > NPM_MAX_LENGTH) {
      add(VERSION_RULES.npmLimit, `it is ${text.length} characters long, and npm's semver accepts at most ${NPM_MAX_LENGTH}`);
    } else {
      const huge = core.findIndex((f) => !Number.isSafeInteger(Number(f)));
      if (huge >= 0) add(VERSION_RULES.npmLimit, `the ${FIELD_NAMES[huge]} version is larger than ${Number.MAX_SAFE_INTEGER}, the largest number npm's semver accepts`);
      else if (semver.valid(text) === null) add(VERSION_RULES.npmLimit, "npm's semver does not accept it");
    }
  }
  const valid = problems.length === 0;
  if (valid && pieces.build) {
    const release = assemble({ ...pieces, build: undefined });
    add(
      VERSION_RULES.buildMetadata,
      `it takes no part in precedence (${text} and ${release} are the same version to npm), and npm publishes the package as ${release}`,
      (p) => ({ ...p, build: undefined }),
      'remove the build metadata',
    );
  }
  return {
    text,
    valid,
    major: numberOf(core[0]),
    minor: numberOf(core[1]),
    patch: numberOf(core[2]),
    prerelease: (pieces.pre ?? []).filter((id) => id !== '').map((id) => (DIGITS.test(id) && !(id.length > 1 && id.startsWith('0')) && Number.isSafeInteger(Number(id)) ? Number(id) : id)),
    build: (pieces.build ?? []).filter((id) => id !== ''),
    problems,
  };
}

function checkIdentifiers(
  ids: string[],
  what: string,
  separator: string,
  section: string,
  add: (code: string, message: string, fix?: (p: Pieces) => Pieces | undefined, fixWords?: string) => void,
): void {
  const dropEmpty = (p: Pieces): Pieces => {
    const kept = (what === 'pre-release' ? p.pre : p.build)?.filter((id) => id !== '');
    const ids = kept?.length ? kept : undefined;
    return what === 'pre-release' ? { ...p, pre: ids } : { ...p, build: ids };
  };
  if (ids.length === 1 && ids[0] === '') {
    add(VERSION_RULES.emptyIdentifier, `nothing follows '${separator}'; ${what === 'pre-release' ? 'a pre-release' : 'build metadata'} needs at least one identifier (${section})`, dropEmpty, `remove the '${separator}'`);
    return;
  }
  if (ids.some((id) => id === '')) {
    add(VERSION_RULES.emptyIdentifier, `the ${what} has an empty identifier; identifiers between dots must not be empty (${section})`, dropEmpty, 'remove the empty identifier');
  }
  const bad = ids.find((id) => id !== '' && !IDENTIFIER.test(id));
  if (bad !== undefined) {
    const char = firstBad(bad, /[0-9A-Za-z-]/);
    add(VERSION_RULES.invalidCharacter, `${describeChar(char)} is not allowed in the ${what} ('${bad}'); identifiers use only ASCII letters, digits and hyphens (${section})`);
  }
}

function clone(p: Pieces): Pieces {
  return { ...p, core: [...p.core], pre: p.pre && [...p.pre], build: p.build && [...p.build] };
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=[0-9])/, '');
}

function firstBad(text: string, allowed: RegExp): string {
  for (const char of text) if (!allowed.test(char)) return char;
  return text[0] ?? '';
}

function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/\s/.test(char)) return `whitespace (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return code > 0x7e ? `'${char}' (U+${code.toString(16).toUpperCase().padStart(4, '0')})` : `'${char}'`;
}
