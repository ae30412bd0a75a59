import type { Declaration, Finding, ValueExplanation } from './model';
import type { Settings } from './settings';
import type { LineIndex } from './text';
import type { SourceSet } from '../sources/buildProject';

/**
 * The shape every version scheme has. A scheme module lives in `server/src/schemes/<id>/` and goes through
 * the same steps: find declarations → parse → validate → explain → compute next versions. The service
 * knows schemes only through this interface; adding a scheme is adding a module and one line to
 * `schemes/index.ts`.
 */
export interface AnalysisInput {
  readonly sources: SourceSet;
  readonly settings: Settings;
  /** Line index of a file that was read (cached by the service). */
  lines(path: string): LineIndex;
}

export interface AnalyzedDeclaration {
  readonly declaration: Declaration;
  /** Markdown explanation, built on demand (hover). */
  explain(): string;
}

export interface SchemeResult {
  readonly declarations: readonly AnalyzedDeclaration[];
  readonly findings: readonly Finding[];
  /** Listed files the scheme needs but that were not read (an m4_include, a side file); the service reads them and asks again. */
  readonly wantedFiles: readonly string[];
}

export interface ExplainOptions {
  /** Library name for names on disk (libtool). */
  readonly library?: string;
  readonly settings: Settings;
  /** The user named this scheme: read the value in its terms even if it does not look like one. */
  readonly explicit?: boolean;
}

export interface VersionScheme {
  readonly id: string;
  readonly displayName: string;
  /** Decided by the path alone, never by reading: which files the scheme reads. */
  isCandidate(path: string): boolean;
  /** Find declarations, parse, validate: the whole workspace at once (declarations span files). */
  analyze(input: AnalysisInput): SchemeResult;
  /** `versionwise explain`: undefined when the value is not written in this scheme's syntax at all. */
  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined;
}
