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

export interface BaselineProvider {
  resolve(request: BaselineRequest): Promise<BaselineResolution>;
  /** Starts what resolve() will need whatever the request (git: HEAD and the tags), so it overlaps other work. */
  prepare?(): void;
}

export type FileContent =
  | { readonly kind: 'text'; readonly text: string; readonly version?: number | string }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** A workspace held in memory: the tests' workspace, and the CLI's `--stdin`-style inputs. */
export class MemoryWorkspace implements WorkspaceReader {
  private readonly files: Map<string, string>;

  constructor(files: Record<string, string> | Map<string, string>, readonly baselines?: BaselineProvider) {
    this.files = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  }

  async listFiles(): Promise<readonly string[]> {
    return [...this.files.keys()].sort();
  }

  async readFile(path: string): Promise<FileContent> {
    const text = this.files.get(path);
    return text === undefined ? { kind: 'unreadable', reason: 'no such file' } : { kind: 'text', text };
  }

  set(path: string, text: string): void {
    this.files.set(path, text);
  }

  delete(path: string): void {
    this.files.delete(path);
  }
}
