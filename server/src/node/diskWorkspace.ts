import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BaselineProvider, FileContent, WorkspaceReader } from '../core/workspace';

/**
 * The workspace on disk: the I/O the analysis core does not do. Listing walks the tree by name only (no
 * file is opened), skipping version-control and dependency folders and never following symbolic links to
 * directories (so a link loop cannot hang it). Reading refuses what could not be a text Versionwise
 * needs: files above a size limit and files with NUL bytes (binaries).
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Folders never listed: version control metadata and installed dependencies. */
const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '.vscode-test']);

export class DiskWorkspace implements WorkspaceReader {
  constructor(readonly root: string, readonly baselines?: BaselineProvider, private readonly maxFileBytes = MAX_FILE_BYTES) {}

  async listFiles(): Promise<readonly string[]> {
    const files: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(path.join(this.root, relative), { withFileTypes: true });
      } catch {
        return; // unreadable or vanished directory: list what can be listed
      }
      const subdirectories: string[] = [];
      for (const entry of entries) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) subdirectories.push(child);
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          files.push(child);
        }
      }
      for (const directory of subdirectories) await walk(directory);
    };
    await walk('');
    return files.sort();
  }

  async readFile(relative: string): Promise<FileContent> {
    const absolute = path.join(this.root, ...relative.split('/'));
    try {
      const stat = await fs.stat(absolute);
      if (!stat.isFile()) return { kind: 'unreadable', reason: 'not a regular file' };
      if (stat.size > this.maxFileBytes) {
        return { kind: 'unreadable', reason: `larger than ${Math.round(this.maxFileBytes / 1024 / 1024)} MiB (${stat.size} bytes); skipped` };
      }
      return decodeText(await fs.readFile(absolute));
    } catch (error) {
      return { kind: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
  }
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
