import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { checkJson, checkSarif, checkText } from '../../server/src/cli/output';
import type { Finding } from '../../server/src/core/model';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { compareRanges, LineIndex, type Range } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { explainValue, knownSchemeIds } from '../../server/src/features/explain';
import { hoverAt } from '../../server/src/features/hover';
import { reportMarkdown } from '../../server/src/features/report';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { libtoolScheme } from '../../server/src/schemes/libtool';
import { applyEditsToText } from '../helpers/workspace';
import { anyText, CAMPAIGN, checkAsync, formatText, MemoryBaselines, timeoutFor, tokenText } from './fuzzSupport';

/**
 * The whole service with ALL schemes over generated in-memory workspaces: every kind of file a scheme
 * reads, near-valid and mutated, with and without a last release to compare with. Nothing may throw or
 * hang, and what comes back must be usable: findings and sites inside their files, fixes that apply,
 * hovers and explanations that answer, the CLI's formats that serialise, and the same answer twice.
 */

// ---------------------------------------------------------------------------------------------------------
// Files of every scheme: seeds (real-looking) and tokens (what their parsers look for).

const KINDS: Record<string, { paths: readonly string[]; seeds: readonly string[]; tokens: readonly string[] }> = {
  configure: {
    paths: ['configure.ac', 'configure.in', 'lib/configure.ac'],
    seeds: [
      'AC_INIT([widget], [2.4.1])\nG_CURRENT=3\nG_AGE=4\nAC_SUBST(G_CURRENT)\nAC_SUBST(G_AGE)\n',
      'AC_INIT([libfoo], [1.0])\nAC_SUBST([FOO_LT], [1:0:0])\nm4_define([lt_current], [6])\nm4_define([lt_revision], [0])\nm4_define([lt_age], [2])\nAC_SUBST([LT_VERSION], [lt_current:lt_revision:lt_age])\nm4_include([m4/version.m4])\n',
      'AC_INIT([libvmod-foo], [1.14+6.0])\nVARNISH_PREREQ([6.0])\nVARNISH_VMODS([foo])\n',
      'AC_INIT([pmix], m4_esyscmd_s([config/pmix_get_version.sh VERSION --tarball]), [https://github.com/pmix/pmix/issues], [pmix])\n',
      'dnl Process this file with autoconf\r\nAC_INIT([foo],\r\n        [1.2.3])\r\nLT_CURRENT=`cat libtool-version`\r\nX=$((LT_CURRENT + 1))\r\n',
    ],
    tokens: ['AC_INIT(', 'AC_SUBST(', 'm4_define(', 'AC_ARG_ENABLE(', '[', ']', '(', ')', ',', 'LT_CURRENT=', '$LT_CURRENT', '${LT_AGE}', '$((1+2))', '`cat VERSION`', 'dnl ', '# ', '\n', '2.4.1', '6:0:2', 'VARNISH_PREREQ(', 'm4_include([m4/version.m4])'],
  },
  makefile: {
    paths: ['Makefile.am', 'src/Makefile.am', 'lib/Makefile.am', 'src/sub.am'],
    seeds: [
      'lib_LTLIBRARIES = libgadget.la libwidget.la\nlibgadget_la_LDFLAGS = -version-info $(G_CURRENT):0:$(G_AGE)\nlibwidget_la_LDFLAGS = -version-info 7:2:3\n',
      'include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info $(FOO_LT) -export-symbols foo.sym\n',
      'include_HEADERS = widget.h\nlib_LTLIBRARIES = libwidget.la\nlibwidget_la_SOURCES = widget.c\nif DEBUG\nlibwidget_la_LDFLAGS = -version-info @LT_VERSION@ -release 2.4\nelse\nlibwidget_la_LDFLAGS = -version-number 2:4:1 -avoid-version\nendif\nnoinst_LTLIBRARIES = libconv.la\nlibconv_la_LDFLAGS = -version-info 1:0:0\ninclude sub.am\n',
    ],
    tokens: ['lib_LTLIBRARIES = ', 'libfoo.la', 'libfoo_la_LDFLAGS = ', '+= ', '-version-info ', '-version-number ', '-release ', '-avoid-version', '-export-symbols-regex ', "'^foo_'", '-Wl,--version-script=foo.map', '$(LT_VERSION)', '@LT_VERSION@', 'if X\n', 'endif\n', '\\\n', '\n', '7:2:3', '3:0:4'],
  },
  autotoolsSide: {
    paths: ['m4/version.m4', 'libtool-version', 'VERSION', 'acinclude.m4'],
    seeds: ['# C:R:A\n7:2:3\n', 'major=5\nminor=0\nrelease=10\ngreek=rc1\nrepo_rev=v5.0.10\nlibpmix_so_version=25:0:23\n', 'm4_define([lt_current], [7])\nAC_DEFUN([FOO_INIT], [AC_SUBST([FOO_LT], [7:0:1])])\n'],
    tokens: ['major=', 'minor=', 'release=', 'greek=', 'libpmix_so_version=', '=', '#', '\n', ':', 'm4_define(['],
  },
  headers: {
    paths: ['foo.h', 'widget.h', 'include/foo.h', 'src/widget.h'],
    seeds: [
      'int foo_open(const char *path);\n',
      '#define FOO_API\nFOO_API int widget_open(const char *path, int flags);\nFOO_API void widget_reset(void);\ntypedef struct widget { int a; } widget_t;\nenum { WIDGET_A = 1, WIDGET_B };\nextern const char *widget_version;\n',
    ],
    tokens: ['int ', 'void ', 'foo_', '(', ')', ';', '{', '}', '*', 'const ', 'FOO_API ', '#define ', '\n', 'struct ', 'enum ', 'typedef '],
  },
  symbols: {
    paths: ['foo.sym', 'foo.map', 'foo.def', 'libfoo.vers'],
    seeds: ['foo_open\nfoo_close\n', 'FOO_1 {\n global: foo_*;\n local: *;\n};\n', 'EXPORTS\n foo_open @1\n'],
    tokens: ['{', '}', ';', 'global:', 'local:', '*', 'EXPORTS', 'foo_open', '\n', '['],
  },
  npm: {
    paths: ['package.json', 'packages/a/package.json', 'packages/b/package.json', 'pnpm-workspace.yaml', '.yarnrc.yml'],
    seeds: [
      '{\n  "name": "foo",\n  "version": "1.2.3",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n',
      '{ "name": "a", "version": "v1.0", "dependencies": { "b": "^2.0.0", "foo": "workspace:*" } }',
      '{ "name": "b", "version": "2.1.0-rc.01", "peerDependencies": { "a": ">=1.0.0 <2" } }',
      'packages:\n  - "packages/*"\n  - "!packages/skip"\n',
    ],
    tokens: ['{', '}', '"', ':', ',', '"version"', '"1.2.3"', '"workspaces"', '"dependencies"', '"workspace:^"', '^', '~', '>=', 'packages:', '  - ', '\n'],
  },
  release: {
    paths: ['meson.build', 'CMakeLists.txt', 'foo.spec', 'debian/changelog', 'CHANGELOG.md', 'NEWS', 'NEWS.md', 'CHANGES', 'version.txt'],
    seeds: [
      "project('foo', 'c', version: '1.2.4')\n",
      "project('foo', 'c', version: files('VERSION'))\n",
      'cmake_minimum_required(VERSION 3.16)\nproject(Foo\n  LANGUAGES C\n  VERSION 1.2.3.4\n  DESCRIPTION "The foo library 9.9.9")\nset(FOO_VERSION "2.0.1")\n',
      '%global version 1.2.3\nName: foo\nVersion: %{version}\nRelease: 1%{?dist}\n\n%changelog\n* Tue Apr 30 2013 Jane <j@example.org> - 0.1-1\n',
      'foo (1:1.2.3-1~bpo12+1) bookworm-backports; urgency=medium\n\n  * Rebuild.\n\n -- Jane Doe <jane@example.org>  Wed, 30 Sep 2015 17:20:00 +0200\n',
      '# Changelog\n\n## [Unreleased]\n\n## [1.2.4] - 2024-01-31\n\n## v1.2.3\n',
      '* Noteworthy changes in release 2.12.1 (2023-05-01) [stable]\n',
    ],
    tokens: ['project(', 'VERSION ', 'version: ', "'", '"', ')', 'Version: ', '%{version}', '%global ', '## [', '] - ', '(', ') unstable; urgency=low\n', '\n', '1.2.3', 'v1.2.4', '1.2.3~rc1', '2.0.0-beta.2'],
  },
  firmware: {
    paths: ['WHENCE', 'linux-firmware/WHENCE', 'drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c', 'drivers/gpu/drm/xe/xe_uc_fw.c', 'drivers/gpu/drm/i915/display/intel_dmc.c'],
    seeds: [
      'Driver: i915 - Intel Graphics driver\n\nFile: i915/skl_dmc_ver1_26.bin\nFile: i915/skl_dmc_ver1_27.bin\nLink: i915/skl_dmc_ver1.bin -> skl_dmc_ver1_26.bin\nVersion: DMC API/ABI ver 1 - release 27 for Skylake\n\nFile: i915/tgl_guc_70.1.1.bin\nVersion: GuC API/APB ver 70.1.1 for Tigerlake\n',
      '#define INTEL_GUC_FIRMWARE_DEFS(fw_def, guc_maj, guc_mmp) \\\n\tfw_def(METEORLAKE, 0, guc_maj(mtl, 70, 12, 1)) \\\n\tfw_def(TIGERLAKE, 0, guc_mmp(tgl, 70, 1, 1))\nMODULE_FIRMWARE("i915/tgl_huc.bin");\n',
      'fw_def(LUNARLAKE, GT_TYPE_ANY, major_ver(xe, guc, lnl, 70, 29, 2))\nfw_def(PVC, GT_TYPE_ANY, mmp_ver(xe, guc, pvc, 70, 44, 1))\n',
    ],
    tokens: ['File: ', 'Link: ', 'Version: ', 'i915/', 'xe/', 'tgl_guc_70.bin', '_guc_', '_huc', '_dmc_ver', '.bin', 'fw_def(', 'guc_maj(', 'mmp_ver(', ', ', ')', '\n'],
  },
  firmwareTree: {
    paths: ['i915/tgl_guc_70.bin', 'i915/tgl_guc_70.1.1.bin', 'i915/skl_dmc_ver1_27.bin', 'i915/skl_dmc_ver1.bin', 'xe/lnl_guc_70.bin', 'i915/tgl_guc70.bin', 'i915/TGL_HUC.bin', 'xe/bmg_gsc_1.bin'],
    seeds: [''],
    tokens: [''],
  },
  vmod: {
    paths: ['vmod_foo.vcc', 'src/vmod_foo.vcc', 'vmod-foo.spec', 'README.md', 'README.rst', 'debian/changelog'],
    seeds: ['$Module foo 3 "Foo VMOD"\n$ABI vrt\n$Function STRING hello()\n', 'Name:           vmod-foo\nVersion:        1.14+4_0\nRelease:        1%{?dist}\n', 'Download [1.9](https://example.com/libvmod-foo-1.9+4.0.tar.gz) or libvmod-foo-1.2+7.0.tar.gz.\n', 'vmod-foo (1.13+4.0-2) unstable; urgency=low\n'],
    tokens: ['$Module ', '$ABI ', 'vrt', 'strict', 'libvmod-foo-', '+', '4.0', '.tar.gz', '\n'],
  },
  pmix: {
    paths: ['VERSION', 'docs/versions.rst', 'docs/install.rst', 'snapshots/pmix-master-201813010241-ab12cd3.tar.bz2', 'NEWS'],
    seeds: ['major=5\nminor=0\nrelease=11\ngreek=\nlibpmix_so_version=25:0:23\n', 'a snapshot tarball filename of ``pmix-v1.0.2-57-gb9f1fd9.tar.bz2``\nv5.0.0rc4\n', '5.0.11 -- 3 March 2025\n----------------------\n'],
    tokens: ['greek=', 'rc', 'a1', 'b2', 'pmix-v', '-57-g', '.tar.bz2', 'v5.0.0', '\n'],
  },
  migration: {
    paths: ['gvt.migration', 'conf/gvt.desc', 'mdev_supported_types/i915-GVTg_V5_2/migration_version', 'mdev_supported_types/i915-GVTg_V5_2/migration_compatible'],
    seeds: [
      'SELF:\n    device_type=pci\n    mdev_type=i915-GVTg_V5_2\n    pv_mode="none+ppgtt+context"\n    software_version=0.2.0\nCOMPATIBLE:\n    mdev_type=i915-GVTg_V5_{val1:int:1,2,4,8}\n    pv_mode={val2:string:"none+ppgtt","none+ppgtt+context"}\n    software_version=0.1.0\n',
      'interface_version=2.1.3\ninterface_version_compatible=2.0.2-2.0.4,2.1.0-,1.9.0-2.0.0\n',
      '0.1.0\n',
    ],
    tokens: ['SELF:', 'COMPATIBLE:', 'software_version=', '=', '{', '}', ',', 'val1:int:', '"', '0.1.0', '\n'],
  },
  config: {
    paths: ['.versionwise.json'],
    seeds: [
      '{ "schemes": { "firmware": false }, "severity": { "libtool/version-number": "off" }, "exclude": ["third_party/**"], "migration": { "files": ["conf/*.desc"] }, "interfaces": { "headers": ["include/*.h"] } }\n',
      '{ "suppressions": [{ "rule": "libtool/age-exceeds-current", "file": "configure.ac", "text": "4", "justification": "upstream" }], "baseline": { "tagPattern": "^v(" } }\n',
      '{ "firmware": { "tree": "linux-firmware" }, "libtool": { "dialect": "2.6" } }\n',
    ],
    tokens: ['{', '}', '[', ']', '"', ':', ',', '"exclude"', '"**/*"', '"+(a|+(b))"', '"schemes"', 'false', '"off"'],
  },
  typescript: {
    paths: ['src/index.ts', 'packages/a/src/index.ts'],
    seeds: ['export function parseRange(text: string): [number, number] {\n  const [a, b] = text.split("-").map(Number);\n  return [a, b];\n}\nexport const VERSION = 1;\n'],
    tokens: ['export ', 'function ', 'const ', 'interface ', 'type ', '(', ')', '{', '}', ':', 'string', 'number', ';', '\n'],
  },
};

/** One file of a kind: its path, and near-valid content. */
function fileOf(kind: string): fc.Arbitrary<[string, string]> {
  const { paths, seeds, tokens } = KINDS[kind];
  return fc.tuple(fc.constantFrom(...paths), kind === 'firmwareTree' ? fc.constant('') : formatText(seeds, tokens));
}

/** A workspace: a few files of a few kinds, occasionally noise under any name. */
const workspace: fc.Arbitrary<Record<string, string>> = fc
  .array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...Object.keys(KINDS)).chain(fileOf) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...Object.values(KINDS).flatMap((k) => k.paths)), anyText(80)) }), { minLength: 1, maxLength: 10 })
  .map((entries) => Object.fromEntries(entries));

/** The same workspace at a last release: some files changed, some gone. */
function withBaseline(files: Record<string, string>): fc.Arbitrary<{ now: Record<string, string>; then: Record<string, string> }> {
  const paths = Object.keys(files);
  return fc.tuple(fc.subarray(paths), fc.array(fc.tuple(fc.constantFrom(...paths), tokenText(['1', '0', ':', '.', 'int foo_new(void);\n', '7:0:0', '\n'], 4)), { maxLength: 3 })).map(([kept, changes]) => {
    const then: Record<string, string> = {};
    for (const path of kept) then[path] = files[path];
    for (const [path, text] of changes) then[path] = (then[path] ?? '') + text;
    return { now: files, then };
  });
}

/**
 * Coherent projects of each scheme at two releases (the working tree and the last release), varied where a
 * release varies: the declared interface, the version numbers, the feature sets. These reach the bump
 * rules, interface reports and next-version fixes that loose files rarely do.
 */
const C_DECLARATIONS = ['int foo_open(const char *path);', 'int foo_open(const char *path, int flags);', 'void foo_close(int fd);', 'extern const char *foo_version;', 'typedef struct foo { int a; } foo_t;', 'typedef struct foo { int a; long b; } foo_t;', 'enum foo_mode { FOO_READ = 1, FOO_WRITE };', 'FOO_API int foo_reset(void);', '#define FOO_API'];
const TS_DECLARATIONS = ['export function parseRange(text: string): [number, number] { return [0, 0]; }', 'export function parseRange(text: string, strict: boolean): [number, number] { return [0, 0]; }', 'export const VERSION = 1;', 'export interface Range { from: number; to: number }', 'export interface Range { from: number }', 'export type Mode = "a" | "b";', 'function internal(): void {}', '/** @internal */\nexport function debugDump(): void {}'];
const triple = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 12 })).map(([c, r, a]) => `${c}:${r}:${a}`);
const dotted = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map((n) => n.join('.'));

const releases: fc.Arbitrary<{ now: Record<string, string>; then: Record<string, string> }> = fc.oneof(
  // libtool: installed headers and C:R:A, both varied
  fc.tuple(triple, triple, fc.subarray(C_DECLARATIONS), fc.subarray(C_DECLARATIONS), fc.boolean(), fc.constantFrom('', ' -export-symbols foo.sym', ' -export-symbols-regex \'^foo_\'')).map(([v1, v0, h1, h0, split, symbols]) => {
    const files = (version: string, header: string[]) => {
      const [c, r, a] = version.split(':');
      return {
        'configure.ac': split ? `AC_INIT([libfoo], [1.0])\nLT_CURRENT=${c}\nLT_REVISION=${r}\nLT_AGE=${a}\nAC_SUBST(LT_CURRENT)\nAC_SUBST(LT_REVISION)\nAC_SUBST(LT_AGE)\n` : `AC_INIT([libfoo], [1.0])\nAC_SUBST([FOO_LT], [${version}])\n`,
        'Makefile.am': `include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info ${split ? '$(LT_CURRENT):$(LT_REVISION):$(LT_AGE)' : '$(FOO_LT)'}${symbols}\n`,
        'foo.h': `${header.join('\n')}\n`,
        'foo.c': `/* ${header.length} */\n`,
        'foo.sym': 'foo_open\nfoo_close\n',
      };
    };
    return { now: files(v1, h1), then: files(v0, h0) };
  }),
  // semver with a TypeScript API
  fc.tuple(dotted, dotted, fc.subarray(TS_DECLARATIONS), fc.subarray(TS_DECLARATIONS)).map(([v1, v0, d1, d0]) => {
    const files = (version: string, declarations: string[]) => ({
      'package.json': `{\n  "name": "range-kit",\n  "version": "${version}",\n  "types": "./dist/index.d.ts",\n  "main": "./dist/index.js"\n}\n`,
      'src/index.ts': `${declarations.join('\n')}\n`,
    });
    return { now: files(v1, d1), then: files(v0, d0) };
  }),
  // release version in several places
  fc.tuple(dotted, dotted, dotted).map(([a, b, c]) => ({
    now: { 'configure.ac': `AC_INIT([foo], [${a}])\n`, NEWS: `foo ${b}\n`, 'meson.build': `project('foo', version: '${c}')\n`, 'CHANGELOG.md': `## [${b}] - 2024-01-31\n` },
    then: { 'configure.ac': `AC_INIT([foo], [${c}])\n`, NEWS: `foo ${c}\n` },
  })),
  // migration feature sets
  fc.tuple(dotted, dotted, fc.subarray(['none', 'ppgtt', 'context', 'dmabuf']), fc.subarray(['none', 'ppgtt', 'context', 'dmabuf'])).map(([v1, v0, f1, f0]) => {
    const text = (version: string, features: string[]) => `SELF:\n  software_version=${version}\n  pv_mode="${features.join('+')}"\nCOMPATIBLE:\n  software_version=${v0}\n  pv_mode={val1:string:"${f0.join('+')}"}\n`;
    return { now: { 'gvt.migration': text(v1, f1) }, then: { 'gvt.migration': text(v0, f0) } };
  }),
  // PMIx VERSION and its library version
  fc.tuple(dotted, dotted, triple, triple, fc.constantFrom('', 'rc1', 'a1', 'b2')).map(([v1, v0, so1, so0, greek]) => {
    const text = (version: string, so: string, g: string) => { const [major, minor, release] = version.split('.'); return `major=${major}\nminor=${minor}\nrelease=${release}\ngreek=${g}\nlibpmix_so_version=${so}\n`; };
    return { now: { VERSION: text(v1, so1, greek), 'configure.ac': 'AC_INIT([pmix], [m4_esyscmd_s([config/pmix_get_version.sh VERSION])])\n' }, then: { VERSION: text(v0, so0, '') } };
  }),
  // vmod versions and ABI
  fc.tuple(dotted, dotted, fc.constantFrom('vrt', 'strict'), fc.constantFrom('vrt', 'strict')).map(([v1, v0, abi1, abi0]) => ({
    now: { 'configure.ac': `AC_INIT([libvmod-foo], [${v1}+6.0])\nVARNISH_PREREQ([6.0])\n`, 'vmod_foo.vcc': `$Module foo 3 "Foo"\n$ABI ${abi1}\n` },
    then: { 'configure.ac': `AC_INIT([libvmod-foo], [${v0}+6.0])\nVARNISH_PREREQ([6.0])\n`, 'vmod_foo.vcc': `$Module foo 3 "Foo"\n$ABI ${abi0}\n` },
  })),
  // a firmware tree and a driver asking for names
  fc.tuple(fc.subarray(KINDS.firmwareTree.paths as string[]), fc.integer({ min: 60, max: 72 })).map(([bins, major]) => {
    const now: Record<string, string> = { WHENCE: `Driver: i915 - Intel Graphics driver\n\n${bins.map((b) => `File: ${b}`).join('\n')}\nVersion: GuC API/APB ver ${major}.1.1 for Tigerlake\n`, 'drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c': `fw_def(TIGERLAKE, 0, guc_maj(tgl, ${major}, 1, 1))\n` };
    for (const b of bins) now[b] = '';
    return { now, then: { ...now } };
  }),
);

// ---------------------------------------------------------------------------------------------------------
// What every analysis must satisfy.

function assertRangeIn(text: string, range: Range, what: string): void {
  const lines = new LineIndex(text);
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lines.lineCount && position.character >= 0, `${what}: ${JSON.stringify(range)} outside ${lines.lineCount} lines`);
    assert.deepEqual(lines.positionAt(lines.offsetAt(position)), position, `${what}: ${JSON.stringify(position)} is past its line`);
  }
  assert.ok(compareRanges({ start: range.start, end: range.start }, { start: range.end, end: range.end }) <= 0, `${what}: range ends before it starts`);
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A place in a file the analysis read, or the zero range of a listed file it never reads (firmware binaries). */
function assertPlace(analysis: WorkspaceAnalysis, files: Record<string, string>, file: string, range: Range, what: string): void {
  assert.ok(file in files, `${what}: ${file} is not in the workspace`);
  const text = analysis.texts.get(file);
  if (text === undefined) assert.deepEqual(range, ZERO, `${what}: a place in ${file}, which was not read`);
  else assertRangeIn(text, range, `${what} in ${file}`);
}

function assertUsable(analysis: WorkspaceAnalysis, files: Record<string, string>): void {
  assert.deepEqual(analysis.skippedFiles, []);
  for (const finding of analysis.findings) {
    assertPlace(analysis, files, finding.file, finding.range, finding.code);
    assert.ok(finding.message.length > 0);
    for (const related of finding.related ?? []) assertPlace(analysis, files, related.file, related.range, `${finding.code} related`);
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) assertPlace(analysis, files, edit.file, edit.range, `fix '${fix.title}'`);
      for (const [file, text] of Object.entries(files)) applyEditsToText(text, fix.edits.filter((e) => e.file === file));
    }
  }
  for (let i = 1; i < analysis.findings.length; i++) {
    const [a, b] = [analysis.findings[i - 1], analysis.findings[i]];
    assert.ok(a.file < b.file || (a.file === b.file && compareRanges(a.range, b.range) <= 0), 'findings are sorted by file and position');
  }
  for (const analyzed of analysis.declarations) {
    const d = analyzed.declaration;
    if (d.file in files) assertPlace(analysis, files, d.file, d.range, `${d.scheme} declaration`);
    for (const site of d.sites) {
      assertPlace(analysis, files, site.file, site.range, `${d.scheme} site ${site.role}`);
      if (analysis.texts.has(site.file)) hoverAt(analysis, site.file, site.range.start);
    }
    assert.equal(typeof analyzed.explain(), 'string');
    for (const bump of analyzed.bumps ?? []) for (const edit of bump.edits) assertPlace(analysis, files, edit.file, edit.range, `bump '${bump.title}'`);
    if (analyzed.report) reportMarkdown(analyzed.report, (file, range) => `${file}#${range.start.line}`);
  }
  JSON.parse(checkJson(analysis));
  JSON.parse(checkSarif(analysis, '0.0.0', 'https://example.invalid', () => undefined));
  checkText(analysis, false);
}

const summary = (analysis: WorkspaceAnalysis) => JSON.stringify({ findings: analysis.findings, declarations: analysis.declarations.map((d) => d.declaration), notes: analysis.notes });

/** Everything an analysis tells the user: findings, declarations with their hovers, bumps, reports and fixes, notes. */
const everything = (analysis: WorkspaceAnalysis) => JSON.stringify({
  findings: analysis.findings,
  declarations: analysis.declarations.map((d) => ({ declaration: d.declaration, explain: d.explain(), bumps: d.bumps, report: d.report, nextFix: d.nextFix })),
  notes: analysis.notes,
  skipped: analysis.skippedFiles,
  baselineRef: analysis.baselineRef,
  suppressed: analysis.suppressed,
});

/** What the generated workspaces reached, per scheme (shown with VERSIONWISE_FUZZ_VERBOSE=1 and in campaigns). */
const REACHED = new Map<string, number>();
function count(analysis: WorkspaceAnalysis): void {
  const add = (key: string) => REACHED.set(key, (REACHED.get(key) ?? 0) + 1);
  for (const f of analysis.findings) add(`finding ${f.code}`);
  for (const d of analysis.declarations) add(`declaration ${d.declaration.scheme}${d.report ? ' with report' : ''}`);
}

describe('fuzz: the whole service over generated workspaces (all schemes)', function () {
  this.timeout(timeoutFor(120_000));
  const cParser = loadCParser;
  after(() => {
    if (!process.env.VERSIONWISE_FUZZ_VERBOSE && !CAMPAIGN) return;
    const lines = [...REACHED].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key}: ${n}`);
    console.log(`    reached (${lines.length} kinds):\n      ${lines.join('\n      ')}`);
  });

  it('never throws or hangs; findings, sites, fixes and hovers stay inside the files; the same answer twice', async () => {
    await checkAsync('service: generated workspaces, all schemes', 1000, 10_000, [workspace], async (files) => {
      const first = await new VersionwiseService(new MemoryWorkspace(files), { cParser }).analyze(normaliseSettings({}));
      count(first);
      assertUsable(first, files);
      // A fresh service gives the same answer (the caches shared between analyses change nothing).
      const second = await new VersionwiseService(new MemoryWorkspace(files), { cParser }).analyze(normaliseSettings({}));
      assert.equal(summary(second), summary(first));
    });
  });

  it('with a last release to compare with: bump rules, reports and next versions never throw', async () => {
    await checkAsync('service: generated workspaces against a baseline', 1000, 10_000, [fc.oneof(workspace.chain(withBaseline), releases)], async ({ now, then }) => {
      const analysis = await new VersionwiseService(new MemoryWorkspace(now, new MemoryBaselines(then)), { cParser }).analyze(normaliseSettings({ release: true }));
      count(analysis);
      assertUsable(analysis, now);
      for (const analyzed of analysis.declarations) if (analyzed.nextFix) for (const edit of analyzed.nextFix.edits) assertPlace(analysis, now, edit.file, edit.range, 'next version');
    });
  });

  it('applying any quick fix and analysing again never throws', async () => {
    await checkAsync('service: analysis after each quick fix', 500, 10_000, [workspace], async (files) => {
      const analysis = await new VersionwiseService(new MemoryWorkspace(files), { cParser }).analyze(normaliseSettings({}));
      const fixes = analysis.findings.flatMap((f: Finding) => f.fixes).slice(0, 4);
      for (const fix of fixes) {
        const fixed = { ...files };
        for (const file of new Set(fix.edits.map((e) => e.file))) fixed[file] = applyEditsToText(files[file] ?? '', fix.edits.filter((e) => e.file === file));
        for (const rename of fix.renames ?? []) {
          fixed[rename.to] = fixed[rename.from] ?? '';
          delete fixed[rename.from];
        }
        assertUsable(await new VersionwiseService(new MemoryWorkspace(fixed), { cParser }).analyze(normaliseSettings({})), fixed);
      }
    });
  });

  it('a service that analysed before answers exactly as a fresh one, edit after edit (reused results never go stale)', async () => {
    // The service reuses a scheme's last result while that scheme's own texts, the listing and the settings
    // are the same objects; a fresh service has nothing to reuse. Edits change texts (keeping the listing),
    // add and delete files (a new listing), and change settings.
    const allPaths = [...new Set(Object.values(KINDS).flatMap((k) => k.paths))];
    const settingsVariants = [{}, { release: true }, { schemes: { firmware: false, release: false } }, { exclude: ['packages/**'] }, { migration: { files: ['conf/*.desc'] } }, { libtool: { dialect: '2.6' } }];
    const edit = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...Object.keys(KINDS)).chain(fileOf).map(([path, text]) => ({ kind: 'set' as const, path, text })) },
      { weight: 2, arbitrary: fc.constantFrom(...allPaths).map((path) => ({ kind: 'delete' as const, path })) },
      { weight: 1, arbitrary: fc.constantFrom(...settingsVariants).map((settings) => ({ kind: 'settings' as const, settings })) },
    );
    const start = fc.oneof(workspace.map((now) => ({ now, then: undefined as Record<string, string> | undefined })), workspace.chain(withBaseline), releases);
    await checkAsync('service: incremental analyses equal fresh ones', 300, 20_000, [start, fc.array(edit, { minLength: 1, maxLength: 6 })], async ({ now, then }, edits) => {
      const files = { ...now };
      const baselines = () => (then ? new MemoryBaselines(then) : undefined);
      const live = new MemoryWorkspace(files, baselines());
      const service = new VersionwiseService(live, { cParser });
      let settings = normaliseSettings({});
      await service.analyze(settings);
      for (const step of edits) {
        if (step.kind === 'set') {
          files[step.path] = step.text;
          live.set(step.path, step.text);
        } else if (step.kind === 'delete') {
          delete files[step.path];
          live.delete(step.path);
        } else settings = normaliseSettings(step.settings);
        const incremental = await service.analyze(settings);
        const fresh = await new VersionwiseService(new MemoryWorkspace(files, baselines()), { cParser }).analyze(settings);
        assert.equal(everything(incremental), everything(fresh), `after ${step.kind} ${'path' in step ? step.path : JSON.stringify(step.settings)}`);
      }
    });
  });

  it('the libtool resolver reports every number where it is written, through any variables', async () => {
    // Projects built from variables that refer to each other (cycles included), m4 macros, AC_SUBST,
    // automake conditionals and side files: each CURRENT/REVISION/AGE site is on characters of its field.
    const name = fc.constantFrom('LT_CURRENT', 'LT_REVISION', 'LT_AGE', 'V', 'lt_current', 'FOO_LT');
    const atom = fc.oneof(
      fc.integer({ min: 0, max: 12 }).map(String),
      fc.constant(':'),
      name.map((n) => `$${n}`),
      name.map((n) => `\${${n}}`),
      name.map((n) => `$(${n})`),
      name.map((n) => `@${n}@`),
      name,
      fc.constantFrom('`cat libtool-version`', '$(cat VERSION)', '$((1+2))', '[', ']', '"', "'", ' ', '\\\n'),
    );
    const value = fc.array(atom, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    const configureLine = fc.oneof(
      fc.tuple(name, value).map(([n, v]) => `${n}=${v}`),
      name.map((n) => `AC_SUBST(${n})`),
      fc.tuple(name, value).map(([n, v]) => `AC_SUBST([${n}], [${v}])`),
      fc.tuple(name, value).map(([n, v]) => `m4_define([${n}], [${v}])`),
      fc.tuple(name, value).map(([n, v]) => `AC_ARG_ENABLE([x], [h], [${n}=${v}])`),
      fc.constantFrom('AC_INIT([foo], [1.2.3])', 'dnl comment', 'm4_include([m4/version.m4])', 'if test x; then', 'fi'),
    );
    const makeLine = fc.oneof(
      value.map((v) => `libfoo_la_LDFLAGS = -version-info ${v}`),
      value.map((v) => `libfoo_la_LDFLAGS += -version-info ${v}`),
      value.map((v) => `libbar_la_LDFLAGS = -version-number ${v} -release ${v}`),
      fc.tuple(name, value).map(([n, v]) => `${n} = ${v}`),
      fc.constantFrom('lib_LTLIBRARIES = libfoo.la libbar.la', 'noinst_LTLIBRARIES = libbar.la', 'if COND', 'else', 'endif', '# comment'),
    );
    const project = fc.record({
      configure: fc.array(configureLine, { maxLength: 8 }).map((l) => `${l.join('\n')}\n`),
      makefile: fc.array(makeLine, { minLength: 1, maxLength: 6 }).map((l) => `${l.join('\n')}\n`),
      m4: fc.array(configureLine, { maxLength: 3 }).map((l) => `${l.join('\n')}\n`),
      side: fc.constantFrom('7:2:3\n', '# C:R:A\n1:0:0\n', 'bad\n', ''),
      version: fc.constantFrom('LT_CURRENT=3\nLT_AGE=1\n', 'major=1\n', ''),
    });
    await checkAsync('service: libtool sites are where the numbers are written', 1500, 5_000, [project], async (p) => {
      const files = { 'configure.ac': p.configure, 'Makefile.am': p.makefile, 'm4/version.m4': p.m4, 'libtool-version': p.side, VERSION: p.version };
      const analysis = await new VersionwiseService(new MemoryWorkspace(files), { schemes: [libtoolScheme] }).analyze(normaliseSettings({}));
      count(analysis);
      assertUsable(analysis, files);
      for (const { declaration } of analysis.declarations) {
        if (declaration.value === null || declaration.fields.flag !== '-version-info') continue;
        const field: Record<string, unknown> = { CURRENT: declaration.fields.current, REVISION: declaration.fields.revision, AGE: declaration.fields.age };
        for (const site of declaration.sites) {
          if (!(site.role in field)) continue;
          const text = analysis.texts.get(site.file)!;
          const lines = new LineIndex(text);
          const written = text.slice(lines.offsetAt(site.range.start), lines.offsetAt(site.range.end));
          assert.ok(written.length > 0 && String(field[site.role]).includes(written), `${site.role} of ${declaration.value} is shown at '${written}' (${site.file} ${JSON.stringify(site.range)})`);
        }
      }
    });
  });

  it('explaining any value with any scheme never throws', () => {
    const values = fc.oneof(
      ...Object.values(KINDS).filter((k) => k.seeds.some((s) => s.length)).map((k) => formatText(k.seeds.map((s) => s.split('\n')[0]).filter((s) => s.length), k.tokens)),
      formatText(['6:0:2', '1.2.3', 'v1.2.3rc1', 'tgl_guc_70.bin', 'libvmod-foo-1.14+4.0.tar.gz', '5.0.0rc2', 'software_version=0.1.0', '{"version": {"major": 1}}'], [':', '.', '-', '_', '+', '{', '"', 'rc']),
    );
    const settings = normaliseSettings({});
    return checkAsync('explain: any value, any scheme', 5000, 2_000, [values, fc.constantFrom(undefined, ...knownSchemeIds()), fc.constantFrom(undefined, 'libfoo', '')], async (value, scheme, library) => {
      const explanation = explainValue(value, { scheme, library, settings });
      assert.equal(typeof explanation.message, 'string');
      assert.equal(typeof explanation.valid, 'boolean');
      JSON.stringify(explanation.fields);
    });
  });
});
