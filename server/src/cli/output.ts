import type { Declaration, Finding, Severity, ValueExplanation } from '../core/model';
import type { WorkspaceAnalysis } from '../core/service';

/** The CLI's output formats. JSON is a stable contract (README "CLI contract"); text is for people. */
export function checkJson(analysis: WorkspaceAnalysis): string {
  return JSON.stringify({
    diagnostics: analysis.findings.map(findingJson),
    declarations: analysis.declarations.map((d) => declarationJson(d.declaration)),
    suppressed: analysis.suppressed.map((s) => ({ ...findingJson(s.finding), justification: s.suppression.justification })),
    skippedFiles: analysis.skippedFiles,
    notes: analysis.notes,
  }, null, 2);
}

function findingJson(f: Finding) {
  return {
    file: f.file,
    range: f.range,
    severity: f.severity,
    code: f.code,
    message: f.message,
    fixes: f.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e) => ({ file: e.file, range: e.range, newText: e.newText })) })),
    ...(f.related?.length ? { related: f.related } : {}),
  };
}

function declarationJson(d: Declaration) {
  return { scheme: d.scheme, file: d.file, range: d.range, text: d.text, value: d.value, fields: d.fields, sites: d.sites };
}

const COLORS: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '90' };

export function checkText(analysis: WorkspaceAnalysis, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const f of analysis.findings) {
    const where = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    lines.push(`${paint('1', where)}: ${paint(COLORS[f.severity], f.severity)} ${paint('90', f.code)}: ${f.message}`);
  }
  for (const skipped of analysis.skippedFiles) lines.push(`${skipped.file}: note: not checked: ${skipped.reason}`);
  if (analysis.suppressed.length) lines.push(`${analysis.suppressed.length} finding(s) suppressed by ${analysis.config.source} (versionwise suppressions lists them)`);
  const count = (s: Severity) => analysis.findings.filter((f) => f.severity === s).length;
  const files = new Set(analysis.findings.map((f) => f.file)).size;
  lines.push(
    `${analysis.declarations.length} version declaration${analysis.declarations.length === 1 ? '' : 's'} checked: ` +
      `${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s)` +
      (files ? ` in ${files} file(s)` : ''),
  );
  return lines.join('\n');
}

/** SARIF 2.1.0, for code-scanning dashboards. */
export function checkSarif(analysis: WorkspaceAnalysis, toolVersion: string, informationUri: string, ruleHelpUri: (code: string) => string | undefined): string {
  const rules = [...new Set([...analysis.findings, ...analysis.suppressed.map((s) => s.finding)].map((f) => f.code))].sort();
  const level = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Versionwise',
          version: toolVersion,
          informationUri,
          rules: rules.map((id) => {
            const helpUri = ruleHelpUri(id);
            return { id, shortDescription: { text: id }, ...(helpUri ? { helpUri } : {}) };
          }),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: 'file:///' } },
      results: [...analysis.findings.map((f) => ({ finding: f, justification: undefined as string | undefined })), ...analysis.suppressed.map((s) => ({ finding: s.finding, justification: s.suppression.justification }))].map(({ finding: f, justification }) => ({
        ruleId: f.code,
        ruleIndex: rules.indexOf(f.code),
        level: level(f.severity),
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
            region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
          },
        }],
        ...(justification !== undefined ? { suppressions: [{ kind: 'external', status: 'accepted', justification }] } : {}),
      })),
    }],
  }, null, 2);
}

export function explainJsonLine(e: ValueExplanation): string {
  return JSON.stringify({ scheme: e.scheme, value: e.value, valid: e.valid, fields: e.fields, message: e.message });
}

/** Markdown made readable in a terminal: emphasis and code marks dropped, tables kept. */
export function explainText(e: ValueExplanation): string {
  const body = e.message.replace(/\*\*/g, '').replace(/`/g, '');
  return e.valid ? body : `${e.value}: invalid (${e.scheme}): ${body}`;
}

/** `versionwise suppressions`: every suppression of the project configuration and what it hides. */
export function suppressionsText(analysis: WorkspaceAnalysis): string {
  const lines: string[] = [];
  for (const suppression of analysis.config.suppressions) {
    const hidden = analysis.suppressed.filter((s) => s.suppression === suppression);
    lines.push(`${suppression.rule} in ${suppression.file}${suppression.text ? ` on "${suppression.text}"` : ''}: ${hidden.length ? `hides ${hidden.length} finding(s)` : 'matches nothing (stale)'}`);
    lines.push(`    justification: ${suppression.justification}`);
    for (const { finding } of hidden) lines.push(`    ${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}: ${finding.message}`);
  }
  return lines.length ? lines.join('\n') : `no suppressions${analysis.config.source ? ` in ${analysis.config.source}` : ' (no .versionwise.json)'}`;
}

export function suppressionsJson(analysis: WorkspaceAnalysis): string {
  return JSON.stringify(analysis.config.suppressions.map((s) => ({
    rule: s.rule,
    file: s.file,
    text: s.text ?? null,
    justification: s.justification,
    matches: analysis.suppressed.filter((x) => x.suppression === s).map((x) => findingJson(x.finding)),
  })), null, 2);
}
