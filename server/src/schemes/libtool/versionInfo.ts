/**
 * `-version-info CURRENT[:REVISION[:AGE]]` and `-version-number MAJOR[:MINOR[:REVISION]]`, split, mapped
 * and validated exactly as libtool's ltmain does (facts: shared/reference/libtool.md §1.2–1.4), with
 * libtool's own error wording. Nothing is normalised: libtool rejects `007` and so does this.
 */

/** libtool 2.4.x limits REVISION to 5 digits; 2.6.0 raised it to 19 and appended the limit to each message. */
export type LibtoolDialect = '2.4' | '2.6';
export const DEFAULT_DIALECT: LibtoolDialect = '2.4';

export type VersionFlag = 'version-info' | 'version-number';
export type FieldName = 'current' | 'revision' | 'age';

/** One field as written: its text and where it sits in the value (absent when libtool supplies the 0). */
export interface WrittenField {
  readonly text: string;
  readonly start?: number;
  readonly end?: number;
}

export interface VersionInfoError {
  /** libtool's message(s), joined: e.g. "CURRENT '007' must be a nonnegative integer: '007:1:0' is not valid version information". */
  readonly message: string;
  /** Which written field is wrong ('value' when it is the value as a whole). */
  readonly at: FieldName | 'major' | 'minor' | 'value';
}

export interface ParsedVersion {
  readonly flag: VersionFlag;
  readonly text: string;
  /** The fields as written: C, R, A for -version-info; MAJOR, MINOR, REVISION for -version-number. */
  readonly written: readonly WrittenField[];
  /** The C:R:A libtool works with (for -version-number, as computed on GNU/Linux and other hosts of its group). */
  readonly current?: number;
  readonly revision?: string;
  readonly age?: number;
  readonly error?: VersionInfoError;
}

const FIELD_LABEL: Record<FieldName, string> = { current: 'CURRENT', revision: 'REVISION', age: 'AGE' };

/** ltmain: `save_ifs=$IFS; IFS=:; set dummy $vinfo 0 0 0` — field splitting with a non-blank IFS. */
export function splitFields(text: string): WrittenField[] {
  if (text === '') return [];
  const fields: WrittenField[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ':') {
      fields.push({ text: text.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  // One trailing separator ends the last field without starting an empty one (`1:2:1:` is 1:2:1).
  if (text.endsWith(':')) fields.pop();
  return fields;
}

function isValidNumber(text: string, field: FieldName, dialect: LibtoolDialect): boolean {
  const maxDigits = field === 'revision' && dialect === '2.6' ? 19 : 5;
  return text === '0' || new RegExp(`^[1-9][0-9]{0,${maxDigits - 1}}$`).test(text);
}

function numberMessage(field: FieldName, value: string, dialect: LibtoolDialect): string {
  const suffix = dialect === '2.6' ? ` and <= ${field === 'revision' ? 19 : 5} digits` : '';
  return `${FIELD_LABEL[field]} '${value}' must be a nonnegative integer${suffix}`;
}

const notValid = (vinfo: string) => `'${vinfo}' is not valid version information`;

export function parseVersion(flag: VersionFlag, text: string, dialect: LibtoolDialect = DEFAULT_DIALECT): ParsedVersion {
  const fields = splitFields(text);
  if (fields.length > 3) {
    // The message names -version-info for both flags: it is the same code path in ltmain.
    return { flag, text, written: fields, error: { message: "too many parameters to '-version-info'", at: 'value' } };
  }
  const written = [0, 1, 2].map((i) => fields[i] ?? { text: '0' });
  if (flag === 'version-info') {
    return validate(flag, text, written, { current: written[0].text, revision: written[1].text, age: written[2].text }, { current: 'current', revision: 'revision', age: 'age' }, dialect);
  }
  // -version-number on GNU/Linux and the hosts of its group: current = MAJOR + MINOR in shell arithmetic
  // (before validation, so a leading 0 means octal), revision = REVISION, age = MINOR as written.
  const major = bashArithmeticOperand(written[0].text);
  const minor = bashArithmeticOperand(written[1].text);
  for (const [operand, at] of [[major, 'major'], [minor, 'minor']] as const) {
    if ('error' in operand) return { flag, text, written, error: { message: operand.error, at } };
  }
  const current = String((major as { value: number }).value + (minor as { value: number }).value);
  return validate(flag, text, written, { current, revision: written[2].text, age: written[1].text }, { current: 'major', revision: 'revision', age: 'minor' }, dialect);
}

function validate(
  flag: VersionFlag,
  text: string,
  written: WrittenField[],
  values: Record<FieldName, string>,
  blame: Record<FieldName, VersionInfoError['at']>,
  dialect: LibtoolDialect,
): ParsedVersion {
  for (const field of ['current', 'revision', 'age'] as const) {
    if (!isValidNumber(values[field], field, dialect)) {
      return { flag, text, written, error: { message: `${numberMessage(field, values[field], dialect)}: ${notValid(text)}`, at: blame[field] } };
    }
  }
  const current = Number(values.current);
  const age = Number(values.age);
  if (age > current) {
    return {
      flag, text, written, current, revision: values.revision, age,
      error: { message: `AGE '${values.age}' is greater than the current interface number '${values.current}': ${notValid(text)}`, at: blame.age },
    };
  }
  return { flag, text, written, current, revision: values.revision, age };
}

/**
 * One operand of bash's `$(( a + b ))`: decimal, octal with a leading 0, hex with 0x, or a variable name
 * (unset, so 0). libtool's own error for `08` is bash's.
 */
export function bashArithmeticOperand(token: string): { value: number } | { error: string } {
  if (token === '') return { value: 0 };
  const signed = /^([+-]?)([\s\S]*)$/.exec(token)!;
  const sign = signed[1] === '-' ? -1 : 1;
  const body = signed[2];
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) return { value: sign * parseInt(body.slice(2), 16) };
  if (/^0[0-9]+$/.test(body)) {
    if (/[89]/.test(body)) return { error: `${token}: value too great for base (error token is "${token}")` };
    return { value: sign * parseInt(body, 8) };
  }
  if (/^[0-9]+$/.test(body)) return { value: sign * Number(body) };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(body)) return { value: 0 };
  return { error: `${token}: syntax error: invalid arithmetic operator (error token is "${token}")` };
}

/** `C:R:A` of a valid parse. */
export function tripleOf(parsed: ParsedVersion): string | undefined {
  return parsed.error || parsed.current === undefined ? undefined : `${parsed.current}:${parsed.revision}:${parsed.age}`;
}
