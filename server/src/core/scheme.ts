import type { Declaration, Finding, ValueExplanation } from './model';
import type { Settings } from './settings';
import type { LineIndex } from './text';
import type { SourceSet } from '../sources/buildProject';
import type { CParser } from '../interfaces/cHeaders';
import type { LibReader } from '../interfaces/typescriptApi';
import type { Fix } from './model';
import type { InterfaceDiff } from '../interfaces/model';
import type { FactAnswers, FactQuery } from './workspace';

/**
 * The shape every version scheme has. A scheme module lives in `server/src/schemes/<id>/` and goes through
 * the same steps: find declarations → parse → validate → explain → compute next versions. The service
 * knows schemes only through this interface; adding a scheme is adding a module and one line to
 * `schemes/index.ts`.
 */
export interface AnalysisInput {
  /**
   * The whole listing, and the texts of this scheme's own files only: its candidates and the files it asked
   * for (`wantedFiles`) — never another scheme's. A scheme's result is a function of this input, which is
   * what lets the service reuse it while the input is unchanged.
   */
  readonly sources: SourceSet;
  readonly settings: Settings;
  /** Line index of a file that was read (cached by the service). */
  lines(path: string): LineIndex;
  /** The workspace at the last release, when there is one (git baseline). */
  readonly baseline?: BaselineInput;
  /** The C parser, when the front end could load it. */
  readonly cParser?: CParser;
  /** Reads TypeScript's lib .d.ts files (the one file access the TypeScript extractor needs), when available. */
  readonly typescriptLib?: LibReader;
  /**
   * Answers to the `wantedFacts` of earlier rounds, by `factKey(query)`; undefined when the front end
   * offers no repository facts (no git, untrusted workspace, baseline off). A query not (yet) in the map
   * is unknown: the rule that needs it stays silent.
   */
  readonly facts?: FactAnswers;
}

export interface BaselineInput {
  readonly ref: string;
  /** Commits between the baseline and HEAD: more than 0 means the sources changed since the release. */
  readonly commitsSince?: number;
  readonly sources: SourceSet;
  lines(path: string): LineIndex;
}

export interface AnalyzedDeclaration {
  readonly declaration: Declaration;
  /** Markdown explanation, built on demand (hover). */
  explain(): string;
  /** Edits that bump the version for each kind of change (source actions), when the value can be written. */
  readonly bumps?: readonly Fix[];
  /** What changed since the last release, when known (code lens, `versionwise diff`). */
  readonly report?: InterfaceReport;
  /** Edits that write the version the next release needs, when it differs from the working one. */
  readonly nextFix?: Fix;
}

/** What changed in one library's interface since the last release, and the version that follows. */
export interface InterfaceReport {
  readonly scheme: string;
  readonly library: string;
  readonly baselineRef: string;
  /** The version at the baseline and in the working tree, in the scheme's syntax. */
  readonly baselineValue: string;
  readonly value: string;
  /** 'none' | 'revision' | 'added' | 'removed-or-changed' for libtool. */
  readonly change: string;
  readonly next: string;
  readonly diff: InterfaceDiff;
  /** Files of the library whose text differs from the baseline. */
  readonly changedFiles: readonly string[];
  /** One line: "since v2.1: +3 −1 ~2 interfaces → next 7:0:0". */
  readonly summary: string;
}

export interface SchemeResult {
  readonly declarations: readonly AnalyzedDeclaration[];
  readonly findings: readonly Finding[];
  /**
   * Every listed file beyond its candidates that the scheme needs (an m4_include, a side file, the
   * Makefile.am of a library), whether it has its text already or not. The service reads those it lacks,
   * and runs the scheme again until its texts are exactly its candidates plus these.
   */
  readonly wantedFiles: readonly string[];
  /** The same for the baseline. */
  readonly wantedBaselineFiles?: readonly string[];
  /** Questions about the repository's history (the checked-out branch, whether a commit exists…); answered in `AnalysisInput.facts` in the next round. */
  readonly wantedFacts?: readonly FactQuery[];
  /** Sentences for the user about what could not be checked (once per analysis). */
  readonly notes?: readonly string[];
}

export interface ExplainOptions {
  /** Library name for names on disk (libtool). */
  readonly library?: string;
  readonly settings: Settings;
  /** The user named this scheme: read the value in its terms even if it does not look like one. */
  readonly explicit?: boolean;
}

/** Names a candidate can have: an exact name, an extension (after the last dot), or a name matching `pattern`. */
export interface CandidateNames {
  readonly names?: readonly string[];
  readonly extensions?: readonly string[];
  /** For names with many spellings (`NEWS`, `CHANGES.md`…); tested once per distinct name. Not global (no `g` flag). */
  readonly pattern?: RegExp;
}

export interface VersionScheme {
  readonly id: string;
  readonly displayName: string;
  /** Every rule code the scheme can report (each has a page in docs/rules/). */
  readonly rules: Readonly<Record<string, string>>;
  /**
   * The names (last path segments) the scheme's candidates can have: the service asks `isCandidate` only
   * about listed files with one of these names, looked up in the listing's indexes, so a tree of 100,000
   * files costs a few map lookups per scheme rather than a call per file. Every path `isCandidate` accepts
   * must have such a name (a property test checks it for every scheme).
   */
  readonly candidateNames: CandidateNames;
  /** Decided by the path alone, never by reading: which files the scheme reads (its result depends on them and on the files it asks for). */
  isCandidate(path: string): boolean;
  /** Find declarations, parse, validate: the whole workspace at once (declarations span files). */
  analyze(input: AnalysisInput): SchemeResult;
  /** Names the package goes by (to recognise its release tags), from the files read so far. */
  packageNames?(input: AnalysisInput): string[];
  /** `versionwise explain`: undefined when the value is not written in this scheme's syntax at all. */
  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined;
}
