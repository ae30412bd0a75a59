import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { DiskWorkspace } from '../../server/src/node/diskWorkspace';
import { GitBaselineProvider } from '../../server/src/node/gitBaseline';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { GitFixture } from '../helpers/gitFixture';
import { REPO_ROOT } from '../helpers/lspClient';

/** Problems these tests found in files outside this work's remit (server/src/node/gitBaseline.ts, git.ts, core/service.ts). */
// Once wrong, fixed since (kept as the reason each case exists):
const CORRUPT_BLOB = 'node/git.ts readBlobs: `git cat-file --batch` dies on a corrupt object and every file after it reads as "not in <ref>"; core/service.ts never reports baseline files it could not read, so the interface comparison is silently skipped with no note';
const CORRUPT_TREE = 'node/gitBaseline.ts listFiles: `git ls-tree` fails on a corrupt tree or commit and the GitError is not caught, so VersionwiseService.analyze throws (CLI: internal error, exit 2; editor: no diagnostics)';
const CORRUPT_PACK = 'node/gitBaseline.ts find: any failure of `rev-parse --verify HEAD^{commit}` is reported as "the repository has no commits yet", also when the objects are corrupt';

/**
 * Hostile git repositories, beyond test/unit/baseline.test.ts (no git repository, no commits, no tags,
 * detached HEAD, shallow clone, configured executables): corrupt objects, tags that do not lead to a commit
 * or to the file, a long history, and no git at all. Each degrades to a note a person understands; the
 * analysis never throws, and every check that needs no history still runs.
 */

const LIBRARY = {
  'configure.ac': 'AC_INIT([libfoo], [1.0])\nAC_SUBST([FOO_LT], [1:0:0])\n',
  'Makefile.am': 'include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la libbar.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info $(FOO_LT)\nlibbar_la_LDFLAGS = -version-number 3:1\n',
  'foo.h': 'int foo_open(const char *path);\n',
  'foo.c': 'int foo_open(const char *path) { return 0; }\n',
};

async function analyze(root: string, settings: unknown = {}): Promise<WorkspaceAnalysis> {
  return new VersionwiseService(new DiskWorkspace(root, new GitBaselineProvider(root)), { cParser: loadCParser }).analyze(normaliseSettings(settings));
}

/** The checks that need no history ran: the -version-number hint of LIBRARY's libbar is there. */
function stillChecks(analysis: WorkspaceAnalysis): void {
  assert.ok(analysis.findings.some((f) => f.code === 'libtool/version-number'), JSON.stringify(analysis.findings.map((f) => f.code)));
}

/** Where a loose object lives. */
function objectPath(repo: GitFixture, object: string): string {
  const id = repo.git('rev-parse', object).trim();
  return path.join(repo.root, '.git', 'objects', id.slice(0, 2), id.slice(2));
}

function truncateObject(file: string): void {
  fs.chmodSync(file, 0o644);
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))));
}

describe('robustness: hostile git repositories', function () {
  this.timeout(120_000);
  let repo: GitFixture;
  afterEach(() => repo?.dispose());

  function released(): GitFixture {
    const fixture = new GitFixture(LIBRARY);
    fixture.commit('1.0');
    fixture.tag('v1.0');
    fixture.commit('work', { 'foo.h': 'int foo_open(const char *path);\nint foo_close(int fd);\n' });
    return fixture;
  }

  it('a truncated loose blob of the release: a note, not an exception', async function () {
    repo = released();
    await corruptBlob(repo);
  });

  async function corruptBlob(repo: GitFixture): Promise<void> {
    truncateObject(objectPath(repo, 'v1.0:foo.h'));
    const analysis = await analyze(repo.root);
    stillChecks(analysis);
    assert.equal(analysis.baselineRef, 'v1.0');
    const declaration = analysis.declarations.find((d) => d.declaration.fields.library === 'libfoo');
    assert.ok(declaration, 'the library is still declared');
    // The header could not be read at the release: it must not look like an interface that was added.
    assert.notEqual(declaration.report?.change, 'added', `a corrupt header is not an empty one: ${JSON.stringify(declaration.report?.diff)}`);
    assert.ok(analysis.notes.some((n) => /corrupt|could not be read|cannot be read/i.test(n)), `a note says the release could not be read: ${JSON.stringify(analysis.notes)}`);
  }

  it('a truncated loose tree or commit of the release: a note, not an exception', async function () {
    for (const object of ['v1.0^{tree}', 'v1.0^{commit}']) {
      repo?.dispose();
      repo = released();
      truncateObject(objectPath(repo, object));
      const analysis = await analyze(repo.root);
      stillChecks(analysis);
      assert.ok(analysis.notes.length > 0 && analysis.notes.every((n) => n.length > 20), `${object}: ${JSON.stringify(analysis.notes)}`);
    }
  });

  it('a truncated pack: a note, not an exception', async function () {
    repo = released();
    await corruptPack(repo);
  });

  async function corruptPack(repo: GitFixture): Promise<void> {
    repo.git('repack', '-a', '-d', '-q');
    repo.git('prune-packed');
    const pack = fs.readdirSync(path.join(repo.root, '.git/objects/pack')).find((f) => f.endsWith('.pack'))!;
    const file = path.join(repo.root, '.git/objects/pack', pack);
    fs.chmodSync(file, 0o644);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const analysis = await analyze(repo.root);
    stillChecks(analysis);
    assert.ok(analysis.notes.length > 0, 'the broken history is mentioned');
    assert.ok(!analysis.notes.some((n) => /no commits yet/.test(n)), `a broken pack is not "no commits": ${JSON.stringify(analysis.notes)}`);
  }

  it('a release tag that names a tree, a blob, or a commit without the file', async () => {
    repo = released();
    const tree = repo.git('rev-parse', 'v1.0^{tree}').trim();
    const blob = repo.git('rev-parse', 'v1.0:foo.h').trim();
    repo.git('tag', 'v2.0', tree);
    repo.git('tag', '-a', 'v3.0', '-m', 'a blob', blob);
    for (const ref of ['v2.0', 'v3.0']) {
      const analysis = await analyze(repo.root, { baseline: { ref } });
      stillChecks(analysis);
      assert.equal(analysis.baselineRef, undefined);
      assert.match(analysis.notes.join('\n'), new RegExp(`'${ref.replace('.', '\\.')}' does not name a commit`));
    }
    // Found by itself, the newest release tag that is a commit is used; tags of trees and blobs are passed over.
    const automatic = await analyze(repo.root);
    stillChecks(automatic);
    assert.equal(automatic.baselineRef, 'v1.0', JSON.stringify(automatic.notes));

    // A release whose tree has none of the library's files: everything is new, nothing throws.
    repo.git('checkout', '-q', '--orphan', 'empty');
    repo.git('rm', '-rq', '--cached', '.');
    repo.git('commit', '-q', '--allow-empty', '-m', 'nothing');
    repo.git('tag', 'v0.1');
    repo.git('checkout', '-q', '-f', 'main');
    const withoutFiles = await analyze(repo.root, { baseline: { ref: 'v0.1' } });
    stillChecks(withoutFiles);
    assert.equal(withoutFiles.baselineRef, 'v0.1');
  });

  it('a history of 5,000 commits (git fast-import): the release is found quickly', async () => {
    repo = new GitFixture({});
    const commits = 5_000;
    const stream: string[] = [];
    const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
    for (let i = 1; i <= commits; i++) {
      stream.push('commit refs/heads/main', `mark :${i}`, `committer Fixture <fixture@versionwise.invalid> ${1_600_000_000 + i * 60} +0000`, blob(`commit ${i}`).trimEnd());
      if (i > 1) stream.push(`from :${i - 1}`);
      if (i === 1) for (const [name, text] of Object.entries(LIBRARY)) stream.push(`M 100644 inline ${name}`, blob(text).trimEnd());
      else stream.push('M 100644 inline foo.c', blob(`int foo_open(const char *path) { return ${i}; }\n`).trimEnd());
      if (i % 1_000 === 0) stream.push(`reset refs/tags/v1.${i / 1_000}`, `from :${i}`);
      stream.push('');
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.root, input: `${stream.join('\n')}\n`, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
    repo.git('checkout', '-q', '-f', 'main');
    repo.git('tag', '-d', 'v1.5');
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), String(commits));
    const started = performance.now();
    const analysis = await analyze(repo.root);
    const elapsed = performance.now() - started;
    stillChecks(analysis);
    assert.equal(analysis.baselineRef, 'v1.4');
    assert.equal(analysis.declarations.find((d) => d.declaration.fields.library === 'libfoo')?.report?.change, 'revision');
    assert.ok(elapsed < 15_000, `analysis took ${Math.round(elapsed)} ms`);
    if (process.env.VERSIONWISE_FUZZ_VERBOSE) console.log(`      5,000 commits: analysed in ${Math.round(elapsed)} ms`);
  });

  it('git not installed (PATH with no git): one note, every other check still runs, in the service and the CLI', async () => {
    repo = released();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-no-git-'));
    const saved = process.env.PATH;
    let analysis: WorkspaceAnalysis;
    try {
      process.env.PATH = empty;
      analysis = await analyze(repo.root);
    } finally {
      process.env.PATH = saved;
    }
    stillChecks(analysis);
    assert.deepEqual(analysis.notes, ['Interface changes are not checked: git is not installed, so the last release cannot be read.']);
    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', repo.root, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, PATH: empty } });
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout).notes, analysis.notes);
    assert.match(cli.stderr, /versionwise: note: Interface changes are not checked: git is not installed/);
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
