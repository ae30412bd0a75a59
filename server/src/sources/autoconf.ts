import { findMacroCalls, isIdentChar, isIdentCode, reblankAutoconfComments, scanShellWord, unquoteSpan } from './scanning';

/**
 * Facts read from one autoconf input (configure.ac, configure.in, acinclude.m4 or an m4_include'd file):
 * shell assignments, AC_SUBST, m4 macro definitions, AC_INIT and m4_include. It is a reader, not an
 * interpreter: nothing is expanded or run here (see `resolver.ts` for how values are followed).
 */
export interface ValueSpan {
  readonly start: number;
  readonly end: number;
}

export interface ShellAssignment {
  readonly name: string;
  readonly nameStart: number;
  readonly value: ValueSpan;
  /**
   * Inside the action AC_ARG_ENABLE / AC_ARG_WITH run only when the user passes the option: not what a
   * default build does.
   */
  readonly optional: boolean;
}

export interface AcSubst {
  readonly name: string;
  readonly nameStart: number;
  /** Present for the two-argument form `AC_SUBST([VAR], [value])`. */
  readonly value?: ValueSpan;
}

export interface M4Definition {
  readonly name: string;
  readonly nameStart: number;
  readonly value: ValueSpan;
}

export interface AcInit {
  readonly package?: ValueSpan;
  readonly version?: ValueSpan;
  readonly tarname?: ValueSpan;
  readonly callStart: number;
}

export interface AutoconfFacts {
  readonly path: string;
  /** The text with comments blanked; offsets are those of the original text. */
  readonly code: string;
  readonly assignments: readonly ShellAssignment[];
  readonly substs: readonly AcSubst[];
  readonly definitions: readonly M4Definition[];
  readonly init?: AcInit;
  /** Paths named by m4_include / sinclude / m4_sinclude, as written. */
  readonly includes: readonly string[];
  /** Directories named by AC_CONFIG_MACRO_DIR(S), where aclocal finds the project's own macros. */
  readonly macroDirectories: readonly string[];
  /** Macros this file defines with AC_DEFUN / AU_DEFUN / m4_defun. */
  readonly defuns: readonly string[];
}

/** What may stand before an assignment's name: the start, white space, `;`, `&`, `|`, `(`, `[`, a backquote or `{`. */
const BEFORE_ASSIGNMENT = /[\s;&|(\[`{]/;

/**
 * Shell assignments `NAME=value`, from each `=` back over the name (a configure.ac is re-read on every
 * keystroke; this visits the `=` signs only, where a regular expression would try every offset).
 */
export function findShellAssignments(code: string): { name: string; nameStart: number; value: ValueSpan }[] {
  const found: { name: string; nameStart: number; value: ValueSpan }[] = [];
  let from = 0;
  for (let equals = code.indexOf('=', from); equals >= 0; equals = code.indexOf('=', from)) {
    let nameStart = equals;
    while (nameStart > 0 && isIdentCode(code.charCodeAt(nameStart - 1))) nameStart--;
    const first = code.charCodeAt(nameStart);
    // The name starts after a separator that lies past the previous assignment's value.
    const separated = nameStart === 0 ? from === 0 : nameStart - 1 >= from && BEFORE_ASSIGNMENT.test(code[nameStart - 1]);
    if (nameStart === equals || (first >= 48 && first <= 57) || !separated) {
      from = equals + 1;
      continue;
    }
    const valueStart = equals + 1;
    const valueEnd = scanShellWord(code, valueStart);
    found.push({ name: code.slice(nameStart, equals), nameStart, value: { start: valueStart, end: valueEnd } });
    from = Math.max(valueStart, valueEnd);
  }
  return found;
}

/** Reads one autoconf input; `previous` (the same file's last version and its blanked text) spares re-blanking unchanged lines. */
export function readAutoconf(path: string, text: string, previous?: { readonly text: string; readonly code: string }): AutoconfFacts {
  const code = reblankAutoconfComments(text, previous);
  const assignments = findShellAssignments(code);

  const substs: AcSubst[] = [];
  const definitions: M4Definition[] = [];
  const includes: string[] = [];
  const macroDirectories: string[] = [];
  const defuns: string[] = [];
  const optionalRanges: ValueSpan[] = [];
  let init: AcInit | undefined;
  const MACROS = ['AC_SUBST', 'm4_define', 'define', 'm4_define_default', 'AC_INIT', 'm4_include', 'm4_sinclude', 'sinclude', 'include',
    'AC_ARG_ENABLE', 'AC_ARG_WITH', 'AC_CONFIG_MACRO_DIR', 'AC_CONFIG_MACRO_DIRS', 'AC_DEFUN', 'AU_DEFUN', 'm4_defun'];
  for (const call of findMacroCalls(code, MACROS)) {
    const first = call.args[0];
    if (!first) continue;
    const name = unquoteSpan(code, first.start, first.end);
    const nameText = code.slice(name.start, name.end).trim();
    // Where the name itself is written: inside `[` and `]` blanks may precede it (`m4_define([\n  name], …)`).
    const nameStart = name.start + Math.max(0, code.slice(name.start, name.end).search(/\S/));
    switch (call.name) {
      case 'AC_SUBST':
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameText)) {
          const value = call.args[1];
          substs.push({ name: nameText, nameStart, value: value ? { start: value.start, end: value.end } : undefined });
        }
        break;
      case 'm4_define':
      case 'define':
      case 'm4_define_default':
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameText) && call.args[1]) {
          definitions.push({ name: nameText, nameStart, value: { start: call.args[1].start, end: call.args[1].end } });
        }
        break;
      case 'AC_INIT':
        if (!init) {
          const span = (i: number) => (call.args[i] ? { start: call.args[i].start, end: call.args[i].end } : undefined);
          init = { package: span(0), version: span(1), tarname: span(3), callStart: call.nameStart };
        }
        break;
      case 'AC_ARG_ENABLE':
      case 'AC_ARG_WITH':
        if (call.args[2]) optionalRanges.push({ start: call.args[2].start, end: call.args[2].end });
        break;
      case 'AC_CONFIG_MACRO_DIR':
      case 'AC_CONFIG_MACRO_DIRS':
        macroDirectories.push(...nameText.split(/\s+/).filter((d) => d && !/[$`@]/.test(d)));
        break;
      case 'AC_DEFUN':
      case 'AU_DEFUN':
      case 'm4_defun':
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameText)) defuns.push(nameText);
        break;
      default:
        if (nameText && !/[\s$`]/.test(nameText)) includes.push(nameText);
    }
  }
  // Linear in the file, not assignments × options: ranges by start, with the furthest end so far.
  optionalRanges.sort((a, b) => a.start - b.start);
  const furthestEnd: number[] = [];
  for (const [i, r] of optionalRanges.entries()) furthestEnd.push(Math.max(r.end, i ? furthestEnd[i - 1] : r.end));
  const inOptional = (offset: number) => {
    let low = 0;
    let high = optionalRanges.length - 1;
    let last = -1; // the last range starting at or before offset
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (optionalRanges[mid].start <= offset) {
        last = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return last >= 0 && offset < furthestEnd[last];
  };
  const marked: ShellAssignment[] = assignments.map((a) => ({ ...a, optional: inOptional(a.nameStart) }));
  return { path, code, assignments: marked, substs, definitions, init, includes, macroDirectories, defuns };
}

/** Whether an identifier occurrence at `start` stands alone (m4 and shell both tokenise on word characters). */
export function isWholeWord(code: string, start: number, end: number): boolean {
  return (start === 0 || !isIdentChar(code[start - 1])) && (end >= code.length || !isIdentChar(code[end]));
}
