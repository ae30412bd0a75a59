import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../helpers/lspClient';
import { TempWorkspace } from '../helpers/tempWorkspace';
import { rangeOf } from '../helpers/workspace';
import { TWO_LIBRARY_PROJECT } from '../helpers/fixtures';

/** The language server over real stdio JSON-RPC, on a workspace written to disk. */
describe('language server over stdio', function () {
  this.timeout(20_000);
  const files = TWO_LIBRARY_PROJECT;
  let workspace: TempWorkspace;
  let client: LspTestClient;

  beforeEach(async () => {
    workspace = new TempWorkspace(files);
    client = new LspTestClient();
    await client.initialize(workspace.root);
  });
  afterEach(async () => {
    await client.shutdown();
    workspace.dispose();
  });

  it('publishes diagnostics for files that are not open, at the written number', async () => {
    const published = await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length > 0);
    assert.equal(published.diagnostics.length, 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic.code, 'libtool/age-exceeds-current');
    assert.equal(diagnostic.severity, 1);
    assert.equal(diagnostic.source, 'versionwise');
    assert.equal(diagnostic.message, "AGE '4' is greater than the current interface number '3': '3:0:4' is not valid version information");
    assert.deepEqual(diagnostic.range, rangeOf(files, 'configure.ac', 'G_AGE=4', '4'));
    assert.equal(diagnostic.relatedInformation?.[0].location.uri, workspace.uri('configure.ac'));
  });

  it('answers hovers with the explanation and the file names', async () => {
    await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length > 0);
    const position = rangeOf(files, 'src/Makefile.am', '7:2:3', '2').start;
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: workspace.uri('src/Makefile.am') }, position }) as { contents: { kind: string; value: string }; range: unknown };
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /libwidget/);
    assert.match(hover.contents.value, /`libwidget\.so\.4\.3\.2` \(file\), `libwidget\.so\.4` \(soname\)/);
    assert.match(hover.contents.value, /Implements interfaces \*\*4 to 7\*\*/);
    assert.match(hover.contents.value, /libwidget\.4\.dylib/);
    assert.deepEqual(hover.range, rangeOf(files, 'src/Makefile.am', '7:2:3', '2'));
  });

  it('re-checks unsaved edits of an open document, across files', async () => {
    await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length > 0);
    const uri = workspace.uri('configure.ac');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'autoconf', version: 1, text: files['configure.ac'] } });
    // Fix AGE in the editor (not saved): the error goes away.
    const age = rangeOf(files, 'configure.ac', 'G_AGE=4', '4');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: age, text: '2' }] });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
    // Break the other library in the Makefile.am the same way.
    const makefile = workspace.uri('src/Makefile.am');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: makefile, languageId: 'makefile', version: 1, text: files['src/Makefile.am'].replace('7:2:3', '7:02:3') } });
    const published = await client.diagnosticsFor(makefile, (p) => p.diagnostics.length === 1);
    assert.equal(published.diagnostics[0].message, "REVISION '02' must be a nonnegative integer: '7:02:3' is not valid version information");
  });

  it('applies a settings change without a restart', async () => {
    const uri = workspace.uri('configure.ac');
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 1);
    client.settings = { severity: { 'libtool/age-exceeds-current': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
  });

  it('sees files changed on disk when the client reports them', async () => {
    const uri = workspace.uri('configure.ac');
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 1);
    workspace.write('configure.ac', files['configure.ac'].replace('G_AGE=4', 'G_AGE=1'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
  });

  it('registers for configuration changes when the client allows it', async () => {
    await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(client.registrations, ['workspace/didChangeConfiguration']);
  });

  it('serves a client without dynamic registration or configuration support', async () => {
    const plain = new LspTestClient();
    try {
      await plain.initialize(workspace.root, { configuration: false, dynamicRegistration: false });
      const published = await plain.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length > 0);
      assert.equal(published.diagnostics[0].code, 'libtool/age-exceeds-current');
      assert.deepEqual(plain.registrations, []);
      assert.equal(plain.exited, false);
    } finally {
      await plain.shutdown();
    }
  });

  it('answers cancelled requests per the protocol and keeps up with a burst of edits', async () => {
    const uri = workspace.uri('configure.ac');
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'autoconf', version: 1, text: files['configure.ac'] } });
    // 300 edits in a row, each a full replacement, alternating a fixed AGE (even versions) and a broken one
    // (odd versions); the last, version 301, is broken with AGE 5.
    for (let version = 2; version < 302; version++) {
      const text = files['configure.ac'].replace('G_AGE=4', version % 2 === 0 ? 'G_AGE=1' : `G_AGE=${4 + (version % 5)}`);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    }
    const source = new CancellationTokenSource();
    const cancelled = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } }, source.token);
    source.cancel();
    await cancelled.then(
      (result) => assert.ok(result === null || typeof result === 'object'),
      (error: { code?: number }) => assert.equal(error.code, -32800),
    );
    const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 1 && String(p.diagnostics[0].message).includes("AGE '5'"));
    assert.equal(published.diagnostics[0].message, "AGE '5' is greater than the current interface number '3': '3:0:5' is not valid version information");
    assert.equal(client.exited, false);
  });

  it('publishes diagnostics with the version of the open document they are for, never an older one after a newer', async () => {
    const uri = workspace.uri('configure.ac');
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    assert.equal(client.publications.find((p) => p.uri === uri)?.version, undefined, 'a file that is not open has no version');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'autoconf', version: 1, text: files['configure.ac'] } });
    await client.diagnosticsFor(uri, (p) => p.version === 1);
    const from = client.publications.length;
    // 200 changes sent without waiting, as a script or a fast typist sends them; the even ones are valid.
    const changes: Promise<void>[] = [];
    for (let version = 2; version <= 201; version++) {
      const text = files['configure.ac'].replace('G_AGE=4', version % 2 === 0 ? 'G_AGE=1' : 'G_AGE=6');
      changes.push(client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] }));
    }
    await Promise.all(changes);
    const published = await client.diagnosticsFor(uri, (p) => p.version === 201);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['libtool/age-exceeds-current']);
    const versions = client.publications.slice(from).filter((p) => p.uri === uri).map((p) => p.version);
    assert.ok(versions.every((v, i) => typeof v === 'number' && (i === 0 || v > versions[i - 1]!)), `versions in order: ${versions.join(' ')}`);
    for (const p of client.publications.slice(from).filter((p) => p.uri === uri)) {
      assert.deepEqual(p.diagnostics.map((d) => d.code), p.version! % 2 === 0 ? [] : ['libtool/age-exceeds-current'], `version ${p.version}`);
    }
  });

  it('survives requests for unknown documents, positions out of range and malformed parameters', async () => {
    await client.diagnosticsFor(workspace.uri('configure.ac'), (p) => p.diagnostics.length > 0);
    const unknown = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere/configure.ac' }, position: { line: 0, character: 0 } });
    assert.equal(unknown, null);
    const outOfRange = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: workspace.uri('configure.ac') }, position: { line: 9999, character: 9999 } });
    assert.equal(outOfRange, null);
    await assert.rejects(client.connection.sendRequest('textDocument/hover', { textDocument: 42 }), (error: { code?: number }) => error.code === -32602);
    await assert.rejects(client.connection.sendRequest('textDocument/hover', { textDocument: { uri: workspace.uri('configure.ac') }, position: 'start' }), (error: { code?: number }) => error.code === -32602);
    const stillAlive = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: workspace.uri('src/Makefile.am') }, position: rangeOf(files, 'src/Makefile.am', '7:2:3').start });
    assert.ok(stillAlive);
    assert.equal(client.exited, false);
  });
});
