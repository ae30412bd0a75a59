import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { VersionwiseService } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { DiskWorkspace } from '../../server/src/node/diskWorkspace';
import { GitBaselineProvider } from '../../server/src/node/gitBaseline';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { GitFixture } from '../helpers/gitFixture';
import { REPO_ROOT } from '../helpers/lspClient';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/**
 * libtool's update rules against a real git baseline: every change class, the findings at the field that
 * is wrong, and the quick fixes that write the required numbers where they are declared.
 */
const HEADER_V1 = [
  '#ifndef FOO_H',
  '#define FOO_H',
  '#include "foo-export.h"',
  '#ifdef __cplusplus',
  'extern "C" {',
  '#endif',
  'FOO_API int foo_open(const char *path,',
  '                     int flags);',
  'FOO_API void foo_free(void *p);',
  'typedef struct foo_point { int x; int y; } foo_point;',
  'enum foo_mode { FOO_READ = 1, FOO_WRITE = 2 };',
  '#ifdef __cplusplus',
  '}',
  '#endif',
  '#endif',
  '',
].join('\n');

function project(versionInfo: { configure: string; makefile: string }) {
  return {
    'configure.ac': `AC_INIT([libfoo], [1.0.0])\n${versionInfo.configure}`,
    'Makefile.am': `include_HEADERS = include/foo.h include/foo-export.h\nlib_LTLIBRARIES = src/libfoo.la\nsrc_libfoo_la_SOURCES = src/foo.c\nsrc_libfoo_la_LDFLAGS = ${versionInfo.makefile}\n`,
    'include/foo-export.h': '#if defined(_WIN32)\n#define FOO_API __declspec(dllexport)\n#else\n#define FOO_API __attribute__((visibility("default")))\n#endif\n',
    'include/foo.h': HEADER_V1,
    'src/foo.c': '#include "foo.h"\nint foo_open(const char *path, int flags) { return 0; }\nvoid foo_free(void *p) {}\n',
  };
}

const SPLIT = { configure: 'LT_CURRENT=3\nLT_REVISION=1\nLT_AGE=2\nAC_SUBST(LT_CURRENT)\nAC_SUBST(LT_REVISION)\nAC_SUBST(LT_AGE)\n', makefile: '-version-info $(LT_CURRENT):$(LT_REVISION):$(LT_AGE)' };
const LITERAL = { configure: '', makefile: '-version-info 3:1:2' };

async function analyze(root: string, settings: unknown = {}) {
  return new VersionwiseService(new DiskWorkspace(root, new GitBaselineProvider(root)), { cParser: loadCParser }).analyze(normaliseSettings(settings));
}

function released(files: Record<string, string>): GitFixture {
  const repo = new GitFixture(files);
  repo.commit('release 1.0.0');
  repo.tag('v1.0.0');
  return repo;
}

describe('libtool bump rules against the last release', function () {
  this.timeout(30_000);
  let repo: GitFixture;
  afterEach(() => repo?.dispose());

  const cases: { name: string; header?: (h: string) => string; source?: string; change: string; next: string; added?: string[]; removed?: string[]; changed?: string[] }[] = [
    { name: 'nothing changed', change: 'none', next: '3:1:2' },
    { name: 'a parameter renamed and a prototype reflowed: no interface change, source changed', header: (h) => h.replace('const char *path,\n                     int flags', 'const char *filename, int mode'), change: 'revision', next: '3:2:2' },
    { name: 'only the implementation changed', source: '#include "foo.h"\nint foo_open(const char *path, int flags) { return -1; }\nvoid foo_free(void *p) {}\n', change: 'revision', next: '3:2:2' },
    { name: 'a function added', header: (h) => h.replace('FOO_API void foo_free', 'FOO_API int foo_count(void);\nFOO_API void foo_free'), change: 'added', next: '4:0:3', added: ['foo_count'] },
    { name: 'a function removed', header: (h) => h.replace('FOO_API void foo_free(void *p);\n', ''), change: 'removed-or-changed', next: '4:0:0', removed: ['foo_free'] },
    { name: 'a signature changed', header: (h) => h.replace('int flags);', 'long flags);'), change: 'removed-or-changed', next: '4:0:0', changed: ['foo_open'] },
    { name: 'a public struct layout changed', header: (h) => h.replace('{ int x; int y; }', '{ int y; int x; }'), change: 'removed-or-changed', next: '4:0:0', changed: ['foo_point'] },
    { name: 'an enum value changed', header: (h) => h.replace('FOO_WRITE = 2', 'FOO_WRITE = 4'), change: 'removed-or-changed', next: '4:0:0', changed: ['FOO_WRITE'] },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.change}, next ${c.next}`, async () => {
      repo = released(project(SPLIT));
      if (c.header) repo.write('include/foo.h', c.header(HEADER_V1));
      if (c.source) repo.write('src/foo.c', c.source);
      const analysis = await analyze(repo.root);
      const [declaration] = analysis.declarations;
      const report = declaration.report!;
      assert.equal(report.change, c.change);
      assert.equal(report.next, c.next);
      assert.deepEqual(report.diff.added.map((i) => i.name), c.added ?? []);
      assert.deepEqual(report.diff.removed.map((i) => i.name), c.removed ?? []);
      assert.deepEqual(report.diff.changed.map((i) => i.after.name), c.changed ?? []);
      assert.equal(declaration.declaration.fields.change, c.change);
      assert.deepEqual(declaration.declaration.fields.baseline, { ref: 'v1.0.0', value: '3:1:2' });
    });
  }

  it('an unchanged version after a change: a note in the editor, an error with --release, and a fix at each variable', async () => {
    const files = project(SPLIT);
    repo = released(files);
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free(void *p);\n', ''));
    const [note] = (await analyze(repo.root)).findings;
    assert.equal(note.code, 'libtool/bump-needed');
    assert.equal(note.severity, 'information');
    assert.match(note.message, /libfoo still has 3:1:2 from v1\.0\.0, but interface removed since v1\.0\.0 \(foo_free\): the next release needs 4:0:0/);
    const [error] = (await analyze(repo.root, { release: true })).findings;
    assert.equal(error.severity, 'error');
    const edits = error.fixes[0].edits.map((e) => ({ file: e.file, range: e.range, newText: e.newText }));
    assert.deepEqual(edits, [
      { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'LT_CURRENT=3', '3'), newText: '4' },
      { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'LT_REVISION=1', '1'), newText: '0' },
      { file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'LT_AGE=2', '2'), newText: '0' },
    ]);
  });

  it('an interface removed but AGE kept: an error at AGE ("reset age to 0")', async () => {
    repo = released(project(SPLIT));
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free(void *p);\n', ''));
    const configure = repo.read('configure.ac').replace('LT_CURRENT=3', 'LT_CURRENT=4').replace('LT_REVISION=1', 'LT_REVISION=0');
    repo.write('configure.ac', configure);
    const findings = (await analyze(repo.root)).findings;
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['libtool/age-not-reset', 'error']]);
    assert.match(findings[0].message, /interface removed since v1\.0\.0 \(foo_free\).*reset age to 0/);
    assert.deepEqual(findings[0].range, rangeOf({ c: configure }, 'c', 'LT_AGE=2', '2'));
  });

  it('current incremented without resetting revision, and a needless soname change for additions', async () => {
    repo = released(project(LITERAL));
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free', 'FOO_API int foo_count(void);\nFOO_API void foo_free'));
    const makefile = repo.read('Makefile.am').replace('3:1:2', '4:1:0');
    repo.write('Makefile.am', makefile);
    const findings = (await analyze(repo.root)).findings;
    assert.deepEqual(findings.map((f) => f.code), ['libtool/revision-not-reset', 'libtool/needless-soname-change']);
    assert.match(findings[1].message, /soname changes \(C-A 1 → 4\) but only additions were found/);
    assert.match(applyEditsToText(makefile, findings[0].fixes[0].edits), /-version-info 4:0:3\n/);
  });

  it('current not incremented after an addition: an error at CURRENT', async () => {
    repo = released(project(LITERAL));
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free', 'FOO_API int foo_count(void);\nFOO_API void foo_free'));
    repo.write('Makefile.am', repo.read('Makefile.am').replace('3:1:2', '3:2:3'));
    const findings = (await analyze(repo.root)).findings;
    assert.equal(findings[0].code, 'libtool/current-not-incremented');
    assert.equal(findings[0].severity, 'error');
  });

  it('current or age bumped for a bug fix only', async () => {
    repo = released(project(LITERAL));
    repo.write('src/foo.c', '/* fixed */\n');
    repo.write('Makefile.am', repo.read('Makefile.am').replace('3:1:2', '4:0:3'));
    assert.deepEqual((await analyze(repo.root)).findings.map((f) => f.code), ['libtool/needless-current-bump', 'libtool/needless-age-bump']);
  });

  it('a correct bump has no finding, and the code lens line says so', async () => {
    repo = released(project(LITERAL));
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free', 'FOO_API int foo_count(void);\nFOO_API void foo_free'));
    repo.write('Makefile.am', repo.read('Makefile.am').replace('3:1:2', '4:0:3'));
    const analysis = await analyze(repo.root);
    assert.deepEqual(analysis.findings, []);
    assert.equal(analysis.declarations[0].report?.summary, 'since v1.0.0: +1 −0 ~0 interfaces → next 4:0:3 ✓');
  });

  it('m4_define values are fixed inside their quotes', async () => {
    const files = project({ configure: 'm4_define([lt_cur], [3])\nm4_define([lt_rev], [1])\nm4_define([lt_age], [2])\nAC_SUBST([LT_VI], [lt_cur:lt_rev:lt_age])\n', makefile: '-version-info $(LT_VI)' });
    repo = released(files);
    repo.write('src/foo.c', '/* fixed */\n');
    const [finding] = (await analyze(repo.root)).findings;
    assert.deepEqual(finding.fixes[0].edits.map((e) => [e.range, e.newText]), [[rangeOf(files, 'configure.ac', '[lt_rev], [1]', '1'), '2']]);
  });

  it('a symbol list decides which declared functions are interface', async () => {
    const files: Record<string, string> = project(LITERAL);
    files['Makefile.am'] = files['Makefile.am'].replace('-version-info 3:1:2', '-version-info 3:1:2 -export-symbols $(srcdir)/src/libfoo.sym');
    files['src/libfoo.sym'] = '# exported\nfoo_open\nfoo_free\n';
    repo = released(files);
    // An internal helper declared in the public header but not exported: not an interface change.
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free', 'FOO_API int foo_internal_helper(void);\nFOO_API void foo_free'));
    assert.equal((await analyze(repo.root)).declarations[0].report?.change, 'revision');
    // Exporting a new symbol is an addition, even with no header declaration.
    repo.write('src/libfoo.sym', '# exported\nfoo_open\nfoo_free\nfoo_extra\n');
    const report = (await analyze(repo.root)).declarations[0].report!;
    assert.equal(report.change, 'added');
    assert.deepEqual(report.diff.added.map((i) => [i.name, i.kind]), [['foo_extra', 'symbol']]);
  });

  it('a GNU ld version script and -export-symbols-regex narrow the interface too', async () => {
    const files: Record<string, string> = project(LITERAL);
    files['Makefile.am'] = files['Makefile.am'].replace('-version-info 3:1:2', '-version-info 3:1:2 -Wl,--version-script=$(srcdir)/src/libfoo.map -export-symbols-regex "^foo_"');
    files['src/libfoo.map'] = 'FOO_1.0 {\n  global: foo_*;\n  local: *;\n};\n';
    repo = released(files);
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free', 'FOO_API int bar_private(void);\nFOO_API void foo_free'));
    assert.equal((await analyze(repo.root)).declarations[0].report?.change, 'revision');
  });
});

describe('versionwise next and diff', function () {
  this.timeout(30_000);
  let repo: GitFixture;
  afterEach(() => repo?.dispose());
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

  it('next --format json follows the contract, and --write puts the numbers where they are declared', () => {
    repo = released(project(SPLIT));
    repo.write('include/foo.h', HEADER_V1.replace('FOO_API void foo_free(void *p);\n', ''));
    const json = cli(['next', repo.root, '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const [entry] = JSON.parse(json.stdout);
    assert.deepEqual(
      { scheme: entry.scheme, file: entry.file, library: entry.library, baseline: entry.baseline, value: entry.value, change: entry.change, added: entry.added, removed: entry.removed, changed: entry.changed, next: entry.next },
      { scheme: 'libtool', file: 'configure.ac', library: 'libfoo', baseline: { ref: 'v1.0.0', value: '3:1:2' }, value: '3:1:2', change: 'removed-or-changed', added: [], removed: ['foo_free'], changed: [], next: '4:0:0' },
    );
    const write = cli(['next', repo.root, '--write']);
    assert.equal(write.status, 0, write.stderr);
    assert.match(repo.read('configure.ac'), /LT_CURRENT=4\nLT_REVISION=0\nLT_AGE=0\n/);
    const check = cli(['check', repo.root, '--release']);
    assert.equal(check.status, 0, check.stdout);
  });

  it('--baseline names the release to compare with; diff lists the changes', () => {
    repo = released(project(LITERAL));
    repo.commit('2.0', { 'include/foo.h': HEADER_V1.replace('FOO_API void foo_free', 'FOO_API int foo_count(void);\nFOO_API void foo_free') });
    repo.tag('v2.0.0');
    const sinceFirst = cli(['diff', repo.root, '--baseline', 'v1.0.0']);
    assert.match(sinceFirst.stdout, /libfoo: since v1\.0\.0: \+1 −0 ~0 interfaces → next 4:0:3/);
    assert.match(sinceFirst.stdout, /\+ foo_count  int\(\)  \(include\/foo\.h:9\)/);
    const sinceLast = cli(['diff', repo.root]);
    assert.match(sinceLast.stdout, /since v2\.0\.0: unchanged/);
    const release = cli(['check', repo.root, '--baseline', 'v1.0.0', '--release', '--format', 'json']);
    assert.equal(release.status, 1);
    assert.equal(JSON.parse(release.stdout).diagnostics[0].code, 'libtool/bump-needed');
  });
});
