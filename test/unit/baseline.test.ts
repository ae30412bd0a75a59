import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isReleaseTag } from '../../server/src/core/releaseTags';
import { VersionwiseService } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { DiskWorkspace } from '../../server/src/node/diskWorkspace';
import { GitBaselineProvider } from '../../server/src/node/gitBaseline';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { GitFixture } from '../helpers/gitFixture';
import { TempWorkspace } from '../helpers/tempWorkspace';

/** The git baseline with a real git: which tag is the last release, and every way there is none. */
async function analyze(root: string, settings: unknown = {}) {
  return new VersionwiseService(new DiskWorkspace(root, new GitBaselineProvider(root)), { cParser: loadCParser }).analyze(normaliseSettings(settings));
}

const LIBRARY = {
  'configure.ac': 'AC_INIT([libfoo], [1.0])\nAC_SUBST([FOO_LT], [1:0:0])\n',
  'Makefile.am': 'include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info $(FOO_LT)\n',
  'foo.h': 'int foo_open(const char *path);\n',
  'foo.c': 'int foo_open(const char *path) { return 0; }\n',
};

describe('release tags', () => {
  it('recognises real release tag styles', () => {
    for (const tag of ['v1.2.3', '1.2.3', 'R_2_6_0', 'libgcrypt-1.12.2', 'release-2.1.12-stable', 'pcre2-10.47', 'v2.0']) {
      assert.ok(isReleaseTag(tag, ['libgcrypt', 'pcre2']), tag);
    }
  });
  it('rejects pre-releases, other packages and non-versions', () => {
    for (const tag of ['v3.1.0rc5', '1.2-rc1', 'v2.0-beta', 'otherlib-1.0', 'nightly', 'v1', 'latest']) {
      assert.ok(!isReleaseTag(tag, ['libfoo']), tag);
    }
  });
});

describe('git baseline', function () {
  this.timeout(30_000);
  let repo: GitFixture;
  afterEach(() => repo?.dispose());

  it('compares with the newest release tag reachable from HEAD, not pre-releases or other packages', async () => {
    repo = new GitFixture(LIBRARY);
    repo.commit('1.0');
    repo.tag('v1.0');
    repo.commit('1.1', { 'foo.c': 'int foo_open(const char *path) { return 1; }\n' });
    repo.tag('v1.1');
    repo.commit('rc', { 'foo.c': 'int foo_open(const char *path) { return 2; }\n' });
    repo.tag('v1.2-rc1');
    repo.tag('otherlib-9.0');
    repo.git('checkout', '-q', '-b', 'side', 'v1.0');
    repo.commit('side', { 'foo.c': 'int foo_open(const char *path) { return 3; }\n' });
    repo.tag('v5.0');
    repo.git('checkout', '-q', 'main');
    const analysis = await analyze(repo.root);
    assert.equal(analysis.baselineRef, 'v1.1');
    assert.deepEqual(analysis.notes, []);
  });

  it('--baseline / versionwise.baseline.ref and a tag pattern override the choice', async () => {
    repo = new GitFixture(LIBRARY);
    repo.commit('1.0');
    repo.tag('v1.0');
    repo.commit('2.0');
    repo.tag('v2.0');
    repo.tag('stable-2024');
    assert.equal((await analyze(repo.root, { baseline: { ref: 'v1.0' } })).baselineRef, 'v1.0');
    assert.equal((await analyze(repo.root, { baseline: { tagPattern: '^stable-' } })).baselineRef, 'stable-2024');
    const bad = await analyze(repo.root, { baseline: { ref: '--output=/tmp/x' } });
    assert.equal(bad.baselineRef, undefined);
    assert.match(bad.notes[0], /not a valid git ref name/);
    const missing = await analyze(repo.root, { baseline: { ref: 'v9.9' } });
    assert.match(missing.notes[0], /'v9\.9' does not name a commit/);
  });

  it('lightweight tags count too', async () => {
    repo = new GitFixture(LIBRARY);
    repo.commit('1.0');
    repo.tag('1.0.0', false);
    assert.equal((await analyze(repo.root)).baselineRef, '1.0.0');
  });

  it('no repository, no commits, no tags: one clear note each, and the rest still works', async () => {
    const plain = new TempWorkspace({ ...LIBRARY, 'foo.c': '', 'Makefile.am': 'libfoo_la_LDFLAGS = -version-info 3:0:4\n' });
    try {
      const analysis = await analyze(plain.root);
      assert.equal(analysis.notes.length, 1);
      assert.match(analysis.notes[0], /not a git repository/);
      assert.equal(analysis.findings[0].code, 'libtool/age-exceeds-current');
    } finally {
      plain.dispose();
    }
    repo = new GitFixture(LIBRARY);
    assert.deepEqual((await analyze(repo.root)).notes, ['Interface changes are not checked: the repository has no commits yet.']);
    repo.commit('1.0');
    const untagged = await analyze(repo.root);
    assert.equal(untagged.notes.length, 1);
    assert.match(untagged.notes[0], /no tag is reachable from HEAD.*versionwise\.baseline\.ref or --baseline REF/);
  });

  it('a detached HEAD and a shallow clone are notes, and the baseline is still found where it exists', async () => {
    repo = new GitFixture(LIBRARY);
    repo.commit('1.0');
    repo.tag('v1.0');
    repo.commit('next');
    repo.git('checkout', '-q', '--detach', 'HEAD');
    const detached = await analyze(repo.root);
    assert.equal(detached.baselineRef, 'v1.0');
    assert.match(detached.notes.join('\n'), /HEAD is detached/);

    const clone = path.join(repo.root, '..', `${path.basename(repo.root)}-shallow`);
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.root}`, clone, '--branch', 'main']);
    try {
      const shallow = await analyze(clone);
      assert.equal(shallow.baselineRef, undefined);
      assert.match(shallow.notes.join('\n'), /shallow/);
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });

  it('never runs what the repository configures: fsmonitor, hooks, pagers, textconv', async () => {
    repo = new GitFixture({ ...LIBRARY, '.gitattributes': 'foo.h diff=evil filter=evil\n' });
    repo.commit('1.0');
    repo.tag('v1.0');
    const marker = path.join(repo.root, '..', `${path.basename(repo.root)}-pwned`);
    const script = path.join(repo.root, '..', `${path.basename(repo.root)}-evil.sh`);
    fs.writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\ncat\n`, { mode: 0o755 });
    for (const [key, value] of [
      ['core.fsmonitor', script],
      ['core.pager', script],
      ['core.sshCommand', script],
      ['diff.evil.textconv', script],
      ['diff.external', script],
      ['filter.evil.clean', script],
      ['filter.evil.smudge', script],
      ['filter.evil.process', script],
      ['core.hooksPath', path.dirname(script)],
    ]) repo.git('config', key, value);
    for (const hook of ['post-checkout', 'pre-commit', 'reference-transaction', 'post-index-change']) {
      fs.writeFileSync(path.join(repo.root, '.git', 'hooks', hook), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    }
    repo.write('foo.h', 'int foo_open(const char *path);\nint foo_close(void);\n');
    try {
      const analysis = await analyze(repo.root);
      assert.equal(analysis.baselineRef, 'v1.0');
      assert.equal(analysis.declarations[0].report?.change, 'added');
      assert.equal(fs.existsSync(marker), false, 'nothing from .git/config or hooks ran');
    } finally {
      fs.rmSync(script, { force: true });
      fs.rmSync(marker, { force: true });
    }
  });

  it('a workspace folder inside a larger repository reads its own files at the baseline', async () => {
    repo = new GitFixture(Object.fromEntries(Object.entries(LIBRARY).map(([name, text]) => [`lib/${name}`, text])));
    repo.commit('1.0');
    repo.tag('v1.0');
    repo.write('lib/foo.h', 'int foo_open(const char *path);\nint foo_close(void);\n');
    const analysis = await analyze(path.join(repo.root, 'lib'));
    assert.equal(analysis.baselineRef, 'v1.0');
    assert.deepEqual(analysis.declarations[0].report?.diff.added.map((i) => i.name), ['foo_close']);
  });
});
