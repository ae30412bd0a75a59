import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/model';
import type { AnalyzedDeclaration } from '../../server/src/core/scheme';
import { VersionwiseService } from '../../server/src/core/service';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../server/src/core/settings';
import { MemoryWorkspace, type Baseline, type BaselineProvider } from '../../server/src/core/workspace';
import { hoverAt } from '../../server/src/features/hover';
import { pmixScheme } from '../../server/src/schemes/pmix';
import { nextVersions } from '../../server/src/schemes/pmix/nextVersions';
import { comparePmixVersions, parsePmixVersion, parseQuantifier } from '../../server/src/schemes/pmix/versions';
import { libtoolScheme } from '../../server/src/schemes/libtool';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/** OpenPMIx / Open MPI versions: VERSION files, quantifiers, snapshot names, the last release. */
class MemoryBaseline extends MemoryWorkspace implements Baseline {
  constructor(files: Record<string, string>, readonly ref: string, readonly commitsSince?: number, readonly commit = 'c0ffee') {
    super(files);
  }
}

async function analyze(files: Record<string, string>, options: { baseline?: Record<string, string>; ref?: string; commitsSince?: number; schemes?: typeof pmixScheme[]; settings?: unknown } = {}) {
  const provider: BaselineProvider | undefined = options.baseline
    ? { resolve: async () => ({ kind: 'found', baseline: new MemoryBaseline(options.baseline!, options.ref ?? 'v5.0.0', options.commitsSince), notes: [] }) }
    : undefined;
  return new VersionwiseService(new MemoryWorkspace(files, provider), { schemes: options.schemes ?? [pmixScheme] }).analyze(normaliseSettings(options.settings ?? {}));
}

const explain = (value: string, explicit = true) => pmixScheme.explainValue(value, { settings: DEFAULT_SETTINGS, explicit });

function only(findings: readonly Finding[], code: string): Finding {
  const found = findings.filter((f) => f.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(findings.map((f) => [f.code, f.message]))}`);
  return found[0];
}

function versionDeclaration(declarations: readonly AnalyzedDeclaration[], file = 'VERSION'): AnalyzedDeclaration {
  const found = declarations.filter((d) => d.declaration.file === file && d.declaration.scheme === 'pmix');
  assert.equal(found.length, 1);
  return found[0];
}

/** The shape of openpmix's VERSION (trimmed). */
function versionFile(fields: { major?: string; minor?: string; release?: string; greek?: string; so?: string; extra?: string } = {}): string {
  return [
    '# Copyright (c) 2008      Cisco Systems, Inc.  All rights reserved.',
    '# major, minor, and release are generally combined in the form',
    '# <major>.<minor>.<release>.',
    '',
    `major=${fields.major ?? '5'}`,
    `minor=${fields.minor ?? '0'}`,
    `release=${fields.release ?? '0'}`,
    '',
    '# greek is used for alpha or beta release tags.  If it is non-empty,',
    '# it will be appended to the version number.',
    `greek=${fields.greek ?? 'rc2'}`,
    '',
    'repo_rev=',
    'tarball_version=',
    'date="Unreleased developer copy"',
    '',
    `libpmix_so_version=${fields.so ?? '25:0:23'}`,
    'libpmi_so_version=0:0:0',
    fields.extra ?? '',
    '',
  ].join('\n');
}

describe('pmix: versions and quantifiers', () => {
  const versions: [string, Record<string, unknown>][] = [
    ['v1.2.3', { major: 1, minor: 2, release: 3, quantifier: null, quantifierKind: null, quantifierNumber: null }],
    ['v1.2.3a5', { major: 1, minor: 2, release: 3, quantifier: 'a5', quantifierKind: 'a', quantifierNumber: 5 }],
    ['v1.2.3b3', { major: 1, minor: 2, release: 3, quantifier: 'b3', quantifierKind: 'b', quantifierNumber: 3 }],
    ['v1.2.3rc4', { major: 1, minor: 2, release: 3, quantifier: 'rc4', quantifierKind: 'rc', quantifierNumber: 4 }],
    ['v3.1.0rc5', { major: 3, minor: 1, release: 0, quantifier: 'rc5', quantifierKind: 'rc', quantifierNumber: 5 }],
    ['v4.1.1rc6', { major: 4, minor: 1, release: 1, quantifier: 'rc6', quantifierKind: 'rc', quantifierNumber: 6 }],
    ['v6.1.1rc2', { major: 6, minor: 1, release: 1, quantifier: 'rc2', quantifierKind: 'rc', quantifierNumber: 2 }],
    ['5.0.11', { major: 5, minor: 0, release: 11, quantifier: null }],
    ['v4.2.9', { major: 4, minor: 2, release: 9, quantifier: null }],
    ['dev', { major: null, minor: null, release: null, quantifier: 'dev', quantifierKind: 'dev', branch: 'master' }],
    ['v2.x-dev', { major: 2, minor: null, quantifier: 'dev', quantifierKind: 'dev', branch: 'v2.x' }],
    ['v5.0.8amzn1', { major: 5, minor: 0, release: 8, quantifier: 'amzn1', quantifierKind: null, quantifierNumber: null }],
    ['v1.8.7-actual', { major: 1, minor: 8, release: 7, quantifier: '-actual', quantifierKind: null }],
    ['pmix-5.0.0rc2.tar.bz2', { package: 'pmix', major: 5, minor: 0, release: 0, quantifier: 'rc2', quantifierKind: 'rc', quantifierNumber: 2 }],
    ['openmpi-5.0.8.tar.bz2', { package: 'openmpi', major: 5, minor: 0, release: 8, quantifier: null }],
  ];
  for (const [value, expected] of versions) {
    it(value, () => {
      const explanation = explain(value)!;
      assert.equal(explanation.scheme, 'pmix');
      for (const [key, v] of Object.entries(expected)) assert.deepEqual(explanation.fields[key], v, `${value}: ${key}`);
    });
  }

  it('explains a quantifier: v1.2.3rc4 is the 4th release candidate of 1.2.3', () => {
    assert.match(explain('v1.2.3rc4')!.message, /release candidate 4 of 1\.2\.3/);
    assert.match(explain('v1.2.3a5')!.message, /alpha release 5 of 1\.2\.3/);
    assert.match(explain('v1.2.3b3')!.message, /beta release 3 of 1\.2\.3/);
  });

  it('decides on quantifiers outside the documented forms', () => {
    assert.deepEqual(parseQuantifier('rc4'), { text: 'rc4', kind: 'rc', number: 4 });
    assert.deepEqual(parseQuantifier('dev'), { text: 'dev', kind: 'dev' });
    const bare = parseQuantifier('rc');
    assert.deepEqual([bare.problem?.code, bare.problem?.severity, bare.problem?.replacement], ['pmix/invalid-quantifier', 'error', 'rc1']);
    const beta = parseQuantifier('beta1');
    assert.deepEqual([beta.problem?.code, beta.problem?.severity, beta.problem?.replacement], ['pmix/nonstandard-quantifier', 'warning', 'b1']);
    assert.equal(parseQuantifier('alpha2').problem?.replacement, 'a2');
    assert.equal(parseQuantifier('RC3').problem?.replacement, 'rc3');
    const zero = parseQuantifier('a0');
    assert.deepEqual([zero.problem?.code, zero.problem?.severity, zero.problem?.replacement], ['pmix/quantifier-zero', 'warning', 'a1']);
    assert.equal(parseQuantifier('rc 1').problem?.code, 'pmix/invalid-quantifier');
    assert.equal(parseQuantifier('amzn1').problem?.replacement, undefined);
    assert.equal(explain('v1.2.3rc')!.valid, false);
    assert.match(explain('v1.2.3rc')!.message, /^\*\*Invalid:\*\* 'rc' has no number/);
    assert.equal(explain('v1.2.3beta1')!.valid, true);
    assert.match(explain('v1.2.3beta1')!.message, /not one of the documented quantifiers/);
  });

  it('orders dev < a < b < rc < final, numbers first', () => {
    const order = ['1.2.3', '1.2.3rc1', '1.2.3a1', '1.2.4a1', '1.2.3b2', '1.2.3rc10', '1.2.3dev', '1.2.3rc2', '1.2.3a2', '1.10.0rc1', '1.9.0'];
    const sorted = [...order].sort((a, b) => comparePmixVersions(parsePmixVersion(a)!, parsePmixVersion(b)!)!);
    assert.deepEqual(sorted, ['1.2.3dev', '1.2.3a1', '1.2.3a2', '1.2.3b2', '1.2.3rc1', '1.2.3rc2', '1.2.3rc10', '1.2.3', '1.2.4a1', '1.9.0', '1.10.0rc1']);
    assert.equal(comparePmixVersions(parsePmixVersion('5.0.8amzn1')!, parsePmixVersion('5.0.8')!), undefined);
  });

  it('claims quantified versions and snapshot names without being told, and nothing else', () => {
    for (const value of ['v1.2.3rc4', '5.0.0a1', 'pmix-v1.0.2-57-gb9f1fd9.tar.bz2', 'pmix-5.0.0rc2.tar.bz2', 'openmpi-v4.1.x-202004080241-ba3f4f3.tar.bz2']) assert.equal(explain(value, false)?.scheme, 'pmix', value);
    for (const value of ['1.2.3', 'v2.0.0', '6:0:2', 'libvmod-foo-1.14+4.0.tar.gz', 'dev']) assert.equal(explain(value, false), undefined, value);
  });

  it('lists the versions that can follow', () => {
    const labels = (greek: string) => nextVersions({ major: 5, minor: 0, release: 0, greek }).map((n) => `${n.value.major}.${n.value.minor}.${n.value.release}${n.value.greek}`);
    assert.deepEqual(labels('rc2'), ['5.0.0rc3', '5.0.0']);
    assert.deepEqual(labels('a1'), ['5.0.0a2', '5.0.0b1', '5.0.0rc1', '5.0.0']);
    assert.deepEqual(labels(''), ['5.0.1rc1', '5.1.0a1', '6.0.0a1']);
  });
});

describe('pmix: snapshot tarball names', () => {
  const snapshots: [string, Record<string, unknown>][] = [
    ['pmix-v1.0.2-57-gb9f1fd9.tar.bz2', { package: 'pmix', tag: 'v1.0.2', commits: 57, hash: 'b9f1fd9', branch: 'v1.0', timestamp: null }],
    ['pmix-dev-8-gf21c349.tar.bz2', { package: 'pmix', tag: 'dev', commits: 8, hash: 'f21c349', branch: 'master', timestamp: null }],
    ['pmix-master-201801010241-ab12cd3.tar.bz2', { package: 'pmix', tag: null, commits: null, hash: 'ab12cd3', branch: 'master', timestamp: '201801010241' }],
    ['pmix-v4.2-202312310241-deadbee.tar.gz', { package: 'pmix', branch: 'v4.2', timestamp: '202312310241', hash: 'deadbee', date: '2023-12-31T02:41' }],
    ['openmpi-v4.1.x-202004080241-ba3f4f3.tar.bz2', { package: 'openmpi', branch: 'v4.1.x', timestamp: '202004080241', hash: 'ba3f4f3' }],
    ['openmpi-main-202501010241-1a2b3c4.tar.xz', { package: 'openmpi', branch: 'main', timestamp: '202501010241', hash: '1a2b3c4' }],
    ['openmpi-v2.x-dev-1234-gabc1234.tar.bz2', { package: 'openmpi', tag: 'v2.x-dev', commits: 1234, hash: 'abc1234', branch: 'v2.x' }],
  ];
  for (const [value, expected] of snapshots) {
    it(value, () => {
      const explanation = explain(value)!;
      assert.equal(explanation.fields.form, 'snapshot');
      assert.equal(explanation.valid, true);
      for (const [key, v] of Object.entries(expected)) assert.deepEqual(explanation.fields[key], v, `${value}: ${key}`);
    });
  }
  it('explains tag, commits since, hash and branch in the hover', () => {
    const message = explain('pmix-v1.0.2-57-gb9f1fd9.tar.bz2')!.message;
    assert.match(message, /\*\*tag\*\*: `v1\.0\.2`/);
    assert.match(message, /\*\*commits since\*\*: 57/);
    assert.match(message, /\*\*hash\*\*: `b9f1fd9`/);
    assert.match(message, /\*\*branch\*\*: `v1\.0` \(inferred from the tag/);
  });
  it('rejects a nightly timestamp that is not a date', () => {
    const bad = explain('pmix-master-201813010241-ab12cd3.tar.bz2')!;
    assert.equal(bad.valid, false);
    assert.match(bad.message, /^\*\*Invalid:\*\* '201813010241' is not a YYYYMMDDHHMM date/);
  });
});

describe('pmix: VERSION files', () => {
  it('declares the software version, with every field a hover site', async () => {
    const files = { VERSION: versionFile() };
    const analysis = await analyze(files);
    assert.deepEqual(analysis.findings, []);
    const declaration = versionDeclaration(analysis.declarations);
    assert.equal(declaration.declaration.value, '5.0.0rc2');
    assert.deepEqual(declaration.declaration.range, rangeOf(files, 'VERSION', 'major=5', '5'));
    const { fields } = declaration.declaration;
    assert.deepEqual([fields.major, fields.minor, fields.release, fields.quantifier, fields.quantifierKind, fields.quantifierNumber], [5, 0, 0, 'rc2', 'rc', 2]);
    assert.equal(fields.date, 'Unreleased developer copy');
    assert.deepEqual(fields.soVersions, { libpmix_so_version: '25:0:23', libpmi_so_version: '0:0:0' });
    assert.deepEqual(declaration.declaration.sites.map((s) => s.role), ['major', 'minor', 'release', 'greek', 'repo_rev', 'tarball_version', 'date']);
    const hover = hoverAt(analysis, 'VERSION', rangeOf(files, 'VERSION', 'greek=rc2', 'rc2').start)!;
    assert.match(hover.markdown, /Software version `5\.0\.0rc2`/);
    assert.match(hover.markdown, /release candidate 2 of 5\.0\.0/);
    assert.match(hover.markdown, /repo_rev\*\*: empty — the build fills it in from `git describe --tags --always`/);
    assert.match(hover.markdown, /in snapshots and pre-releases these numbers are not meaningful/);
    assert.match(hover.markdown, /next release candidate `5\.0\.0rc3`; final release `5\.0\.0`/);
  });

  it('leaves the lib*_so_version lines to the libtool scheme', async () => {
    const files = { VERSION: versionFile({ so: '3:0:5' }) };
    const analysis = await analyze(files, { schemes: [pmixScheme, libtoolScheme] });
    assert.ok(analysis.findings.length > 0);
    assert.ok(analysis.findings.every((f) => f.code.startsWith('libtool/')), JSON.stringify(analysis.findings.map((f) => f.code)));
  });

  it('errors on numbers that are not numbers and on missing fields', async () => {
    const files = { VERSION: versionFile({ minor: 'x' }) };
    const finding = only((await analyze(files)).findings, 'pmix/invalid-number');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, rangeOf(files, 'VERSION', 'minor=x', 'x'));
    const missing = { VERSION: 'major=5\nminor=0\ngreek=\n' };
    const analysis = await analyze(missing);
    const absent = only(analysis.findings, 'pmix/missing-field');
    assert.match(absent.message, /no release= line/);
    assert.equal(versionDeclaration(analysis.declarations).declaration.value, null);
  });

  it('flags quantifiers outside aN, bN, rcN and dev, with fixes', async () => {
    for (const [greek, code, severity, fixed] of [
      ['rc', 'pmix/invalid-quantifier', 'error', 'rc1'],
      ['beta1', 'pmix/nonstandard-quantifier', 'warning', 'b1'],
      ['a0', 'pmix/quantifier-zero', 'warning', 'a1'],
    ] as const) {
      const files = { VERSION: versionFile({ greek }) };
      const finding = only((await analyze(files)).findings, code);
      assert.equal(finding.severity, severity);
      assert.deepEqual(finding.range, rangeOf(files, 'VERSION', `greek=${greek}`, greek));
      assert.equal(applyEditsToText(files.VERSION, finding.fixes[0].edits), versionFile({ greek: fixed }));
    }
    assert.deepEqual((await analyze({ VERSION: versionFile({ greek: 'dev' }) })).findings, []);
    assert.deepEqual((await analyze({ VERSION: versionFile({ greek: '' }) })).findings, []);
  });

  it('notes changed shared-library versions in a pre-release, not in a final release', async () => {
    const before = { VERSION: versionFile({ greek: 'rc1', so: '24:0:22' }) };
    const files = { VERSION: versionFile({ greek: 'rc2', so: '25:0:23' }) };
    const analysis = await analyze(files, { baseline: before, ref: 'v4.2.9' });
    const note = only(analysis.findings, 'pmix/so-version-in-prerelease');
    assert.equal(note.severity, 'information');
    assert.deepEqual(note.range, rangeOf(files, 'VERSION', 'libpmix_so_version=25:0:23', '25:0:23'));
    assert.match(note.message, /shared-library versions in snapshots and pre-releases are not meaningful/);
    assert.match(versionDeclaration(analysis.declarations).explain(), /libpmix `25:0:23` \(was `24:0:22`\)/);
    const final = await analyze({ VERSION: versionFile({ greek: '', so: '25:0:23' }) }, { baseline: before, ref: 'v5.0.0rc1' });
    assert.ok(!final.findings.some((f) => f.code === 'pmix/so-version-in-prerelease'));
    const unchanged = await analyze({ VERSION: versionFile({ greek: 'rc2', so: '24:0:22' }) }, { baseline: before, ref: 'v5.0.0rc1' });
    assert.deepEqual(unchanged.findings, []);
  });

  it('warns when the version went backwards since the last release, a final tag counting as final', async () => {
    // make_dist_tarball leaves greek=rc1 in a final tag's VERSION: v5.0.0 released 5.0.0, not 5.0.0rc1.
    const before = { VERSION: versionFile({ greek: 'rc1' }) };
    const files = { VERSION: versionFile({ greek: 'rc3' }) };
    const analysis = await analyze(files, { baseline: before, ref: 'v5.0.0' });
    const finding = only(analysis.findings, 'pmix/version-decreased');
    assert.deepEqual(finding.range, rangeOf(files, 'VERSION', 'greek=rc3', 'rc3'));
    assert.match(finding.message, /5\.0\.0rc3 sorts before 5\.0\.0, released at v5\.0\.0/);
    assert.match(versionDeclaration(analysis.declarations).explain(), /Last release\*\* v5\.0\.0: `5\.0\.0 \(final; VERSION there says 5\.0\.0rc1\)` — this version is older/);
    // With commits after the tag the release scheme says it (release/not-newer-than-last-release): once.
    assert.deepEqual((await analyze(files, { baseline: before, ref: 'v5.0.0', commitsSince: 2 })).findings, []);
    only((await analyze(files, { baseline: before, ref: 'v5.0.0', commitsSince: 2, settings: { schemes: { release: false } } })).findings, 'pmix/version-decreased');
    // The unchanged VERSION of the tag itself is not a regression; a pre-release tag is compared as written.
    assert.deepEqual((await analyze(before, { baseline: before, ref: 'v5.0.0' })).findings, []);
    assert.deepEqual((await analyze(files, { baseline: before, ref: 'v5.0.0rc1' })).findings, []);
    const lower = { VERSION: versionFile({ minor: '0', release: '0', major: '4', greek: '' }) };
    const backwards = only((await analyze(lower, { baseline: before, ref: 'v5.0.0' })).findings, 'pmix/version-decreased');
    assert.deepEqual(backwards.range, rangeOf(lower, 'VERSION', 'major=4', '4'));
  });

  it('offers the next versions as bumps', async () => {
    const files = { VERSION: versionFile({ greek: 'rc2' }) };
    const declaration = versionDeclaration((await analyze(files)).declarations);
    assert.deepEqual(declaration.bumps!.map((b) => b.title), ['Bump to the next release candidate: 5.0.0rc3', 'Bump to the final release: 5.0.0']);
    assert.equal(applyEditsToText(files.VERSION, declaration.bumps![1].edits), versionFile({ greek: '' }));
    const final = { VERSION: versionFile({ greek: '' }) };
    const bugfix = versionDeclaration((await analyze(final)).declarations).bumps![0];
    assert.equal(applyEditsToText(final.VERSION, bugfix.edits), versionFile({ release: '1', greek: 'rc1' }));
  });

  it('reads versions and snapshot names in NEWS and the version docs of a PMIx tree only', async () => {
    const files = {
      VERSION: versionFile(),
      NEWS: '5.0.0rc1 -- 1 Jan 2023\n- Snapshot pmix-v4.2.9-12-g1a2b3c4.tar.bz2 fixed it.\n- Tagged v4.2.9 then v5.0.0a1.\n',
      'docs/versions.rst': 'a snapshot tarball filename of ``pmix-v1.0.2-57-gb9f1fd9.tar.bz2``\n',
      'docs/install.rst': 'v9.9.9rc9\n',
      'snapshots/pmix-master-201813010241-ab12cd3.tar.bz2': '',
    };
    const analysis = await analyze(files);
    assert.ok(analysis.texts.has('NEWS') && analysis.texts.has('docs/versions.rst'));
    assert.ok(!analysis.texts.has('docs/install.rst'));
    const inNews = analysis.declarations.filter((d) => d.declaration.file === 'NEWS').map((d) => d.declaration.text);
    assert.deepEqual(inNews, ['5.0.0rc1', 'pmix-v4.2.9-12-g1a2b3c4.tar.bz2', 'v5.0.0a1']);
    const snapshot = hoverAt(analysis, 'docs/versions.rst', rangeOf(files, 'docs/versions.rst', 'pmix-v1.0.2', 'v1.0.2').start)!;
    assert.match(snapshot.markdown, /commits since\*\*: 57/);
    const bad = only(analysis.findings, 'pmix/invalid-snapshot-name');
    assert.equal(bad.file, 'snapshots/pmix-master-201813010241-ab12cd3.tar.bz2');
    const none = await analyze({ NEWS: 'v5.0.0rc1\n', VERSION: '1.2.3\n' });
    assert.deepEqual(none.declarations, []);
    assert.ok(!none.texts.has('NEWS'));
  });
});
