import * as assert from 'node:assert/strict';
import { GitFixture } from '../helpers/gitFixture';
import { LspTestClient } from '../helpers/lspClient';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/** Interface changes in the editor: code lens, report, quick fixes, source actions and Workspace Trust. */
describe('language server: changes since the last release', function () {
  this.timeout(30_000);
  const files = {
    'configure.ac': 'AC_INIT([libfoo], [1.0.0])\nLT_CURRENT=3\nLT_REVISION=1\nLT_AGE=2\nAC_SUBST(LT_CURRENT)\nAC_SUBST(LT_REVISION)\nAC_SUBST(LT_AGE)\n',
    'Makefile.am': 'include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info $(LT_CURRENT):$(LT_REVISION):$(LT_AGE)\n',
    'foo.h': 'int foo_open(const char *path);\nvoid foo_free(void *p);\n',
    'foo.c': '',
  };
  let repo: GitFixture;
  let client: LspTestClient;
  beforeEach(() => {
    repo = new GitFixture(files);
    repo.commit('1.0.0');
    repo.tag('v1.0.0');
    repo.write('foo.h', 'int foo_open(const char *path);\n');
    client = new LspTestClient();
  });
  afterEach(async () => {
    await client.shutdown();
    repo.dispose();
  });

  it('shows a code lens with the change summary, and the report behind it', async () => {
    await client.initialize(repo.root);
    const uri = repo.uri('configure.ac');
    await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'libtool/bump-needed'));
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { range: unknown; command: { title: string; command: string; arguments: unknown[] } }[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command.title, 'since v1.0.0: +0 −1 ~0 interfaces → next 4:0:0');
    assert.equal(lenses[0].command.command, 'versionwise.showInterfaceReport');
    const report = (await client.connection.sendRequest('versionwise/interfaceReport', lenses[0].command.arguments[0])) as string;
    assert.match(report, /^# libfoo since v1\.0\.0/);
    assert.match(report, /## Removed \(1\)\n\n- \[`foo_free`\]\(file:\/\/.*foo\.h#L2\) — function `void\(void\*\)`/);
  });

  it('offers the required numbers as a quick fix and the three bumps as source actions', async () => {
    await client.initialize(repo.root);
    const uri = repo.uri('configure.ac');
    const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'libtool/bump-needed'));
    const range = published.diagnostics[0].range;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: published.diagnostics } })) as { title: string; kind: string; edit: { changes: Record<string, { range: never; newText: string }[]> } }[];
    const quickFix = actions.find((a) => a.kind === 'quickfix')!;
    assert.equal(quickFix.title, 'Set libfoo to 4:0:0');
    assert.equal(applyEditsToText(files['configure.ac'], quickFix.edit.changes[uri]), files['configure.ac'].replace('LT_CURRENT=3\nLT_REVISION=1\nLT_AGE=2', 'LT_CURRENT=4\nLT_REVISION=0\nLT_AGE=0'));
    const sources = actions.filter((a) => a.kind === 'source.versionwise.bump').map((a) => a.title);
    assert.deepEqual(sources, [
      'Bump libfoo for: source changed, interfaces unchanged (3:2:2)',
      'Bump libfoo for: interfaces added (4:0:3)',
      'Bump libfoo for: interfaces removed or changed (4:0:0)',
    ]);
    const onlyQuickFixes = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['quickfix'] } })) as { kind: string }[];
    assert.ok(onlyQuickFixes.every((a) => a.kind === 'quickfix'));
    assert.deepEqual(rangeOf(files, 'configure.ac', 'LT_CURRENT=3', '3'), range);
  });

  it('in an untrusted workspace: no git, one message, everything else still checked; trust turns it on', async () => {
    // A second library with an invalid triple shows the checks that need no git still run; libfoo's
    // valid triple would get a code lens and a bump note if git were used.
    repo.write('Makefile.am', `${files['Makefile.am'].replace('lib_LTLIBRARIES = libfoo.la', 'lib_LTLIBRARIES = libfoo.la libbad.la')}libbad_la_LDFLAGS = -version-info 3:0:7\n`);
    await client.initialize(repo.root, { trusted: false });
    const makefile = repo.uri('Makefile.am');
    const published = await client.diagnosticsFor(makefile, (p) => p.diagnostics.length > 0);
    assert.equal(published.diagnostics[0].code, 'libtool/age-exceeds-current');
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: repo.uri('configure.ac') } })) as unknown[];
    assert.deepEqual(lenses, []);
    const configure = await client.diagnosticsFor(repo.uri('configure.ac'), () => true).catch(() => undefined);
    assert.ok(!configure?.diagnostics.some((d) => d.code === 'libtool/bump-needed'), 'no comparison with the last release');
    await client.until('the Restricted Mode message', () => client.messages.some((m) => m.includes('Restricted Mode')));
    assert.equal(client.messages.filter((m) => m.includes('Restricted Mode')).length, 1);
    await client.connection.sendNotification('versionwise/trusted');
    repo.write('Makefile.am', files['Makefile.am']);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: makefile, type: 2 }] });
    await client.diagnosticsFor(repo.uri('configure.ac'), (p) => p.diagnostics.some((d) => d.code === 'libtool/bump-needed'));
  });
});
