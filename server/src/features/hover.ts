import type { WorkspaceAnalysis } from '../core/service';
import { containsPosition, type Position, type Range } from '../core/text';

/** Hover: the explanation of the declaration written at a position (any of its sites). */
export interface HoverResult {
  readonly markdown: string;
  readonly range: Range;
}

export function hoverAt(analysis: WorkspaceAnalysis, file: string, position: Position): HoverResult | undefined {
  // The narrowest site wins, so hovering AGE in `LT_AGE=2` explains the declaration that uses it.
  let best: { markdown: () => string; range: Range; width: number } | undefined;
  for (const analyzed of analysis.declarations) {
    for (const site of analyzed.declaration.sites) {
      if (site.file !== file || !containsPosition(site.range, position)) continue;
      const width = (site.range.end.line - site.range.start.line) * 1e6 + (site.range.end.character - site.range.start.character);
      if (!best || width < best.width) best = { markdown: () => analyzed.explain(), range: site.range, width };
    }
  }
  if (!best) return undefined;
  // One variable can feed several libraries: show each library's explanation.
  const all = analysis.declarations.filter((d) => d.declaration.sites.some((s) => s.file === file && s.range.start.line === best!.range.start.line && s.range.start.character === best!.range.start.character && s.range.end.character === best!.range.end.character));
  const markdown = all.length > 1 ? all.map((d) => d.explain()).join('\n\n---\n\n') : best.markdown();
  return { markdown, range: best.range };
}
