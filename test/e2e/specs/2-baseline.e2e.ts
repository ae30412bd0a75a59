import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

/**
 * The heart of the product in a real VS Code: the example workspace becomes a released project (a git
 * repository tagged v2.4.1), widget_reset() is removed from the public header, and the editor says what
 * libwidget's next release needs: a code lens that opens the interface report, and a quick fix that writes
 * the numbers where configure.ac declares them.
 */
function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  return folder.uri.fsPath;
}


describe('Versionwise in VS Code: changes since the last release', function () {
  this.timeout(120_000);
  const configure = () => vscode.Uri.file(path.join(root(), 'configure.ac'));

  before(async () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: root(), stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'widget 2.4.1');
    git('tag', '-a', 'v2.4.1', '-m', 'v2.4.1');
    const header = path.join(root(), 'src', 'widget.h');
    fs.writeFileSync(header, fs.readFileSync(header, 'utf8').replace('WIDGET_API void widget_reset(widget *w);\n', ''));
    await vscode.commands.executeCommand('versionwise.recheck');
  });

  it('shows a code lens over the declaration; clicking it opens the interface report', async () => {
    const lenses = await waitFor('the code lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', configure());
      return found?.find((l) => l.command?.title.startsWith('since v2.4.1')) ? found : undefined;
    });
    const lens = lenses.find((l) => l.command?.title.startsWith('since v2.4.1'))!;
    assert.equal(lens.command!.title, 'since v2.4.1: +0 −1 ~0 interfaces → next 8:0:0');
    const markdown = await vscode.commands.executeCommand<string>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.match(markdown, /^# libwidget since v2\.4\.1/);
    assert.match(markdown, /## Removed \(1\)\n\n- \[`widget_reset`\]/);
    await waitFor('the report document', () => (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'versionwise-report' && d.getText().includes('widget_reset')) ? true : undefined));
  });

  it('applying the quick fix writes 8:0:0 where configure.ac declares it', async () => {
    const document = await vscode.workspace.openTextDocument(configure());
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor('the bump-needed note', () =>
      vscode.languages.getDiagnostics(configure()).find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'libtool/bump-needed'),
    );
    assert.match(diagnostic.message, /libwidget still has 7:2:3 from v2\.4\.1, but interface removed since v2\.4\.1 \(widget_reset\): the next release needs 8:0:0/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', configure(), diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Set libwidget to 8:0:0');
    assert.ok(fix?.edit, `quick fixes offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = document.getText();
    assert.match(text, /m4_define\(\[widget_lt_current\], \[8\]\)\nm4_define\(\[widget_lt_revision\], \[0\]\)\nm4_define\(\[widget_lt_age\], \[0\]\)/);
    await document.save();
    await waitFor('the note to go away', () => (vscode.languages.getDiagnostics(configure()).some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'libtool/bump-needed') ? undefined : true));
  });
});
