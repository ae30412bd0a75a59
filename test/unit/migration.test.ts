import * as assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/model';
import type { AnalyzedDeclaration } from '../../server/src/core/scheme';
import { VersionwiseService } from '../../server/src/core/service';
import { DEFAULT_SETTINGS, normaliseSettings } from '../../server/src/core/settings';
import { MemoryWorkspace, type Baseline, type BaselineProvider } from '../../server/src/core/workspace';
import { hoverAt } from '../../server/src/features/hover';
import { matchSettingsFiles, migrationScheme } from '../../server/src/schemes/migration';
import { parseDescription } from '../../server/src/schemes/migration/description';
import { isMigrationCandidate } from '../../server/src/schemes/migration/files';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/** Device-migration feature sets (2020 mdev proposal): descriptions, COMPATIBLE checks, semver bumps. */
class MemoryBaseline extends MemoryWorkspace implements Baseline {
  constructor(files: Record<string, string>, readonly ref: string, readonly commit = 'c0ffee') {
    super(files);
  }
}

async function analyze(files: Record<string, string>, options: { baseline?: Record<string, string>; ref?: string; settings?: unknown } = {}) {
  const provider: BaselineProvider | undefined = options.baseline
    ? { resolve: async () => ({ kind: 'found', baseline: new MemoryBaseline(options.baseline!, options.ref ?? 'v1.0'), notes: [] }) }
    : undefined;
  return new VersionwiseService(new MemoryWorkspace(files, provider), { schemes: [migrationScheme] }).analyze(normaliseSettings(options.settings ?? {}));
}

const explain = (value: string, explicit = true) => migrationScheme.explainValue(value, { settings: DEFAULT_SETTINGS, explicit });

function only(findings: readonly Finding[], code: string): Finding {
  const found = findings.filter((f) => f.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(findings.map((f) => [f.code, f.message]))}`);
  return found[0];
}

function selfDeclaration(declarations: readonly AnalyzedDeclaration[], file: string): AnalyzedDeclaration {
  const found = declarations.filter((d) => d.declaration.fields.description === file && d.declaration.fields.block === 'SELF');
  assert.equal(found.length, 1, JSON.stringify(declarations.map((d) => [d.declaration.fields.description, d.declaration.fields.block])));
  return found[0];
}

/** Yan Zhao's migration_compatible (29 Jul 2020), with the version as a semver `software_version`. */
const GVT = [
  '# i915 GVT-g, type 2',
  'SELF:',
  '\tdevice_type=pci',
  '\tdevice_id=8086591d',
  '\tmdev_type=i915-GVTg_V5_2',
  '\taggregator=1',
  '\tpv_mode="none+ppgtt+context"',
  '\tsoftware_version=0.2.0',
  'COMPATIBLE:',
  '\tdevice_type=pci',
  '\tdevice_id=8086591d',
  '\tmdev_type=i915-GVTg_V5_{val1:int:1,2,4,8}',
  '\taggregator={val1}/2',
  '\tpv_mode={val2:string:"none+ppgtt","none+ppgtt+context"}',
  '\tsoftware_version=0.1.0',
  'COMPATIBLE:',
  '\tdevice_type=pci',
  '\tpv_mode=""  #"" meaning empty, could be absent in a compatible device',
  '\tsoftware_version=0.0.3',
  '',
].join('\n');

const simple = (version: string, pvMode: string) => `software_version=${version}\ndevice_api=vfio-pci\npv_mode="${pvMode}"\n`;

describe('migration: explain', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['software_version=0.2.0', { major: 0, minor: 2, bugfix: 0, features: null }],
    ['software_version=1.0.0', { major: 1, minor: 0, bugfix: 0 }],
    ['interface_version=3', { major: 3, minor: null, bugfix: null }],
    ['interface_version=2.1.3', { major: 2, minor: 1, bugfix: 3 }],
    ['2.1.3', { major: 2, minor: 1, bugfix: 3 }],
    ['0.1', { major: 0, minor: 1, bugfix: null }],
    ['pv_mode=none', { major: null, features: ['none'] }],
    ['pv_mode="none+ppgtt"', { features: ['none', 'ppgtt'] }],
    ['pv_mode="none+ppgtt+context"', { features: ['none', 'ppgtt', 'context'] }],
    ['pv_mode="none+context"', { features: ['none', 'context'] }],
    ['software_version=0.2.0 pv_mode="none+ppgtt+context"', { major: 0, minor: 2, bugfix: 0, features: ['none', 'ppgtt', 'context'] }],
    ['device_api=vfio-pci\nsoftware_version=1.2.0\nmdev_type=i915-GVTg_V5_4', { major: 1, minor: 2, bugfix: 0, deviceApi: 'vfio-pci', mdevType: 'i915-GVTg_V5_4' }],
    ['migration_version=0.1.0', { major: 0, minor: 1, bugfix: 0 }],
    ['interface_version=2.1.3 interface_version_compatible=2.0.2-2.0.4,2.1.0-', { major: 2, minor: 1, bugfix: 3, compatibleRanges: [{ from: '2.0.2', to: '2.0.4' }, { from: '2.1.0', to: null }] }],
    ['{"device_api": "vfio-pci", "vendor": "vendor-driver-name", "version": {"major": 0, "minor": 1}, "vfio-pci": {"vendor": 4660, "device": 22136}, "mdev_attrs": [{"attribute0": "VALUE"}]}', { major: 0, minor: 1, bugfix: null, deviceApi: 'vfio-pci' }],
  ];
  for (const [value, expected] of cases) {
    it(value.replace(/\n/g, ' ').slice(0, 70), () => {
      const explanation = explain(value)!;
      assert.equal(explanation.scheme, 'migration');
      assert.equal(explanation.valid, true, explanation.message);
      for (const [key, v] of Object.entries(expected)) assert.deepEqual(explanation.fields[key], v, `${value}: ${key}`);
    });
  }

  it('reads a whole description and checks its COMPATIBLE entries', () => {
    const explanation = explain(GVT, false)!;
    assert.deepEqual([explanation.fields.major, explanation.fields.minor, explanation.fields.features], [0, 2, ['none', 'ppgtt', 'context']]);
    assert.deepEqual(explanation.fields.compatible, [{ index: 1, version: '0.1.0', compatible: true }, { index: 2, version: '0.0.3', compatible: true }]);
    assert.match(explanation.message, /Can migrate here from\*\*: devices at 0\.x with x ≤ 2/);
    assert.match(explanation.message, /Can migrate from here to\*\*: devices at 0\.x with x ≥ 2/);
  });

  it('says why a value is invalid', () => {
    const bad = explain('software_version=1.x')!;
    assert.equal(bad.valid, false);
    assert.match(bad.message, /^\*\*Invalid:\*\* software_version '1\.x' is not major\.minor\.bugfix/);
  });

  it('claims only migration descriptions without being told', () => {
    for (const value of ['software_version=1.2.0', 'interface_version=3', 'pv_mode="none+ppgtt"', 'SELF:\nsoftware_version=1.0.0']) assert.equal(explain(value, false)?.scheme, 'migration', value);
    for (const value of ['1.2.0', '6:0:2', 'version=1.0', '{"version": "1.2.3"}', 'libvmod-foo-1.14+4.0.tar.gz']) assert.equal(explain(value, false), undefined, value);
  });
});

describe('migration: descriptions', () => {
  it('reads SELF and COMPATIBLE blocks, quotes, comments and patterns', () => {
    const description = parseDescription('x.migration', GVT);
    assert.equal(description.self.entries.length, 6);
    assert.equal(description.compatible.length, 2);
    const pv = description.compatible[1].entries.find((e) => e.key === 'pv_mode')!;
    assert.deepEqual([pv.value, pv.quoted], ['', true]);
    assert.equal(description.compatible[0].entries.find((e) => e.key === 'pv_mode')!.value, '{val2:string:"none+ppgtt","none+ppgtt+context"}');
    const colon = parseDescription('y', 'compatible_pci_ids : 5931, 591b\n# comment\nsoftware_version=1.0.0 # trailing\n');
    assert.deepEqual(colon.self.entries.map((e) => [e.key, e.value]), [['compatible_pci_ids', '5931, 591b'], ['software_version', '1.0.0']]);
  });

  it('recognises description files by name, sysfs captures by folder', () => {
    for (const path of ['a.migration', 'dev/migration_compatible', 'migration_version', 'sys/mdev_supported_types/i915-GVTg_V5_4/software_version', 'mdev_supported_types/i915-GVTg_V5_4/device_api']) assert.ok(isMigrationCandidate(path), path);
    for (const path of ['.migration', 'migration.txt', 'mdev_supported_types/i915-GVTg_V5_4/devices/uuid', 'mdev_supported_types/README.md', 'x/i915-GVTg_V5_4/software_version']) assert.ok(!isMigrationCandidate(path), path);
  });

  it('matches versionwise.migration.files as versionwise.exclude is matched', () => {
    const listing = ['a/b/c.feat', 'c.feat', 'conf/sub/c.feat', 'conf/ap/x.desc', 'conf/gvt/y.desc', 'conf/other/z.desc', '.hidden/d.feat', 'x.txt'];
    assert.deepEqual(matchSettingsFiles(listing, ['**/*.feat']), ['a/b/c.feat', 'c.feat', 'conf/sub/c.feat', '.hidden/d.feat']);
    assert.deepEqual(matchSettingsFiles(listing, ['*.feat']), ['a/b/c.feat', 'c.feat', 'conf/sub/c.feat', '.hidden/d.feat'], 'a pattern without a slash matches the name at any depth');
    assert.deepEqual(matchSettingsFiles(listing, ['conf/*.feat']), []);
    assert.deepEqual(matchSettingsFiles(listing, ['conf/{gvt,ap}/*.desc']), ['conf/ap/x.desc', 'conf/gvt/y.desc']);
    assert.deepEqual(matchSettingsFiles(listing, []), []);
  });
});

describe('migration: COMPATIBLE entries against SELF', () => {
  it('accepts entries that semver lets migrate to SELF', async () => {
    const files = { 'gvt/migration_compatible': GVT };
    const analysis = await analyze(files);
    assert.deepEqual(analysis.findings, []);
    const self = selfDeclaration(analysis.declarations, 'gvt/migration_compatible');
    assert.equal(self.declaration.value, '0.2.0');
    assert.deepEqual(self.declaration.fields.features, ['none', 'ppgtt', 'context']);
    const hover = hoverAt(analysis, 'gvt/migration_compatible', rangeOf(files, 'gvt/migration_compatible', 'software_version=0.2.0', '0.2.0').start)!;
    assert.match(hover.markdown, /COMPATIBLE entry 1 \(0\.1\.0\): ✓ compatible with SELF/);
    const entry = hoverAt(analysis, 'gvt/migration_compatible', rangeOf(files, 'gvt/migration_compatible', 'software_version=0.1.0', '0.1.0').start)!;
    assert.match(entry.markdown, /COMPATIBLE entry 1/);
    assert.match(entry.markdown, /it needs major 0 and minor ≤ 2/);
  });

  it('flags entries with another major, a greater minor, a missing feature or another device API', async () => {
    const text = [
      'SELF:',
      'device_api=vfio-pci',
      'pv_mode="none+ppgtt"',
      'software_version=1.1.0',
      'COMPATIBLE:',
      'software_version=0.9.0',
      'COMPATIBLE:',
      'software_version=1.2.0',
      'COMPATIBLE:',
      'pv_mode="none+context"',
      'software_version=1.0.0',
      'COMPATIBLE:',
      'device_api=vfio-ccw',
      'software_version=1.0.0',
      'COMPATIBLE:',
      'software_version={val3:int:1.0.0,2.0.0}',
      '',
    ].join('\n');
    const files = { 'dev.migration': text };
    const analysis = await analyze(files);
    const issues = analysis.findings.filter((f) => f.code === 'migration/incompatible-entry');
    assert.ok(issues.every((f) => f.severity === 'warning'));
    const messages = issues.map((f) => f.message);
    assert.equal(issues.length, 5, JSON.stringify(messages));
    assert.match(messages[0], /COMPATIBLE entry 1 cannot migrate to SELF .*source 0\.9\.0: major 0 differs/);
    assert.deepEqual(issues[0].range, rangeOf(files, 'dev.migration', 'software_version=0.9.0', '0.9.0'));
    assert.deepEqual(issues[0].related?.[0].range, rangeOf(files, 'dev.migration', 'software_version=1.1.0', '1.1.0'));
    assert.match(messages[1], /COMPATIBLE entry 2 .*source 1\.2\.0: minor 2 is greater than the destination's 1/);
    assert.match(messages.find((m) => m.includes('entry 3'))!, /may use pv_mode context, which SELF does not have \(SELF: none\+ppgtt\)/);
    assert.deepEqual(issues.find((f) => f.message.includes('entry 3'))!.range, rangeOf(files, 'dev.migration', 'none+context'));
    assert.match(messages.find((m) => m.includes('entry 4'))!, /device_api vfio-ccw differs from SELF's vfio-pci/);
    assert.match(messages.find((m) => m.includes('entry 5'))!, /source 2\.0\.0: major 2 differs/);
    assert.match(selfDeclaration(analysis.declarations, 'dev.migration').explain(), /COMPATIBLE entry 1 \(0\.9\.0\): ✗/);
  });

  it('checks interface_version_compatible ranges at their written ends', async () => {
    const files = { 'd.migration': 'interface_version=2.1.3\ninterface_version_compatible=2.0.2-2.0.4,2.1.0-,1.9.0-2.0.0\n' };
    const finding = only((await analyze(files)).findings, 'migration/incompatible-entry');
    assert.match(finding.message, /lists 1\.9\.0-2\.0\.0, but a source at 1\.9\.0 cannot migrate to 2\.1\.3/);
  });

  it('errors on versions that are not major.minor.bugfix', async () => {
    const files = { 'd.migration': 'software_version=one\nCOMPATIBLE:\nsoftware_version=0.x\n' };
    const findings = (await analyze(files)).findings.filter((f) => f.code === 'migration/invalid-version');
    assert.deepEqual(findings.map((f) => f.range), [rangeOf(files, 'd.migration', 'one'), rangeOf(files, 'd.migration', '0.x')]);
    assert.ok(findings.every((f) => f.severity === 'error'));
  });
});

describe('migration: the version follows the feature change since the last release', () => {
  const before = { 'gvt.migration': simple('0.1.0', 'none+ppgtt') };

  it('needs a minor bump when a feature is added', async () => {
    const files = { 'gvt.migration': simple('0.1.1', 'none+ppgtt+context') };
    const analysis = await analyze(files, { baseline: before, ref: 'v1.0' });
    const finding = only(analysis.findings, 'migration/minor-bump-required');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, rangeOf(files, 'gvt.migration', '0.1.1'));
    assert.match(finding.message, /context added since v1\.0: an added feature needs a minor bump \(0\.2\.0\)/);
    assert.equal(applyEditsToText(files['gvt.migration'], finding.fixes[0].edits), simple('0.2.0', 'none+ppgtt+context'));
    assert.deepEqual(finding.related?.[0].range, rangeOf(files, 'gvt.migration', 'none+ppgtt+context'));
    const self = selfDeclaration(analysis.declarations, 'gvt.migration');
    assert.deepEqual([self.declaration.fields.added, self.declaration.fields.removed, self.declaration.fields.requiredNext], [['context'], [], '0.2.0']);
    assert.match(self.explain(), /Since v1\.0\*\* \(`0\.1\.0`\): \+context → the next release needs \*\*0\.2\.0\*\*/);
    assert.equal(applyEditsToText(files['gvt.migration'], self.nextFix!.edits), simple('0.2.0', 'none+ppgtt+context'));
  });

  it('needs a major bump when a feature is removed', async () => {
    const files = { 'gvt.migration': simple('0.2.0', 'none+context') };
    const finding = only((await analyze(files, { baseline: before })).findings, 'migration/major-bump-required');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /ppgtt removed; context added since v1\.0: a removed feature needs a major bump \(1\.0\.0\)/);
    assert.equal(applyEditsToText(files['gvt.migration'], finding.fixes[0].edits), simple('1.0.0', 'none+context'));
  });

  it('says the unchanged version needs its bump (an error in release mode)', async () => {
    const files = { 'gvt.migration': simple('0.1.0', 'none+ppgtt+context') };
    const finding = only((await analyze(files, { baseline: before })).findings, 'migration/bump-needed');
    assert.equal(finding.severity, 'information');
    assert.equal(applyEditsToText(files['gvt.migration'], finding.fixes[0].edits), simple('0.2.0', 'none+ppgtt+context'));
    assert.equal(only((await analyze(files, { baseline: before, settings: { release: true } })).findings, 'migration/bump-needed').severity, 'error');
  });

  it('accepts the right bumps, a bugfix without feature change, and nothing changed', async () => {
    for (const text of [simple('0.2.0', 'none+ppgtt+context'), simple('0.3.0', 'none+ppgtt+context'), simple('1.0.0', 'none'), simple('0.1.1', 'none+ppgtt'), simple('0.1.0', 'none+ppgtt')]) {
      assert.deepEqual((await analyze({ 'gvt.migration': text }, { baseline: before })).findings, [], text);
    }
  });

  it('errors when the version goes down, hints at a needless major bump', async () => {
    const down = only((await analyze({ 'gvt.migration': simple('0.0.9', 'none+ppgtt') }, { baseline: before })).findings, 'migration/version-decreased');
    assert.equal(down.severity, 'error');
    const major = only((await analyze({ 'gvt.migration': simple('1.0.0', 'none+ppgtt') }, { baseline: before })).findings, 'migration/needless-major-bump');
    assert.equal(major.severity, 'hint');
    assert.match(major.message, /devices at 0\.1\.0 can no longer migrate here/);
  });

  it('keeps the written precision of an integer interface_version', async () => {
    const files = { 'd.migration': 'interface_version=3\npv_mode="none+ppgtt+context"\n' };
    const finding = only((await analyze(files, { baseline: { 'd.migration': 'interface_version=3\npv_mode="none+ppgtt"\n' } })).findings, 'migration/bump-needed');
    assert.equal(applyEditsToText(files['d.migration'], finding.fixes[0].edits), 'interface_version=3.1\npv_mode="none+ppgtt+context"\n');
  });

  it('groups a sysfs capture by type directory and compares it with the last release', async () => {
    const dir = 'sys/devices/pci0000:00/0000:00:02.0/mdev_supported_types/i915-GVTg_V5_4';
    const files = { [`${dir}/device_api`]: 'vfio-pci\n', [`${dir}/software_version`]: '0.1.1\n', [`${dir}/pv_mode`]: 'none+ppgtt\n', [`${dir}/name`]: 'GVTg_V5_4\n' };
    const analysis = await analyze(files, { baseline: { ...files, [`${dir}/pv_mode`]: 'none\n', [`${dir}/software_version`]: '0.1.0\n' } });
    const finding = only(analysis.findings, 'migration/minor-bump-required');
    assert.equal(finding.file, `${dir}/software_version`);
    assert.deepEqual(finding.range, rangeOf(files, `${dir}/software_version`, '0.1.1'));
    assert.equal(applyEditsToText(files[`${dir}/software_version`], finding.fixes[0].edits), '0.2.0\n');
    const self = selfDeclaration(analysis.declarations, dir);
    assert.deepEqual(self.declaration.fields.deviceApi, 'vfio-pci');
    assert.ok(self.declaration.sites.some((s) => s.file === `${dir}/pv_mode`));
  });

  it('reads the files named by versionwise.migration.files, at the last release too', async () => {
    const files = { 'conf/gvt.desc': simple('0.1.0', 'none+ppgtt+context'), 'conf/other.txt': 'software_version=x\n' };
    const analysis = await analyze(files, { baseline: { 'conf/gvt.desc': simple('0.1.0', 'none+ppgtt') }, settings: { migration: { files: ['conf/*.desc'] } } });
    assert.ok(analysis.texts.has('conf/gvt.desc'));
    assert.ok(!analysis.texts.has('conf/other.txt'));
    only(analysis.findings, 'migration/bump-needed');
    const without = await analyze(files);
    assert.deepEqual(without.declarations, []);
  });

  it('offers bumps for each kind of change', async () => {
    const files = { 'gvt.migration': simple('0.1.0', 'none+ppgtt') };
    const self = selfDeclaration((await analyze(files)).declarations, 'gvt.migration');
    assert.deepEqual(self.bumps!.map((b) => applyEditsToText(files['gvt.migration'], b.edits)), [simple('0.1.1', 'none+ppgtt'), simple('0.2.0', 'none+ppgtt'), simple('1.0.0', 'none+ppgtt')]);
  });

  it('reads CRLF descriptions at the right columns', async () => {
    const files = { 'crlf.migration': 'SELF:\r\n  software_version=0.1.0\r\n  pv_mode="none"\r\nCOMPATIBLE:\r\n  software_version=2.0.0\r\n' };
    const finding = only((await analyze(files)).findings, 'migration/incompatible-entry');
    assert.deepEqual(finding.range, rangeOf(files, 'crlf.migration', '2.0.0'));
  });

  it('ignores an opaque 2019 migration_version string', async () => {
    const analysis = await analyze({ migration_version: '8086-591d-i915-GVTg_V5_2-1\n' });
    assert.deepEqual(analysis.findings, []);
    assert.deepEqual(analysis.declarations, []);
  });
});
