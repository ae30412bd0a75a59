import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/model';
import type { AnalyzedDeclaration } from '../../server/src/core/scheme';
import { VersionwiseService } from '../../server/src/core/service';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../server/src/core/settings';
import { MemoryWorkspace, type Baseline, type BaselineProvider } from '../../server/src/core/workspace';
import { explainValue } from '../../server/src/features/explain';
import { hoverAt } from '../../server/src/features/hover';
import { vmodScheme } from '../../server/src/schemes/vmod';
import { branchVarnishVersion, compareVmodVersions, withinPrereq } from '../../server/src/schemes/vmod/names';
import { nextVmodVersion } from '../../server/src/schemes/vmod/nextVersions';
import { applyEditsToText, rangeOf } from '../helpers/workspace';
import { FileListing } from '../../server/src/core/listing';

/** VIP13 VMOD names: every real form, every rule, hovers and `explain` fields. */
class MemoryBaseline extends MemoryWorkspace implements Baseline {
  constructor(files: Record<string, string>, readonly ref: string, readonly commitsSince?: number, readonly commit = 'c0ffee') {
    super(files);
  }
}

function baselineOf(files: Record<string, string>, ref: string, commitsSince?: number): BaselineProvider {
  return { resolve: async () => ({ kind: 'found', baseline: new MemoryBaseline(files, ref, commitsSince), notes: [] }) };
}

async function analyze(files: Record<string, string>, options: { baseline?: Record<string, string>; ref?: string; commitsSince?: number; settings?: unknown } = {}) {
  const provider = options.baseline ? baselineOf(options.baseline, options.ref ?? 'v1.0', options.commitsSince) : undefined;
  return new VersionwiseService(new MemoryWorkspace(files, provider), { schemes: [vmodScheme] }).analyze(normaliseSettings(options.settings ?? {}));
}

const explain = (value: string, explicit = true) => vmodScheme.explainValue(value, { settings: DEFAULT_SETTINGS, explicit });

function only(findings: readonly Finding[], code: string): Finding {
  const found = findings.filter((f) => f.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(findings.map((f) => [f.code, f.message]))}`);
  return found[0];
}

function declarationAt(declarations: readonly AnalyzedDeclaration[], file: string, source?: string): AnalyzedDeclaration {
  const found = declarations.filter((d) => d.declaration.file === file && (!source || d.declaration.fields.source === source));
  assert.equal(found.length, 1, `one declaration in ${file}: ${JSON.stringify(declarations.map((d) => [d.declaration.file, d.declaration.text]))}`);
  return found[0];
}

describe('vmod: reading VIP13 names', () => {
  const cases: [string, Record<string, unknown>][] = [
    // VIP13's own examples.
    ['libvmod-foo-1.1.tar.gz', { name: 'foo', version: '1.1', branch: null, kind: 'tarball' }],
    ['libvmod-foo-1.1+release.tar.gz', { name: 'foo', version: '1.1', branch: 'release', kind: 'tarball' }],
    ['libvmod-foo-1.14+release.tar.gz', { name: 'foo', version: '1.14', branch: 'release', kind: 'tarball' }],
    ['libvmod-foo-1.14+4.0.tar.gz', { name: 'foo', version: '1.14', branch: '4.0', kind: 'tarball' }],
    ['libvmod-foo-1.14+v4.0.tar.gz', { name: 'foo', version: '1.14', branch: 'v4.0', kind: 'tarball' }],
    ['libvmod-foo-1.14+varnish4.0.tar.gz', { name: 'foo', version: '1.14', branch: 'varnish4.0', kind: 'tarball' }],
    ['libvmod-foo-1.15+v4.0-plus.tar.gz', { name: 'foo', version: '1.15', branch: 'v4.0-plus', kind: 'tarball' }],
    ['vmod-foo-1.14+4.0-1.x86_64.rpm', { name: 'foo', version: '1.14', branch: '4.0', kind: 'rpm', release: '1', arch: 'x86_64' }],
    ['vmod-foo-1.14+4.0-1.deb', { name: 'foo', version: '1.14', branch: '4.0', kind: 'deb', release: '1', arch: null }],
    ['libvmod-foo-1.14+4.0.tar.bz2', { name: 'foo', version: '1.14', branch: '4.0', kind: 'tarball' }],
    ['libvmod-foo-1.14+4.0.tar.xz', { name: 'foo', version: '1.14', branch: '4.0', kind: 'tarball' }],
    // Tags and tarballs of real VMODs (formats.md §2).
    ['vmod-header-0.4+varnish3', { name: 'header', version: '0.4', branch: 'varnish3', kind: 'tag' }],
    ['vmod-header-0.4+varnish4.0', { name: 'header', version: '0.4', branch: 'varnish4.0', kind: 'tag' }],
    ['libvmod-header-0.4+varnish4.0.tar.gz', { name: 'header', version: '0.4', branch: 'varnish4.0', kind: 'tarball' }],
    ['varnish-modules-0.9.0', { name: 'varnish-modules', version: '0.9.0', branch: null, kind: 'tag' }],
    ['varnish-modules-0.19.0', { name: 'varnish-modules', version: '0.19.0', branch: null }],
    ['0.11.0', { name: null, version: '0.11.0', branch: null }],
    ['0.28.0', { name: null, version: '0.28.0', branch: null }],
    ['varnish-modules-0.28.0.tar.gz', { name: 'varnish-modules', version: '0.28.0', kind: 'tarball' }],
    ['varnish-modules-0.12.1.tar.gz', { name: 'varnish-modules', version: '0.12.1', kind: 'tarball' }],
    ['varnish-modules-0.15.0.tar.gz', { name: 'varnish-modules', version: '0.15.0', kind: 'tarball' }],
    ['0.1', { name: null, version: '0.1' }],
    ['libvmod-digest-1.0.3', { name: 'digest', version: '1.0.3', branch: null }],
    ['6.4', { name: null, version: '6.4' }],
    ['libvmod-digest-trunk.tar.gz', { name: 'digest', version: 'trunk', kind: 'tarball' }],
    ['vmod-dynamic-trunk.tar.gz', { name: 'dynamic', version: 'trunk', kind: 'tarball' }],
    ['vmod-dynamic-7.7.tar.gz', { name: 'dynamic', version: '7.7', branch: null }],
    ['vmod-dynamic-8.0.tar.gz', { name: 'dynamic', version: '8.0', branch: null }],
    ['v0.1', { name: null, version: '0.1' }],
    ['v2.0.0', { name: null, version: '2.0.0' }],
    ['v2.2.0', { name: null, version: '2.2.0' }],
    ['branch-7.3', { name: null, version: null, branch: '7.3' }],
    ['libvmod-dynamic-2.2.1', { name: 'dynamic', version: '2.2.1' }],
    ['v2.2.1.tar.gz', { name: null, version: '2.2.1', kind: 'tarball' }],
    ['4.1-3.21', { name: null, version: '3.21', branch: '4.1', branchFirst: true }],
    ['6.0-7.13', { name: null, version: '7.13', branch: '6.0', branchFirst: true }],
    ['9.0-23.3', { name: null, version: '23.3', branch: '9.0', branchFirst: true }],
    ['vmod-redis-23.3.tar.gz', { name: 'redis', version: '23.3', kind: 'tarball' }],
    ['libvmod-querystring-0.1', { name: 'querystring', version: '0.1' }],
    ['v1.0.6', { name: null, version: '1.0.6' }],
    ['vmod-querystring-2.0.3.tar.gz', { name: 'querystring', version: '2.0.3', kind: 'tarball' }],
    ['libvmod-curl-1.0.4', { name: 'curl', version: '1.0.4' }],
    ['v0.0.10', { name: null, version: '0.0.10' }],
    ['v3-1.0', { name: null, version: '1.0', branch: 'v3', branchFirst: true }],
    ['libvmod-foo-varnish4.0+1.14.tar.gz', { name: 'foo', version: '1.14', branch: 'varnish4.0', branchFirst: true }],
    ['libvmod-foo-varnish4.0-1.14.tar.gz', { name: 'foo', version: '1.14', branch: 'varnish4.0', branchFirst: true }],
    ['libvmod-foo-trunk+4.0.tar.gz', { name: 'foo', version: 'trunk', branch: '4.0', branchFirst: false }],
    // Packages.
    ['varnish-modules_0.20.0-2_amd64.deb', { name: 'varnish-modules', version: '0.20.0', branch: null, kind: 'deb', release: '2', arch: 'amd64' }],
    ['varnish-modules_0.26.0-2.dsc', { name: 'varnish-modules', version: '0.26.0', kind: 'dsc', release: '2', arch: null }],
    ['varnish-vmod-digest_6.4+20220108-1_amd64.deb', { name: 'digest', version: '6.4', branch: '20220108', kind: 'deb', release: '1', arch: 'amd64' }],
    ['varnish-modules-0.24.0-1.el9.x86_64.rpm', { name: 'varnish-modules', version: '0.24.0', kind: 'rpm', release: '1.el9', arch: 'x86_64' }],
    ['varnish-modules_0.24.0.1_arm64.deb', { name: 'varnish-modules', version: '0.24.0.1', kind: 'deb', release: null, arch: 'arm64' }],
    ['vmod-rers-0.0.9-r1.apk', { name: 'rers', version: '0.0.9', kind: 'apk', release: 'r1' }],
    ['vmod-querystring-2.0.3-1.el8.src.rpm', { name: 'querystring', version: '2.0.3', kind: 'rpm', release: '1.el8', arch: 'src' }],
    ['https://github.com/x/libvmod-foo/releases/download/v1.14/libvmod-foo-1.14+4.0.tar.gz', { name: 'foo', version: '1.14', branch: '4.0' }],
  ];
  for (const [name, expected] of cases) {
    it(name, () => {
      const explanation = explain(name)!;
      assert.equal(explanation.scheme, 'vmod');
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(explanation.fields[key], value, `${name}: ${key}`);
    });
  }

  it('claims VMOD names without being told, and leaves other values to other schemes', () => {
    for (const name of ['libvmod-foo-1.14+4.0.tar.gz', 'vmod-foo-1.14+4.0-1.x86_64.rpm', 'vmod-header-0.4+varnish4.0', 'varnish-modules-0.28.0.tar.gz', 'varnish-vmod-digest_6.4+20220108-1_amd64.deb']) {
      assert.equal(explain(name, false)?.scheme, 'vmod', name);
    }
    for (const value of ['6:0:2', '1.2.3', 'v2.0.0', 'pmix-v1.0.2-57-gb9f1fd9.tar.bz2', 'libfoo-1.0.tar.gz']) assert.equal(explain(value, false), undefined, value);
    assert.equal(explainValue('libvmod-foo-1.14+4.0.tar.gz', {}, [vmodScheme]).scheme, 'vmod');
  });

  it('reports what an invalid name could read, and why it is invalid', () => {
    const underscore = explain('libvmod-foo-1.0+my_branch.tar.gz')!;
    assert.equal(underscore.valid, false);
    assert.deepEqual([underscore.fields.name, underscore.fields.version, underscore.fields.branch], ['foo', '1.0', 'my_branch']);
    assert.match(underscore.message, /^\*\*Invalid:\*\* GITBRANCH 'my_branch' contains an underscore/);
    const word = explain('libvmod-foo-1.0beta.tar.gz')!;
    assert.equal(word.valid, false);
    assert.equal(word.fields.version, '1.0beta');
    assert.match(word.message, /^\*\*Invalid:\*\* VMODVER '1.0beta' is not a number/);
    const noVersion = explain('libvmod-foo')!;
    assert.equal(noVersion.valid, false);
    assert.equal(noVersion.fields.name, 'foo');
    assert.match(noVersion.message, /no VMODVER/);
    const emptyBranch = explain('libvmod-foo-1.14+.tar.gz')!;
    assert.equal(emptyBranch.valid, false);
    assert.match(emptyBranch.message, /GITBRANCH is empty/);
    const branchOnly = explain('branch-7.3')!;
    assert.equal(branchOnly.valid, false);
    assert.match(branchOnly.message, /names a branch, not a release/);
    // Warnings leave a name valid but are said.
    const trunk = explain('vmod-dynamic-trunk.tar.gz')!;
    assert.equal(trunk.valid, true);
    assert.match(trunk.message, /should be a number/);
    const branchFirst = explain('4.1-3.21')!;
    assert.equal(branchFirst.valid, true);
    assert.match(branchFirst.message, /placed before VMODVER/);
  });

  it('explains feature level, branch, the Varnish it targets and what VRT ABI means', () => {
    const message = explain('vmod-foo-1.14+4.0-1.x86_64.rpm')!.message;
    assert.match(message, /Feature level \(VMODVER\)\*\*: `1\.14`/);
    assert.match(message, /Branch \(GITBRANCH\)\*\*: `4\.0`/);
    assert.match(message, /Varnish 4\.0/);
    assert.match(message, /exact Varnish build/);
    assert.match(message, /same VRT major/);
    assert.match(message, /release `1`, architecture `x86_64`/);
    assert.equal(explain('libvmod-foo-1.14+4.0.tar.gz')!.fields.varnish, '4.0');
    assert.equal(explain('libvmod-foo-1.1+release.tar.gz')!.fields.varnish, null);
  });
});

describe('vmod: ordering and next versions', () => {
  it('sorts numerically: 1.10 after 1.9, 2.10 after 2.9', () => {
    const sorted = ['1.10', '0.1', '2.10', '1.9', '2.9', '1.0', '2.1', '1.14'].sort(compareVmodVersions);
    assert.deepEqual(sorted, ['0.1', '1.0', '1.9', '1.10', '1.14', '2.1', '2.9', '2.10']);
    assert.equal(compareVmodVersions('1.0', '1'), 0);
    assert.ok(compareVmodVersions('trunk', '0.1') < 0);
  });
  it('bumps as VIP13 says: bugfix 2.1 after 2.0, the next big feature 3.0', () => {
    assert.equal(nextVmodVersion('2.0', 'bugfix'), '2.1');
    assert.equal(nextVmodVersion('1.9', 'bugfix'), '1.10');
    assert.equal(nextVmodVersion('1.14', 'feature'), '2.0');
    assert.equal(nextVmodVersion('0.28.0', 'bugfix'), '0.28.1');
    assert.equal(nextVmodVersion('trunk', 'bugfix'), undefined);
  });
  it('reads the Varnish version a branch stands for and checks it against VARNISH_PREREQ', () => {
    assert.deepEqual(['4.0', 'v4.0', 'varnish4.0', 'varnish3', '6.0-lts', '7.1rc', 'v4.0-plus', 'release', '20220108', 'master'].map(branchVarnishVersion), ['4.0', '4.0', '4.0', '3', '6.0', '7.1', '4.0', undefined, undefined, undefined]);
    assert.equal(withinPrereq('4.0', '6.0', undefined), 'below');
    assert.equal(withinPrereq('4.1', '4.1.4', undefined), 'within');
    assert.equal(withinPrereq('3', '3.0.5', undefined), 'within');
    assert.equal(withinPrereq('5.0', '4.1', '5.0'), 'above');
    assert.equal(withinPrereq('4', '4.0', '4.1'), 'within');
  });
});

const VCC_VRT = '$Module foo 3 "Foo VMOD"\n$ABI vrt\n$Function STRING hello()\n';

describe('vmod: a VMOD project', () => {
  it('checks the branch in AC_INIT against VARNISH_PREREQ, with the requirement and ABI in the hover', async () => {
    const files = {
      'configure.ac': 'AC_INIT([libvmod-foo], [1.14+4.0])\nVARNISH_PREREQ([6.0])\nVARNISH_VMODS([foo])\n',
      'src/vmod_foo.vcc': VCC_VRT,
    };
    const analysis = await analyze(files);
    const finding = only(analysis.findings, 'vmod/branch-varnish-mismatch');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.file, 'configure.ac');
    assert.deepEqual(finding.range, rangeOf(files, 'configure.ac', '[1.14+4.0]', '4.0'));
    assert.match(finding.message, /branch \+4\.0 says Varnish 4\.0, but configure\.ac requires Varnish 6\.0 or later \(VARNISH_PREREQ\)/);
    assert.deepEqual(finding.related?.[0].range, rangeOf(files, 'configure.ac', '[6.0]', '6.0'));

    const declaration = declarationAt(analysis.declarations, 'configure.ac');
    assert.equal(declaration.declaration.value, '1.14+4.0');
    assert.deepEqual(declaration.declaration.range, rangeOf(files, 'configure.ac', '1.14+4.0'));
    assert.equal(declaration.declaration.fields.name, 'foo');
    assert.equal(declaration.declaration.fields.kind, 'tarball');
    const hover = hoverAt(analysis, 'configure.ac', rangeOf(files, 'configure.ac', '1.14').start)!;
    assert.match(hover.markdown, /libvmod-foo-1\.14\+4\.0\.tar\.gz/);
    assert.match(hover.markdown, /Varnish 4\.0 \(the branch name\); Varnish ≥ 6\.0 \(`VARNISH_PREREQ`, configure\.ac:2\)/);
    assert.match(hover.markdown, /`\$ABI vrt`.*VRT major version equals.*VRT minor version is the same or higher \(src\/vmod_foo\.vcc:2\)/);
    // Hovering the requirement or the ABI line explains the version they constrain.
    assert.ok(hoverAt(analysis, 'configure.ac', rangeOf(files, 'configure.ac', '[6.0]', '6.0').start));
    assert.ok(hoverAt(analysis, 'src/vmod_foo.vcc', rangeOf(files, 'src/vmod_foo.vcc', 'vrt').start));
  });

  it('agrees when the branch is within VARNISH_PREREQ, and flags a branch at or above its maximum', async () => {
    const ok = await analyze({ 'configure.ac': 'AC_INIT([libvmod-foo], [1.14+v6.0])\nVARNISH_PREREQ([6.0.0])\n' });
    assert.deepEqual(ok.findings, []);
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [0.4+varnish5.0])\nVARNISH_PREREQ([4.1.4], [5.0])\n' };
    const above = only((await analyze(files)).findings, 'vmod/branch-varnish-mismatch');
    assert.match(above.message, /requires a Varnish below 5\.0/);
    assert.deepEqual(above.range, rangeOf(files, 'configure.ac', 'varnish5.0'));
  });

  it('says `$ABI strict` is the default when a .vcc has no $ABI line', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [1.0])\n', 'vmod_foo.vcc': '$Module foo 3 "Foo"\n' };
    const analysis = await analyze(files);
    assert.match(declarationAt(analysis.declarations, 'configure.ac').explain(), /no `\$ABI` line, so `\$ABI strict` \(Varnish's default\): the VMOD loads only into the exact Varnish build/);
  });

  it('errors on an underscore in GITBRANCH, with a fix', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [1.14+my_branch])\n' };
    const finding = only((await analyze(files)).findings, 'vmod/underscore-in-branch');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, rangeOf(files, 'configure.ac', 'my_branch'));
    assert.equal(applyEditsToText(files['configure.ac'], finding.fixes[0].edits), 'AC_INIT([libvmod-foo], [1.14+my-branch])\n');
  });

  it('warns when GITBRANCH is placed before VMODVER, with a fix that puts the version first', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [v4.0-1.14])\n' };
    const finding = only((await analyze(files)).findings, 'vmod/branch-before-version');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.range, rangeOf(files, 'configure.ac', 'v4.0'));
    assert.equal(applyEditsToText(files['configure.ac'], finding.fixes[0].edits), 'AC_INIT([libvmod-foo], [1.14+v4.0])\n');
  });

  it('errors on a VMODVER that is not a number', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [1.0beta+4.0])\n' };
    const finding = only((await analyze(files)).findings, 'vmod/version-not-numeric');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, rangeOf(files, 'configure.ac', '1.0beta'));
  });

  it('warns on `trunk` in AC_INIT: a release needs a number', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-dynamic], [trunk], [varnish-support@uplex.de], [vmod-dynamic])\n' };
    const analysis = await analyze(files);
    const finding = only(analysis.findings, 'vmod/trunk-version');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.range, rangeOf(files, 'configure.ac', 'trunk'));
    assert.match(finding.message, /on a release the version should be a number/);
    const declaration = declarationAt(analysis.declarations, 'configure.ac');
    assert.equal(declaration.declaration.fields.package, 'vmod-dynamic');
    assert.match(declaration.explain(), /vmod-dynamic-trunk\.tar\.gz/);
    assert.equal(declaration.bumps, undefined);
  });

  it('reads RPM spec files and debian/changelog, and checks their branch too', async () => {
    const files = {
      'configure.ac': 'AC_INIT([libvmod-foo], [1.14+6.0])\nVARNISH_PREREQ([6.0])\n',
      'vmod-foo.spec': 'Name:           vmod-foo\nVersion:        1.14+4_0\nRelease:        1%{?dist}\nSource0:        %{name}-%{version}.tar.gz\n',
      'debian/changelog': 'vmod-foo (1.13+4.0-2) unstable; urgency=low\n\n  * Release.\n\n -- A <a@b>  Wed, 30 Sep 2015 17:20:00 +0200\n\nvmod-foo (1.0_bad-1) unstable; urgency=low\n',
    };
    const analysis = await analyze(files);
    const spec = declarationAt(analysis.declarations, 'vmod-foo.spec');
    assert.deepEqual([spec.declaration.fields.kind, spec.declaration.fields.version, spec.declaration.fields.branch, spec.declaration.fields.release], ['rpm', '1.14', '4_0', '1']);
    const underscore = only(analysis.findings, 'vmod/underscore-in-branch');
    assert.equal(underscore.file, 'vmod-foo.spec');
    assert.deepEqual(underscore.range, rangeOf(files, 'vmod-foo.spec', '4_0'));
    const changelog = declarationAt(analysis.declarations, 'debian/changelog');
    assert.deepEqual([changelog.declaration.fields.kind, changelog.declaration.fields.version, changelog.declaration.fields.branch, changelog.declaration.fields.release], ['deb', '1.13', '4.0', '2']);
    const mismatch = only(analysis.findings, 'vmod/branch-varnish-mismatch');
    assert.equal(mismatch.file, 'debian/changelog');
    assert.deepEqual(mismatch.range, rangeOf(files, 'debian/changelog', '1.13+4.0', '4.0'));
    // Packaging that repeats AC_INIT's branch is reported once, at AC_INIT.
    const same = await analyze({ ...files, 'configure.ac': 'AC_INIT([libvmod-foo], [1.13+4.0])\nVARNISH_PREREQ([6.0])\n' });
    assert.equal(only(same.findings, 'vmod/branch-varnish-mismatch').file, 'configure.ac');
    // Only the top entry is the current version.
    assert.ok(!analysis.findings.some((f) => f.message.includes('1.0_bad')));
  });

  it('skips values the build fills in, and reads CRLF files and non-ASCII text at the right columns', async () => {
    const templated = await analyze({
      'configure.ac': 'AC_INIT([libvmod-querystring], [2.0.3], [], [vmod-querystring])\n',
      'debian/changelog.in': 'vmod-querystring (@VERSION@-1) unstable; urgency=low\n',
      'vmod-querystring.spec.in': 'Name: vmod-querystring\nVersion: @VERSION@\nSource: %{url}/releases/download/v%{version}/%{name}-%{version}.tar.gz\n',
    });
    assert.deepEqual(templated.declarations.map((d) => d.declaration.file), ['configure.ac']);
    const files = {
      'configure.ac': 'AC_INIT([libvmod-foo], [1.0])\r\n',
      'vmod-foo.spec': 'Name:    vmod-foo\r\nVersion: 1.0+my_branch   \r\nRelease: 2\r\n',
      'README.rst': '🚀 Grab libvmod-foo-0.9+bad_branch.tar.gz\r\n',
    };
    const analysis = await analyze(files);
    const [readme, spec] = analysis.findings.filter((f) => f.code === 'vmod/underscore-in-branch');
    assert.deepEqual(readme.range, rangeOf(files, 'README.rst', 'bad_branch'));
    assert.deepEqual(spec.range, rangeOf(files, 'vmod-foo.spec', 'my_branch'));
    assert.equal(declarationAt(analysis.declarations, 'vmod-foo.spec').declaration.fields.release, '2');
  });

  it('orders the versions of one branch in the hover: newer than the README link, older than a tarball', async () => {
    const files = {
      'configure.ac': 'AC_INIT([libvmod-foo], [1.10+4.0])\n',
      'README.md': 'Download [1.9](https://example.com/libvmod-foo-1.9+4.0.tar.gz) or libvmod-foo-1.2+7.0.tar.gz for another branch.\n',
      'dist/libvmod-foo-1.11+4.0.tar.gz': '',
    };
    const analysis = await analyze(files);
    assert.ok(analysis.texts.has('README.md'), 'the README of a VMOD project is read');
    const hover = declarationAt(analysis.declarations, 'configure.ac').explain();
    assert.match(hover, /newer than 1\.9 \(README\.md:1\)/);
    assert.match(hover, /older than 1\.11 \(dist\/libvmod-foo-1\.11\+4\.0\.tar\.gz\)/);
    assert.doesNotMatch(hover, /1\.2 \(/);
    const link = analysis.declarations.find((d) => d.declaration.file === 'README.md' && d.declaration.fields.version === '1.9')!;
    assert.deepEqual(link.declaration.sites.find((s) => s.role === 'name')!.range, rangeOf(files, 'README.md', 'libvmod-foo-1.9+4.0.tar.gz'));
    assert.match(link.explain(), /older than 1\.10 \(configure\.ac:1\)/);
    const file = declarationAt(analysis.declarations, 'dist/libvmod-foo-1.11+4.0.tar.gz');
    assert.equal(file.declaration.fields.source, 'file name');
  });

  it('flags a misnamed tarball in the workspace, with a rename', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [1.2])\n', 'dist/libvmod-foo-1.2+bad_branch.tar.gz': '' };
    const analysis = await analyze(files);
    const finding = only(analysis.findings, 'vmod/underscore-in-branch');
    assert.equal(finding.file, 'dist/libvmod-foo-1.2+bad_branch.tar.gz');
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.deepEqual(finding.fixes[0].renames, [{ from: 'dist/libvmod-foo-1.2+bad_branch.tar.gz', to: 'dist/libvmod-foo-1.2+bad-branch.tar.gz' }]);
    assert.ok(!analysis.texts.has('dist/libvmod-foo-1.2+bad_branch.tar.gz'), 'tarballs are never read');
  });

  it('offers bumps for a bugfix and a big feature', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [1.9+4.0])\n' };
    const declaration = declarationAt((await analyze(files)).declarations, 'configure.ac');
    const results = declaration.bumps!.map((b) => applyEditsToText(files['configure.ac'], b.edits));
    assert.deepEqual(results, ['AC_INIT([libvmod-foo], [1.10+4.0])\n', 'AC_INIT([libvmod-foo], [2.0+4.0])\n']);
  });

  it('warns when VMODVER went down since the last release on the same branch', async () => {
    const before = { 'configure.ac': 'AC_INIT([libvmod-foo], [1.10+4.0])\n' };
    const files = { 'configure.ac': 'AC_INIT([libvmod-foo], [1.9+4.0])\n' };
    const analysis = await analyze(files, { baseline: before, ref: 'vmod-foo-1.10+4.0' });
    const finding = only(analysis.findings, 'vmod/version-decreased');
    assert.deepEqual(finding.range, rangeOf(files, 'configure.ac', '1.9'));
    assert.match(finding.message, /1\.9 is older than 1\.10 at vmod-foo-1\.10\+4\.0/);
    assert.match(declarationAt(analysis.declarations, 'configure.ac').explain(), /older than 1\.10 at vmod-foo-1\.10\+4\.0 \(the last release\)/);
    const newer = await analyze({ 'configure.ac': 'AC_INIT([libvmod-foo], [1.11+4.0])\n' }, { baseline: before, ref: 'v1.10' });
    assert.deepEqual(newer.findings, []);
    assert.match(declarationAt(newer.declarations, 'configure.ac').explain(), /newer than 1\.10 at v1\.10/);
    // With commits after the tag the release scheme reports it (release/not-newer-than-last-release): said once.
    assert.deepEqual((await analyze(files, { baseline: before, commitsSince: 3 })).findings, []);
    only((await analyze(files, { baseline: before, commitsSince: 3, settings: { schemes: { release: false } } })).findings, 'vmod/version-decreased');
    // Another branch has its own sequence.
    assert.deepEqual((await analyze({ 'configure.ac': 'AC_INIT([libvmod-foo], [1.1+6.0])\n' }, { baseline: before })).findings, []);
  });

  it('leaves projects that are not VMODs alone and reads no README for them', async () => {
    const analysis = await analyze({ 'configure.ac': 'AC_INIT([foo], [trunk])\n', 'README.md': 'libfoo-1.0_x.tar.gz\n', 'foo.spec': 'Name: foo\nVersion: 1.0_x\n' });
    assert.deepEqual(analysis.findings, []);
    assert.deepEqual(analysis.declarations, []);
    assert.ok(!analysis.texts.has('README.md'));
  });

  it('knows the names the package is tagged with', async () => {
    const files = { 'configure.ac': 'AC_INIT([libvmod-header], [0.4+varnish4.0])\n' };
    const workspace = new MemoryWorkspace(files);
    const texts = new Map(Object.entries(files));
    const names = vmodScheme.packageNames!({ sources: { listing: FileListing.of(await workspace.listFiles()), texts }, settings: DEFAULT_SETTINGS, lines: () => { throw new Error('unused'); } });
    assert.deepEqual(names.sort(), ['libvmod-header', 'vmod-header']);
  });
});
