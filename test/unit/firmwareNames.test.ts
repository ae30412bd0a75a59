import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { explainValue } from '../../server/src/features/explain';
import { firmwareScheme } from '../../server/src/schemes/firmware';
import { FAMILIES, formatName, parseFirmwareName, type FamilyId, type FieldName, type NameProblem, type ParsedName } from '../../server/src/schemes/firmware/names';

/**
 * Firmware names (formats.md §1): every family with its real names, a generator of realistic names from
 * the same tables, malformed names with the family they almost match, and `versionwise explain`.
 */

const parsed = (name: string): ParsedName => {
  const result = parseFirmwareName(name);
  if (!result.ok) throw new Error(`${name} did not parse: ${result.reason}`);
  return result;
};
const problem = (name: string): NameProblem => {
  const result = parseFirmwareName(name);
  if (result.ok) throw new Error(`${name} parsed as ${result.family}`);
  return result;
};

/** Real names, from formats.md §1 and linux-firmware's WHENCE, with the fields they must give. */
const REAL: [string, FamilyId, Partial<Record<'platform' | FieldName, string | number>>][] = [
  ['skl_guc_ver1.bin', 'guc-ver-major', { platform: 'skl', major: 1 }],
  ['skl_guc_ver4.bin', 'guc-ver-major', { platform: 'skl', major: 4 }],
  ['i915/skl_guc_ver6.bin', 'guc-ver-major', { platform: 'skl', major: 6 }],
  ['skl_guc_ver1_1059.bin', 'guc-ver-build', { platform: 'skl', major: 1, build: 1059 }],
  ['skl_guc_ver6_1.bin', 'guc-ver-major-minor', { major: 6, minor: 1 }],
  ['skl_guc_ver9_33.bin', 'guc-ver-major-minor', { major: 9, minor: 33 }],
  ['kbl_guc_ver9_39.bin', 'guc-ver-major-minor', { platform: 'kbl', major: 9, minor: 39 }],
  ['bxt_guc_ver8_7.bin', 'guc-ver-major-minor', { platform: 'bxt', major: 8, minor: 7 }],
  ['skl_guc_32.0.3.bin', 'guc-mmp', { major: 32, minor: 0, patch: 3 }],
  ['ehl_guc_33.0.4.bin', 'guc-mmp', { platform: 'ehl', major: 33, minor: 0, patch: 4 }],
  ['i915/tgl_guc_70.1.1.bin', 'guc-mmp', { platform: 'tgl', major: 70, minor: 1, patch: 1 }],
  ['adlp_guc_70.44.0.bin', 'guc-mmp', { platform: 'adlp', major: 70, minor: 44, patch: 0 }],
  ['i915/tgl_guc_70.bin', 'guc-major', { platform: 'tgl', major: 70 }],
  ['dg2_guc_70.bin', 'guc-major', { platform: 'dg2', major: 70 }],
  ['xe/bmg_guc_70.bin', 'guc-major', { platform: 'bmg', major: 70 }],
  ['xe/nvl_guc_70.bin', 'guc-major', { platform: 'nvl', major: 70 }],
  ['skl_guc_ver1_5_4_7.bin', 'guc-base-proposal', { platform: 'skl', base: 1, major: 5, minor: 4, patch: 7 }],
  ['skl_huc_ver01_07_1398.bin', 'huc-ver-build', { major: 1, minor: 7, build: 1398 }],
  ['bxt_huc_ver01_8_2893.bin', 'huc-ver-build', { major: 1, minor: 8, build: 2893 }],
  ['icl_huc_ver8_4_3238.bin', 'huc-ver-build', { major: 8, minor: 4, build: 3238 }],
  ['kbl_huc_ver02_00_1810.bin', 'huc-ver-build', { major: 2, minor: 0, build: 1810 }],
  ['kbl_huc_4.0.0.bin', 'huc-mmp', { major: 4, minor: 0, patch: 0 }],
  ['tgl_huc_7.9.3.bin', 'huc-mmp', { major: 7, minor: 9, patch: 3 }],
  ['tgl_huc_7.0.12.bin', 'huc-mmp', { major: 7, minor: 0, patch: 12 }],
  ['tgl_huc.bin', 'huc-blank', { platform: 'tgl' }],
  ['xe/ptl_huc.bin', 'huc-blank', { platform: 'ptl' }],
  ['dg2_huc_gsc.bin', 'huc-gsc', { platform: 'dg2' }],
  ['mtl_huc_gsc.bin', 'huc-gsc', { platform: 'mtl' }],
  ['dg2_huc_7.10.3_gsc.bin', 'huc-mmp-gsc', { platform: 'dg2', major: 7, minor: 10, patch: 3 }],
  ['skl_dmc_ver1_27.bin', 'dmc-ver-major-minor', { major: 1, minor: 27 }],
  ['tgl_dmc_ver2_12.bin', 'dmc-ver-major-minor', { major: 2, minor: 12 }],
  ['glk_dmc_ver1_04.bin', 'dmc-ver-major-minor', { major: 1, minor: 4 }],
  ['dg2_dmc_ver2_064.bin', 'dmc-ver-major-minor', { major: 2, minor: 64 }],
  ['skl_dmc_ver1.bin', 'dmc-ver-major', { major: 1 }],
  ['adlp_dmc.bin', 'dmc-blank', { platform: 'adlp' }],
  ['xe2lpd_dmc.bin', 'dmc-blank', { platform: 'xe2lpd' }],
  ['xe3lpd_3002_dmc.bin', 'dmc-blank', { platform: 'xe3lpd_3002' }],
  ['i915/xe3p_lpd_dmc.bin', 'dmc-blank', { platform: 'xe3p_lpd' }],
  ['mtl_gsc_1.bin', 'gsc-major', { platform: 'mtl', major: 1 }],
  ['xe/lnl_gsc_1.bin', 'gsc-major', { platform: 'lnl', major: 1 }],
  ['mtl_gsc_102.0.0.1511.bin', 'gsc-release', { major: 102, minor: 0, patch: 0, build: 1511 }],
];

describe('firmware names: every real family', () => {
  for (const [name, family, fields] of REAL) {
    it(`${name} is ${family}`, () => {
      const p = parsed(name);
      assert.equal(p.family, family);
      assert.equal(p.kind, FAMILIES[family].kind);
      for (const [field, value] of Object.entries(fields)) assert.equal(p[field as 'platform' | FieldName], value, field);
      for (const field of ['base', 'major', 'minor', 'patch', 'build'] as const) if (!(field in fields)) assert.equal(p[field], null, field);
      // Every number's offsets point at its digits in the input.
      for (const part of Object.values(p.parts)) assert.equal(name.slice(part!.start, part!.end), part!.text);
      assert.equal(name.slice(p.platformStart, p.platformEnd), p.platform);
      assert.equal(p.folder, name.startsWith('xe/') ? 'xe' : name.startsWith('i915/') ? 'i915' : null);
    });
  }

  it('documents every family with examples that parse as that family', () => {
    for (const family of Object.values(FAMILIES)) {
      assert.ok(family.examples.length > 0, family.id);
      for (const example of family.examples) assert.equal(parsed(example).family, family.id, example);
    }
  });

  it('keeps zero padding as written and reads the value', () => {
    const p = parsed('kbl_huc_ver02_00_1810.bin');
    assert.deepEqual([p.parts.major!.text, p.parts.minor!.text], ['02', '00']);
    assert.deepEqual([p.major, p.minor], [2, 0]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// A generator of realistic names from formats.md's tables: the platforms and display IPs seen, each family's
// shape, realistic number ranges and the padding habits of each era.

const PLATFORMS = ['skl', 'bxt', 'kbl', 'glk', 'cml', 'cnl', 'icl', 'ehl', 'tgl', 'rkl', 'dg1', 'adls', 'adlp', 'dg2', 'mtl', 'lnl', 'bmg', 'ptl', 'nvl', 'pvc', 'cri', 'xe2lpd', 'xe3lpd', 'xe3lpd_3002', 'xe3p_lpd'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generateNames(count: number, seed = 1): { name: string; family: FamilyId; texts: Partial<Record<FieldName, string>>; platform: string }[] {
  const next = random(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const pad2 = (n: number) => (next() < 0.5 ? String(n).padStart(2, '0') : String(n));
  const generators: Record<FamilyId, () => Partial<Record<FieldName, string>>> = {
    'guc-ver-major': () => ({ major: String(1 + int(9)) }),
    'guc-ver-build': () => ({ major: String(1 + int(4)), build: String(1000 + int(8999)) }),
    'guc-ver-major-minor': () => ({ major: String(1 + int(11)), minor: String(int(99)) }),
    'guc-mmp': () => ({ major: String(pick([32, 33, 35, 49, 62, 69, 70])), minor: String(int(72)), patch: String(int(9)) }),
    'guc-major': () => ({ major: String(pick([69, 70, 71])) }),
    'guc-base-proposal': () => ({ base: String(1 + int(3)), major: String(1 + int(9)), minor: String(int(40)), patch: String(int(9)) }),
    'huc-ver-build': () => ({ major: pad2(1 + int(8)), minor: pad2(int(9)), build: String(1000 + int(8999)) }),
    'huc-mmp': () => ({ major: String(2 + int(8)), minor: String(int(12)), patch: String(int(20)) }),
    'huc-blank': () => ({}),
    'huc-gsc': () => ({}),
    'huc-mmp-gsc': () => ({ major: String(7 + int(2)), minor: String(int(12)), patch: String(int(20)) }),
    'dmc-ver-major-minor': () => ({ major: String(1 + int(1)), minor: next() < 0.05 ? String(100 + int(99)).padStart(3, '0') : String(int(40)).padStart(2, '0') }),
    'dmc-ver-major': () => ({ major: String(1 + int(1)) }),
    'dmc-blank': () => ({}),
    'gsc-major': () => ({ major: String(1 + int(1)) }),
    'gsc-release': () => ({ major: String(pick([102, 104, 105])), minor: String(int(1)), patch: String(int(15)), build: String(1000 + int(1999)) }),
  };
  const families = Object.keys(generators) as FamilyId[];
  const names = [];
  for (let i = 0; i < count; i++) {
    const family = families[i % families.length];
    const platform = pick(PLATFORMS);
    const texts = generators[family]();
    const folder = pick(['', 'i915/', 'xe/']);
    names.push({ name: folder + formatName({ platform, family, texts }), family, texts, platform });
  }
  return names;
}

describe('firmware names: generated', () => {
  it('parses 3,200 generated names of every family into the fields they were made from, and formats them back', () => {
    const names = generateNames(3200, 7);
    for (const { name, family, texts, platform } of names) {
      const p = parsed(name);
      assert.equal(p.family, family, name);
      assert.equal(p.platform, platform, name);
      for (const field of FAMILIES[family].fields) {
        assert.equal(p.parts[field]!.text, texts[field], `${name} ${field}`);
        assert.equal(p[field], Number(texts[field]), `${name} ${field}`);
      }
      const texts2 = Object.fromEntries(Object.entries(p.parts).map(([f, part]) => [f, part!.text]));
      assert.equal(formatName({ platform: p.platform, family: p.family, texts: texts2 }), p.name);
    }
    assert.equal(new Set(names.map((n) => n.family)).size, Object.keys(FAMILIES).length);
  });

  it('parses in linear time (20,000 names in well under a second)', () => {
    const names = generateNames(20_000, 3).map((n) => n.name);
    const started = Date.now();
    for (const name of names) parseFirmwareName(name);
    assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
  });
});

describe('firmware names: near misses', () => {
  const cases: [string, FamilyId | null, string, string?][] = [
    ['tgl_guc_70.1.bin', 'guc-mmp', 'GuC major.minor.patch names need three numbers'],
    ['tgl_guc_70.1.1.1.bin', 'guc-mmp', 'need exactly three numbers (`70.1.1.1` has 4)'],
    ['skl_guc_ver1_5_4.bin', 'guc-base-proposal', 'GuC `_ver` names have one (`_ver<M>`), two (`_ver<M>_<m>`) or four numbers'],
    ['skl_guc_ver9.33.bin', 'guc-ver-major-minor', 'separate their numbers with `_`', 'skl_guc_ver9_33.bin'],
    ['tgl_guc_ver70.1.1.bin', 'guc-mmp', 'GuC major.minor.patch names have no `ver`', 'tgl_guc_70.1.1.bin'],
    ['tgl_guc_70_1_1.bin', 'guc-mmp', 'separate the numbers with `.`', 'tgl_guc_70.1.1.bin'],
    ['skl_guc_9_33.bin', 'guc-ver-major-minor', 'need `ver`'],
    ['tgl_guc_v70.bin', 'guc-major', 'without `v`', 'tgl_guc_70.bin'],
    ['tgl_guc.bin', 'guc-major', 'GuC names always carry a version'],
    ['tgl_guc_gsc.bin', 'huc-gsc', 'only HuC firmware has `_gsc` names'],
    ['tgl_guc70.bin', 'guc-major', 'a `_` must separate `guc` from the version', 'tgl_guc_70.bin'],
    ['tglguc_70.bin', 'guc-major', 'a `_` must separate the platform from `guc`', 'tgl_guc_70.bin'],
    ['tgl_gcu_70.bin', 'guc-major', '`gcu` is not a firmware kind', 'tgl_guc_70.bin'],
    ['dg2_huc_gsc_7.10.3.bin', 'huc-mmp-gsc', 'the HuC version comes before `_gsc`', 'dg2_huc_7.10.3_gsc.bin'],
    ['dg2_huc_7.10_gsc.bin', 'huc-mmp-gsc', 'need three numbers'],
    ['tgl_huc_7.9.bin', 'huc-mmp', 'HuC major.minor.patch names need three numbers'],
    ['tgl_huc_7.bin', 'huc-blank', 'HuC names carry no major-only version'],
    ['skl_huc_ver01_07.bin', 'huc-ver-build', 'old HuC names are `_ver<major>_<minor>_<build>`: three numbers'],
    ['tgl_dmc_ver2_12_1.bin', 'dmc-ver-major-minor', 'DMC legacy names are `_ver<major>_<minor>`: two numbers'],
    ['tgl_dmc_2.12.bin', 'dmc-ver-major-minor', 'DMC versions are written `_ver<major>_<minor>`', 'tgl_dmc_ver2_12.bin'],
    ['tgl_dmc_ver2.12.bin', 'dmc-ver-major-minor', 'with `_`, not `.`', 'tgl_dmc_ver2_12.bin'],
    ['skl_dmc_1.bin', 'dmc-ver-major', 'a DMC major is written `_ver<major>`', 'skl_dmc_ver1.bin'],
    ['mtl_gsc.bin', 'gsc-major', 'GSC names always carry the major of the GSC compatibility version'],
    ['mtl_gsc_1.0.bin', 'gsc-major', 'GSC names carry the compatibility major'],
    ['mtl_gsc_102.0.0.1511.1.bin', 'gsc-release', 'GSC release names have four numbers'],
    ['TGL_GUC_70.bin', null, 'firmware names are lowercase', 'tgl_guc_70.bin'],
    ['i915/tgl_guc_70', null, 'end in `.bin`', 'tgl_guc_70.bin'],
    ['tgl_guc_70.1.1.bin.bin', null, 'ends in `.bin` more than once', 'tgl_guc_70.1.1.bin'],
    ['tgl-guc-70.bin', null, 'separated by `_`, not `-`', 'tgl_guc_70.bin'],
    ['guc_70.bin', null, 'the platform is missing'],
    ['tgl__guc_70.bin', null, 'has an empty part'],
    ['tgl_guc_70.1.1-rc1.bin', null, 'unexpected `-rc1` after the GuC version `70.1.1`'],
    ['tgl_guc_1234567890.bin', null, 'too long for a version number'],
  ];
  for (const [name, almost, reason, suggestion] of cases) {
    it(`${name}: ${reason}`, () => {
      const p = problem(name);
      assert.equal(p.almost, almost);
      assert.ok(p.reason.includes(reason), p.reason);
      assert.equal(p.suggestion, suggestion);
      assert.ok(p.firmwareLike);
      if (suggestion) assert.ok(parseFirmwareName(suggestion).ok);
    });
  }

  it('says which family a name almost matches, in one sentence', () => {
    const result = explainValue('tgl_guc_70.1.bin', { scheme: 'firmware' }, [firmwareScheme]);
    assert.equal(result.valid, false);
    assert.match(result.message, /^`tgl_guc_70\.1\.bin` matches no Intel GPU firmware name family: almost the GuC major\.minor\.patch \(2019–22\) family `guc-mmp` \(`<platform>_guc_<M>\.<m>\.<p>\.bin`\), but GuC major\.minor\.patch names need three numbers/);
  });

  it('does not call other firmware in i915/ or xe/ a near miss', () => {
    assert.equal(problem('xe/fan_control_8086_e20b_8086_1100.bin').firmwareLike, false);
    assert.equal(problem('README.md').firmwareLike, false);
  });
});

describe('firmware names: versionwise explain', () => {
  const explain = (value: string, scheme?: string) => explainValue(value, { scheme }, [firmwareScheme]);

  it('explains a GuC name: family, platform, fields, interface version and what i915 and xe require', () => {
    const result = explain('i915/tgl_guc_70.1.1.bin', 'firmware');
    assert.equal(result.valid, true);
    assert.deepEqual(result.fields, { platform: 'tgl', kind: 'guc', family: 'guc-mmp', base: null, major: 70, minor: 1, patch: 1, build: null });
    assert.match(result.message, /family `guc-mmp`/);
    assert.match(result.message, /\| platform \| `tgl` \|/);
    assert.match(result.message, /Interface version \(MAJOR\.MINOR\): \*\*70\.1\*\*/);
    assert.ok(result.message.includes('"`%s firmware %s (%d.%d.%d) is recommended, but only %s (%d.%d.%d) was found`"'));
    assert.match(result.message, /major, minor \*\*and\*\* patch must match exactly/);
    assert.match(result.message, /Next release: internal fix → `tgl_guc_70\.1\.2\.bin`/);
  });

  it('explains the proposal: MAJOR.MINOR within BASE, and BASEs are not comparable', () => {
    const result = explain('skl_guc_ver1_5_4_7.bin', 'firmware');
    assert.deepEqual(result.fields, { platform: 'skl', kind: 'guc', family: 'guc-base-proposal', base: 1, major: 5, minor: 4, patch: 7, build: null });
    assert.match(result.message, /MAJOR\.MINOR 5\.4 within BASE 1/);
    assert.match(result.message, /versions from different BASEs cannot be compared/);
    assert.match(result.message, /new BASE \(a branch whose versions cannot be compared with this one\) → `skl_guc_ver2_1_0_0\.bin`/);
  });

  it('explains a versionless HuC, a DMC display IP and a GSC compatibility major', () => {
    assert.match(explain('dg2_huc_gsc.bin').message, /versionless HuC name/);
    assert.deepEqual(explain('xe3lpd_3002_dmc.bin').fields, { platform: 'xe3lpd_3002', kind: 'dmc', family: 'dmc-blank', base: null, major: null, minor: null, patch: null, build: null });
    assert.match(explain('mtl_gsc_1.bin').message, /GSC compatibility version \*\*1\.x\*\*/);
  });

  it('answers without --scheme for firmware-shaped values only; with it, for anything', () => {
    assert.equal(firmwareScheme.explainValue('6:0:2', { settings: DEFAULT_SETTINGS }), undefined);
    assert.equal(firmwareScheme.explainValue('1.2.3', { settings: DEFAULT_SETTINGS }), undefined);
    assert.equal(firmwareScheme.explainValue('tgl_guc_70.bin', { settings: DEFAULT_SETTINGS })?.valid, true);
    const explicit = firmwareScheme.explainValue('1.2.3', { settings: DEFAULT_SETTINGS, explicit: true });
    assert.equal(explicit?.valid, false);
    assert.deepEqual(Object.keys(explicit!.fields), ['platform', 'kind', 'family', 'base', 'major', 'minor', 'patch', 'build']);
  });

  it('calls a GuC component of 0xFF or more invalid', () => {
    const result = explain('tgl_guc_70.256.0.bin', 'firmware');
    assert.equal(result.valid, false);
    assert.match(result.message, /^GuC version components must be 8-bit: minor 256 does not fit in 8 bits/);
    assert.match(explain('tgl_guc_70.255.0.bin', 'firmware').message, /255 \(0xFF\) is rejected/);
  });
});
