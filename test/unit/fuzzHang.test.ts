import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { readProjectConfig } from '../../server/src/core/projectConfig';
import { VersionwiseService } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { LineIndex } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { blankDecorations, decoratorMacros, definedMacros, extractCInterface, normalise, type CParser } from '../../server/src/interfaces/cHeaders';
import { readSymbolFile } from '../../server/src/interfaces/symbolFiles';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { findDriverRequests } from '../../server/src/schemes/firmware/drivers';
import { parseFirmwareName } from '../../server/src/schemes/firmware/names';
import { parseWhence } from '../../server/src/schemes/firmware/whence';
import { parseDescription } from '../../server/src/schemes/migration/description';
import { parsePackagedVersion, parsePmixVersion, parseQuantifier, parseSnapshotName } from '../../server/src/schemes/pmix/versions';
import { parseReleaseVersion } from '../../server/src/schemes/release/version';
import { readCMakeCommands } from '../../server/src/schemes/release/cmake';
import { mesonSkeleton } from '../../server/src/schemes/release/meson';
import { parsePackageJson } from '../../server/src/schemes/semver/packageJson';
import { readPnpmWorkspace } from '../../server/src/schemes/semver/pnpmWorkspace';
import { parseSemver } from '../../server/src/schemes/semver/validate';
import { parseVersion, splitFields } from '../../server/src/schemes/libtool/versionInfo';
import { parseVmodName } from '../../server/src/schemes/vmod/names';
import { readAutoconf } from '../../server/src/sources/autoconf';
import { readAutomake } from '../../server/src/sources/automake';
import { readKeyValueFile, significantLine } from '../../server/src/sources/sideFiles';
import { blankAutoconfComments, blankMakeComments } from '../../server/src/sources/scanning';
import { CAMPAIGN, HANG_MS, MemoryBaselines, recordCase, timeoutFor } from './fuzzSupport';

/**
 * Megabyte-long near-matches: the inputs that catch catastrophic regular-expression backtracking and
 * quadratic scans. Each payload goes through every parser on its own (timed one by one) and through the
 * whole service with ALL schemes, written into every kind of file a scheme reads. Nothing may throw and
 * nothing may take longer than HANG_MS: this is a hang detector, not a benchmark.
 */
const MB = 1024 * 1024;
/** The near-matches below are 256 KiB in the test suite (enough for a quadratic scan to show), 1 MiB in a campaign. */
const NEAR = CAMPAIGN ? MB : MB / 4;
const repeat = (unit: string, length = MB) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

let parser: CParser;
const header = (text: string) => ({ path: 'include/foo.h', text, lines: new LineIndex(text) });
const configOf = (name: string, text: string) => readProjectConfig(new Map([[name, text]]), () => new LineIndex(text));

/** Every parser, by name, on one text. */
const PARSERS: Record<string, (text: string) => unknown> = {
  'libtool -version-info': (t) => parseVersion('version-info', t),
  'libtool -version-number (2.6)': (t) => parseVersion('version-number', t, '2.6'),
  'libtool splitFields': (t) => splitFields(t),
  'autoconf reader': (t) => readAutoconf('configure.ac', t),
  'autoconf comments': (t) => blankAutoconfComments(t),
  'automake reader': (t) => readAutomake('Makefile.am', t),
  'make comments': (t) => blankMakeComments(t),
  'VERSION key=value': (t) => readKeyValueFile(t),
  'libtool-version line': (t) => significantLine(t),
  'C decorator macros': (t) => blankDecorations(t, decoratorMacros([t]), definedMacros([t])),
  'C normalise': (t) => normalise(t),
  'C interface (tree-sitter)': (t) => extractCInterface(parser, [header(t)]),
  'symbols (.sym)': (t) => readSymbolFile('symbols', t),
  'version script (.map)': (t) => readSymbolFile('version-script', t),
  'module definition (.def)': (t) => readSymbolFile('module-definition', t),
  semver: (t) => parseSemver(t),
  'release version': (t) => parseReleaseVersion(t),
  'firmware name': (t) => parseFirmwareName(t),
  'firmware name in i915/': (t) => parseFirmwareName(`i915/${t}`),
  WHENCE: (t) => parseWhence('WHENCE', t),
  'i915 driver tables': (t) => findDriverRequests('drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c', t),
  'vmod name': (t) => parseVmodName(t),
  'PMIx version': (t) => [parsePmixVersion(t), parseQuantifier(t), parseSnapshotName(t), parsePackagedVersion(t)],
  'migration description': (t) => parseDescription('gvt.migration', t),
  '.versionwise.json': (t) => configOf('.versionwise.json', t),
  'package.json (config)': (t) => configOf('package.json', t),
  'package.json (semver)': (t) => parsePackageJson('package.json', t),
  'pnpm-workspace.yaml': (t) => readPnpmWorkspace(t),
  'meson.build': (t) => mesonSkeleton(t),
  'CMakeLists.txt': (t) => readCMakeCommands(t),
};

/**
 * Every file some scheme reads, with the payload written where that file's values go, in groups so that a
 * failure names the kind of file that caused it.
 */
function carriers(payload: string): Record<string, Record<string, string>> {
  const jsonSafe = payload.replace(/["\\]/g, '');
  return {
    'service, build and release files': {
      'configure.ac': `AC_INIT([foo], [1.2.3])\nLT_CURRENT=${payload}\n`,
      'Makefile.am': `lib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info ${payload} -export-symbols foo.sym\n`,
      'm4/foo.m4': payload,
      'libtool-version': `# C:R:A\n${payload}\n`,
      VERSION: `major=1\nminor=2\nrelease=3\ngreek=${payload}\nlibpmix_so_version=${payload}\n`,
      'foo.sym': payload,
      'foo.map': `FOO_1 { global: ${payload}; local: *; };\n`,
      'foo.def': `EXPORTS\n${payload}\n`,
      'pnpm-workspace.yaml': `packages:\n  - ${payload}\n`,
      'meson.build': `project('foo', 'c', version: '${payload}')\n`,
      'CMakeLists.txt': `project(foo VERSION ${payload})\n`,
      'foo.spec': `Name: foo\nVersion: ${payload}\n`,
      'debian/changelog': `foo (${payload}) unstable; urgency=low\n`,
      'CHANGELOG.md': `# Changelog\n\n## [${payload}] - 2024-01-31\n`,
      NEWS: `foo ${payload}\n`,
      WHENCE: `Driver: i915 - Intel Graphics driver\n\nFile: i915/${payload}\nVersion: ${payload}\n`,
      'i915/tgl_guc_70.bin': '',
      'drivers/gpu/drm/i915/gt/uc/intel_uc_fw.c': `fw_def(TIGERLAKE, 0, guc_maj(tgl, 70, 12, 1))\nMODULE_FIRMWARE("i915/${payload}");\n`,
      'vmod_foo.vcc': `$Module foo 3 "${payload}"\n`,
      'gvt.migration': `SELF:\n  software_version=${payload}\nCOMPATIBLE:\n  ${payload}\n`,
    },
    'service, package.json and .versionwise.json': {
      'package.json': `{"name": "foo", "version": "${jsonSafe}", "workspaces": ["${jsonSafe}"], "x": ${payload}}`,
      'packages/a/package.json': `{"name": "a", "version": "1.0.0", "dependencies": {"foo": "${jsonSafe}"}}`,
      '.versionwise.json': `{"exclude": ["${jsonSafe}"], "x": ${payload}}`,
    },
    'service, installed C header': {
      'configure.ac': 'AC_INIT([foo], [1.2.3])\n',
      'Makefile.am': 'include_HEADERS = foo.h\nlib_LTLIBRARIES = libfoo.la\nlibfoo_la_SOURCES = foo.c\nlibfoo_la_LDFLAGS = -version-info 1:0:0\n',
      'foo.h': `int foo_open(const char *path);\n${payload}\n`,
    },
  };
}

/** How long one parser or one service run took on a payload, and what it threw, if anything. */
interface Timing {
  readonly what: string;
  readonly ms: number;
  readonly error?: unknown;
}

async function measure(what: string, work: () => unknown): Promise<Timing> {
  const started = performance.now();
  try {
    await work();
    return { what, ms: performance.now() - started };
  } catch (error) {
    return { what, ms: performance.now() - started, error };
  }
}

const TIMINGS: { payload: string; timings: Timing[] }[] = [];

const describeTiming = (t: Timing) => `${t.what}: ${t.error ? `threw ${String((t.error as Error).stack ?? t.error).split('\n').slice(0, 4).join(' | ')}` : `${Math.round(t.ms)} ms`}`;

/**
 * Runs every parser and the service on a payload; fails with the whole table if any throws or hangs. Only
 * the parsers named in `parsers` when given; the C parser itself (tree-sitter, slow on garbage but not
 * what these cases are about) only when `treeSitter` is set or in a campaign.
 */
async function survive(name: string, payload: string, options: { parsers?: readonly string[]; files?: Record<string, Record<string, string>>; treeSitter?: boolean } = {}): Promise<void> {
  const timings: Timing[] = [];
  const withTreeSitter = options.treeSitter || CAMPAIGN;
  for (const [parserName, parse] of Object.entries(PARSERS)) {
    if (options.parsers && !options.parsers.includes(parserName)) continue;
    if (parserName === 'C interface (tree-sitter)' && !CAMPAIGN) continue; // the service's header group parses the same
    timings.push(await measure(parserName, () => parse(payload)));
  }
  const groups = options.files ?? carriers(payload);
  for (const [group, files] of Object.entries(groups)) {
    if (group === 'service, installed C header' && !withTreeSitter) continue;
    // Headers are parsed to compare interfaces with the last release: the header group has one (where the
    // header declares only foo_open), so the C parser reads the payload.
    const baselines = group === 'service, installed C header' ? new MemoryBaselines({ ...files, 'foo.h': 'int foo_open(const char *path);\n' }) : undefined;
    timings.push(await measure(group, () => new VersionwiseService(new MemoryWorkspace(files, baselines), { cParser: loadCParser }).analyze(normaliseSettings({}))));
  }
  TIMINGS.push({ payload: name, timings });
  // The service reads every carrier at once (up to 20 files of the payload): its bound grows with the input.
  const inputBytes = (what: string) => Object.values(groups[what] ?? {}).reduce((sum, text) => sum + text.length, 0);
  const bound = (t: Timing) => (t.what.startsWith('service') ? HANG_MS * Math.max(1, inputBytes(t.what) / (4 * MB)) : HANG_MS);
  const failed = (t: Timing) => t.error !== undefined || t.ms > bound(t);
  for (const t of timings) recordCase(`megabyte: ${name} → ${t.what}`, t.ms, t.error ?? (failed(t) ? new Error(`took ${Math.round(t.ms)} ms (bound ${Math.round(bound(t))} ms)`) : undefined));
  const bad = timings.filter(failed);
  assert.deepEqual(bad.map(describeTiming), [], `${name}: every parser finishes within ${HANG_MS} ms (the service within ${HANG_MS} ms per 4 MB it reads) without throwing`);
}

describe('megabyte near-matches: no hang, no crash (hang bound 5 s each)', function () {
  this.timeout(timeoutFor(120_000));
  before(async () => {
    parser = await loadCParser();
  });
  after(() => {
    if (!process.env.VERSIONWISE_FUZZ_VERBOSE && !CAMPAIGN) return;
    for (const { payload, timings } of TIMINGS) {
      const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 3).map((t) => `${t.what} ${Math.round(t.ms)} ms`);
      console.log(`    ${payload}: slowest ${slowest.join(', ')}`);
    }
  });

  // The cases the issue names, each at 1 MB, through the C parser too.
  it('`-version-info ` followed by 1 MB of `1:1:1:1…`', async function () {
    const payload = repeat('1:');
    assert.equal(parseVersion('version-info', payload).error?.message, "too many parameters to '-version-info'");
    await survive('-version-info 1:1:1…', payload, { treeSitter: true });
  });

  it('1 MB of `[[[[`', async function () {
    await survive('[[[[', repeat('['), { treeSitter: true });
  });

  it('1 MB of `$($($(`', async function () {
    await survive('$($($(', repeat('$('), { treeSitter: true });
  });

  it('`m4_define(` repeated to 1 MB', async function () {
    const build = (text: string) => ({ 'service, configure.ac only': { 'configure.ac': text, 'Makefile.am': 'lib_LTLIBRARIES = libfoo.la\nlibfoo_la_LDFLAGS = -version-info $(LT)\n' } });
    await survive('m4_define(', repeat('m4_define('), { files: { ...build(repeat('m4_define(')), ...carriers(repeat('m4_define(')) }, treeSitter: true });
    await survive('m4_define([x], [', repeat('m4_define([x], ['), { files: build(repeat('m4_define([x], [')) });
  });

  it('`AC_INIT(` unterminated, repeated to 1 MB', async function () {
    const build = (text: string) => ({ 'service, configure.ac only': { 'configure.ac': text, 'Makefile.am': 'lib_LTLIBRARIES = libfoo.la\nlibfoo_la_LDFLAGS = -version-info $(LT)\n' } });
    await survive('AC_INIT(', repeat('AC_INIT('), { files: { ...build(repeat('AC_INIT(')), ...carriers(repeat('AC_INIT(')) }, treeSitter: true });
    await survive('AC_INIT([', repeat('AC_INIT(['), { files: build(repeat('AC_INIT([')) });
  });

  it('package.json with 100k nested arrays (balanced, unterminated, objects)', async function () {
    const depth = 100_000;
    const jsonParsers = ['package.json (config)', 'package.json (semver)', '.versionwise.json'];
    const service = (text: string) => ({ 'service, package.json and .versionwise.json': { 'package.json': text, 'packages/a/package.json': text, '.versionwise.json': text } });
    const cases: [string, string][] = [
      ['package.json 100k nested arrays', `{"name": "foo", "version": "1.0.0", "x": ${'['.repeat(depth)}${']'.repeat(depth)}}`],
      ['package.json 100k open arrays', `{"name": "foo", "version": "1.0.0", "x": ${'['.repeat(depth)}`],
      ['package.json 100k nested objects', `{"name": "foo", "version": "1.0.0", "versionwise": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`],
    ];
    for (const [name, text] of cases) await survive(name, text, { parsers: jsonParsers, files: service(text) });
    // The semver scheme's own reader says why it reads nothing, at the top of the file.
    assert.match(parsePackageJson('package.json', cases[0][1]).syntaxError?.message ?? '', /too deeply/);
  });

  it('a WHENCE of 200k `File:` lines', async function () {
    const lines: string[] = ['Driver: i915 - Intel Graphics driver', ''];
    for (let i = 0; i < 200_000; i++) lines.push(`File: i915/tgl_guc_${i % 300}.${i % 7}.${i % 11}.bin`);
    const whence = `${lines.join('\n')}\n`;
    await survive('WHENCE 200k File: lines', whence, { parsers: ['WHENCE'], files: { 'service, WHENCE and a tree': { WHENCE: whence, 'i915/tgl_guc_70.bin': '', 'i915/tgl_guc_70.1.1.bin': '' } } });
    const same = `Driver: i915\n\n${'File: i915/tgl_guc_70.bin\n'.repeat(200_000)}`;
    await survive('WHENCE 200k identical File: lines', same, { parsers: ['WHENCE'], files: { 'service, WHENCE and a tree': { WHENCE: same, 'i915/tgl_guc_70.bin': '' } } });
  });

  // Near-matches of other parsers' patterns, each 1 MB.
  const near = (unit: string) => repeat(unit, NEAR);
  const NEAR_MATCHES: Record<string, string> = {
    'one identifier': near('a'),
    'identifiers and dots': near('a.'),
    'identifiers and underscores': near('a_'),
    'digits and dots': near('1.'),
    'digits and dashes': near('1-'),
    '`.bin` repeated, then x': `${near('.bin')}x`,
    '`#define X` then blanks and a backslash': `#define X${near(' ')}\\x`,
    'unterminated comments': near('/* '),
    'blank lines': near('\n'),
    'CRLF blank lines': near('\r\n'),
    'lone carriage returns': near('\r'),
    backslashes: near('\\'),
    'backslash-newlines': near('\\\n'),
    'quotes, unterminated': near('"'),
    'single quotes': near("'"),
    backticks: near('`'),
    'make references': near('$(A'),
    'shell arithmetic': near('$(('),
    'parameter expansions': near('${'),
    'at-references': near('@A'),
    'assignments': near('A=$A '),
    'm4 quotes nested': `${near('[')}${near(']')}`,
    'C attributes': near('__attribute__(('),
    'export macros after a prototype': `int f(void) ${near('FOO_API ')};`,
    'uppercase words': near('ABC '),
    'semver near-miss': `1.2.3-${near('a.')}`,
    'semver build near-miss': `1.2.3+${near('0.')}`,
    'versions with v': near('v1.'),
    'release candidates': near('rc1'),
    'firmware near-miss': `tgl_guc_${near('1.')}bin`,
    'firmware tokens': `${near('tgl_')}guc_70.bin`,
    'vmod near-miss': `libvmod-${near('foo-')}1.0+4.0.tar.gz`,
    'vmod plusses': near('1+'),
    'PMIx snapshot near-miss': `pmix-${near('v1.0.2-57-')}gb9f1fd9.tar.bz2`,
    'PMIx nightly near-miss': `pmix-${near('master-')}201813010241-ab12cd3.tar.bz2`,
    'migration braces': near('{val1:int:1,'),
    'migration keys': near('a=b '),
    'JSON strings': near('"a",'),
    'JSON open objects': near('{"a":'),
    'version scripts': near('V { global: a; '),
    'DEF exports': `EXPORTS\n${near('a @1 ')}`,
    'CMake parentheses': near('project(('),
    'meson strings': near("'a' "),
    'changelog headings': near('## ['),
    'WHENCE keys': near('File: '),
    'driver macros': near('guc_maj(tgl, '),
    'NUL bytes': near('\u0000'),
    'lone surrogates': near('\ud800'),
    'emoji': near('🚀'),
  };
  for (const [name, payload] of Object.entries(NEAR_MATCHES)) {
    it(`${NEAR / 1024} KiB of ${name}`, async function () {
      await survive(name, payload);
    });
  }
});
