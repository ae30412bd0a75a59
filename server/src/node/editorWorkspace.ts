import type { BaselineProvider, FileContent, WorkspaceReader } from '../core/workspace';
import { DiskWorkspace } from './diskWorkspace';
import { GitBaselineProvider } from './gitBaseline';

/**
 * A workspace folder as the editor sees it: files on disk, with the text of open documents (saved or not)
 * in their place. Listing and reads are cached; the client's file watcher tells the server what changed
 * on disk (`invalidate`), so the server never watches files itself and never re-walks an unchanged tree.
 */
export class EditorWorkspace implements WorkspaceReader {
  private readonly disk: DiskWorkspace;
  private listing: Promise<readonly string[]> | undefined;
  private readonly diskTexts = new Map<string, Promise<FileContent>>();
  private readonly openTexts = new Map<string, string>();
  /** The git baseline: only in a trusted workspace, since reading history means running git. */
  baselines?: BaselineProvider;

  constructor(readonly root: string, trusted: boolean) {
    this.disk = new DiskWorkspace(root);
    this.setTrusted(trusted);
  }

  setTrusted(trusted: boolean): void {
    this.baselines = trusted ? new GitBaselineProvider(this.root) : undefined;
  }

  setOpenDocument(path: string, text: string | undefined): void {
    if (text === undefined) this.openTexts.delete(path);
    else this.openTexts.set(path, text);
  }

  /** A file changed on disk (or was created or deleted). */
  invalidate(path: string, created: boolean | 'deleted'): void {
    this.diskTexts.delete(path);
    if (created === true || created === 'deleted') this.listing = undefined;
  }

  invalidateAll(): void {
    this.listing = undefined;
    this.diskTexts.clear();
  }

  async listFiles(): Promise<readonly string[]> {
    this.listing ??= this.disk.listFiles();
    const onDisk = await this.listing;
    const unsaved = [...this.openTexts.keys()].filter((p) => !onDisk.includes(p));
    return unsaved.length ? [...onDisk, ...unsaved] : onDisk;
  }

  async readFile(path: string): Promise<FileContent> {
    const open = this.openTexts.get(path);
    if (open !== undefined) return { kind: 'text', text: open };
    let read = this.diskTexts.get(path);
    if (!read) this.diskTexts.set(path, (read = this.disk.readFile(path)));
    return read;
  }
}
