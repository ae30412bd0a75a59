import { blankMakeComments, lineStarts } from './scanning';
import type { ValueSpan } from './autoconf';

/** Facts read from one Makefile.am (or an automake fragment it includes). */
export interface MakeAssignment {
  readonly name: string;
  readonly nameStart: number;
  readonly operator: '=' | '+=' | ':=' | '::=' | '?=' | '!=';
  readonly value: ValueSpan;
}

export interface AutomakeFacts {
  readonly path: string;
  readonly code: string;
  readonly assignments: readonly MakeAssignment[];
  /** Every `.la` named by a `*_LTLIBRARIES` variable, as written (e.g. `src/libzmq.la`). */
  readonly libtoolLibraries: readonly string[];
  /** Paths named by automake `include` lines, as written. */
  readonly includes: readonly string[];
}

const ASSIGNMENT_LINE = /^([A-Za-z0-9_.@-]+)[ \t]*(\+=|::=|:=|\?=|!=|=)/;
const INCLUDE_LINE = /^-?include[ \t]+(\S+)/;

export function readAutomake(path: string, text: string): AutomakeFacts {
  const code = blankMakeComments(text);
  const starts = lineStarts(code);
  const assignments: MakeAssignment[] = [];
  const includes: string[] = [];
  for (let n = 0; n < starts.length; n++) {
    const lineStart = starts[n];
    let lineEnd = n + 1 < starts.length ? starts[n + 1] : code.length;
    while (lineEnd > lineStart && (code[lineEnd - 1] === '\n' || code[lineEnd - 1] === '\r')) lineEnd--;
    if (code[lineStart] === '\t') continue; // a recipe line: shell for make, not a variable
    let indent = lineStart;
    while (indent < lineEnd && code[indent] === ' ') indent++;
    const line = code.slice(indent, lineEnd);
    const include = INCLUDE_LINE.exec(line);
    if (include) {
      includes.push(include[1]);
      continue;
    }
    const match = ASSIGNMENT_LINE.exec(line);
    if (!match) continue;
    let valueStart = indent + match[0].length;
    while (valueStart < lineEnd && (code[valueStart] === ' ' || code[valueStart] === '\t')) valueStart++;
    let valueEnd = lineEnd;
    while (valueEnd > valueStart && /\s/.test(code[valueEnd - 1])) valueEnd--;
    assignments.push({
      name: match[1],
      nameStart: indent,
      operator: match[2] as MakeAssignment['operator'],
      value: { start: valueStart, end: valueEnd },
    });
  }
  const libtoolLibraries: string[] = [];
  for (const assignment of assignments) {
    if (!assignment.name.endsWith('_LTLIBRARIES')) continue;
    for (const word of code.slice(assignment.value.start, assignment.value.end).split(/\s+/)) {
      if (word.endsWith('.la')) libtoolLibraries.push(word);
    }
  }
  return { path, code, assignments, libtoolLibraries, includes };
}

/** automake's canonical name of a path: every character outside [A-Za-z0-9_@] becomes `_`. */
export function canonicalName(path: string): string {
  return path.replace(/[^A-Za-z0-9_@]/g, '_');
}
