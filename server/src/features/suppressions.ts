import { applyEdits as applyJsonEdits, modify, parseTree, findNodeAtLocation } from 'jsonc-parser';
import type { FileEdit, Finding } from '../core/model';
import { CONFIG_FILE } from '../core/projectConfig';
import { textUnder, type WorkspaceAnalysis } from '../core/service';
import type { Range } from '../core/text';

/**
 * "Ignore this finding": the edit that adds a suppression — rule, file, the text the finding sits on, and
 * the justification the user gave — to `.versionwise.json` (created when missing, or the `versionwise`
 * object of package.json when that is where the project keeps its configuration). Formatting of the rest
 * of the file is kept: jsonc-parser computes a minimal edit.
 */
export function suppressionEdits(analysis: WorkspaceAnalysis, finding: { code: string; file: string; range: Range }, justification: string): FileEdit[] {
  const entry: Record<string, string> = { rule: finding.code, file: finding.file };
  const text = textUnder({ ...finding, severity: 'warning', message: '', fixes: [] } as Finding, analysis.texts, analysis.lines);
  if (text) entry.text = text;
  entry.justification = justification;

  const inPackageJson = analysis.config.source === 'package.json';
  const file = inPackageJson ? 'package.json' : CONFIG_FILE;
  const original = analysis.texts.get(file);
  const formatting = { insertSpaces: true, tabSize: 2, eol: original?.includes('\r\n') ? '\r\n' : '\n' };
  if (original === undefined) {
    const created = `${JSON.stringify({ suppressions: [entry] }, null, 2)}\n`;
    return [{ file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: created }];
  }
  const base = inPackageJson ? ['versionwise', 'suppressions'] : ['suppressions'];
  const tree = parseTree(original);
  const existing = tree && findNodeAtLocation(tree, base);
  const path = existing && existing.type === 'array' ? [...base, existing.children?.length ?? 0] : base;
  const value = existing && existing.type === 'array' ? entry : [entry];
  const edits = modify(original, path, value, { formattingOptions: formatting, isArrayInsertion: Boolean(existing && existing.type === 'array') });
  // Report the whole change as one replacement of the file's text: simple to apply and to undo.
  const updated = applyJsonEdits(original, edits);
  const lines = analysis.lines(file);
  return [{ file, range: lines.rangeOf(0, original.length), newText: updated }];
}
