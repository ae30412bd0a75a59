import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

/**
 * Runs inside a real VS Code (code-server's extension host) on a copy of the bundled example workspace.
 * What a newcomer sees: the extension activates, the invalid triple is in the Problems panel at the number
 * that is wrong, and hovering a valid triple explains it.
 */
const EXTENSION_ID = 'versionwise.versionwise';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}


function diagnosticsWithCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === code);
}

/** The position of `part` inside the first occurrence of `needle` in a document. */
function positionOf(document: vscode.TextDocument, needle: string, part = needle): vscode.Range {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' is in ${document.uri.path}`);
  const start = document.positionAt(offset + needle.indexOf(part));
  return new vscode.Range(start, start.translate(0, part.length));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('Versionwise in VS Code', function () {
  this.timeout(90_000);

  it('activates on a workspace with configure.ac', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await waitFor('activation', () => (extension.isActive ? true : undefined));
  });

  it('gives configure.ac the autoconf language', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('configure.ac'));
    assert.equal(document.languageId, 'autoconf');
  });

  it('shows the invalid triple in the Problems panel, at the AGE that is wrong', async () => {
    const uri = workspaceFile('configure.ac');
    const [diagnostic] = await waitFor('the age-exceeds-current diagnostic', () => {
      const found = diagnosticsWithCode(uri, 'libtool/age-exceeds-current');
      return found.length ? found : undefined;
    });
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.source, 'versionwise');
    assert.equal(diagnostic.message, "AGE '4' is greater than the current interface number '3': '3:0:4' is not valid version information");
    assert.deepEqual(diagnostic.range, positionOf(document, 'GADGET_AGE=4', '4'));
  });

  it('warns where the release number is used as the interface version', async () => {
    const uri = workspaceFile('src/Makefile.am');
    const [diagnostic] = await waitFor('the release-number warning', () => {
      const found = diagnosticsWithCode(uri, 'libtool/release-number-as-version-info');
      return found.length ? found : undefined;
    });
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(diagnostic.range, positionOf(document, '-version-info 2:4:1', '2:4:1'));
  });

  it('explains a valid triple on hover, with the names libtool produces', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('configure.ac'));
    await vscode.window.showTextDocument(document);
    const position = positionOf(document, '[widget_lt_age], [3]', '3').start;
    const hovers = await waitFor('a hover', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      return result?.some((h) => hoverText([h]).includes('libwidget')) ? result : undefined;
    });
    const text = hoverText(hovers);
    assert.match(text, /libtool `-version-info 7:2:3`/);
    assert.match(text, /`libwidget\.so\.4\.3\.2` \(file\), `libwidget\.so\.4` \(soname\), `libwidget\.so` \(linker name\)/);
    assert.match(text, /`libwidget\.4\.dylib` with `-compatibility_version 8 -current_version 8\.2`/);
    assert.match(text, /`libwidget-4\.dll`/);
    assert.match(text, /Implements interfaces \*\*4 to 7\*\*/);
  });

  it('re-checks an unsaved edit', async () => {
    const uri = workspaceFile('configure.ac');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const age = positionOf(document, 'GADGET_AGE=4', '4');
    await editor.edit((edit) => edit.replace(age, '1'));
    await waitFor('the diagnostic to go away', () => (diagnosticsWithCode(uri, 'libtool/age-exceeds-current').length === 0 ? true : undefined));
    await editor.edit((edit) => edit.replace(age, '4'));
    await waitFor('the diagnostic to come back', () => (diagnosticsWithCode(uri, 'libtool/age-exceeds-current').length === 1 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('applies a settings change without a reload', async () => {
    const uri = workspaceFile('src/Makefile.am');
    const configuration = vscode.workspace.getConfiguration('versionwise');
    await configuration.update('severity', { 'libtool/release-number-as-version-info': 'error' }, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the warning to become an error', () => {
        const [d] = diagnosticsWithCode(uri, 'libtool/release-number-as-version-info');
        return d?.severity === vscode.DiagnosticSeverity.Error ? true : undefined;
      });
    } finally {
      await configuration.update('severity', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the warning to come back', () => {
      const [d] = diagnosticsWithCode(uri, 'libtool/release-number-as-version-info');
      return d?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined;
    });
  });
});
