import type { FileEdit, Finding, Fix, Severity } from '../../core/model';
import type { Range, Span } from '../../core/text';
import type { InterfaceDiff } from '../../interfaces/model';
import { isEmptyDiff } from '../../interfaces/model';
import { CHANGE_LABEL, formatTriple, nextTriple, type ChangeKind, type Triple } from './nextVersions';

/**
 * Step 5 of the libtool scheme: the C:R:A the next release must have, from what changed since the last
 * release (libtool manual §7.3), and the findings when the working tree's C:R:A breaks those rules.
 *
 * Severity follows the harm: numbers that promise compatibility the library does not have (AGE kept
 * after a removal, CURRENT not incremented after an interface change) are errors, because programs
 * would load an incompatible library; numbers that only waste (a needless soname change) are warnings.
 */
export type Change = ChangeKind | 'none';

export const BUMP_RULES = {
  bumpNeeded: 'libtool/bump-needed',
  ageNotReset: 'libtool/age-not-reset',
  currentNotIncremented: 'libtool/current-not-incremented',
  currentSkipped: 'libtool/current-skipped',
  currentDecreased: 'libtool/current-decreased',
  revisionNotReset: 'libtool/revision-not-reset',
  revisionNotIncremented: 'libtool/revision-not-incremented',
  ageNotIncremented: 'libtool/needless-soname-change',
  ageTooHigh: 'libtool/age-too-high',
  needlessCurrent: 'libtool/needless-current-bump',
  needlessAge: 'libtool/needless-age-bump',
  changedWithoutChange: 'libtool/version-changed-without-change',
} as const;

export interface BumpEvidence {
  readonly baselineRef: string;
  readonly baseline: Triple;
  readonly diff: InterfaceDiff;
  /** Library files (sources, headers, symbol lists) whose text differs from the baseline. */
  readonly changedFiles: readonly string[];
}

export function changeOf(evidence: BumpEvidence): Change {
  if (evidence.diff.removed.length || evidence.diff.changed.length) return 'removed-or-changed';
  if (evidence.diff.added.length) return 'added';
  return evidence.changedFiles.length ? 'revision' : 'none';
}

export function requiredTriple(evidence: BumpEvidence): Triple {
  const change = changeOf(evidence);
  return change === 'none' ? evidence.baseline : nextTriple(evidence.baseline, change);
}

/** Where each field of the working value is written, to put findings and edits there. */
export interface WrittenTriple {
  readonly value: Triple;
  /** Spans of CURRENT, REVISION, AGE when each is written on its own (undefined where libtool defaults it). */
  readonly fields: readonly (Span | undefined)[];
  /** The whole value, when it is written in one piece. */
  readonly whole?: Span;
  readonly library: string;
}

const names = (items: readonly { name: string }[], max = 3) =>
  items.length <= max ? items.map((i) => i.name).join(', ') : `${items.slice(0, max).map((i) => i.name).join(', ')} and ${items.length - max} more`;

/** A short account of what changed, for messages: "interface removed since v2.1 (foo_free)". */
export function evidenceText(evidence: BumpEvidence): string {
  const { diff, baselineRef } = evidence;
  const parts: string[] = [];
  if (diff.removed.length) parts.push(`${diff.removed.length === 1 ? 'interface' : 'interfaces'} removed since ${baselineRef} (${names(diff.removed)})`);
  if (diff.changed.length) parts.push(`${diff.changed.length === 1 ? 'interface' : 'interfaces'} changed since ${baselineRef} (${names(diff.changed.map((c) => c.after))})`);
  if (diff.added.length) parts.push(`${diff.added.length === 1 ? 'interface' : 'interfaces'} added since ${baselineRef} (${names(diff.added)})`);
  if (!parts.length && evidence.changedFiles.length) parts.push(`source changed since ${baselineRef} (${names(evidence.changedFiles.map((name) => ({ name })))})`);
  return parts.join('; ') || `nothing changed since ${baselineRef}`;
}

/** Edits that make the written value `target`: field by field where each is written, else the whole value. */
export function tripleEdits(target: Triple, written: WrittenTriple, rangeOf: (span: Span) => Range): FileEdit[] | undefined {
  const wanted = [String(target.current), target.revision, String(target.age)];
  const current = [String(written.value.current), written.value.revision, String(written.value.age)];
  if (written.fields.length === 3 && written.fields.every((f) => f !== undefined)) {
    const edits: FileEdit[] = [];
    written.fields.forEach((span, i) => {
      if (wanted[i] !== current[i]) edits.push({ file: span!.file, range: rangeOf(span!), newText: wanted[i] });
    });
    return edits;
  }
  if (written.whole) return [{ file: written.whole.file, range: rangeOf(written.whole), newText: wanted.join(':') }];
  return undefined;
}

export function bumpFix(change: ChangeKind | 'required', target: Triple, written: WrittenTriple, rangeOf: (span: Span) => Range): Fix | undefined {
  const edits = tripleEdits(target, written, rangeOf);
  if (!edits?.length) return undefined;
  const title = change === 'required' ? `Set ${written.library} to ${formatTriple(target)}` : `Bump ${written.library} for: ${CHANGE_LABEL[change]} (${formatTriple(target)})`;
  return { title, edits, preferred: change === 'required' };
}

/** The findings for a working value against the baseline and what changed. */
export function checkBump(written: WrittenTriple, evidence: BumpEvidence, release: boolean, rangeOf: (span: Span) => Range): Finding[] {
  const findings: Finding[] = [];
  const change = changeOf(evidence);
  const required = requiredTriple(evidence);
  const w = written.value;
  const b = evidence.baseline;
  const why = evidenceText(evidence);
  const fix = bumpFix('required', required, written, rangeOf);
  const anchor = written.whole ?? written.fields.find((f) => f !== undefined);
  const at = (index: number) => written.fields[index] ?? anchor;
  const add = (span: Span | undefined, severity: Severity, code: string, message: string) => {
    if (span) findings.push({ file: span.file, range: rangeOf(span), severity, code, message, fixes: fix ? [fix] : [] });
  };
  const same = w.current === b.current && w.revision === b.revision && w.age === b.age;
  const requiredText = formatTriple(required);

  if (same) {
    if (change !== 'none') {
      add(anchor, release ? 'error' : 'information', BUMP_RULES.bumpNeeded, `${written.library} still has ${formatTriple(w)} from ${evidence.baselineRef}, but ${why}: the next release needs ${requiredText}`);
    }
    return findings;
  }
  if (change === 'none') {
    add(anchor, 'information', BUMP_RULES.changedWithoutChange, `${written.library}'s version changed from ${formatTriple(b)} (${evidence.baselineRef}) to ${formatTriple(w)}, but no interface or source change was found; libtool's rules keep ${formatTriple(b)}`);
    return findings;
  }
  if (w.current < b.current) {
    add(at(0), 'error', BUMP_RULES.currentDecreased, `current went down from ${b.current} (${evidence.baselineRef}) to ${w.current}: interface numbers only grow; ${why}: the next release needs ${requiredText}`);
    return findings;
  }
  const interfacesChanged = change === 'added' || change === 'removed-or-changed';
  if (interfacesChanged) {
    if (w.current === b.current) {
      add(at(0), 'error', BUMP_RULES.currentNotIncremented, `${why}: increment current to ${required.current} (next release: ${requiredText})`);
    } else if (w.current > b.current + 1) {
      add(at(0), 'warning', BUMP_RULES.currentSkipped, `current jumps from ${b.current} to ${w.current}; increment it by one, to ${required.current} (${why})`);
    }
    if (w.current !== b.current && w.revision !== '0') {
      add(at(1), 'warning', BUMP_RULES.revisionNotReset, `current incremented: reset revision to 0 (next release: ${requiredText})`);
    }
  }
  if (change === 'removed-or-changed' && w.age !== 0) {
    add(at(2), 'error', BUMP_RULES.ageNotReset, `${why}: reset age to 0, or programs built against ${evidence.baselineRef} will load a library that lacks what they use`);
  }
  if (change === 'added') {
    if (w.age > b.age + 1 || w.current - w.age < b.current - b.age) {
      add(at(2), 'error', BUMP_RULES.ageTooHigh, `age ${w.age} claims interfaces older than ${evidence.baselineRef} implemented (it had ${formatTriple(b)}): set age to ${required.age}`);
    } else if (w.age < b.age + 1 && w.current !== b.current) {
      add(at(2), 'warning', BUMP_RULES.ageNotIncremented, `soname changes (C-A ${b.current - b.age} → ${w.current - w.age}) but only additions were found (${why}): increment age to ${required.age} to stay compatible`);
    }
  }
  if (change === 'revision') {
    if (w.current !== b.current) add(at(0), 'warning', BUMP_RULES.needlessCurrent, `current incremented but no interface was added, removed or changed since ${evidence.baselineRef}: keep ${b.current} and increment revision (next release: ${requiredText})`);
    if (w.age !== b.age) add(at(2), 'warning', BUMP_RULES.needlessAge, `age changed but no interface was added since ${evidence.baselineRef}: keep ${b.age} (next release: ${requiredText})`);
    if (w.current === b.current && w.age === b.age && BigInt(w.revision) <= BigInt(b.revision)) {
      add(at(1), 'error', BUMP_RULES.revisionNotIncremented, `${why}: increment revision to ${required.revision}`);
    }
  }
  return findings;
}

/** One line for the code lens: "since v2.1: +3 −1 ~2 interfaces → next 7:0:0". */
export function summaryLine(evidence: BumpEvidence, written: Triple): string {
  const { diff, baselineRef } = evidence;
  const change = changeOf(evidence);
  const next = formatTriple(requiredTriple(evidence));
  const already = next === formatTriple(written) && change !== 'none' ? ' ✓' : '';
  if (!isEmptyDiff(diff)) return `since ${baselineRef}: +${diff.added.length} −${diff.removed.length} ~${diff.changed.length} interfaces → next ${next}${already}`;
  if (change === 'revision') return `since ${baselineRef}: no interface changes, source changed → next ${next}${already}`;
  return `since ${baselineRef}: unchanged → keep ${next}`;
}

