import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileEdit } from '../core/model';
import { LineIndex } from '../core/text';
import { decodeText } from './diskWorkspace';

/**
 * Applies edits to files on disk for `versionwise next --write`: each file is rewritten atomically (a
 * temporary file in the same directory, then rename), and only if its text is still what the analysis
 * read; otherwise nothing is written to it and the caller is told. Line endings are untouched because
 * only the edited ranges change.
 */
export interface WriteResult {
  readonly written: string[];
  readonly refused: { readonly file: string; readonly reason: string }[];
}

export async function applyEdits(root: string, edits: readonly FileEdit[], readTexts: ReadonlyMap<string, string>): Promise<WriteResult> {
  const byFile = new Map<string, FileEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file) ?? [];
    list.push(edit);
    byFile.set(edit.file, list);
  }
  const result: WriteResult = { written: [], refused: [] };
  for (const [file, fileEdits] of byFile) {
    const absolute = path.join(root, ...file.split('/'));
    const expected = readTexts.get(file);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(absolute);
    } catch (error) {
      result.refused.push({ file, reason: `cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      continue;
    }
    const content = decodeText(bytes);
    if (content.kind !== 'text' || expected === undefined || content.text !== expected) {
      result.refused.push({ file, reason: 'it changed since it was checked; run the command again' });
      continue;
    }
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    if (bytes[0] === 0xff || bytes[0] === 0xfe) {
      result.refused.push({ file, reason: 'UTF-16 files are not rewritten' });
      continue;
    }
    if (!Buffer.from(expected, 'utf8').equals(bytes.subarray(bom ? 3 : 0))) {
      result.refused.push({ file, reason: 'it is not valid UTF-8, and rewriting it would change bytes outside the edit' });
      continue;
    }
    const lines = new LineIndex(expected);
    const ordered = fileEdits
      .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }))
      .sort((a, b) => b.start - a.start);
    let text = expected;
    for (const edit of ordered) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    const temporary = path.join(path.dirname(absolute), `.${path.basename(absolute)}.versionwise-${process.pid}.tmp`);
    try {
      const stat = await fs.stat(absolute);
      await fs.writeFile(temporary, (bom ? '\ufeff' : '') + text, { mode: stat.mode });
      await fs.rename(temporary, absolute);
      result.written.push(file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      result.refused.push({ file, reason: `cannot write it: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  return result;
}
