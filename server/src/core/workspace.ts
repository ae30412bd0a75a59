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
}

export type FileContent =
  | { readonly kind: 'text'; readonly text: string; readonly version?: number | string }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** A workspace held in memory: the tests' workspace, and the CLI's `--stdin`-style inputs. */
export class MemoryWorkspace implements WorkspaceReader {
  private readonly files: Map<string, string>;

  constructor(files: Record<string, string> | Map<string, string>) {
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
