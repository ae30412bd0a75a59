import { blankMakeComments, lineStarts } from './scanning';
import type { ValueSpan } from './autoconf';

/** One branch of an automake `if COND … else … endif`: the `if` it belongs to, and which side. */
export interface ConditionBranch {
  readonly id: number;
  readonly negated: boolean;
}

/** Facts read from one Makefile.am (or an automake fragment it includes). */
export interface MakeAssignment {
  readonly name: string;
  readonly nameStart: number;
  readonly operator: '=' | '+=' | ':=' | '::=' | '?=' | '!=';
  readonly value: ValueSpan;
  /** The automake conditionals the assignment sits in, outermost first. */
  readonly conditions: readonly ConditionBranch[];
}

export interface AutomakeFacts {
  readonly path: string;
  readonly code: string;
  readonly assignments: readonly MakeAssignment[];
  /** Every `.la` named by a `*_LTLIBRARIES` variable, as written (e.g. `src/libzmq.la`). */
  readonly libtoolLibraries: readonly string[];
  /** Those of them that are convenience libraries (`noinst_`, `check_`): libtool ignores their versions. */
  readonly convenienceLibraries: readonly string[];
  /** Paths named by automake `include` lines, as written. */
  readonly includes: readonly string[];
}

const ASSIGNMENT_LINE = /^([A-Za-z0-9_.@-]+)[ \t]*(\+=|::=|:=|\?=|!=|=)/;
const INCLUDE_LINE = /^-?include[ \t]+(\S+)/;
const CONDITIONAL_LINE = /^(if|else|endif)\b[ \t]*(!?)/;

export function readAutomake(path: string, text: string): AutomakeFacts {
  const code = blankMakeComments(text);
  const starts = lineStarts(code);
  const assignments: MakeAssignment[] = [];
  const includes: string[] = [];
  const conditions: ConditionBranch[] = [];
  let nextConditionId = 0;
  for (let n = 0; n < starts.length; n++) {
    const lineStart = starts[n];
    let lineEnd = n + 1 < starts.length ? starts[n + 1] : code.length;
    while (lineEnd > lineStart && (code[lineEnd - 1] === '\n' || code[lineEnd - 1] === '\r')) lineEnd--;
    if (code[lineStart] === '\t') continue; // a recipe line: shell for make, not a variable
    let indent = lineStart;
    while (indent < lineEnd && code[indent] === ' ') indent++;
    const line = code.slice(indent, lineEnd);
    const conditional = CONDITIONAL_LINE.exec(line);
    if (conditional) {
      if (conditional[1] === 'if') conditions.push({ id: nextConditionId++, negated: false });
      else if (conditional[1] === 'else' && conditions.length) {
        const branch = conditions.pop()!;
        conditions.push({ id: branch.id, negated: !branch.negated });
      }
      else if (conditional[1] === 'endif') conditions.pop();
      continue;
    }
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
      conditions: [...conditions],
    });
  }
  const libtoolLibraries = new Set<string>();
  const notInstalled = new Set<string>();
  const installed = new Set<string>();
  for (const assignment of assignments) {
    if (!assignment.name.endsWith('_LTLIBRARIES')) continue;
    const convenience = /^(noinst|check)_/.test(assignment.name);
    for (const word of code.slice(assignment.value.start, assignment.value.end).split(/\s+/)) {
      if (!word.endsWith('.la')) continue;
      libtoolLibraries.add(word);
      (convenience ? notInstalled : installed).add(word);
    }
  }
  // A library installed in some configuration (PMIx: lib_ or noinst_ under a conditional) is versioned.
  const convenienceLibraries = [...notInstalled].filter((la) => !installed.has(la));
  return { path, code, assignments, libtoolLibraries: [...libtoolLibraries], convenienceLibraries, includes };
}

/** Whether two assignments can never both apply (they sit in opposite branches of one `if`). */
export function conditionsConflict(a: MakeAssignment, b: MakeAssignment): boolean {
  return a.conditions.some((x) => b.conditions.some((y) => x.id === y.id && x.negated !== y.negated));
}

/** Whether `later` applies whenever `earlier` does (its conditions are a subset of `earlier`'s). */
function covers(later: MakeAssignment, earlier: MakeAssignment): boolean {
  return later.conditions.every((x) => earlier.conditions.some((y) => x.id === y.id && x.negated === y.negated));
}

/**
 * The values a make variable can have, each as the assignments that build it: a plain assignment and the
 * `+=` after it that can apply with it. Assignments in opposite automake conditional branches are separate
 * alternatives; a plain assignment overridden by a later one that always applies with it is dropped.
 * With no plain assignment, the `+=` lines alone are the value.
 */
export function variableAlternatives(facts: AutomakeFacts, name: string): MakeAssignment[][] {
  const all = facts.assignments.filter((a) => a.name === name);
  const bases = all.filter((a) => a.operator !== '+=');
  if (!bases.length) return all.length ? [all] : [];
  const alive = bases.filter((base) => !bases.some((later) => later.nameStart > base.nameStart && covers(later, base)));
  return alive.map((base) => [
    base,
    ...all.filter((a) => a.operator === '+=' && a.nameStart > base.nameStart && !conditionsConflict(a, base)
      && !bases.some((other) => other !== base && other.nameStart > base.nameStart && other.nameStart < a.nameStart && covers(other, base))),
  ]);
}

/** automake's canonical name of a path: every character outside [A-Za-z0-9_@] becomes `_`. */
export function canonicalName(path: string): string {
  return path.replace(/[^A-Za-z0-9_@]/g, '_');
}
