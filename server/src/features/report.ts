import type { InterfaceReport } from '../core/scheme';
import type { Range } from '../core/text';
import type { InterfaceItem } from '../interfaces/model';

/**
 * The interface report of one library (code lens target, `versionwise diff`): what was added, removed and
 * changed since the last release, each with a link to where it is declared.
 */
export type LinkTo = (file: string, range: Range) => string;

const KIND_LABEL: Record<InterfaceItem['kind'], string> = {
  function: 'function',
  variable: 'variable',
  typedef: 'type',
  struct: 'struct',
  union: 'union',
  'enum-constant': 'enum constant',
  symbol: 'exported symbol',
};

export function reportMarkdown(report: InterfaceReport, link: LinkTo): string {
  const entry = (item: InterfaceItem, at?: string) => `- [\`${item.name}\`](${link(item.file, item.range)}) — ${KIND_LABEL[item.kind]}${item.signature ? ` \`${item.signature}\`` : ''}${at ? ` (${at})` : ''}`;
  const lines = [
    `# ${report.library} since ${report.baselineRef}`,
    '',
    `${report.baselineRef}: \`${report.baselineValue}\` · working tree: \`${report.value}\` · next release: **\`${report.next}\`** (${report.change === 'none' ? 'nothing changed' : report.change})`,
    '',
  ];
  const section = (title: string, body: string[]) => {
    if (body.length) lines.push(`## ${title} (${body.length})`, '', ...body, '');
  };
  section('Removed', report.diff.removed.map((item) => entry(item, `as declared in ${report.baselineRef}`)));
  section('Changed', report.diff.changed.map((c) => `- [\`${c.after.name}\`](${link(c.after.file, c.after.range)}) — ${KIND_LABEL[c.after.kind]}: \`${c.before.signature}\` → \`${c.after.signature}\``));
  section('Added', report.diff.added.map((item) => entry(item)));
  section('Files changed', report.changedFiles.map((file) => `- [${file}](${link(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } })})`));
  if (lines.length === 4) lines.push('No interface or source change since the last release.');
  return lines.join('\n').trimEnd();
}

export function reportText(report: InterfaceReport): string {
  const at = (item: InterfaceItem) => `${item.file}:${item.range.start.line + 1}`;
  const lines = [`${report.library}: ${report.summary}`, `  ${report.baselineRef} ${report.baselineValue} → working tree ${report.value} → next ${report.next} (${report.change})`];
  for (const item of report.diff.removed) lines.push(`  - ${item.name}  ${item.signature}  (${at(item)} at ${report.baselineRef})`);
  for (const c of report.diff.changed) lines.push(`  ~ ${c.after.name}  ${c.before.signature} → ${c.after.signature}  (${at(c.after)})`);
  for (const item of report.diff.added) lines.push(`  + ${item.name}  ${item.signature}  (${at(item)})`);
  if (report.changedFiles.length) lines.push(`  files changed: ${report.changedFiles.join(', ')}`);
  return lines.join('\n');
}

export function reportJson(report: InterfaceReport, file: string) {
  const item = (i: InterfaceItem) => ({ name: i.name, kind: i.kind, signature: i.signature, file: i.file, range: i.range });
  return {
    scheme: report.scheme,
    file,
    library: report.library,
    baseline: { ref: report.baselineRef, value: report.baselineValue },
    value: report.value,
    change: report.change,
    added: report.diff.added.map((i) => i.name),
    removed: report.diff.removed.map((i) => i.name),
    changed: report.diff.changed.map((c) => c.after.name),
    next: report.next,
    details: {
      added: report.diff.added.map(item),
      removed: report.diff.removed.map(item),
      changed: report.diff.changed.map((c) => ({ ...item(c.after), before: c.before.signature, after: c.after.signature })),
      changedFiles: report.changedFiles,
    },
  };
}
