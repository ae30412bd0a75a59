import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/model';
import { VersionwiseService } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { factKey, MemoryWorkspace, type BaselineProvider, type FactQuery } from '../../server/src/core/workspace';
import { DiskWorkspace } from '../../server/src/node/diskWorkspace';
import { EditorWorkspace } from '../../server/src/node/editorWorkspace';
import { GitBaselineProvider } from '../../server/src/node/gitBaseline';
import { pmixScheme } from '../../server/src/schemes/pmix';
import { vmodScheme } from '../../server/src/schemes/vmod';
import type { VersionScheme } from '../../server/src/core/scheme';
import { GitFixture } from '../helpers/gitFixture';
import { TempWorkspace } from '../helpers/tempWorkspace';
import { applyEditsToText } from '../helpers/workspace';

/**
 * Checks that need facts from git (the checked-out branch, whether a tag or commit exists, commit counts),
 * asked by the schemes through `wantedFacts` and answered by the real git (GitBaselineProvider.facts).
 */
const configure = (version: string) => `AC_INIT([libvmod-foo], [${version}])\nVARNISH_VMODS([foo])\n`;

function analyzeRepo(repo: TempWorkspace, scheme: VersionScheme, settings: unknown = {}) {
  return new VersionwiseService(new DiskWorkspace(repo.root, new GitBaselineProvider(repo.root)), { schemes: [scheme] }).analyze(normaliseSettings(settings));
}

const withCode = (findings: readonly Finding[], code: string) => findings.filter((f) => f.code === code);

describe('repository facts: vmod GITBRANCH against the checked-out branch', function () {
  this.timeout(30_000);
  let repo: GitFixture;
  beforeEach(() => {
    repo = new GitFixture();
  });
  afterEach(() => repo.dispose());

  async function branchFindings(branch: string, version: string) {
    repo.commit('start', { 'configure.ac': configure('1.0') });
    if (branch !== 'main') repo.git('checkout', '-q', '-b', branch);
    repo.write('configure.ac', configure(version));
    return withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out');
  }

  it('accepts the branch checked out, with or without a v/varnish prefix', async () => {
    assert.deepEqual(await branchFindings('4.0', '1.14+4.0'), []);
    repo.write('configure.ac', configure('1.14+v4.0'));
    assert.deepEqual(withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out'), []);
    repo.write('configure.ac', configure('1.14+varnish4.0'));
    assert.deepEqual(withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out'), []);
  });

  it('reports another branch at the GITBRANCH text, with a fix that writes the checked-out one', async () => {
    const [finding] = await branchFindings('4.0', '1.14+4.1');
    assert.ok(finding);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.message, 'GITBRANCH +4.1 is not the checked-out git branch 4.0: a release of this branch is 1.14+4.0');
    const text = repo.read('configure.ac');
    assert.deepEqual([finding.range.start.character, finding.range.end.character], [text.indexOf('4.1'), text.indexOf('4.1') + 3]);
    assert.equal(applyEditsToText(text, finding.fixes[0].edits), configure('1.14+4.0'));
  });

  it('reports +release and no GITBRANCH on a Varnish branch', async () => {
    const [release] = await branchFindings('6.0', '1.14+release');
    assert.match(release.message, /GITBRANCH \+release is not the checked-out git branch 6\.0 \(\+release is for master\)/);
    repo.write('configure.ac', configure('1.14'));
    const [nothing] = withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out');
    assert.match(nothing.message, /no GITBRANCH, which stands for master, but the checked-out git branch is 6\.0/);
    assert.equal(applyEditsToText(repo.read('configure.ac'), nothing.fixes[0].edits), configure('1.14+6.0'));
  });

  it('accepts +release and no GITBRANCH on master (and main), and reports a Varnish branch there', async () => {
    assert.deepEqual(await branchFindings('master', '1.14+release'), []);
    repo.write('configure.ac', configure('1.14'));
    assert.deepEqual(withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out'), []);
    repo.write('configure.ac', configure('1.14+4.0'));
    const [finding] = withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out');
    assert.equal(finding.message, 'GITBRANCH +4.0 is not the checked-out git branch master: on master, VIP13 writes +release or no GITBRANCH');
    assert.equal(applyEditsToText(repo.read('configure.ac'), finding.fixes[0].edits), configure('1.14+release'));
    // The fixture's initial branch is main.
    repo.git('checkout', '-q', 'main');
    assert.equal(withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out').length, 1);
  });

  it('stays silent on a topic branch, a detached HEAD, with the baseline off, and in an untrusted workspace', async () => {
    assert.deepEqual(await branchFindings('fix-the-thing', '1.14+4.0'), []);
    repo.git('checkout', '-q', '--detach');
    assert.deepEqual(withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out'), []);
    repo.git('checkout', '-q', '-b', '6.0');
    assert.equal(withCode((await analyzeRepo(repo, vmodScheme)).findings, 'vmod/branch-not-checked-out').length, 1);
    assert.deepEqual(withCode((await analyzeRepo(repo, vmodScheme, { baseline: { enabled: false } })).findings, 'vmod/branch-not-checked-out'), []);
    const editor = new EditorWorkspace(repo.root, true);
    assert.equal(withCode((await new VersionwiseService(editor, { schemes: [vmodScheme] }).analyze(normaliseSettings({}))).findings, 'vmod/branch-not-checked-out').length, 1);
    editor.setTrusted(false);
    assert.deepEqual(withCode((await new VersionwiseService(editor, { schemes: [vmodScheme] }).analyze(normaliseSettings({}))).findings, 'vmod/branch-not-checked-out'), []);
  });

  it('stays silent outside a git repository', async () => {
    const plain = new TempWorkspace({ 'configure.ac': configure('1.14+4.1') });
    try {
      const analysis = await new VersionwiseService(new DiskWorkspace(plain.root, new GitBaselineProvider(plain.root)), { schemes: [vmodScheme] }).analyze(normaliseSettings({}));
      assert.deepEqual(withCode(analysis.findings, 'vmod/branch-not-checked-out'), []);
    } finally {
      plain.dispose();
    }
  });
});

describe('repository facts: PMIx snapshot names against git history', function () {
  this.timeout(30_000);
  let repo: GitFixture;
  let hashes: string[];
  const VERSION = 'major=5\nminor=0\nrelease=0\ngreek=rc2\n';

  before(() => {
    repo = new GitFixture({ VERSION });
    repo.commit('v1.0.2');
    repo.tag('v1.0.2');
    hashes = [];
    for (let i = 1; i <= 3; i++) hashes.push(repo.commit(`change ${i}`));
    repo.tag('dev');
    hashes.push(repo.commit('change 4'));
  });
  after(() => repo.dispose());

  const SNAPSHOT_RULES = ['pmix/snapshot-tag-missing', 'pmix/snapshot-hash-missing', 'pmix/snapshot-count-mismatch'];

  async function snapshotFindings(news: string) {
    repo.write('NEWS', news);
    const analysis = await analyzeRepo(repo, pmixScheme);
    return analysis.findings.filter((f) => SNAPSHOT_RULES.includes(f.code)).map((f) => `${f.code}: ${f.message}`);
  }

  it('accepts snapshot names whose tag, hash and count match the history', async () => {
    const names = [
      `pmix-v1.0.2-3-g${hashes[2].slice(0, 7)}.tar.bz2`,
      `pmix-dev-1-g${hashes[3].slice(0, 7)}.tar.bz2`,
      `pmix-master-202401020304-${hashes[1].slice(0, 7)}.tar.bz2`,
    ];
    assert.deepEqual(await snapshotFindings(`Snapshots: ${names.join(', ')}\n`), []);
    // Snapshot tarballs lying in the workspace are checked by name too.
    repo.write(`snapshots/${names[0]}`, '');
    repo.write(`snapshots/pmix-v1.0.2-9-g${hashes[0].slice(0, 7)}.tar.bz2`, '');
    const inListing = (await analyzeRepo(repo, pmixScheme)).findings.filter((f) => f.file.startsWith('snapshots/'));
    assert.deepEqual(inListing.map((f) => [f.file, f.code]), [[`snapshots/pmix-v1.0.2-9-g${hashes[0].slice(0, 7)}.tar.bz2`, 'pmix/snapshot-count-mismatch']]);
    const fs = await import('node:fs');
    fs.rmSync(`${repo.root}/snapshots`, { recursive: true, force: true });
  });

  it('reports a tag the repository does not have', async () => {
    const name = `pmix-v1.0.3-3-g${hashes[2].slice(0, 7)}.tar.bz2`;
    assert.deepEqual(await snapshotFindings(`${name}\n`), [
      `pmix/snapshot-tag-missing: ${name} names tag v1.0.3, but this repository has no tag v1.0.3: git describe writes the nearest tag, so this snapshot was not made from this history (or the tag was not fetched)`,
    ]);
  });

  it('reports a hash that names no commit', async () => {
    const name = 'pmix-v1.0.2-3-gdeadbee.tar.bz2';
    assert.deepEqual(await snapshotFindings(`${name}\n`), [
      `pmix/snapshot-hash-missing: ${name} was made from commit deadbee, but this repository has no commit deadbee: the snapshot was not made from this history (or the commit was not fetched)`,
    ]);
    const nightly = 'pmix-master-202401020304-abcdef1.tar.bz2';
    assert.deepEqual((await snapshotFindings(`${nightly}\n`)).map((f) => f.split(':')[0]), ['pmix/snapshot-hash-missing']);
  });

  it('reports a commit count that is not the distance from the tag', async () => {
    const hash = hashes[2].slice(0, 7);
    const name = `pmix-v1.0.2-57-g${hash}.tar.bz2`;
    assert.deepEqual(await snapshotFindings(`${name}\n`), [
      `pmix/snapshot-count-mismatch: ${name} says 57 commits after v1.0.2, but commit ${hash} is 3 commits after v1.0.2 in this repository (git rev-list --count v1.0.2..${hash}): git describe would name it pmix-v1.0.2-3-g${hash}.tar.bz2`,
    ]);
  });

  it('asks nothing without a provider of facts, and answers unsafe or unknown queries as unknown', async () => {
    const asked: FactQuery[][] = [];
    const provider: BaselineProvider = {
      resolve: async () => ({ kind: 'unavailable', message: 'no baseline' }),
      facts: async (queries) => {
        asked.push([...queries]);
        throw new Error('git exploded');
      },
    };
    const news = `pmix-v1.0.3-3-g${hashes[2].slice(0, 7)}.tar.bz2\n`;
    const failing = await new VersionwiseService(new MemoryWorkspace({ VERSION, NEWS: news }, provider), { schemes: [pmixScheme] }).analyze(normaliseSettings({}));
    assert.equal(asked.length, 1);
    assert.deepEqual(failing.findings.filter((f) => SNAPSHOT_RULES.includes(f.code)), []);
    const without = await new VersionwiseService(new MemoryWorkspace({ VERSION, NEWS: news }), { schemes: [pmixScheme] }).analyze(normaliseSettings({}));
    assert.deepEqual(without.findings.filter((f) => SNAPSHOT_RULES.includes(f.code)), []);

    const git = new GitBaselineProvider(repo.root);
    const queries: FactQuery[] = [
      { kind: 'commit', ref: '--output=/tmp/x' },
      { kind: 'commit', ref: 'a..b' },
      { kind: 'commit', ref: 'abc' },
      { kind: 'commit', ref: 'refs/tags/v1.0.2' },
      { kind: 'commit', ref: 'refs/tags/nope' },
      { kind: 'count', from: '-n', to: 'HEAD' },
      { kind: 'count', from: 'refs/tags/v1.0.2', to: hashes[3] },
      { kind: 'branch' },
    ];
    const answers = await git.facts(queries);
    assert.deepEqual(queries.map((q) => answers.get(factKey(q))), [undefined, undefined, undefined, repo.git('rev-parse', 'v1.0.2^{commit}').trim(), null, undefined, 4, 'main']);
  });
});
