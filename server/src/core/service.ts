import type { Finding } from './model';
import type { AnalysisInput, AnalyzedDeclaration, VersionScheme } from './scheme';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { compareRanges, LineIndex } from './text';
import type { WorkspaceReader } from './workspace';
import { forgetFilesExcept } from '../sources/buildProject';
import { ALL_SCHEMES } from '../schemes';

/**
 * The analysis service: the one engine behind the language server, the CLI and the tests. It reads the
 * workspace only through a WorkspaceReader, reads only the files some scheme asks for by name, and runs
 * every enabled scheme over them.
 */
export interface WorkspaceAnalysis {
  /** Deduplicated, with the user's severity settings applied, sorted by file and position. */
  readonly findings: readonly Finding[];
  readonly declarations: readonly AnalyzedDeclaration[];
  /** Files that were wanted but could not be used, with why (binary, too large, unreadable). */
  readonly skippedFiles: readonly { readonly file: string; readonly reason: string }[];
  /** The texts the analysis used, by path. */
  readonly texts: ReadonlyMap<string, string>;
  lines(path: string): LineIndex;
}

/** Rounds of "a scheme wants one more file" (m4_include of an m4_include…) before giving up. */
const MAX_READ_ROUNDS = 4;

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

export class VersionwiseService {
  private readonly lineIndexes = new Map<string, LineIndex>();

  constructor(
    private readonly workspace: WorkspaceReader,
    private readonly schemes: readonly VersionScheme[] = ALL_SCHEMES,
  ) {}

  async analyze(settings: Settings = DEFAULT_SETTINGS, cancellation?: CancellationSignal): Promise<WorkspaceAnalysis> {
    const schemes = this.schemes.filter((s) => !settings.disabledSchemes.includes(s.id));
    const listing = new Set(await this.workspace.listFiles());
    const texts = new Map<string, string>();
    const skippedFiles: { file: string; reason: string }[] = [];
    const checkCancelled = () => {
      if (cancellation?.isCancellationRequested) throw new AnalysisCancelled();
    };
    const read = async (paths: Iterable<string>) => {
      for (const path of paths) {
        if (texts.has(path) || skippedFiles.some((s) => s.file === path)) continue;
        const content = await this.workspace.readFile(path);
        if (content.kind === 'text') texts.set(path, content.text);
        else skippedFiles.push({ file: path, reason: content.reason });
      }
    };
    await read([...listing].filter((path) => schemes.some((s) => s.isCandidate(path))).sort());
    checkCancelled();
    forgetFilesExcept(listing);
    for (const path of this.lineIndexes.keys()) if (!texts.has(path)) this.lineIndexes.delete(path);

    const lines = (path: string): LineIndex => {
      const text = texts.get(path) ?? '';
      let index = this.lineIndexes.get(path);
      if (!index || index.text !== text) this.lineIndexes.set(path, (index = new LineIndex(text)));
      return index;
    };
    const input: AnalysisInput = { sources: { listing, texts }, settings, lines };

    let results = schemes.map((scheme) => scheme.analyze(input));
    for (let round = 1; round < MAX_READ_ROUNDS; round++) {
      const wanted = results.flatMap((r) => r.wantedFiles).filter((p) => !texts.has(p) && listing.has(p) && !skippedFiles.some((s) => s.file === p));
      if (!wanted.length) break;
      await read(new Set(wanted));
      checkCancelled();
      results = schemes.map((scheme) => scheme.analyze(input));
    }

    return {
      findings: applySeverity(dedupe(results.flatMap((r) => r.findings)), settings),
      declarations: results.flatMap((r) => r.declarations),
      skippedFiles,
      texts,
      lines,
    };
  }
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
  return adjusted.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : compareRanges(a.range, b.range)));
}
