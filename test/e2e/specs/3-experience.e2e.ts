import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

/**
 * What a user sees beyond the diagnostics: the project configuration file validated and completed from
 * Versionwise's JSON schema while it is edited, commands, and the screenshots the README shows (taken when
 * VERSIONWISE_E2E_SCREENSHOTS names a folder).
 */
function root(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

async function screenshot(name: string): Promise<void> {
  const harness = (globalThis as { versionwiseE2E?: { screenshot(name: string): Promise<void> } }).versionwiseE2E;
  if (process.env.VERSIONWISE_E2E_SCREENSHOTS && harness) await harness.screenshot(name);
}

describe('Versionwise in VS Code: configuration, commands and what the README shows', function () {
  this.timeout(120_000);

  it('validates .versionwise.json against the schema and offers its keys as completions', async () => {
    const file = path.join(root(), '.versionwise.json');
    fs.writeFileSync(file, '{\n  "severity": { "libtool/release-number-as-version-info": "loud" },\n  "colour": true\n}\n');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor('schema and Versionwise diagnostics', () => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.some((d) => d.source === 'versionwise') && found.some((d) => d.source !== 'versionwise') ? found : undefined;
    });
    const ours = diagnostics.filter((d) => d.source === 'versionwise').map((d) => (typeof d.code === 'object' ? d.code.value : d.code)).sort();
    assert.deepEqual(ours, ['config/invalid-value', 'config/unknown-key']);
    const fromSchema = diagnostics.filter((d) => d.source !== 'versionwise').map((d) => d.message).join('\n');
    assert.match(fromSchema, /colour/);
    assert.match(fromSchema, /loud|error|warning/);
    // Completion inside the object: the schema's keys.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), '{\n  \n}\n');
    await vscode.workspace.applyEdit(edit);
    const completions = await waitFor('completions from the schema', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 2));
      const labels = list?.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/"/g, '')) ?? [];
      return labels.includes('suppressions') ? labels : undefined;
    });
    for (const key of ['severity', 'baseline', 'exclude', 'suppressions']) assert.ok(completions.includes(key), `${key} in ${completions.join(', ')}`);
    // Leave an empty configuration behind (VS Code keeps a closed document open for a while, and the
    // language server sees its text until then).
    const reset = new vscode.WorkspaceEdit();
    reset.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), '{}\n');
    await vscode.workspace.applyEdit(reset);
    await document.save();
    await waitFor('the configuration findings to go', () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'versionwise') ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('explains the version under the cursor as a command', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(root(), 'src', 'Makefile.am'));
    const editor = await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('2:4:1');
    editor.selection = new vscode.Selection(document.positionAt(offset), document.positionAt(offset));
    const markdown = await waitFor('an explanation', () => Promise.resolve(vscode.commands.executeCommand<string | undefined>('versionwise.explain')));
    assert.match(markdown, /libsprocket\.so\.1\.1\.4/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows a diagnostic with its hover and the quick-fix menu (README screenshots)', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(root(), 'src', 'Makefile.am'));
    const editor = await vscode.window.showTextDocument(document);
    await waitFor('the diagnostic', () => (vscode.languages.getDiagnostics(document.uri).length ? true : undefined));
    const offset = document.getText().indexOf('2:4:1') + 1;
    editor.selection = new vscode.Selection(document.positionAt(offset), document.positionAt(offset));
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('diagnostic-hover');
    await vscode.commands.executeCommand('editor.action.quickFix');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('quick-fix-menu');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await screenshot('problems-panel');
  });
});
