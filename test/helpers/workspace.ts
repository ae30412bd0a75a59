import { MemoryWorkspace } from '../../server/src/core/workspace';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { LineIndex, type Range } from '../../server/src/core/text';
import type { Declaration } from '../../server/src/core/model';

/** Runs the real service over an in-memory workspace. */
export async function analyze(files: Record<string, string>, settings: unknown = {}): Promise<WorkspaceAnalysis> {
  return new VersionwiseService(new MemoryWorkspace(files)).analyze(normaliseSettings(settings));
}

/**
 * The range of the `occurrence`-th match of `needle` in a file's text, optionally narrowed to the `part`
 * inside the match: tests say *what* text a diagnostic sits on, never hand-counted columns.
 */
export function rangeOf(files: Record<string, string>, file: string, needle: string, part: string = needle, occurrence = 0): Range {
  const text = files[file];
  let index = -1;
  for (let n = 0; n <= occurrence; n++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' (#${occurrence}) not in ${file}`);
  }
  const inner = needle.indexOf(part);
  if (inner < 0) throw new Error(`'${part}' not in '${needle}'`);
  const lines = new LineIndex(text);
  return lines.rangeOf(index + inner, index + inner + part.length);
}

export function libtoolDeclarations(analysis: WorkspaceAnalysis): Declaration[] {
  return analysis.declarations.map((d) => d.declaration).filter((d) => d.scheme === 'libtool');
}

export function declarationFor(analysis: WorkspaceAnalysis, library: string): Declaration {
  const found = libtoolDeclarations(analysis).filter((d) => d.fields.library === library);
  if (found.length !== 1) throw new Error(`expected one declaration for ${library}, found ${found.length}: ${JSON.stringify(libtoolDeclarations(analysis).map((d) => [d.fields.library, d.value]))}`);
  return found[0];
}

export function siteOf(declaration: Declaration, role: string) {
  const site = declaration.sites.find((s) => s.role === role);
  if (!site) throw new Error(`no ${role} site in ${JSON.stringify(declaration.sites)}`);
  return { file: site.file, range: site.range };
}

/** A file's text after applying edits (as an editor would): tests assert results, not edit shapes. */
export function applyEditsToText(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const lines = new LineIndex(text);
  const ordered = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
