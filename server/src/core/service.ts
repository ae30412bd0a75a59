import type { Finding } from './model';
import type { AnalyzedDeclaration, SchemeResult, VersionScheme } from './scheme';
import { FileListing } from './listing';
import { SchemeRun, type RunContext } from './schemeRuns';
import { DEFAULT_SETTINGS, isSchemeEnabled, mergeSettings, normaliseSettings, type Settings } from './settings';
import { CONFIG_FILE, CONFIG_RULES, readProjectConfig, type ProjectConfig, type Suppression } from './projectConfig';
import { minimatch } from 'minimatch';
import { compareRanges, LineIndex } from './text';
import { factKey, type Baseline, type FactAnswer, type FactQuery, type WorkspaceReader } from './workspace';
import type { CParser } from '../interfaces/cHeaders';
import type { LibReader } from '../interfaces/typescriptApi';
import { forgetFilesExcept } from '../sources/buildProject';
import { ALL_SCHEMES } from '../schemes';

/**
 * The analysis service: the one engine behind the language server, the CLI and the tests. It reads the
 * workspace only through a WorkspaceReader, reads only the files some scheme asks for by name, and runs
 * every enabled scheme over them — with the workspace at the last release beside it when the reader can
 * provide one.
 */
export interface WorkspaceAnalysis {
  /** Deduplicated, with the user's severity settings applied, sorted by file and position. */
  readonly findings: readonly Finding[];
  readonly declarations: readonly AnalyzedDeclaration[];
  /** Files that were wanted but could not be used, with why (binary, too large, unreadable). */
  readonly skippedFiles: readonly { readonly file: string; readonly reason: string }[];
  /** Sentences for the user about what was not checked (no git baseline, …). */
  readonly notes: readonly string[];
  /** The last release the analysis compared with, if any. */
  readonly baselineRef?: string;
  /** Findings a suppression of the project configuration hides, with it (listed by the CLI, in SARIF). */
  readonly suppressed: readonly { readonly finding: Finding; readonly suppression: Suppression }[];
  /** The project configuration file, as read. */
  readonly config: ProjectConfig;
  /** The settings in force: the editor's or the command line's, with the project configuration over them. */
  readonly settings: Settings;
  /** The texts the analysis used, by path. */
  readonly texts: ReadonlyMap<string, string>;
  lines(path: string): LineIndex;
}

/** Rounds of "a scheme wants one more file" (m4_include of an m4_include…) before giving up. */
const MAX_READ_ROUNDS = 8;
/** How long a resolved baseline is trusted before git is asked again (tags and HEAD move rarely). */
const BASELINE_TTL_MS = 30_000;
/** Repository facts asked for in one period of BASELINE_TTL_MS at most (a NEWS file can name hundreds of snapshots). */
const MAX_FACT_QUERIES = 256;

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

export interface ServiceOptions {
  readonly schemes?: readonly VersionScheme[];
  /** Loads the C parser (WebAssembly); without it, interfaces are compared by symbol lists and sources only. */
  readonly cParser?: () => Promise<CParser | undefined>;
  /** Reads TypeScript's lib .d.ts files; without it, TypeScript APIs are compared without the standard library's types. */
  readonly typescriptLib?: LibReader;
}

/** Texts read from one reader, with line indexes cached per text (across analyses, in `indexes`). */
class FileSet {
  readonly texts = new Map<string, string>();
  readonly skipped: { file: string; reason: string }[] = [];

  constructor(private readonly reader: WorkspaceReader, readonly listing: FileListing, private readonly indexes: Map<string, LineIndex> = new Map()) {}

  async read(paths: Iterable<string>): Promise<void> {
    const skipped = new Set(this.skipped.map((s) => s.file));
    const wanted = [...paths].filter((p) => !this.texts.has(p) && !skipped.has(p));
    // Start every read before awaiting any, so a reader that batches (git cat-file) sees them together.
    const contents = await Promise.all(wanted.map((p) => this.reader.readFile(p)));
    wanted.forEach((path, i) => {
      const content = contents[i];
      if (content.kind === 'text') this.texts.set(path, content.text);
      else this.skipped.push({ file: path, reason: content.reason });
    });
  }

  readonly lines = (path: string): LineIndex => {
    const text = this.texts.get(path) ?? '';
    let index = this.indexes.get(path);
    if (!index || index.text !== text) this.indexes.set(path, (index = new LineIndex(text)));
    return index;
  };
}

export class VersionwiseService {
  private readonly schemes: readonly VersionScheme[];
  private readonly runs = new Map<VersionScheme, SchemeRun>();
  /** Repository facts, asked once and kept as long as a resolved baseline (the branch and the tags move rarely). */
  private factCache?: FactCache;
  private baselineCache?: { key: string; at: number; baseline?: Baseline; notes: string[] };
  /** A re-resolution of an expired baseline running in the background (the analysis uses the cached one meanwhile). */
  private baselineRefresh?: Promise<void>;
  /**
   * Line indexes of the working tree's texts, kept across analyses while the text is the same: an edit
   * rebuilds only the edited file's index.
   */
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly baselineLineIndexes = new Map<string, LineIndex>();
  private parser?: Promise<CParser | undefined>;
  /** Why the C parser could not be loaded, for the note that says C headers were not compared. */
  private parserError?: string;

  constructor(private readonly workspace: WorkspaceReader, private readonly options: ServiceOptions = {}) {
    this.schemes = options.schemes ?? ALL_SCHEMES;
  }

  /** Forget the resolved baseline (tags or HEAD may have moved). */
  invalidateBaseline(): void {
    this.baselineCache = undefined;
    this.factCache = undefined;
  }

  async analyze(requested: Settings = DEFAULT_SETTINGS, cancellation?: CancellationSignal): Promise<WorkspaceAnalysis> {
    const checkCancelled = () => {
      if (cancellation?.isCancellationRequested) throw new AnalysisCancelled();
    };
    // When the baseline will be resolved, git starts while the tree is listed and read (what needs no
    // package name: HEAD, the tags).
    const cache = this.baselineCache;
    if (this.workspace.baselines && requested.baseline.enabled && (!cache || Date.now() - cache.at > BASELINE_TTL_MS)) this.workspace.baselines.prepare?.();
    const all = FileListing.of(await this.workspace.listFiles());
    // The project configuration comes first: it can exclude files and switch schemes off.
    const configFiles = new FileSet(this.workspace, all);
    await configFiles.read([CONFIG_FILE, 'package.json'].filter((p) => all.has(p)));
    const config = readConfigSafely(configFiles.texts, configFiles.lines);
    const settings = normaliseSettings(mergeSettings(requested, config.settings));
    const excluded = settings.exclude.map((pattern) => minimatch.filter(pattern, { dot: true, matchBase: !pattern.includes('/') }));
    const listing = excluded.length ? all.filtered(JSON.stringify(settings.exclude), (p) => !excluded.some((matches) => matches(p))) : all;
    const runs = this.schemes.filter((s) => isSchemeEnabled(settings, s.id)).map((scheme) => this.runOf(scheme));
    for (const run of runs) run.startAnalysis();
    const current = new FileSet(this.workspace, listing, this.lineIndexes);
    for (const [path, text] of configFiles.texts) if (listing.has(path)) current.texts.set(path, text);
    // Each scheme's candidates, and the files it needed last time (most analyses need them again).
    const candidatesNow = byRun(runs, candidatesOf(listing, runs.map((run) => run.scheme)));
    await current.read(new Set(runs.flatMap((run) => [...candidatesNow.get(run)!, ...run.prefetch.filter((p) => listing.has(p))])));
    checkCancelled();
    forgetFilesExcept(listing);
    for (const path of this.lineIndexes.keys()) if (!current.texts.has(path)) this.lineIndexes.delete(path);

    const shared: { -readonly [K in keyof RunContext]: RunContext[K] } = {
      listing,
      candidates: [],
      texts: current.texts,
      settings,
      settingsKey: JSON.stringify(settings),
      lines: current.lines,
      typescriptLib: this.options.typescriptLib,
    };
    let candidatesThen: Map<SchemeRun, readonly string[]> | undefined;
    const contextOf = (run: SchemeRun): RunContext => ({
      ...shared,
      candidates: candidatesNow.get(run)!,
      ...(shared.baseline && candidatesThen ? { baseline: { ...shared.baseline, candidates: candidatesThen.get(run)! } } : {}),
    });

    const notes: string[] = [];
    let previous: FileSet | undefined;
    const baseline = await this.resolveBaseline(settings, runs, contextOf, notes);
    checkCancelled();
    if (baseline) {
      // Interfaces are only compared with a last release: the C parser (WebAssembly) is loaded then, not before.
      shared.cParser = await this.loadParser();
      if (this.baselineCommit !== baseline.commit) this.baselineLineIndexes.clear();
      this.baselineCommit = baseline.commit;
      let baselineListing: readonly string[] | undefined;
      try {
        baselineListing = await baseline.listFiles();
      } catch (error) {
        // A damaged tree or commit: say so once and go on without the baseline.
        notes.push(`Interface changes are not checked: the files of ${baseline.ref} could not be listed (${(error as Error).message}).`);
      }
      if (baselineListing) {
        const then = FileListing.of(baselineListing);
        const fileSet = (previous = new FileSet(baseline, then, this.baselineLineIndexes));
        candidatesThen = byRun(runs, candidatesOf(then, runs.map((run) => run.scheme)));
        await fileSet.read(new Set(runs.flatMap((run) => [...candidatesThen!.get(run)!, ...run.prefetchBaseline.filter((p) => then.has(p))])));
        shared.baseline = { ref: baseline.ref, commitsSince: baseline.commitsSince, listing: then, candidates: [], texts: fileSet.texts, lines: fileSet.lines };
      }
    }

    // Repository facts follow the baseline's switch: no provider (untrusted workspace) or baseline off, no facts.
    const factProvider = settings.baseline.enabled ? this.workspace.baselines : undefined;
    const facts = factProvider?.facts ? this.currentFacts() : undefined;
    if (facts) shared.facts = facts.answers;

    // Rounds: every scheme runs (or reuses its last result) over its own texts; the files and facts it
    // asks for are read and answered; until no scheme asks for anything new.
    let results: SchemeResult[] = [];
    for (let round = 1; ; round++) {
      results = runs.map((run) => run.analyze(contextOf(run)));
      if (round === MAX_READ_ROUNDS) break;
      const skippedNow = new Set(current.skipped.map((s) => s.file));
      const skippedThen = new Set(previous?.skipped.map((s) => s.file));
      const toRead = new Set<string>();
      const toReadThen = new Set<string>();
      let wantsChanged = false;
      runs.forEach((run, i) => {
        const needed = [...new Set(results[i].wantedFiles.filter((p) => listing.has(p)))];
        if (!sameMembers(needed, run.needed)) {
          run.needed = needed;
          wantsChanged = true;
        }
        for (const path of needed) if (!current.texts.has(path) && !skippedNow.has(path)) toRead.add(path);
        if (!previous) return;
        const neededThen = [...new Set((results[i].wantedBaselineFiles ?? []).filter((p) => previous!.listing.has(p)))];
        if (!sameMembers(neededThen, run.neededBaseline)) {
          run.neededBaseline = neededThen;
          wantsChanged = true;
        }
        for (const path of neededThen) if (!previous.texts.has(path) && !skippedThen.has(path)) toReadThen.add(path);
      });
      const factsAnswered = facts ? factsToWaitFor(facts, results.flatMap((r) => r.wantedFacts ?? []), (queries) => factProvider!.facts!(queries)) : undefined;
      if (!wantsChanged && !toRead.size && !toReadThen.size && !factsAnswered) break;
      await Promise.all([current.read(toRead), previous?.read(toReadThen), factsAnswered]);
      checkCancelled();
    }
    for (const run of runs) run.finishAnalysis();
    // Files read early because they were needed last time, and not needed now, are not this analysis's business.
    const used = new Set(runs.flatMap((run) => [...candidatesNow.get(run)!, ...run.needed]));
    const usedThen = new Set(runs.flatMap((run) => [...(candidatesThen?.get(run) ?? []), ...run.neededBaseline]));
    for (const result of results) for (const note of result.notes ?? []) if (!notes.includes(note)) notes.push(this.parserError && note.startsWith('C headers are not compared') ? `${note} (${this.parserError})` : note);
    const unreadableThen = previous?.skipped.filter((s) => usedThen.has(s.file) && s.reason.startsWith('git could not read')) ?? [];
    if (unreadableThen.length) {
      notes.push(`${unreadableThen.length} file(s) of ${baseline!.ref} could not be read from git (${unreadableThen.slice(0, 3).map((s) => s.file).join(', ')}${unreadableThen.length > 3 ? ', …' : ''}): the comparison with the last release may be incomplete; run git fsck.`);
    }

    const { kept, suppressed, unused } = applySuppressions(applySeverity(dedupe(results.flatMap((r) => r.findings)), settings), config.suppressions, current.texts, current.lines);
    const configFindings = [...config.findings, ...unused.map((s): Finding => ({
      file: s.at.file,
      range: configFiles.lines(s.at.file).rangeOf(s.at.start, s.at.end),
      severity: 'warning',
      code: CONFIG_RULES.unusedSuppression,
      message: `this suppression of ${s.rule} in ${s.file}${s.text ? ` ("${s.text}")` : ''} no longer matches any finding: remove it`,
      fixes: [],
    }))];
    return {
      findings: [...kept, ...applySeverity(configFindings, settings)].sort(byPosition),
      declarations: results.flatMap((r) => r.declarations),
      skippedFiles: current.skipped.filter((s) => used.has(s.file)),
      notes,
      baselineRef: baseline?.ref,
      suppressed,
      config,
      settings,
      texts: current.texts,
      lines: (path: string) => (current.texts.has(path) ? current.lines(path) : configFiles.lines(path)),
    };
  }

  private baselineCommit?: string;

  private currentFacts(): FactCache {
    if (!this.factCache || Date.now() - this.factCache.at > BASELINE_TTL_MS) this.factCache = { at: Date.now(), answers: new Map(), asked: new Set(), pending: new Map() };
    return this.factCache;
  }

  private async loadParser(): Promise<CParser | undefined> {
    if (!this.options.cParser) return undefined;
    return (this.parser ??= this.options.cParser().catch((error: unknown) => {
      this.parserError = (error as Error).message ?? String(error);
      return undefined;
    }));
  }

  /** A scheme's run, kept across analyses (its last result and the files it needed). */
  private runOf(scheme: VersionScheme): SchemeRun {
    let run = this.runs.get(scheme);
    if (!run) this.runs.set(scheme, (run = new SchemeRun(scheme)));
    return run;
  }

  private async resolveBaseline(settings: Settings, runs: readonly SchemeRun[], contextOf: (run: SchemeRun) => RunContext, notes: string[]): Promise<Baseline | undefined> {
    const provider = this.workspace.baselines;
    if (!provider || !settings.baseline.enabled) return undefined;
    const packageNames = [...new Set(runs.flatMap((run) => run.scheme.packageNames?.(run.input(contextOf(run))) ?? []))];
    const key = JSON.stringify([settings.baseline.ref, settings.baseline.tagPattern, packageNames]);
    const cached = this.baselineCache;
    const resolve = async () => {
      const resolution = await provider.resolve({ ref: settings.baseline.ref, tagPattern: settings.baseline.tagPattern, packageNames });
      const before = this.baselineCache;
      // The same commit keeps its Baseline object, and with it the files already read from git.
      const keep = resolution.kind === 'found' && before?.baseline?.commit === resolution.baseline.commit && before.baseline.ref === resolution.baseline.ref ? before.baseline : undefined;
      this.baselineCache = resolution.kind === 'found'
        ? { key, at: Date.now(), baseline: keep ?? resolution.baseline, notes: [...resolution.notes] }
        : { key, at: Date.now(), notes: [resolution.message] };
    };
    if (!cached || cached.key !== key) await resolve();
    else if (Date.now() - cached.at > BASELINE_TTL_MS && !this.baselineRefresh) {
      // Expired but for the same request: this analysis uses what was resolved, and git is asked again in
      // the background for the next one (an edit never waits for git).
      this.baselineRefresh = resolve().catch(() => undefined).finally(() => (this.baselineRefresh = undefined));
    }
    notes.push(...this.baselineCache!.notes);
    return this.baselineCache!.baseline;
  }
}

/**
 * The files each scheme reads, sorted: listed files with one of its candidate names that `isCandidate`
 * accepts. One pass over the listing serves every scheme (a name and an extension sliced once per path,
 * a map lookup each), and the lists are kept per listing, so a keystroke never recomputes them.
 */
const candidateLists = new WeakMap<FileListing, Map<VersionScheme, readonly string[]>>();

function candidatesOf(listing: FileListing, schemes: readonly VersionScheme[]): Map<VersionScheme, readonly string[]> {
  let known = candidateLists.get(listing);
  if (!known) candidateLists.set(listing, (known = new Map()));
  const missing = schemes.filter((s) => !known!.has(s));
  if (missing.length) {
    const byName = new Map<string, VersionScheme[]>();
    const byExtension = new Map<string, VersionScheme[]>();
    const patterns: [RegExp, VersionScheme][] = [];
    const add = (map: Map<string, VersionScheme[]>, key: string, scheme: VersionScheme) => {
      const list = map.get(key);
      if (!list) map.set(key, [scheme]);
      else if (!list.includes(scheme)) list.push(scheme);
    };
    for (const scheme of missing) {
      const { names = [], extensions = [], pattern } = scheme.candidateNames;
      for (const name of names) add(byName, name, scheme);
      for (const extension of extensions) add(byExtension, extension, scheme);
      if (pattern) patterns.push([pattern, scheme]);
    }
    const found = new Map<VersionScheme, Set<string>>(missing.map((s) => [s, new Set()]));
    const consider = (schemesOfName: readonly VersionScheme[] | undefined, path: string) => {
      for (const scheme of schemesOfName ?? []) if (scheme.isCandidate(path)) found.get(scheme)!.add(path);
    };
    for (const path of listing) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      consider(byName.get(name), path);
      const dot = name.lastIndexOf('.');
      if (dot > 0) consider(byExtension.get(name.slice(dot)), path);
      for (const [pattern, scheme] of patterns) if (pattern.test(name) && scheme.isCandidate(path)) found.get(scheme)!.add(path);
    }
    for (const [scheme, paths] of found) known.set(scheme, [...paths].sort());
  }
  return new Map(schemes.map((s) => [s, known!.get(s)!]));
}

function byRun(runs: readonly SchemeRun[], lists: ReadonlyMap<VersionScheme, readonly string[]>): Map<SchemeRun, readonly string[]> {
  return new Map(runs.map((run) => [run, lists.get(run.scheme)!]));
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((p) => set.has(p));
}

/** Repository facts kept across analyses: the answers, what was asked, and what is still being answered. */
interface FactCache {
  readonly at: number;
  readonly answers: Map<string, FactAnswer>;
  readonly asked: Set<string>;
  /** Answers on their way (asked by this analysis or by one still running): waited for, not asked again. */
  readonly pending: Map<string, Promise<void>>;
}

/**
 * What a round must wait for before the schemes run again: the queries not asked yet are asked (within the
 * budget of MAX_FACT_QUERIES), and those another analysis asked are awaited. Undefined: nothing to wait for.
 * A failed or partial answer leaves queries unknown.
 */
function factsToWaitFor(cache: FactCache, wanted: readonly FactQuery[], ask: (queries: readonly FactQuery[]) => Promise<ReadonlyMap<string, FactAnswer>>): Promise<unknown> | undefined {
  const fresh: FactQuery[] = [];
  const waits = new Set<Promise<void>>();
  for (const query of wanted) {
    const key = factKey(query);
    const pending = cache.pending.get(key);
    if (pending) waits.add(pending);
    else if (!cache.asked.has(key) && cache.asked.size < MAX_FACT_QUERIES) {
      cache.asked.add(key);
      fresh.push(query);
    }
  }
  if (fresh.length) {
    const keys = fresh.map(factKey);
    const answered = Promise.resolve().then(() => ask(fresh)).then(
      (answers) => {
        for (const key of keys) {
          const answer = answers.get(key);
          if (answer !== undefined) cache.answers.set(key, answer);
        }
      },
      () => undefined,
    ).finally(() => {
      for (const key of keys) cache.pending.delete(key);
    });
    for (const key of keys) cache.pending.set(key, answered);
    waits.add(answered);
  }
  return waits.size ? Promise.all(waits) : undefined;
}

/** The same finding reached from two uses of one variable is reported once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}\0${f.code}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function applySeverity(findings: Finding[], settings: Settings): Finding[] {
  const adjusted: Finding[] = [];
  for (const finding of findings) {
    const override = settings.severity[finding.code];
    if (override === 'off') continue;
    adjusted.push(override ? { ...finding, severity: override } : finding);
  }
  return adjusted.sort(byPosition);
}

/**
 * The project configuration, even when reading it fails outright (jsonc-parser recurses per nesting level,
 * so a file nesting thousands of arrays throws): then it is reported as malformed and not used.
 */
function readConfigSafely(texts: ReadonlyMap<string, string>, lines: (path: string) => LineIndex): ProjectConfig {
  try {
    return readProjectConfig(texts, lines);
  } catch (error) {
    const file = texts.has(CONFIG_FILE) ? CONFIG_FILE : 'package.json';
    return {
      source: file,
      settings: {},
      suppressions: [],
      findings: [{ file, range: lines(file).rangeOf(0, 0), severity: 'error', code: CONFIG_RULES.malformed, message: `${file} could not be read as configuration (${(error as Error).message}); its settings and suppressions are not used`, fixes: [] }],
    };
  }
}

function byPosition(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : compareRanges(a.range, b.range);
}

/**
 * Moves the findings a suppression matches (same rule and file, and the same text under the finding when
 * the suppression names one) out of the report, and returns the suppressions that matched nothing.
 */
function applySuppressions(findings: Finding[], suppressions: readonly Suppression[], texts: ReadonlyMap<string, string>, lines: (path: string) => LineIndex) {
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  const suppressed: { finding: Finding; suppression: Suppression }[] = [];
  for (const finding of findings) {
    const suppression = suppressions.find((s) => s.rule === finding.code && s.file === finding.file && (s.text === undefined || s.text === textUnder(finding, texts, lines)));
    if (suppression) {
      used.add(suppression);
      suppressed.push({ finding, suppression });
    } else kept.push(finding);
  }
  return { kept, suppressed, unused: suppressions.filter((s) => !used.has(s)) };
}

/** The source text a finding sits on (what a suppression's `text` names). */
export function textUnder(finding: Finding, texts: ReadonlyMap<string, string>, lines: (path: string) => LineIndex): string {
  const text = texts.get(finding.file);
  if (text === undefined) return '';
  const index = lines(finding.file);
  return text.slice(index.offsetAt(finding.range.start), index.offsetAt(finding.range.end));
}
