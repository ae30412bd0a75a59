import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as fc from 'fast-check';
import { MemoryWorkspace, type Baseline, type BaselineProvider, type BaselineResolution } from '../../server/src/core/workspace';

/**
 * Shared by the property-based tests (`fuzz*.test.ts`): the seed, the run counts, a hang detector and the
 * statistics `test/tools/fuzz.mjs` prints.
 *
 * - `VERSIONWISE_FUZZ_SEED`: the seed (default 20261121, so `npm test` is reproducible);
 * - `VERSIONWISE_FUZZ_RUNS`: raises every property's run count to at least this many inputs;
 * - `VERSIONWISE_FUZZ_REPORT`: a file each property appends one JSON line to (name, inputs tried, failure).
 */
export const FUZZ_SEED = integerFromEnvironment('VERSIONWISE_FUZZ_SEED') ?? 20261121;
const RAISED_RUNS = integerFromEnvironment('VERSIONWISE_FUZZ_RUNS');
/** A long campaign (`npm run fuzz`): no mocha timeouts, every property runs as long as it needs. */
export const CAMPAIGN = RAISED_RUNS !== undefined;

/** An input that takes longer than this is a hang (catastrophic backtracking, a quadratic scan), not slowness. */
export const HANG_MS = 5_000;
/** The bound for each small generated input: generous, it only has to catch a blow-up. */
export const SMALL_INPUT_MS = 2_000;

function integerFromEnvironment(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not '${raw}'`);
  return value;
}

/** The run count of a property: its own in the test suite, at least VERSIONWISE_FUZZ_RUNS in a campaign. */
export function runs(base: number): number {
  return RAISED_RUNS === undefined ? base : Math.max(base, RAISED_RUNS);
}

/** A mocha timeout for a property: none in a campaign (its length is the point). */
export function timeoutFor(ms: number): number {
  return CAMPAIGN ? 0 : ms;
}

export interface PropertyStats {
  readonly property: string;
  readonly runs: number;
  readonly failed: boolean;
  readonly ms: number;
  readonly seed: number;
  readonly counterexample?: string;
  readonly error?: string;
  readonly path?: string;
}

export const STATS: PropertyStats[] = [];

function shorten(text: string, max = 2_000): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

function record(stats: PropertyStats): void {
  STATS.push(stats);
  const file = process.env.VERSIONWISE_FUZZ_REPORT;
  if (file) fs.appendFileSync(file, `${JSON.stringify(stats)}\n`);
}

function finish<Ts>(property: string, details: fc.RunDetails<Ts>, started: number): void {
  const failed = details.failed;
  record({
    property,
    runs: details.numRuns,
    failed,
    ms: Math.round(performance.now() - started),
    seed: details.seed,
    counterexample: failed && details.counterexample ? shorten(fc.stringify(details.counterexample)) : undefined,
    error: failed ? shorten(String((details.errorInstance as Error | undefined)?.stack ?? details.errorInstance)) : undefined,
    path: failed ? details.counterexamplePath ?? undefined : undefined,
  });
  if (failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${property}: ${fc.defaultReportMessage(details) ?? 'failed'}\nError: ${cause}`);
  }
}

/** Throws when one input took longer than `bound` ms: a hang detector, not a benchmark. */
export function timed<T>(what: string, work: () => T, bound = SMALL_INPUT_MS): T {
  const started = performance.now();
  const result = work();
  const elapsed = performance.now() - started;
  if (elapsed > bound) throw new Error(`${what} took ${Math.round(elapsed)} ms (bound ${bound} ms)`);
  return result;
}

export async function timedAsync<T>(what: string, work: () => Promise<T>, bound = SMALL_INPUT_MS): Promise<T> {
  const started = performance.now();
  const result = await work();
  const elapsed = performance.now() - started;
  if (elapsed > bound) throw new Error(`${what} took ${Math.round(elapsed)} ms (bound ${bound} ms)`);
  return result;
}

/**
 * Checks a synchronous property with the suite's seed; every input is also timed (SMALL_INPUT_MS). The
 * statistics are recorded for the campaign report; a failure throws fast-check's report (seed, path,
 * shrunk counterexample).
 */
export function check<Ts extends unknown[]>(property: string, numRuns: number, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, predicate: (...values: Ts) => boolean | void): void {
  const started = performance.now();
  const prop = (fc.property as unknown as (...args: unknown[]) => fc.IPropertyWithHooks<Ts>)(...(arbitraries as unknown[]), (...values: Ts) => timed(property, () => predicate(...values)));
  finish(property, fc.check(prop, { seed: FUZZ_SEED, numRuns: runs(numRuns) }), started);
}

/** The asynchronous counterpart of `check`, with its own bound per input. */
export async function checkAsync<Ts extends unknown[]>(property: string, numRuns: number, bound: number, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, predicate: (...values: Ts) => Promise<boolean | void>): Promise<void> {
  const started = performance.now();
  const prop = (fc.asyncProperty as unknown as (...args: unknown[]) => fc.IAsyncPropertyWithHooks<Ts>)(...(arbitraries as unknown[]), (...values: Ts) => timedAsync(property, () => predicate(...values), bound));
  finish(property, await fc.check(prop, { seed: FUZZ_SEED, numRuns: runs(numRuns) }), started);
}

/** Records a deterministic case (the megabyte inputs) in the same report as the properties. */
export function recordCase(property: string, ms: number, error?: unknown): void {
  record({ property, runs: 1, failed: error !== undefined, ms: Math.round(ms), seed: FUZZ_SEED, error: error === undefined ? undefined : shorten(String((error as Error).stack ?? error)) });
}

/** A last release held in memory (tag `v1.0.0`, three commits before HEAD), for the bump rules and interface diffs. */
export class MemoryBaselines implements BaselineProvider {
  constructor(private readonly files: Record<string, string>) {}

  async resolve(): Promise<BaselineResolution> {
    const baseline: Baseline = Object.assign(new MemoryWorkspace(this.files), { ref: 'v1.0.0', commit: '0'.repeat(40), commitsSince: 3 });
    return { kind: 'found', baseline, notes: [] };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries shared by the fuzz tests.

/** Any UTF-16 code unit, lone surrogates and NUL included: what a decoded file can hold. */
export const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Any string of UTF-16 code units. */
export const anyText = (maxLength = 200) => fc.string({ unit: anyUnit, maxLength });

/** Mostly printable ASCII with line breaks of every kind: where parsers keep their state. */
export const asciiText = (maxLength = 200) => fc.string({ unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...' \t\n\r') }, { weight: 30, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) }), maxLength });

/**
 * Text built from a format's own tokens, with noise between them: near-valid input, which reaches far more
 * parser states than uniform noise.
 */
export function tokenText(tokens: readonly string[], maxTokens = 40): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...tokens) },
    { weight: 3, arbitrary: fc.constantFrom(' ', '\t', '\n', '\r\n', '\r', '\\\n', '"', "'", '`', '[', ']', '(', ')', '{', '}', '$', '#', ',', ';', ':', '=', '.', '-', '_', '+', '@', '*', '/', '\\', '0', '1', '9', '00', '\ufeff', '\u0000', '\ud800', 'é', '🚀') },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map(String) },
    { weight: 1, arbitrary: asciiText(12) },
    { weight: 1, arbitrary: anyText(6) },
  );
  return fc.array(piece, { maxLength: maxTokens }).map((parts) => parts.join(''));
}

/**
 * A real-looking text mutated a few times: characters inserted, deleted, duplicated or replaced by a
 * format token. Starts from valid input and walks towards the edge cases around it.
 */
export function mutated(seeds: readonly string[], tokens: readonly string[], maxMutations = 6): fc.Arbitrary<string> {
  const mutation = fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom('insert', 'delete', 'duplicate', 'replace', 'digit'), fc.oneof(fc.constantFrom(...tokens), asciiText(4), anyText(2)));
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: maxMutations })).map(([seed, mutations]) => {
    let text = seed;
    for (const [position, length, kind, token] of mutations) {
      const at = text.length ? position % (text.length + 1) : 0;
      if (kind === 'insert') text = text.slice(0, at) + token + text.slice(at);
      else if (kind === 'delete') text = text.slice(0, at) + text.slice(at + length);
      else if (kind === 'duplicate') text = text.slice(0, at + length) + text.slice(at, at + length) + text.slice(at + length);
      else if (kind === 'replace') text = text.slice(0, at) + token + text.slice(at + length);
      else text = text.replace(/[0-9]+/g, (digits, offset: number) => (offset >= at && offset < at + 40 ? String(BigInt(digits) + BigInt(length)) : digits));
    }
    return text;
  });
}

/** Near-valid text of a format: token soup, mutated real examples, or both concatenated. */
export function formatText(seeds: readonly string[], tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 2, arbitrary: mutated(seeds, tokens, 2) },
    { weight: 3, arbitrary: mutated(seeds, tokens) },
    { weight: 2, arbitrary: tokenText(tokens) },
    { weight: 1, arbitrary: fc.array(mutated(seeds, tokens, 2), { maxLength: 4 }).map((parts) => parts.join('\n')) },
    { weight: 1, arbitrary: anyText() },
  );
}

