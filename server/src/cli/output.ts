import type { Declaration, Finding, Severity, ValueExplanation } from '../core/model';
import type { WorkspaceAnalysis } from '../core/service';

/** The CLI's output formats. JSON is a stable contract (README "CLI contract"); text is for people. */
export function checkJson(analysis: WorkspaceAnalysis): string {
  return JSON.stringify({
    diagnostics: analysis.findings.map(findingJson),
    declarations: analysis.declarations.map((d) => declarationJson(d.declaration)),
    skippedFiles: analysis.skippedFiles,
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
export function checkSarif(analysis: WorkspaceAnalysis, toolVersion: string): string {
  const rules = [...new Set(analysis.findings.map((f) => f.code))].sort();
  const level = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Versionwise',
          version: toolVersion,
          rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: 'file:///' } },
      results: analysis.findings.map((f) => ({
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
