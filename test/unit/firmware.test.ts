import * as assert from 'node:assert/strict';
import type { Finding, Fix } from '../../server/src/core/model';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { hoverAt } from '../../server/src/features/hover';
import { firmwareScheme, RULES } from '../../server/src/schemes/firmware';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/**
 * The firmware scheme through the real service: firmware trees (listed by name, never read), WHENCE, and
 * the i915/xe driver tables, with the findings at the characters written and the quick fixes applied.
 */

const BIN = 'BINARY FIRMWARE: the scheme must never ask for this text';
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function bins(root: string, rels: string[]): Record<string, string> {
  return Object.fromEntries(rels.map((rel) => [`${root ? `${root}/` : ''}${rel}`, BIN]));
}

async function run(files: Record<string, string>, settings: unknown = {}): Promise<WorkspaceAnalysis> {
  const analysis = await new VersionwiseService(new MemoryWorkspace(files), { schemes: [firmwareScheme] }).analyze(normaliseSettings(settings));
  for (const path of Object.keys(files)) if (path.endsWith('.bin')) assert.equal(analysis.texts.has(path), false, `${path} was read`);
  return analysis;
}

const only = (analysis: WorkspaceAnalysis, code: string) => analysis.findings.filter((f) => f.code === code);
function one(analysis: WorkspaceAnalysis, code: string, file?: string): Finding {
  const found = only(analysis, code).filter((f) => !file || f.file === file);
  if (found.length !== 1) throw new Error(`expected one ${code}, found ${found.length}: ${JSON.stringify(analysis.findings.map((f) => [f.code, f.file, f.message]), null, 1)}`);
  return found[0];
}
const at = (finding: Finding) => ({ file: finding.file, range: finding.range });
const fixNamed = (finding: Finding, title: RegExp): Fix => {
  const fix = finding.fixes.find((f) => title.test(f.title));
  if (!fix) throw new Error(`no fix ${title} in ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
  return fix;
};
const applied = (files: Record<string, string>, file: string, fix: Fix) => applyEditsToText(files[file], fix.edits.filter((e) => e.file === file));
const declarations = (analysis: WorkspaceAnalysis) => analysis.declarations.map((d) => d.declaration);

// ---------------------------------------------------------------------------------------------------------

const CLEAN_WHENCE = `Driver: i915 - Intel Graphics driver

File: i915/skl_dmc_ver1_26.bin
File: i915/skl_dmc_ver1_27.bin
Link: i915/skl_dmc_ver1.bin -> skl_dmc_ver1_26.bin
Version: DMC API/ABI ver 1 - release 27 for Skylake

File: i915/skl_guc_ver1.bin
Version: Guc API/ABI ver 1 - release 1059 for Skylake

File: i915/kbl_huc_ver02_00_1810.bin
Version: HuC API/APB ver 2 - for Kabylake

File: i915/tgl_guc_70.1.1.bin
Version: GuC API/APB ver 70.1.1 for Tigerlake

File: i915/tgl_guc_70.bin
Version: GuC API/APB ver 70.49.4 for Tigerlake

File: i915/tgl_huc.bin
Version: HuC API/APB ver 7.9.3 for Tigerlake

File: i915/dg2_huc_gsc.bin
Version: HuC API/APB ver 7.10.16 for DG2

File: i915/adlp_dmc.bin
Version: DMC API/APB ver 2 release 20 for Alderlake P

File: i915/mtl_gsc_1.bin
Version: GSC API/APB v1.0, release 102.1.15.1926, SVN 1 for Meteorlake

File: i915/xe3lpd_3002_dmc.bin
Version: DMC API/APB ver 2 release 31 for Xe3LPD_3002

License: Redistributable. See LICENSE.i915 for details
--------------------------------------------------------------------------

Driver: xe - Intel Graphics driver

File: xe/lnl_guc_70.bin
Version: GuC API/APB ver 70.72.1 for Lunarlake

File: xe/fan_control_8086_e20b_8086_1100.bin
Version: fan_control ver 203.0.0.0 for Battlemage

Driver: nouveau - NVIDIA GPU driver

File: nvidia/gk20a/fecs_data.bin
Link: nvidia/gm204/acr/bl.bin -> ../../gm200/acr/bl.bin
`;
const CLEAN_BINS = ['i915/skl_dmc_ver1_26.bin', 'i915/skl_dmc_ver1_27.bin', 'i915/skl_guc_ver1.bin', 'i915/kbl_huc_ver02_00_1810.bin', 'i915/tgl_guc_70.1.1.bin', 'i915/tgl_guc_70.bin', 'i915/tgl_huc.bin', 'i915/dg2_huc_gsc.bin', 'i915/adlp_dmc.bin', 'i915/mtl_gsc_1.bin', 'i915/xe3lpd_3002_dmc.bin', 'xe/lnl_guc_70.bin', 'xe/fan_control_8086_e20b_8086_1100.bin'];

describe('firmware: a linux-firmware tree', () => {
  const files = { 'linux-firmware/WHENCE': CLEAN_WHENCE, ...bins('linux-firmware', CLEAN_BINS) };

  it('declares every file and link by name, reads WHENCE but never a .bin, and finds nothing wrong in a clean tree', async () => {
    const analysis = await run(files);
    assert.deepEqual(analysis.findings, []);
    assert.ok(analysis.texts.has('linux-firmware/WHENCE'));
    const byValue = new Map(declarations(analysis).map((d) => [d.value, d]));
    // Other drivers' WHENCE entries are not ours.
    assert.equal(byValue.has('nvidia/gk20a/fecs_data.bin'), false);
    const guc = byValue.get('i915/tgl_guc_70.bin')!;
    assert.deepEqual({ file: guc.file, range: guc.range }, { file: 'linux-firmware/WHENCE', range: rangeOf(files, 'linux-firmware/WHENCE', 'i915/tgl_guc_70.bin') });
    assert.equal(guc.fields.family, 'guc-major');
    assert.equal(guc.fields.whenceVersion, '70.49.4');
    assert.deepEqual(guc.sites.map((s) => s.role), ['file', 'WHENCE File', 'WHENCE Version']);
    assert.deepEqual(guc.sites[0], { file: 'linux-firmware/i915/tgl_guc_70.bin', range: ZERO, role: 'file' });
    assert.deepEqual(guc.sites[2].range, rangeOf(files, 'linux-firmware/WHENCE', 'GuC API/APB ver 70.49.4 for Tigerlake'));
    assert.equal(byValue.get('i915/xe3lpd_3002_dmc.bin')!.fields.platform, 'xe3lpd_3002');
    const link = byValue.get('i915/skl_dmc_ver1.bin')!;
    assert.equal(link.fields.family, 'dmc-ver-major');
    assert.equal(link.fields.link, 'i915/skl_dmc_ver1_26.bin');
    // The Version line after a Link belongs to the File before them.
    assert.equal(byValue.get('i915/skl_dmc_ver1_27.bin')!.fields.whenceVersion, '1.27');
    assert.equal(byValue.get('i915/skl_dmc_ver1_26.bin')!.fields.whenceVersion, null);
    assert.deepEqual(byValue.get('i915/skl_dmc_ver1_26.bin')!.sites.map((s) => s.role), ['file', 'WHENCE File', 'WHENCE Link target']);
  });

  it('hovers on a WHENCE Version line with the file it describes', async () => {
    const analysis = await run(files);
    const range = rangeOf(files, 'linux-firmware/WHENCE', 'ver 70.49.4', '49');
    const hover = hoverAt(analysis, 'linux-firmware/WHENCE', range.start)!;
    assert.match(hover.markdown, /\*\*GuC firmware `i915\/tgl_guc_70\.bin`\*\* · family `guc-major`/);
    assert.match(hover.markdown, /\*\*70\.x\*\* — the name carries the major only; the minor is in the file's header \(WHENCE: 70\.49\.4, interface 70\.49\)/);
    assert.match(hover.markdown, /Written at linux-firmware\/i915\/tgl_guc_70\.bin \(file\), linux-firmware\/WHENCE:\d+ \(WHENCE File\)/);
  });
});

describe('firmware: names in the tree', () => {
  const WHENCE = `Driver: i915 - Intel Graphics driver

File: i915/tgl_guc_70.1.bin
Version: GuC API/APB ver 70.1.1 for Tigerlake

File: i915/adlp_guc_70.300.1.bin
Version: GuC API/APB ver 70.300.1 for Alderlake P

File: i915/dg2_guc_70.bin
Version: GuC API/APB ver 70.255.0 for DG2

File: i915/TGL_HUC.bin
`;
  const files = { 'fw/WHENCE': WHENCE, ...bins('fw', ['i915/tgl_guc_70.1.bin', 'i915/adlp_guc_70.300.1.bin', 'i915/dg2_guc_70.bin', 'i915/TGL_HUC.bin', 'i915/tgl_huc_7.9.bin']) };

  it('reports a name that matches no family, with what it almost is, and renames it with the WHENCE Version', async () => {
    const analysis = await run(files);
    const finding = only(analysis, RULES.unknownName).find((f) => f.message.startsWith('`tgl_guc_70.1.bin`'))!;
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(at(finding), { file: 'fw/WHENCE', range: rangeOf(files, 'fw/WHENCE', 'i915/tgl_guc_70.1.bin', 'tgl_guc_70.1.bin') });
    assert.match(finding.message, /^`tgl_guc_70\.1\.bin` matches no Intel GPU firmware name family: almost the GuC major\.minor\.patch \(2019–22\) family `guc-mmp`.*GuC major\.minor\.patch names need three numbers.*WHENCE's Version makes it `tgl_guc_70\.1\.1\.bin`$/);
    const fix = fixNamed(finding, /Rename/);
    assert.equal(fix.preferred, true);
    assert.deepEqual(fix.renames, [{ from: 'fw/i915/tgl_guc_70.1.bin', to: 'fw/i915/tgl_guc_70.1.1.bin' }]);
    assert.match(applied(files, 'fw/WHENCE', fix), /^File: i915\/tgl_guc_70\.1\.1\.bin$/m);
  });

  it('reports a misnamed file that is only in the tree at the file, with a rename', async () => {
    const analysis = await run(files);
    const lower = only(analysis, RULES.unknownName).find((f) => f.file === 'fw/i915/tgl_huc_7.9.bin')!;
    assert.deepEqual(lower.range, ZERO);
    assert.match(lower.message, /HuC major\.minor\.patch names need three numbers/);
    // TGL_HUC.bin is in WHENCE: reported there, renamed on disk and in WHENCE.
    const upper = only(analysis, RULES.unknownName).find((f) => f.message.includes('TGL_HUC'))!;
    assert.equal(upper.file, 'fw/WHENCE');
    const fix = fixNamed(upper, /Rename/);
    assert.deepEqual(fix.renames, [{ from: 'fw/i915/TGL_HUC.bin', to: 'fw/i915/tgl_huc.bin' }]);
    assert.match(applied(files, 'fw/WHENCE', fix), /^File: i915\/tgl_huc\.bin$/m);
  });

  it('reports GuC components of 0xFF or more in names and in WHENCE Version lines', async () => {
    const analysis = await run(files);
    const found = only(analysis, RULES.notEightBit);
    assert.equal(found.length, 3);
    assert.ok(found.every((f) => f.severity === 'error'));
    const inName = found.find((f) => f.range.start.line === rangeOf(files, 'fw/WHENCE', 'File: i915/adlp').start.line)!;
    assert.deepEqual(inName.range, rangeOf(files, 'fw/WHENCE', 'adlp_guc_70.300.1', '300'));
    assert.equal(inName.message, 'GuC minor 300 in i915/adlp_guc_70.300.1.bin: 300 does not fit in 8 bits; i915 rejects the file ("GuC firmware: invalid file version: 0x46:12C:01")');
    assert.ok(found.some((f) => JSON.stringify(f.range) === JSON.stringify(rangeOf(files, 'fw/WHENCE', 'ver 70.300.1', '300'))));
    const ff = found.find((f) => JSON.stringify(f.range) === JSON.stringify(rangeOf(files, 'fw/WHENCE', 'ver 70.255.0', '255')))!;
    assert.match(ff.message, /255 \(0xFF\) is rejected: i915 requires each component to be below 0xFF/);
  });
});

describe('firmware: WHENCE', () => {
  const WHENCE = `Driver: i915 - Intel Graphics driver

File: i915/dg1_huc_7.7.1.bin
Version: Huc API/APB ver 7 release 1 for DG1

File: i915/tgl_guc_70.bin
Version: GuC API/APB ver 71.2.0 for Tigerlake

File: i915/missing_guc_70.bin
Version: GuC API/APB ver 70.1.0 for Nothing

File: i915/kbl_dmc_ver1_04.bin
Link: i915/kbl_dmc_ver1.bin -> kbl_dmc_ver1_04.bin
Link: i915/kbl_dmc.bin -> kbl_dmc_ver1.bin
Link: i915/skl_guc_ver6.bin -> skl_guc_ver6_1.bin
Version: DMC API/ABI ver 1 - release 04 for Kabylake
`;
  const files = { 'fw/WHENCE': WHENCE, ...bins('fw', ['i915/dg1_huc_7.7.1.bin', 'i915/tgl_guc_70.bin', 'i915/kbl_dmc_ver1_04.bin', 'i915/adlp_guc_70.5.1.bin']) };

  it('reports a Version that contradicts the name, and fixes the Version line', async () => {
    const analysis = await run(files);
    const huc = only(analysis, RULES.versionMismatch).find((f) => f.message.includes('dg1_huc'))!;
    assert.equal(huc.severity, 'warning');
    assert.deepEqual(at(huc), { file: 'fw/WHENCE', range: rangeOf(files, 'fw/WHENCE', 'ver 7 release 1', '1') });
    assert.equal(huc.message, 'the WHENCE Version of i915/dg1_huc_7.7.1.bin says 7.1, but the name says 7.7: minor 1 ≠ 7');
    assert.equal(huc.fixes.length, 1); // the Version has no patch: it cannot name the file
    assert.match(applied(files, 'fw/WHENCE', huc.fixes[0]), /^Version: Huc API\/APB ver 7 release 7 for DG1$/m);
  });

  it('offers to rename the file when the Version is right, with the WHENCE lines that name it', async () => {
    const analysis = await run(files);
    const guc = only(analysis, RULES.versionMismatch).find((f) => f.message.includes('tgl_guc'))!;
    assert.deepEqual(guc.range, rangeOf(files, 'fw/WHENCE', 'ver 71.2.0', '71'));
    assert.equal(guc.message, 'the WHENCE Version of i915/tgl_guc_70.bin says 71, but the name says 70: major 71 ≠ 70');
    assert.match(applied(files, 'fw/WHENCE', fixNamed(guc, /Make the WHENCE Version/)), /ver 70\.2\.0 for Tigerlake/);
    const rename = fixNamed(guc, /Rename/);
    assert.deepEqual(rename.renames, [{ from: 'fw/i915/tgl_guc_70.bin', to: 'fw/i915/tgl_guc_71.bin' }]);
    assert.match(applied(files, 'fw/WHENCE', rename), /^File: i915\/tgl_guc_71\.bin$/m);
  });

  it('reports WHENCE entries without a file and files WHENCE does not list', async () => {
    const analysis = await run(files);
    const missing = one(analysis, RULES.whenceFileMissing);
    assert.equal(missing.severity, 'error');
    assert.deepEqual(at(missing), { file: 'fw/WHENCE', range: rangeOf(files, 'fw/WHENCE', 'i915/missing_guc_70.bin') });
    assert.equal(missing.message, 'fw/WHENCE lists i915/missing_guc_70.bin (File:), but the firmware tree (fw/) has no such file');
    const unlisted = one(analysis, RULES.notInWhence);
    assert.equal(unlisted.severity, 'warning');
    assert.deepEqual(at(unlisted), { file: 'fw/i915/adlp_guc_70.5.1.bin', range: ZERO });
    assert.match(unlisted.message, /^fw\/i915\/adlp_guc_70\.5\.1\.bin is in the firmware tree but fw\/WHENCE does not list it/);
  });

  it('reports a Link to a missing file and a Link to a link, and relinks to the file', async () => {
    const analysis = await run(files);
    const missing = one(analysis, RULES.linkMissing);
    assert.equal(missing.severity, 'error');
    assert.deepEqual(missing.range, rangeOf(files, 'fw/WHENCE', '-> skl_guc_ver6_1.bin', 'skl_guc_ver6_1.bin'));
    assert.equal(missing.message, 'Link i915/skl_guc_ver6.bin points to i915/skl_guc_ver6_1.bin, which is neither a File in fw/WHENCE nor in the firmware tree (fw/)');
    const chained = one(analysis, RULES.linkToLink);
    assert.deepEqual(chained.range, rangeOf(files, 'fw/WHENCE', '-> kbl_dmc_ver1.bin', 'kbl_dmc_ver1.bin'));
    assert.equal(chained.message, 'Link i915/kbl_dmc.bin points to i915/kbl_dmc_ver1.bin, which is itself a link (to i915/kbl_dmc_ver1_04.bin): link to the file');
    assert.match(applied(files, 'fw/WHENCE', chained.fixes[0]), /^Link: i915\/kbl_dmc\.bin -> kbl_dmc_ver1_04\.bin$/m);
    // The Version line after three links still belongs to the File.
    assert.equal(only(analysis, RULES.versionMismatch).length, 2);
  });
});

// ---------------------------------------------------------------------------------------------------------

const UC_FW = `// SPDX-License-Identifier: MIT
#define INTEL_GUC_FIRMWARE_DEFS(fw_def, guc_maj, guc_mmp) \\
	fw_def(METEORLAKE,   0, guc_maj(mtl,  71, 0, 0)) \\
	fw_def(ALDERLAKE_P,  0, guc_mmp(adlp, 70, 1, 1)) \\
	fw_def(DG1,          0, guc_maj(dg1,  70, 12, 1)) \\
	fw_def(TIGERLAKE,    0, guc_maj(tgl,  70, 12, 1)) \\
	fw_def(ELKHARTLAKE,  0, guc_mmp(ehl,  70, 3, 0))

#define INTEL_HUC_FIRMWARE_DEFS(fw_def, huc_raw, huc_mmp, huc_gsc) \\
	fw_def(METEORLAKE,   0, huc_gsc(mtl)) \\
	fw_def(TIGERLAKE,    0, huc_raw(tgl)) \\
	fw_def(TIGERLAKE,    0, huc_mmp(tgl,  7, 9, 3))

#define INTEL_GSC_FIRMWARE_DEFS(fw_def, gsc_def) \\
	fw_def(METEORLAKE,   0, gsc_def(mtl, 1, 0))

#define __MAKE_UC_FW_PATH_MAJOR(prefix_, name_, major_) \\
	"i915/" \\
	__stringify(prefix_) "_" name_ "_" \\
	__stringify(major_) ".bin"

/* An old row, commented out: guc_mmp(tgl, 69, 0, 3) is not read. */
#define GUC_FW_BLOB(prefix_, major_, minor_, patch_) \\
	UC_FW_BLOB_NEW(major_, minor_, patch_, false, \\
		       MAKE_GUC_FW_PATH_MAJOR(prefix_, major_, minor_, patch_))
`;
const UC_TREE_WHENCE = `Driver: i915 - Intel Graphics driver

File: i915/tgl_guc_70.bin
Version: GuC API/APB ver 70.49.4 for Tigerlake

File: i915/dg1_guc_70.bin
Version: GuC API/APB ver 70.5.0 for DG1

File: i915/adlp_guc_70.1.1.bin
Version: GuC API/APB ver 70.1.1 for Alderlake P

File: i915/adlp_guc_70.5.1.bin
Version: GuC API/APB ver 70.5.1 for Alderlake P

File: i915/ehl_guc_70.1.1.bin
Version: GuC API/APB ver 70.1.1 for Elkhartlake

File: i915/tgl_huc_7.9.3.bin
File: i915/tgl_huc.bin
File: i915/mtl_guc_70.bin
Version: GuC API/APB ver 70.53.0 for Meteorlake

File: i915/mtl_gsc_1.bin
Version: GSC API/APB v1.0, release 102.1.15.1926, SVN 1 for Meteorlake
`;
const UC_TREE = ['i915/tgl_guc_70.bin', 'i915/dg1_guc_70.bin', 'i915/adlp_guc_70.1.1.bin', 'i915/adlp_guc_70.5.1.bin', 'i915/ehl_guc_70.1.1.bin', 'i915/tgl_huc_7.9.3.bin', 'i915/tgl_huc.bin', 'i915/mtl_guc_70.bin', 'i915/mtl_gsc_1.bin'];
const UC = 'linux/drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c';

describe('firmware: the i915 uc table against the tree', () => {
  const files = { [UC]: UC_FW, 'linux-firmware/WHENCE': UC_TREE_WHENCE, ...bins('linux-firmware', UC_TREE) };
  const findingOn = (analysis: WorkspaceAnalysis, code: string, entry: string) => {
    const range = rangeOf(files, UC, entry);
    const found = analysis.findings.filter((f) => f.code === code && f.file === UC && JSON.stringify(f.range) === JSON.stringify(range));
    if (found.length !== 1) throw new Error(`expected one ${code} on ${entry}: ${JSON.stringify(analysis.findings.map((f) => [f.code, f.message]), null, 1)}`);
    return found[0];
  };

  it('declares each entry with the path it builds and its numbers where written', async () => {
    const analysis = await run(files);
    const entries = declarations(analysis).filter((d) => d.file === UC);
    assert.deepEqual(entries.map((d) => d.value), [
      'i915/mtl_guc_71.bin', 'i915/adlp_guc_70.1.1.bin', 'i915/dg1_guc_70.bin', 'i915/tgl_guc_70.bin', 'i915/ehl_guc_70.3.0.bin',
      'i915/mtl_huc_gsc.bin', 'i915/tgl_huc.bin', 'i915/tgl_huc_7.9.3.bin', 'i915/mtl_gsc_1.bin',
    ]);
    const tgl = entries.find((d) => d.value === 'i915/tgl_guc_70.bin')!;
    assert.deepEqual({ ...tgl.fields }, { platform: 'tgl', kind: 'guc', family: 'guc-major', base: null, major: 70, minor: null, patch: null, build: null, folder: 'i915', driver: 'i915', form: 'guc_maj', wanted: '70.12.1', rule: 'major-minor', row: 'TIGERLAKE' });
    assert.deepEqual(tgl.sites.map((s) => s.role), ['guc_maj', 'platform', 'MAJOR', 'wanted MINOR', 'wanted PATCH']);
    assert.deepEqual(tgl.sites[3].range, rangeOf(files, UC, 'guc_maj(tgl,  70, 12, 1)', '12'));
  });

  it('an entry whose file is missing, with nothing compatible in the tree: error, no fix', async () => {
    const finding = findingOn(await run(files), RULES.requestMissing, 'guc_maj(mtl,  71, 0, 0)');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, "guc_maj(mtl, 71, 0, 0) asks for i915/mtl_guc_71.bin, which the firmware tree (linux-firmware/) does not have; of mtl's GuC files there (mtl_guc_70.bin), none is a compatible 71.x of this form");
    assert.deepEqual(finding.fixes, []);
  });

  it('an entry asking for an older version than the tree offers: information, and the fix asks for the newest', async () => {
    const finding = findingOn(await run(files), RULES.requestOlder, 'guc_mmp(adlp, 70, 1, 1)');
    assert.equal(finding.severity, 'information');
    assert.equal(finding.message, 'guc_mmp(adlp, 70, 1, 1) asks for 70.1.1, but the firmware tree (linux-firmware/) has the newer compatible 70.5.1 (i915/adlp_guc_70.5.1.bin)');
    assert.equal(finding.fixes[0].preferred, true);
    assert.match(applied(files, UC, finding.fixes[0]), /guc_mmp\(adlp, 70, 5, 1\)/);
  });

  it('a major-only file older than wanted (WHENCE): the i915 notice', async () => {
    const finding = findingOn(await run(files), RULES.requestMissing, 'guc_maj(dg1,  70, 12, 1)');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.message, "the firmware tree's i915/dg1_guc_70.bin is 70.5.0 (WHENCE), older than the 70.12.1 guc_maj(dg1, 70, 12, 1) asks for: i915 loads it with the notice \"GuC firmware i915/dg1_guc_70.bin (70.12.1) is recommended, but only i915/dg1_guc_70.bin (70.5.0) was found\"");
  });

  it('a major-only file newer than wanted (WHENCE): information, and the fix recommends what the tree has', async () => {
    const finding = findingOn(await run(files), RULES.requestOlder, 'guc_maj(tgl,  70, 12, 1)');
    assert.equal(finding.message, "guc_maj(tgl, 70, 12, 1) recommends 70.12.1, but the firmware tree's i915/tgl_guc_70.bin is 70.49.4 (WHENCE)");
    assert.match(applied(files, UC, finding.fixes[0]), /guc_maj\(tgl, {2}70, 49, 4\)/);
  });

  it('a missing file with only older compatible releases: error with the notice i915 would print', async () => {
    const finding = findingOn(await run(files), RULES.requestMissing, 'guc_mmp(ehl,  70, 3, 0)');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, 'guc_mmp(ehl, 70, 3, 0) asks for i915/ehl_guc_70.3.0.bin, which the firmware tree (linux-firmware/) does not have; it only has older 70.x releases (newest i915/ehl_guc_70.1.1.bin, 70.1.1): loaded instead, i915 reports "GuC firmware i915/ehl_guc_70.3.0.bin (70.3.0) is recommended, but only i915/ehl_guc_70.1.1.bin (70.1.1) was found"');
    assert.equal(finding.fixes[0].preferred, undefined);
    assert.match(applied(files, UC, finding.fixes[0]), /guc_mmp\(ehl, {2}70, 1, 1\)/);
  });

  it('versionless HuC and GSC entries: present, or missing', async () => {
    const analysis = await run(files);
    const missing = findingOn(analysis, RULES.requestMissing, 'huc_gsc(mtl)');
    assert.equal(missing.message, 'huc_gsc(mtl) asks for i915/mtl_huc_gsc.bin, which the firmware tree (linux-firmware/) does not have; it has no HuC firmware for mtl in i915/');
    for (const entry of ['huc_raw(tgl)', 'huc_mmp(tgl,  7, 9, 3)', 'gsc_def(mtl, 1, 0)']) {
      const range = rangeOf(files, UC, entry);
      assert.deepEqual(analysis.findings.filter((f) => f.file === UC && JSON.stringify(f.range) === JSON.stringify(range)), [], entry);
    }
    assert.equal(analysis.findings.filter((f) => f.file === UC).length, 6);
  });

  it('hovers on a table number with the request, the tree answer and the rules', async () => {
    const analysis = await run(files);
    const hover = hoverAt(analysis, UC, rangeOf(files, UC, 'guc_maj(tgl,  70, 12, 1)', '12').start)!;
    assert.match(hover.markdown, /^\*\*i915 firmware request `guc_maj\(…\)`\*\* · TIGERLAKE/);
    assert.match(hover.markdown, /Asks for `i915\/tgl_guc_70\.bin`/);
    assert.match(hover.markdown, /Wants \*\*70\.12\.1\*\*: the file must have major 70 and a minor ≥ 12/);
    assert.match(hover.markdown, /Firmware tree linux-firmware\/: has `i915\/tgl_guc_70\.bin` — version 70\.49\.4 \(from its WHENCE Version\)/);
  });

  it('GuC numbers above 8 bits in a table entry', async () => {
    const text = UC_FW.replace('guc_mmp(adlp, 70, 1, 1)', 'guc_mmp(adlp, 70, 256, 1)');
    const analysis = await run({ ...files, [UC]: text });
    const finding = one(analysis, RULES.notEightBit);
    assert.deepEqual(finding.range, rangeOf({ [UC]: text }, UC, 'guc_mmp(adlp, 70, 256, 1)', '256'));
    assert.equal(finding.message, 'GuC minor 256: 256 does not fit in 8 bits; i915 rejects such a file ("GuC firmware: invalid file version: 0x46:100:01")');
  });
});

describe('firmware: DMC paths', () => {
  const DMC = 'drivers/gpu/drm/i915/display/intel_dmc.c';
  const text = `#define DMC_PATH(platform) \\
	"i915/" __stringify(platform) "_dmc.bin"

#define DMC_LEGACY_PATH(platform, major, minor) \\
	"i915/"					\\
	__stringify(platform) "_dmc_ver"	\\
	__stringify(major) "_"			\\
	__stringify(minor) ".bin"

#define XE3P_LPD_DMC_PATH		DMC_PATH(xe3p_lpd)
MODULE_FIRMWARE(XE3P_LPD_DMC_PATH);

#define DG2_DMC_PATH			DMC_LEGACY_PATH(dg2, 2, 8)
MODULE_FIRMWARE(DG2_DMC_PATH);

#define ADLP_DMC_PATH			DMC_PATH(adlp)
#define ADLP_DMC_FALLBACK_PATH		DMC_LEGACY_PATH(adlp, 2, 14)
`;
  const files = { [DMC]: text, ...bins('', ['i915/xe3p_lpd_dmc.bin', 'i915/dg2_dmc_ver2_08.bin', 'i915/adlp_dmc.bin', 'i915/adlp_dmc_ver2_14.bin', 'i915/adlp_dmc_ver2_16.bin']) };

  it('builds names from the digits as written, and fixes an unpadded minor', async () => {
    const analysis = await run(files);
    assert.deepEqual(declarations(analysis).filter((d) => d.file === DMC).map((d) => d.value), ['i915/xe3p_lpd_dmc.bin', 'i915/dg2_dmc_ver2_8.bin', 'i915/adlp_dmc.bin', 'i915/adlp_dmc_ver2_14.bin']);
    const finding = one(analysis, RULES.requestMissing);
    assert.deepEqual(finding.range, rangeOf(files, DMC, 'DMC_LEGACY_PATH(dg2, 2, 8)'));
    assert.equal(finding.message, 'DMC_LEGACY_PATH(dg2, 2, 8) asks for i915/dg2_dmc_ver2_8.bin, which the firmware tree (the workspace) does not have; it has i915/dg2_dmc_ver2_08.bin: the driver builds the name from the digits as written (__stringify), so write 2, 08');
    assert.match(applied(files, DMC, finding.fixes[0]), /DMC_LEGACY_PATH\(dg2, 2, 08\)/);
  });

  it('a legacy fallback older than the tree offers', async () => {
    const finding = one(await run(files), RULES.requestOlder);
    assert.equal(finding.message, 'DMC_LEGACY_PATH(adlp, 2, 14) asks for 2.14, but the firmware tree (the workspace) has the newer compatible 2.16 (i915/adlp_dmc_ver2_16.bin)');
    assert.match(applied(files, DMC, finding.fixes[0]), /DMC_LEGACY_PATH\(adlp, 2, 16\)/);
  });
});

describe('firmware: the xe table against the tree', () => {
  const XE = 'drivers/gpu/drm/xe/xe_uc_fw.c';
  const text = `#define XE_GUC_FIRMWARE_DEFS(fw_def, mmp_ver, major_ver)					\\
	fw_def(PANTHERLAKE,	GT_TYPE_ANY,	major_ver(xe,	guc,	ptl,	70, 54, 0))	\\
	fw_def(LUNARLAKE,	GT_TYPE_ANY,	major_ver(xe,	guc,	lnl,	70, 29, 2))	\\
	fw_def(PVC,		GT_TYPE_ANY,	mmp_ver(xe,	guc,	pvc,	70, 44, 1))	\\
	fw_def(TIGERLAKE,	GT_TYPE_ANY,	major_ver(i915,	guc,	tgl,	70, 49, 4))

#define XE_HUC_FIRMWARE_DEFS(fw_def, mmp_ver, no_ver)		\\
	fw_def(LUNARLAKE,	GT_TYPE_ANY,	no_ver(xe,	huc,		lnl))		\\
	fw_def(METEORLAKE,	GT_TYPE_ANY,	no_ver(i915,	huc_gsc,	mtl))

#define XE_GSC_FIRMWARE_DEFS(fw_def, major_ver)		\\
	fw_def(LUNARLAKE,	GT_TYPE_ANY,	major_ver(xe,	gsc,	lnl,	104, 1, 0))

#define fw_filename_mmp_ver(dir_, uc_, shortname_, a, b, c)			\\
	MAKE_FW_PATH(dir_, uc_, shortname_, "_" __stringify(a ## . ## b ## . ## c))
`;
  const WHENCE = `Driver: i915 - Intel Graphics driver

File: i915/tgl_guc_70.bin
Version: GuC API/APB ver 70.49.4 for Tigerlake

File: i915/mtl_huc_gsc.bin
Version: HuC API/APB ver 8.5.4 for Meteorlake

Driver: xe - Intel Graphics driver

File: xe/ptl_guc_70.bin
Version: GuC API/APB ver 70.50.0 for Pantherlake

File: xe/lnl_guc_70.bin
Version: GuC API/APB ver 70.72.1 for Lunarlake

File: xe/pvc_guc_70.45.2.bin
File: xe/lnl_huc.bin
File: xe/lnl_gsc_1.bin
Version: GSC API/APB v1.0, release 104.0.5.1429, SVN 1 for Lunarlake
`;
  const files = { [XE]: text, 'linux-firmware/WHENCE': WHENCE, ...bins('linux-firmware', ['i915/tgl_guc_70.bin', 'i915/mtl_huc_gsc.bin', 'xe/ptl_guc_70.bin', 'xe/lnl_guc_70.bin', 'xe/pvc_guc_70.45.2.bin', 'xe/lnl_huc.bin', 'xe/lnl_gsc_1.bin']) };

  it('reads mmp_ver, major_ver (GSC: the compatibility major) and no_ver', async () => {
    const analysis = await run(files);
    assert.deepEqual(declarations(analysis).filter((d) => d.file === XE).map((d) => [d.value, d.fields.rule]), [
      ['xe/ptl_guc_70.bin', 'major-minor'], ['xe/lnl_guc_70.bin', 'major-minor'], ['xe/pvc_guc_70.44.1.bin', 'exact'], ['i915/tgl_guc_70.bin', 'major-minor'],
      ['xe/lnl_huc.bin', 'path'], ['i915/mtl_huc_gsc.bin', 'path'], ['xe/lnl_gsc_1.bin', 'path'],
    ]);
  });

  it('a force-probe mmp_ver entry must match exactly: missing, fixed to the version the tree has', async () => {
    const analysis = await run(files);
    const finding = only(analysis, RULES.requestMissing).find((f) => f.severity === 'error')!;
    assert.equal(only(analysis, RULES.requestMissing).filter((f) => f.severity === 'error').length, 1);
    assert.deepEqual(finding.range, rangeOf(files, XE, 'mmp_ver(xe,\tguc,\tpvc,\t70, 44, 1)'));
    assert.equal(finding.message, 'mmp_ver(xe, guc, pvc, 70, 44, 1) asks for xe/pvc_guc_70.44.1.bin, which the firmware tree (linux-firmware/) does not have; its newest compatible file is xe/pvc_guc_70.45.2.bin (70.45.2)');
    assert.match(applied(files, XE, finding.fixes[0]), /mmp_ver\(xe,\tguc,\tpvc,\t70, 45, 2\)/);
  });

  it('xe notices and newer WHENCE versions', async () => {
    const analysis = await run(files);
    const warnings = analysis.findings.filter((f) => f.file === XE && f.severity === 'warning');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].message, "the firmware tree's xe/ptl_guc_70.bin is 70.50.0 (WHENCE), older than the 70.54.0 major_ver(xe, guc, ptl, 70, 54, 0) asks for: xe loads it with the notice \"GuC firmware (70.54.0) is recommended, but only (70.50.0) was found in xe/ptl_guc_70.bin\"");
    const older = only(analysis, RULES.requestOlder);
    assert.deepEqual(older.map((f) => f.message), ["major_ver(xe, guc, lnl, 70, 29, 2) recommends 70.29.2, but the firmware tree's xe/lnl_guc_70.bin is 70.72.1 (WHENCE)"]);
    assert.match(applied(files, XE, older[0].fixes[0]), /major_ver\(xe,\tguc,\tlnl,\t70, 72, 1\)/);
  });
});

describe('firmware: 2015–2019 driver sources', () => {
  const LOADER = 'drivers/gpu/drm/i915/intel_guc_loader.c';
  const HUC = 'drivers/gpu/drm/i915/intel_huc_fw.c';
  const GUC19 = 'drivers/gpu/drm/i915/intel_guc_fw.c';
  const files: Record<string, string> = {
    [LOADER]: `#define GUC_FW_PATH(platform, major, minor) \\
       "i915/" __stringify(platform) "_guc_ver" __stringify(major) "_" __stringify(minor) ".bin"

#define SKL_FW_MAJOR 6
#define SKL_FW_MINOR 1
#define I915_SKL_GUC_UCODE GUC_FW_PATH(skl, SKL_FW_MAJOR, SKL_FW_MINOR)
MODULE_FIRMWARE(I915_SKL_GUC_UCODE);

#define I915_KBL_GUC_UCODE GUC_FW_PATH(kbl, 9, 14)
#define I915_BXT_GUC_UCODE "i915/bxt_guc_ver8_7.bin"
`,
    [HUC]: `#define KBL_HUC_FW_MAJOR 02
#define KBL_HUC_FW_MINOR 00
#define KBL_BLD_NUM 1810

#define HUC_FW_PATH(platform, major, minor, bld_num) \\
	"i915/" __stringify(platform) "_huc_ver" __stringify(major) "_" \\
	__stringify(minor) "_" __stringify(bld_num) ".bin"

#define I915_KBL_HUC_UCODE HUC_FW_PATH(kbl, KBL_HUC_FW_MAJOR, \\
	KBL_HUC_FW_MINOR, KBL_BLD_NUM)
MODULE_FIRMWARE(I915_KBL_HUC_UCODE);
`,
    [GUC19]: `#define __MAKE_GUC_FW_PATH(KEY) \\
	"i915/" \\
	__stringify(KEY##_GUC_FW_PREFIX) "_guc_" \\
	__stringify(KEY##_GUC_FW_MAJOR) "." \\
	__stringify(KEY##_GUC_FW_MINOR) "." \\
	__stringify(KEY##_GUC_FW_PATCH) ".bin"

#define SKL_GUC_FW_PREFIX skl
#define SKL_GUC_FW_MAJOR 32
#define SKL_GUC_FW_MINOR 0
#define SKL_GUC_FW_PATCH 3
#define SKL_GUC_FIRMWARE_PATH __MAKE_GUC_FW_PATH(SKL)
MODULE_FIRMWARE(SKL_GUC_FIRMWARE_PATH);
`,
    ...bins('', ['i915/skl_guc_ver6_1.bin', 'i915/skl_guc_ver9_33.bin', 'i915/kbl_guc_ver9_39.bin', 'i915/bxt_guc_ver8_7.bin', 'i915/kbl_huc_ver02_00_1810.bin', 'i915/skl_guc_32.0.3.bin']),
  };

  it('follows #define numbers to where they are written', async () => {
    const analysis = await run(files);
    const paths = declarations(analysis).filter((d) => d.scheme === 'firmware' && d.file.endsWith('.c')).map((d) => d.value);
    assert.deepEqual(paths.sort(), ['i915/bxt_guc_ver8_7.bin', 'i915/kbl_guc_ver9_14.bin', 'i915/kbl_huc_ver02_00_1810.bin', 'i915/skl_guc_32.0.3.bin', 'i915/skl_guc_ver6_1.bin']);
    const skl = declarations(analysis).find((d) => d.value === 'i915/skl_guc_ver6_1.bin' && d.file === LOADER)!;
    assert.deepEqual(skl.sites.find((s) => s.role === 'MAJOR'), { file: LOADER, range: rangeOf(files, LOADER, 'SKL_FW_MAJOR 6', '6'), role: 'MAJOR' });
    const huc = declarations(analysis).find((d) => d.value === 'i915/kbl_huc_ver02_00_1810.bin' && d.file === HUC)!;
    assert.deepEqual(huc.sites.find((s) => s.role === 'BUILD')!.range, rangeOf(files, HUC, 'KBL_BLD_NUM 1810', '1810'));
    const skl19 = declarations(analysis).find((d) => d.value === 'i915/skl_guc_32.0.3.bin' && d.file === GUC19)!;
    assert.deepEqual(skl19.sites.find((s) => s.role === 'platform')!.range, rangeOf(files, GUC19, 'SKL_GUC_FW_PREFIX skl', 'skl'));
  });

  it('only the KBL GuC 9.14 is missing; the fix asks for 9.39', async () => {
    const analysis = await run(files);
    assert.deepEqual(analysis.findings.map((f) => f.code), [RULES.requestMissing]);
    const finding = analysis.findings[0];
    assert.equal(finding.message, 'GUC_FW_PATH(kbl, 9, 14) asks for i915/kbl_guc_ver9_14.bin, which the firmware tree (the workspace) does not have; its newest compatible file is i915/kbl_guc_ver9_39.bin (9.39)');
    assert.match(applied(files, LOADER, finding.fixes[0]), /GUC_FW_PATH\(kbl, 9, 39\)/);
  });
});

describe('firmware: v5.x tables and MODULE_FIRMWARE strings', () => {
  const UC5 = 'drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c';
  const files: Record<string, string> = {
    [UC5]: `#define INTEL_UC_FIRMWARE_DEFS(fw_def, guc_def, huc_def) \\
	fw_def(TIGERLAKE,   0, guc_def(tgl, 62, 0, 0), huc_def(tgl,  7, 5, 0)) \\
	fw_def(ICELAKE,     0, guc_def(icl, 62, 0, 0), huc_def(icl,  9, 0, 0))

MODULE_FIRMWARE("i915/tgl_guc_70.1.bin");
MODULE_FIRMWARE("i915/icl_guc_62.0.0.bin");
// MODULE_FIRMWARE("i915/commented_guc_1.bin");
`,
    ...bins('', ['i915/tgl_guc_62.0.0.bin', 'i915/tgl_huc_7.5.0.bin', 'i915/tgl_huc_7.9.3.bin', 'i915/icl_guc_62.0.0.bin', 'i915/icl_huc_9.0.0.bin']),
  };

  it('reads guc_def/huc_def rows and string literals, not comments', async () => {
    const analysis = await run(files);
    assert.deepEqual(declarations(analysis).filter((d) => d.file === UC5).map((d) => d.value), ['i915/tgl_guc_62.0.0.bin', 'i915/tgl_huc_7.5.0.bin', 'i915/icl_guc_62.0.0.bin', 'i915/icl_huc_9.0.0.bin', 'i915/tgl_guc_70.1.bin', 'i915/icl_guc_62.0.0.bin']);
  });

  it('a malformed name in a string literal, and a HuC entry older than the tree', async () => {
    const analysis = await run(files);
    const unknown = one(analysis, RULES.unknownName);
    assert.deepEqual(at(unknown), { file: UC5, range: rangeOf(files, UC5, '"i915/tgl_guc_70.1.bin"', 'tgl_guc_70.1.bin') });
    assert.match(unknown.message, /GuC major\.minor\.patch names need three numbers/);
    const older = one(analysis, RULES.requestOlder);
    assert.equal(older.message, 'huc_def(tgl, 7, 5, 0) asks for 7.5.0, but the firmware tree (the workspace) has the newer compatible 7.9.3 (i915/tgl_huc_7.9.3.bin)');
    assert.match(applied(files, UC5, older.fixes[0]), /huc_def\(tgl, {2}7, 9, 3\)/);
    assert.equal(analysis.findings.length, 2);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('firmware: the 2017 BASE.MAJOR.MINOR.PATCH proposal', () => {
  const WHENCE = `Driver: i915 - Intel Graphics driver

File: i915/skl_guc_ver1_1_0_0.bin
File: i915/skl_guc_ver1_1_0_1.bin
File: i915/skl_guc_ver1_1_1_0.bin
File: i915/skl_guc_ver1_1_2_3.bin
File: i915/skl_guc_ver1_2_1_0.bin
File: i915/skl_guc_ver2_3_0_0.bin
Link: i915/skl_guc_ver2.bin -> skl_guc_ver2_3_0_0.bin
File: i915/kbl_guc_ver1_0_0_0.bin
File: i915/kbl_guc_ver1_1_0_0.bin
File: i915/kbl_guc_ver1_1_1_0.bin
File: i915/kbl_guc_ver1_1_1_1.bin
File: i915/kbl_guc_ver1_1_0_3.bin
`;
  const TREE = ['skl_guc_ver1_1_0_0', 'skl_guc_ver1_1_0_1', 'skl_guc_ver1_1_1_0', 'skl_guc_ver1_1_2_3', 'skl_guc_ver1_2_1_0', 'skl_guc_ver2_3_0_0', 'kbl_guc_ver1_0_0_0', 'kbl_guc_ver1_1_0_0', 'kbl_guc_ver1_1_1_0', 'kbl_guc_ver1_1_1_1', 'kbl_guc_ver1_1_0_3'].map((n) => `i915/${n}.bin`);
  const LOADER = 'drivers/gpu/drm/i915/intel_guc_loader.c';
  const files: Record<string, string> = {
    'fw/WHENCE': WHENCE,
    ...bins('fw', TREE),
    [LOADER]: `#define I915_SKL_GUC_UCODE "i915/skl_guc_ver1_1_1_0.bin"
#define I915_SKL_GUC_UCODE_NEXT "i915/skl_guc_ver2_3_0_0.bin"
#define I915_SKL_GUC_UCODE_OLD "i915/skl_guc_ver1_1_0_0.bin"
#define I915_KBL_GUC_UCODE GUC_FW_PATH(kbl, 3, 1, 0, 0)
`,
  };
  const resets = (analysis: WorkspaceAnalysis) => only(analysis, RULES.baseReset);

  it('PATCH resets to 0 on a new MINOR', async () => {
    const finding = resets(await run(files)).find((f) => f.message.startsWith('skl_guc_ver1_1_2_3.bin'))!;
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.range, rangeOf(files, 'fw/WHENCE', 'skl_guc_ver1_1_2_3', '3'));
    assert.equal(finding.message, 'skl_guc_ver1_1_2_3.bin starts MINOR 1.2 of BASE 1 (the release before is skl_guc_ver1_1_1_0.bin), so PATCH must reset to 0: PATCH resets to 0 on a change of MINOR');
    assert.deepEqual(finding.related?.map((r) => r.range), [rangeOf(files, 'fw/WHENCE', 'i915/skl_guc_ver1_1_1_0.bin', 'skl_guc_ver1_1_1_0.bin')]);
    const rename = fixNamed(finding, /Rename/);
    assert.deepEqual(rename.renames, [{ from: 'fw/i915/skl_guc_ver1_1_2_3.bin', to: 'fw/i915/skl_guc_ver1_1_2_0.bin' }]);
  });

  it('MINOR resets to 0 on a new MAJOR', async () => {
    const finding = resets(await run(files)).find((f) => f.message.startsWith('skl_guc_ver1_2_1_0.bin'))!;
    assert.deepEqual(finding.range, rangeOf(files, 'fw/WHENCE', '_2_1_0', '1'));
    assert.equal(finding.message, 'skl_guc_ver1_2_1_0.bin starts MAJOR 2 of BASE 1 (the release before is skl_guc_ver1_1_2_3.bin), so MINOR must reset to 0 and PATCH to 0: MINOR resets to 0 on a change of MAJOR');
  });

  it('MAJOR resets to 1 on a new BASE, and MAJOR is never 0', async () => {
    const analysis = await run(files);
    const base2 = resets(analysis).find((f) => f.message.startsWith('skl_guc_ver2_3_0_0.bin'))!;
    assert.equal(base2.message, 'skl_guc_ver2_3_0_0.bin is the first release of BASE 2 for skl (BASE 1 came before), so it must be 2.1.0.0: MAJOR resets to 1 on a new BASE');
    assert.deepEqual(fixNamed(base2, /Rename/).renames, [{ from: 'fw/i915/skl_guc_ver2_3_0_0.bin', to: 'fw/i915/skl_guc_ver2_1_0_0.bin' }]);
    assert.match(applied(files, 'fw/WHENCE', fixNamed(base2, /Rename/)), /^Link: i915\/skl_guc_ver2\.bin -> skl_guc_ver2_1_0_0\.bin$/m);
    const zero = resets(analysis).find((f) => f.message.startsWith('kbl_guc_ver1_0_0_0.bin'))!;
    assert.match(zero.message, /MAJOR starts at 1 in every BASE/);
    // A fix-only branch (1.1.0.3 after 1.1.1.x exists) keeps PATCH semantics: no finding.
    assert.equal(resets(analysis).filter((f) => f.message.includes('kbl_guc_ver1_1_0_3') || f.message.startsWith('kbl_guc_ver1_1_1')).length, 0);
    assert.equal(resets(analysis).length, 4);
  });

  it('never orders releases of different BASEs: a "latest" link, a driver naming both, and no cross-BASE substitute', async () => {
    const analysis = await run(files);
    const cross = only(analysis, RULES.crossBase);
    const link = cross.find((f) => f.file === 'fw/WHENCE')!;
    assert.deepEqual(link.range, rangeOf(files, 'fw/WHENCE', '-> skl_guc_ver2_3_0_0.bin', 'skl_guc_ver2_3_0_0.bin'));
    assert.equal(link.message, 'Link i915/skl_guc_ver2.bin makes skl_guc_ver2_3_0_0.bin the release to load for skl, but skl has releases of BASE 1 and BASE 2: releases from different BASEs cannot be compared, so none of them is the latest');
    const driver = cross.find((f) => f.file === LOADER)!;
    assert.deepEqual(driver.range, rangeOf(files, LOADER, 'skl_guc_ver2_3_0_0', '2'));
    assert.match(driver.message, /releases from different BASEs cannot be compared, so no order between them is meaningful$/);
    assert.equal(cross.length, 2);
    const kbl = only(analysis, RULES.requestMissing).find((f) => f.file === LOADER)!;
    assert.equal(kbl.message, 'GUC_FW_PATH(kbl, 3, 1, 0, 0) asks for i915/kbl_guc_ver3_1_0_0.bin, which the firmware tree (fw/) does not have; it has kbl releases of BASE 1 only, and releases from different BASEs cannot be compared, so none of them can stand in for BASE 3');
    assert.deepEqual(kbl.fixes, []);
  });

  it('the newest compatible release stays within BASE and MAJOR', async () => {
    const analysis = await run(files);
    const older = only(analysis, RULES.requestOlder);
    assert.deepEqual(older.map((f) => f.message), [
      '"i915/skl_guc_ver1_1_1_0.bin" asks for 1.1.1.0, but the firmware tree (fw/) has the newer compatible 1.1.2.3 (i915/skl_guc_ver1_1_2_3.bin)',
      '"i915/skl_guc_ver1_1_0_0.bin" asks for 1.1.0.0, but the firmware tree (fw/) has the newer compatible 1.1.2.3 (i915/skl_guc_ver1_1_2_3.bin)',
    ]);
    assert.match(applied(files, LOADER, older[0].fixes[0]), /^#define I915_SKL_GUC_UCODE "i915\/skl_guc_ver1_1_2_3\.bin"$/m);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('firmware: which tree, which files', () => {
  const UC_FILES = { [UC]: UC_FW };

  it('reads WHENCE and the driver sources by name, never every C file of a kernel tree, never a .bin', () => {
    const yes = ['WHENCE', 'linux-firmware/WHENCE', 'drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c', 'intel_dmc.c', 'drivers/gpu/drm/xe/xe_uc_fw.c', 'old/intel_guc_loader.c', 'drivers/gpu/drm/i915/intel_huc_fw.c',
      'drivers/gpu/drm/i915/gt/uc/intel_guc_submission.c', 'drivers/gpu/drm/xe/xe_guc_ct.h', 'drivers/gpu/drm/i915/gt/uc/intel_gsc_fw.c', 'drivers/gpu/drm/i915/display/intel_dmc_regs.h'];
    const no = ['drivers/gpu/drm/i915/i915_drv.c', 'drivers/gpu/drm/amd/display/dmcub.c', 'src/guc.c', 'linux-firmware/i915/tgl_guc_70.bin', 'drivers/gpu/drm/i915/gt/uc/intel_uc_fw.o', 'WHENCE.md'];
    for (const path of yes) assert.equal(firmwareScheme.isCandidate(path), true, path);
    for (const path of no) assert.equal(firmwareScheme.isCandidate(path), false, path);
  });

  it('a configured workspace-relative tree, including a flat folder of .bin files', async () => {
    const files = { ...UC_FILES, ...bins('release/firmware', ['adlp_guc_70.1.1.bin', 'adlp_guc_70.9.0.bin']), ...bins('linux-firmware', ['i915/adlp_guc_70.1.1.bin']) };
    const analysis = await run(files, { firmware: { tree: './release/firmware' } });
    const older = only(analysis, RULES.requestOlder);
    assert.equal(older.length, 1);
    assert.match(older[0].message, /has the newer compatible 70\.9\.0 \(i915\/adlp_guc_70\.9\.0\.bin\)$/);
    assert.match(older[0].message, /the firmware tree \(release\/firmware\/ \(as i915\/\)\)/);
  });

  it('says so when the configured tree is absolute, and uses the one in the workspace', async () => {
    const files = { ...UC_FILES, 'linux-firmware/WHENCE': UC_TREE_WHENCE, ...bins('linux-firmware', UC_TREE) };
    const analysis = await run(files, { firmware: { tree: '/lib/firmware' } });
    assert.ok(analysis.notes.some((n) => n.startsWith("The firmware tree '/lib/firmware' (setting firmware.tree) is an absolute path: Versionwise sees only the files of the workspace, so it cannot list that tree.")));
    assert.ok(analysis.notes.includes('Driver tables are checked against the firmware tree found in the workspace, linux-firmware/.'));
    assert.ok(only(analysis, RULES.requestMissing).length > 0);
  });

  it('prefers the tree with a WHENCE and says which one when there are several', async () => {
    const files = { ...UC_FILES, 'linux-firmware/WHENCE': UC_TREE_WHENCE, ...bins('linux-firmware', UC_TREE), ...bins('other', ['i915/adlp_guc_70.9.9.bin']), ...bins('third', ['i915/dg1_guc_70.bin']), 'third/WHENCE': 'File: i915/dg1_guc_70.bin\n' };
    const analysis = await run(files);
    assert.ok(analysis.notes.includes('Several firmware trees are in the workspace (linux-firmware/, third/): driver tables are checked against linux-firmware/; set firmware.tree to choose another.'));
  });

  it('with no tree, driver tables are declared and checked on their own, with a note', async () => {
    const analysis = await run(UC_FILES);
    assert.deepEqual(analysis.findings, []);
    assert.equal(declarations(analysis).length, 9);
    assert.ok(analysis.notes.some((n) => n.startsWith('Firmware requests in the driver sources were not checked against a firmware tree')));
  });

  it('a tree that is the workspace itself', async () => {
    const analysis = await run({ WHENCE: 'File: i915/tgl_guc_70.bin\nVersion: GuC API/APB ver 70.49.4 for Tigerlake\n', 'i915/tgl_guc_70.bin': BIN, 'i915/extra_guc_70.bin': BIN });
    assert.deepEqual(analysis.findings.map((f) => [f.code, f.file]), [[RULES.notInWhence, 'i915/extra_guc_70.bin']]);
  });

  it('stays linear on a 100,000-path listing and reads none of its .bin files', async () => {
    const files: Record<string, string> = { [UC]: UC_FW };
    const whence: string[] = ['Driver: i915 - Intel Graphics driver', ''];
    for (let i = 0; i < 95_000; i++) files[`src/module${i % 500}/file${i}.c`] = '';
    for (let i = 0; i < 5_000; i++) {
      const rel = `i915/p${i % 50}_guc_70.${Math.floor(i / 50)}.${i % 7}.bin`;
      files[`linux-firmware/${rel}`] = BIN;
      whence.push(`File: ${rel}`, `Version: GuC API/APB ver 70.${Math.floor(i / 50)}.${i % 7}`, '');
    }
    files['linux-firmware/WHENCE'] = whence.join('\n');
    const started = Date.now();
    const analysis = await run(files);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 8000, `${elapsed} ms`);
    assert.equal(analysis.texts.size, 2);
    assert.equal(declarations(analysis).filter((d) => d.file === 'linux-firmware/WHENCE').length, 5000);
  });
});
