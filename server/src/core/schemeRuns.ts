import type { FileListing } from './listing';
import type { AnalysisInput, BaselineInput, SchemeResult, VersionScheme } from './scheme';
import type { LineIndex } from './text';
import type { FactAnswer, FactAnswers } from './workspace';

/**
 * One scheme's part of an analysis: what it sees, and its recent results, kept across analyses.
 *
 * A scheme sees the whole listing but only *its own* texts: its candidates and the files it asked for
 * (`wantedFiles`), now and at the baseline. Its result is therefore a function of those texts, the
 * listings, the settings, the baseline's ref, and the repository facts it looked up — and is reused, not
 * recomputed, while all of them are the same objects. An edit to configure.ac re-runs the schemes that read
 * configure.ac; the firmware scheme, which reads WHENCE and lists 6,000 `.bin` names, does not run again.
 * (Texts are compared by identity: a file that did not change is the same string object.)
 *
 * Every analysis starts a scheme from its candidates alone and adds what it asks for round by round, as a
 * first analysis would: starting from last time's files could settle on files that only ask for each other.
 */
export class SchemeRun {
  /** Files beyond its candidates the scheme asked for in the last round (its texts in the next one). */
  needed: readonly string[] = [];
  neededBaseline: readonly string[] = [];
  /** What it asked for by the end of the last analysis: read early by the next one (most analyses ask again). */
  prefetch: readonly string[] = [];
  prefetchBaseline: readonly string[] = [];
  /** The last few results, newest first: one per round of an analysis (candidates alone, then with asked-for files). */
  private recent: { readonly fingerprint: Fingerprint; readonly result: SchemeResult }[] = [];

  constructor(readonly scheme: VersionScheme) {}

  startAnalysis(): void {
    this.needed = [];
    this.neededBaseline = [];
  }

  finishAnalysis(): void {
    this.prefetch = this.needed;
    this.prefetchBaseline = this.neededBaseline;
  }

  /** The scheme's result for this input: a recent one when nothing it depends on changed. */
  analyze(context: RunContext): SchemeResult {
    const texts = ownTexts(context.candidates, this.needed, context.texts);
    const baselineTexts = context.baseline ? ownTexts(context.baseline.candidates, this.neededBaseline, context.baseline.texts) : undefined;
    const hit = this.recent.find((r) => sameInput(r.fingerprint, context, texts, baselineTexts));
    if (hit) return hit.result;

    const facts = context.facts ? new RecordingFacts(context.facts) : undefined;
    const input: AnalysisInput = {
      sources: { listing: context.listing, texts: new Map(texts) },
      settings: context.settings,
      lines: context.lines,
      ...(context.baseline && baselineTexts
        ? { baseline: { ref: context.baseline.ref, commitsSince: context.baseline.commitsSince, sources: { listing: context.baseline.listing, texts: new Map(baselineTexts) }, lines: context.baseline.lines } satisfies BaselineInput }
        : {}),
      ...(context.cParser ? { cParser: context.cParser } : {}),
      ...(context.typescriptLib ? { typescriptLib: context.typescriptLib } : {}),
      ...(facts ? { facts } : {}),
    };
    const result = analyzeSafely(this.scheme, input);
    const fingerprint: Fingerprint = {
      listing: context.listing,
      settingsKey: context.settingsKey,
      texts,
      baseline: context.baseline && baselineTexts ? { listing: context.baseline.listing, ref: context.baseline.ref, commitsSince: context.baseline.commitsSince, texts: baselineTexts } : undefined,
      factsRead: facts?.read,
      factsCount: facts?.everything ? context.facts!.size : undefined,
      cParser: context.cParser,
      typescriptLib: context.typescriptLib,
    };
    this.recent = [{ fingerprint, result }, ...this.recent.slice(0, RECENT_RESULTS - 1)];
    return result;
  }

  /** The scheme's input as `packageNames` needs it (before the baseline is known). */
  input(context: RunContext): AnalysisInput {
    return { sources: { listing: context.listing, texts: new Map(ownTexts(context.candidates, this.needed, context.texts)) }, settings: context.settings, lines: context.lines };
  }
}

/** Results kept per scheme: enough for the rounds of one analysis (most schemes need one or two). */
const RECENT_RESULTS = 4;

/** What every scheme's run shares in one round; `candidates` is the scheme's own (the service sets it per scheme). */
export interface RunContext {
  readonly listing: FileListing;
  readonly candidates: readonly string[];
  /** Every text read so far (the scheme's own are picked from it). */
  readonly texts: ReadonlyMap<string, string>;
  readonly settings: AnalysisInput['settings'];
  /** The settings as JSON: settings objects are rebuilt by every analysis, their JSON is compared. */
  readonly settingsKey: string;
  lines(path: string): LineIndex;
  readonly baseline?: {
    readonly ref: string;
    readonly commitsSince?: number;
    readonly listing: FileListing;
    readonly candidates: readonly string[];
    readonly texts: ReadonlyMap<string, string>;
    lines(path: string): LineIndex;
  };
  readonly facts?: FactAnswers;
  readonly cParser?: AnalysisInput['cParser'];
  readonly typescriptLib?: AnalysisInput['typescriptLib'];
}

type Entries = readonly (readonly [string, string])[];

interface Fingerprint {
  readonly listing: FileListing;
  readonly settingsKey: string;
  readonly texts: Entries;
  readonly baseline?: { readonly listing: FileListing; readonly ref: string; readonly commitsSince?: number; readonly texts: Entries };
  /** The facts the scheme looked up, with the answers it got (undefined: it had none to look up). */
  readonly factsRead?: ReadonlyMap<string, FactAnswer | undefined>;
  /** How many answers there were, when the scheme iterated them all. */
  readonly factsCount?: number;
  readonly cParser: RunContext['cParser'];
  readonly typescriptLib: RunContext['typescriptLib'];
}

/** The scheme's own texts, sorted by path: candidates and asked-for files that have been read. */
function ownTexts(candidates: readonly string[], needed: readonly string[], texts: ReadonlyMap<string, string>): Entries {
  const paths = needed.length ? [...new Set([...candidates, ...needed])].sort() : candidates;
  const entries: [string, string][] = [];
  for (const path of paths) {
    const text = texts.get(path);
    if (text !== undefined) entries.push([path, text]);
  }
  return entries;
}

function sameEntries(a: Entries, b: Entries): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

function sameInput(fingerprint: Fingerprint, context: RunContext, texts: Entries, baselineTexts: Entries | undefined): boolean {
  if (fingerprint.listing !== context.listing || fingerprint.settingsKey !== context.settingsKey) return false;
  if (fingerprint.cParser !== context.cParser || fingerprint.typescriptLib !== context.typescriptLib) return false;
  if (!sameEntries(fingerprint.texts, texts)) return false;
  const then = fingerprint.baseline;
  const now = context.baseline;
  if (!then !== !now || !then !== !baselineTexts) return false;
  if (then && now && baselineTexts && (then.listing !== now.listing || then.ref !== now.ref || then.commitsSince !== now.commitsSince || !sameEntries(then.texts, baselineTexts))) return false;
  if (!fingerprint.factsRead !== !context.facts) return false;
  if (fingerprint.factsRead && context.facts) {
    if (fingerprint.factsCount !== undefined && fingerprint.factsCount !== context.facts.size) return false;
    for (const [key, answer] of fingerprint.factsRead) if (context.facts.get(key) !== answer) return false;
  }
  return true;
}

/**
 * The repository facts as a scheme sees them, remembering what it looked up (its result depends on those
 * answers only). Iterating the facts makes it depend on all of them.
 */
class RecordingFacts implements FactAnswers {
  readonly read = new Map<string, FactAnswer | undefined>();
  /** Set when the scheme iterated the facts: then a new answer to any question is a change too. */
  everything = false;

  constructor(private readonly answers: FactAnswers) {}

  get size(): number {
    this.readAll();
    return this.answers.size;
  }

  get(key: string): FactAnswer | undefined {
    const answer = this.answers.get(key);
    this.read.set(key, answer);
    return answer;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  forEach(callback: (value: FactAnswer, key: string, map: ReadonlyMap<string, FactAnswer>) => void, thisArg?: unknown): void {
    this.readAll();
    this.answers.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[string, FactAnswer]> {
    this.readAll();
    return this.answers.entries();
  }

  keys(): MapIterator<string> {
    this.readAll();
    return this.answers.keys();
  }

  values(): MapIterator<FactAnswer> {
    this.readAll();
    return this.answers.values();
  }

  [Symbol.iterator](): MapIterator<[string, FactAnswer]> {
    return this.entries();
  }

  private readAll(): void {
    this.everything = true;
    for (const [key, answer] of this.answers) this.read.set(key, answer);
  }
}

/**
 * One scheme's analysis, isolated: a scheme that fails on some input (a bug, a pathological file) costs
 * its own findings, reported as one error, never the other schemes' or the whole analysis.
 */
function analyzeSafely(scheme: VersionScheme, input: AnalysisInput): SchemeResult {
  try {
    return scheme.analyze(input);
  } catch (error) {
    const message = `the ${scheme.displayName} check failed on this workspace and reported nothing: ${(error as Error).message ?? String(error)}`;
    return { declarations: [], findings: [], wantedFiles: [], notes: [message] };
  }
}
