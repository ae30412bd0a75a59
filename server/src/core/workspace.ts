/**
 * The only way the analysis core sees files. The core does no I/O of its own: the language server, the
 * CLI and the tests each hand it an implementation of this interface (disk, disk plus open editors, or
 * memory). Paths are workspace-relative and use '/' on every platform.
 */
export interface WorkspaceReader {
  /** Every file of the workspace, by name only: listing must never read file contents. */
  listFiles(): Promise<readonly string[]>;
  /** The text of one file. Never throws: a file that cannot be used yields a reason instead. */
  readFile(path: string): Promise<FileContent>;
  /** The workspace as it was at the last release, when the front end can read history (git). */
  readonly baselines?: BaselineProvider;
}

/** The files of the workspace at a past revision (the last release). */
export interface Baseline extends WorkspaceReader {
  /** The ref the user would recognise: a tag such as `v2.1.0`, or what they asked for. */
  readonly ref: string;
  readonly commit: string;
  /** Commits between the baseline and HEAD (0: HEAD is the release), when known. */
  readonly commitsSince?: number;
}

export interface BaselineRequest {
  /** An explicit ref (setting or `--baseline`); otherwise the newest release tag reachable from HEAD. */
  readonly ref?: string;
  /** A regular expression that release tags must match, replacing the built-in notion of a release tag. */
  readonly tagPattern?: string;
  /** Names the package goes by (AC_INIT name, tarname, library names): tags with another name's prefix are not its releases. */
  readonly packageNames?: readonly string[];
}

export type BaselineResolution =
  | { readonly kind: 'found'; readonly baseline: Baseline; readonly notes: readonly string[] }
  | { readonly kind: 'unavailable'; readonly message: string };

export interface BaselineProvider extends Partial<RepositoryFacts> {
  resolve(request: BaselineRequest): Promise<BaselineResolution>;
  /** Starts what resolve() will need whatever the request (git: HEAD and the tags), so it overlaps other work. */
  prepare?(): void;
}

/**
 * A question about the repository's history (beside the files the baseline reads), asked by a scheme
 * through `SchemeResult.wantedFacts`:
 *  - `branch`: the branch checked out (its short name);
 *  - `commit`: the commit a ref or an abbreviated hash names;
 *  - `count`: the commits reachable from `to` but not from `from` (what `git describe` counts).
 */
export type FactQuery =
  | { readonly kind: 'branch' }
  | { readonly kind: 'commit'; readonly ref: string }
  | { readonly kind: 'count'; readonly from: string; readonly to: string };

/**
 * The answer to one query: the branch name; the full commit hash, or `null` when the repository certainly
 * has no such commit; the count. A query that could not be answered (no git, detached HEAD, a shallow
 * clone, an unsafe ref…) has no answer at all: unknown, and the rules that asked stay silent.
 */
export type FactAnswer = string | number | null;

/** Answers by `factKey(query)`. */
export type FactAnswers = ReadonlyMap<string, FactAnswer>;

export function factKey(query: FactQuery): string {
  switch (query.kind) {
    case 'branch':
      return 'branch';
    case 'commit':
      return `commit\0${query.ref}`;
    case 'count':
      return `count\0${query.from}\0${query.to}`;
  }
}

/**
 * Facts from the repository's history, when the front end may read it (the same switch as the baseline:
 * never in an untrusted workspace). Never throws; unanswerable queries are left out of the answers.
 */
export interface RepositoryFacts {
  facts(queries: readonly FactQuery[]): Promise<FactAnswers>;
}

export type FileContent =
  | { readonly kind: 'text'; readonly text: string; readonly version?: number | string }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** A workspace held in memory: the tests' workspace, and the CLI's `--stdin`-style inputs. */
export class MemoryWorkspace implements WorkspaceReader {
  private readonly files: Map<string, string>;
  /** Kept until a file is added or removed, as the editor's workspace keeps its listing across edits. */
  private listing?: readonly string[];

  constructor(files: Record<string, string> | Map<string, string>, readonly baselines?: BaselineProvider) {
    this.files = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  }

  async listFiles(): Promise<readonly string[]> {
    return (this.listing ??= [...this.files.keys()].sort());
  }

  async readFile(path: string): Promise<FileContent> {
    const text = this.files.get(path);
    return text === undefined ? { kind: 'unreadable', reason: 'no such file' } : { kind: 'text', text };
  }

  set(path: string, text: string): void {
    if (!this.files.has(path)) this.listing = undefined;
    this.files.set(path, text);
  }

  delete(path: string): void {
    if (this.files.delete(path)) this.listing = undefined;
  }
}
