import * as fsSync from 'node:fs';
import { promises as fs } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import type { BaselineProvider, FileContent, WorkspaceReader } from '../core/workspace';

/**
 * The workspace on disk: the I/O the analysis core does not do. Listing walks the tree by name only (no
 * file is opened), skipping version-control and dependency folders and never following symbolic links to
 * directories (so a link loop cannot hang it). Reading refuses what could not be a text Versionwise
 * needs: files above a size limit and files with NUL bytes (binaries).
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** How long the listing reads directories before it lets the event loop run. */
const LISTING_SLICE_MS = 10;

/** Folders never listed: version control metadata and installed dependencies. */
const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '.vscode-test']);

export class DiskWorkspace implements WorkspaceReader {
  constructor(readonly root: string, readonly baselines?: BaselineProvider, private readonly maxFileBytes = MAX_FILE_BYTES) {}

  async listFiles(): Promise<readonly string[]> {
    const files: string[] = [];
    // Directories are read synchronously, in slices of LISTING_SLICE_MS between which the event loop runs
    // (requests, git's output): a tree of thousands of folders is listed in about two thirds of the time the
    // same walk takes through the thread pool, whose promise and scheduling overhead per folder outweighs a
    // readdir of a cached directory.
    const pending: string[] = [''];
    let sliceStart = performance.now();
    while (pending.length) {
      const relative = pending.pop()!;
      let entries: fsSync.Dirent[];
      try {
        entries = fsSync.readdirSync(path.join(this.root, relative), { withFileTypes: true });
      } catch {
        continue; // unreadable or vanished directory: list what can be listed
      }
      for (const entry of entries) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(child);
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          files.push(child);
        }
      }
      if (performance.now() - sliceStart > LISTING_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    return files.sort();
  }

  async readFile(relative: string): Promise<FileContent> {
    const absolute = path.join(this.root, ...relative.split('/'));
    try {
      const link = await fs.lstat(absolute);
      const stat = link.isSymbolicLink() ? await fs.stat(absolute) : link;
      if (!stat.isFile()) return { kind: 'unreadable', reason: 'not a regular file' };
      // A symbolic link can lead anywhere (`VERSION -> ~/.ssh/id_rsa`): what lies outside the workspace is
      // never read, so its text cannot end up in a finding, a SARIF upload or a hover.
      if (link.isSymbolicLink() && !(await this.isInside(absolute))) {
        return { kind: 'unreadable', reason: 'a symbolic link to a file outside the workspace; not read' };
      }
      if (stat.size > this.maxFileBytes) {
        return { kind: 'unreadable', reason: `larger than ${Math.round(this.maxFileBytes / 1024 / 1024)} MiB (${stat.size} bytes); skipped` };
      }
      return decodeText(await fs.readFile(absolute));
    } catch (error) {
      return { kind: 'unreadable', reason: unreadableReason(error) };
    }
  }

  private realRoot?: Promise<string>;

  /** Whether a path's real location (symbolic links resolved) is inside the workspace folder's. */
  private async isInside(absolute: string): Promise<boolean> {
    const [root, target] = await Promise.all([(this.realRoot ??= fs.realpath(this.root)), fs.realpath(absolute)]);
    const relative = path.relative(root, target);
    return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  }
}

/** Why a listed file could not be read, in words (with the system's code). */
function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: 'it no longer exists (removed after the workspace was listed)',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'a loop of symbolic links',
    ENAMETOOLONG: 'its path is too long',
  };
  return code && why[code] ? `${why[code]} (${code})` : code ?? String(error);
}

/**
 * Bytes → text the way VS Code opens a file: a UTF-8 or UTF-16 byte order mark is honoured and dropped,
 * anything else is UTF-8 (invalid sequences become U+FFFD, so offsets stay consistent with the editor).
 */
export function decodeText(bytes: Uint8Array): FileContent {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: 'text', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { kind: 'text', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.subarray(start, Math.min(bytes.length, start + 8192)).includes(0)) return { kind: 'unreadable', reason: 'binary file (contains NUL bytes)' };
  return { kind: 'text', text: new TextDecoder('utf-8').decode(bytes.subarray(start)) };
}
