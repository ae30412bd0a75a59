import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../specs/waitFor';

/**
 * A workspace VS Code does not trust (Restricted Mode): every check that only reads files still works,
 * and nothing runs git — no code lens, no comparison with the last release — even though the workspace
 * is a git repository with a release tag and a change since.
 */

describe('Versionwise in an untrusted workspace', function () {
  this.timeout(120_000);
  const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

  it('is in Restricted Mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still reports what needs no external program', async () => {
    const configure = vscode.Uri.file(path.join(root(), 'configure.ac'));
    const diagnostic = await waitFor('the age-exceeds-current error', () => vscode.languages.getDiagnostics(configure).find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'libtool/age-exceeds-current'));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });

  it('never compares with the last release: no code lens, and git is not run', async () => {
    const marker = path.join(root(), '..', `${path.basename(root())}-git-ran`);
    // A repository whose fsmonitor would leave a marker if git ever touched the index.
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: root(), stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'release');
    git('tag', '-a', 'v2.4.1', '-m', 'v2.4.1');
    fs.writeFileSync(path.join(root(), '.git', 'fsmonitor.sh'), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    git('config', 'core.fsmonitor', path.join(root(), '.git', 'fsmonitor.sh'));
    const header = path.join(root(), 'src', 'widget.h');
    fs.writeFileSync(header, fs.readFileSync(header, 'utf8').replace('WIDGET_API void widget_reset(widget *w);\n', ''));
    console.log('[restricted] before recheck');
    await vscode.commands.executeCommand('versionwise.recheck');
    console.log('[restricted] after recheck');
    const configure = vscode.Uri.file(path.join(root(), 'configure.ac'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(configure));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', configure);
    console.log('[restricted] after lenses');
    assert.deepEqual(lenses.filter((l) => l.command?.title.startsWith('since')), []);
    assert.ok(!vscode.languages.getDiagnostics(configure).some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'libtool/bump-needed'));
    assert.equal(fs.existsSync(marker), false);
  });
});
