import * as assert from 'node:assert/strict';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import type { Finding } from '../../server/src/core/model';
import { hoverAt } from '../../server/src/features/hover';
import { explainValue } from '../../server/src/features/explain';
import { libtoolScheme } from '../../server/src/schemes/libtool';
import { semverScheme, RULES } from '../../server/src/schemes/semver';
import { parseSemver } from '../../server/src/schemes/semver/validate';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/** The semver scheme alone over an in-memory workspace (it is not in ALL_SCHEMES until registered). */
async function analyzeSemver(files: Record<string, string>, settings: unknown = {}): Promise<WorkspaceAnalysis> {
  return new VersionwiseService(new MemoryWorkspace(files), { schemes: [semverScheme] }).analyze(normaliseSettings(settings));
}

const settings = normaliseSettings({});
const pkg = (version: string, extra = '') => ({ 'package.json': `{\n  "name": "demo",\n  "version": "${version}"${extra}\n}\n` });

/** The one finding of a package.json whose version is `version`, at the version's content. */
async function onlyFinding(version: string): Promise<{ finding: Finding; files: Record<string, string> }> {
  const files = pkg(version);
  const { findings } = await analyzeSemver(files);
  assert.equal(findings.length, 1, JSON.stringify(findings, null, 1));
  const expected = version === ''
    ? (({ start }) => ({ start: { line: start.line, character: start.character + 1 }, end: { line: start.line, character: start.character + 1 } }))(rangeOf(files, 'package.json', '"version": ""', '""'))
    : rangeOf(files, 'package.json', `"version": "${version}"`, version);
  assert.deepEqual(findings[0].range, expected);
  return { finding: findings[0], files };
}

function applyFix(files: Record<string, string>, finding: Finding, index = 0): string {
  const fix = finding.fixes[index];
  assert.ok(fix, `no fix #${index} in ${JSON.stringify(finding)}`);
  return applyEditsToText(files[fix.edits[0].file], fix.edits);
}

describe('semver scheme: package.json version', () => {
  it('a valid version has no findings and one declaration at the string content', async () => {
    const files = pkg('1.2.3-rc.1+build.5');
    const analysis = await analyzeSemver(files);
    assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'information'), []);
    assert.equal(analysis.declarations.length, 1);
    const d = analysis.declarations[0].declaration;
    assert.equal(d.scheme, 'semver');
    assert.equal(d.value, '1.2.3-rc.1+build.5');
    assert.deepEqual(d.range, rangeOf(files, 'package.json', '1.2.3-rc.1+build.5'));
    assert.deepEqual(d.sites, [{ file: 'package.json', range: d.range, role: 'version' }]);
    assert.deepEqual(
      { major: d.fields.major, minor: d.fields.minor, patch: d.fields.patch, prerelease: d.fields.prerelease, build: d.fields.build, package: d.fields.package, valid: d.fields.valid, private: d.fields.private },
      { major: 1, minor: 2, patch: 3, prerelease: ['rc', 1], build: ['build', '5'], package: 'demo', valid: true, private: false },
    );
    assert.deepEqual(d.fields.next, { major: '2.0.0', minor: '1.3.0', patch: '1.2.3', premajor: '2.0.0-0', preminor: '1.3.0-0', prepatch: '1.2.4-0', prerelease: '1.2.3-rc.2' });
  });

  it('leading zeros in a numeric field', async () => {
    const { finding, files } = await onlyFinding('01.2.3');
    assert.equal(finding.code, 'semver/leading-zero');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, "'01.2.3' is not SemVer 2.0.0: the major version '01' has a leading zero (numbers must not have leading zeros, §2)");
    assert.equal(finding.fixes[0].title, 'Change version to 1.2.3 (remove the leading zeros)');
    assert.match(applyFix(files, finding), /"version": "1\.2\.3"/);
    assert.match((await onlyFinding('1.02.3')).finding.message, /the minor version '02' has a leading zero/);
    assert.match((await onlyFinding('1.2.00')).finding.message, /the patch version '00' has a leading zero/);
  });

  it('a v prefix, with a preferred fix that removes it', async () => {
    const { finding, files } = await onlyFinding('v1.2.3');
    assert.equal(finding.code, 'semver/v-prefix');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, "'v1.2.3' is not SemVer 2.0.0: a version has no 'v' prefix (v1.2.3 is how a git tag names version 1.2.3)");
    assert.equal(finding.fixes[0].title, "Change version to 1.2.3 (remove the 'v' prefix)");
    assert.equal(finding.fixes[0].preferred, true);
    assert.match(applyFix(files, finding), /"version": "1\.2\.3"/);
    // semver.valid('v1.2.3') is '1.2.3': the scheme does not rely on it.
    assert.equal((await onlyFinding('V2.0.0-rc.1')).finding.code, 'semver/v-prefix');
  });

  it('missing fields, with a fix that adds zeros', async () => {
    const two = await onlyFinding('1.2');
    assert.equal(two.finding.code, 'semver/missing-field');
    assert.equal(two.finding.message, "'1.2' is not SemVer 2.0.0: it has 2 numbers, and a version has three, MAJOR.MINOR.PATCH (e.g. 1.2.0)");
    assert.match(applyFix(two.files, two.finding), /"version": "1\.2\.0"/);
    const one = await onlyFinding('1');
    assert.equal(one.finding.message, "'1' is not SemVer 2.0.0: it has one number, and a version has three, MAJOR.MINOR.PATCH (e.g. 1.0.0)");
    assert.match(applyFix(one.files, one.finding), /"version": "1\.0\.0"/);
    const pre = await onlyFinding('2.1-beta');
    assert.match(applyFix(pre.files, pre.finding), /"version": "2\.1\.0-beta"/);
    const empty = await onlyFinding('1..3');
    assert.equal(empty.finding.message, "'1..3' is not SemVer 2.0.0: the minor version is empty; a version is MAJOR.MINOR.PATCH, three numbers separated by dots");
    assert.deepEqual(empty.finding.fixes, []);
    const blank = await onlyFinding('');
    assert.equal(blank.finding.code, 'semver/missing-field');
    assert.equal(blank.finding.message, "'' is not SemVer 2.0.0: the version is empty; a version is MAJOR.MINOR.PATCH, e.g. 1.0.0");
  });

  it('too many fields', async () => {
    const { finding } = await onlyFinding('1.2.3.4');
    assert.equal(finding.code, 'semver/too-many-fields');
    assert.equal(finding.message, "'1.2.3.4' is not SemVer 2.0.0: it has 4 numbers, and a version has exactly three, MAJOR.MINOR.PATCH; anything more belongs in a pre-release (1.2.3-4) or in build metadata (1.2.3+4)");
    assert.deepEqual(finding.fixes, []);
  });

  it('a leading zero in a numeric pre-release identifier (alphanumeric ones may start with 0)', async () => {
    const { finding, files } = await onlyFinding('1.0.0-01');
    assert.equal(finding.code, 'semver/prerelease-leading-zero');
    assert.equal(finding.message, "'1.0.0-01' is not SemVer 2.0.0: the numeric pre-release identifier '01' has a leading zero (§9); write 1, or make the identifier alphanumeric");
    assert.match(applyFix(files, finding), /"version": "1\.0\.0-1"/);
    assert.deepEqual((await analyzeSemver(pkg('1.0.0-0a.00x.0'))).findings, []);
    // Leading zeros are fine in build metadata (§10).
    assert.deepEqual((await analyzeSemver(pkg('1.0.0+001'))).findings.map((f) => f.code), ['semver/build-metadata']);
  });

  it('empty identifiers in the pre-release and the build metadata', async () => {
    const dots = await onlyFinding('1.0.0-alpha..1');
    assert.equal(dots.finding.code, 'semver/empty-identifier');
    assert.equal(dots.finding.message, "'1.0.0-alpha..1' is not SemVer 2.0.0: the pre-release has an empty identifier; identifiers between dots must not be empty (§9)");
    assert.match(applyFix(dots.files, dots.finding), /"version": "1\.0\.0-alpha\.1"/);
    const dash = await onlyFinding('1.0.0-');
    assert.equal(dash.finding.message, "'1.0.0-' is not SemVer 2.0.0: nothing follows '-'; a pre-release needs at least one identifier (§9)");
    assert.equal(dash.finding.fixes[0].title, "Change version to 1.0.0 (remove the '-')");
    const plus = await onlyFinding('1.0.0+');
    assert.equal(plus.finding.message, "'1.0.0+' is not SemVer 2.0.0: nothing follows '+'; build metadata needs at least one identifier (§10)");
    const trailing = await onlyFinding('1.0.0-rc.');
    assert.match(applyFix(trailing.files, trailing.finding), /"version": "1\.0\.0-rc"/);
  });

  it('invalid characters, named', async () => {
    const underscore = await onlyFinding('1.0.0-rc_1');
    assert.equal(underscore.finding.code, 'semver/invalid-character');
    assert.equal(underscore.finding.message, "'1.0.0-rc_1' is not SemVer 2.0.0: '_' is not allowed in the pre-release ('rc_1'); identifiers use only ASCII letters, digits and hyphens (§9)");
    assert.equal((await onlyFinding('1.0.0-béta')).finding.message, "'1.0.0-béta' is not SemVer 2.0.0: 'é' (U+00E9) is not allowed in the pre-release ('béta'); identifiers use only ASCII letters, digits and hyphens (§9)");
    assert.equal((await onlyFinding('1.0.0+build~2')).finding.message, "'1.0.0+build~2' is not SemVer 2.0.0: '~' is not allowed in the build metadata ('build~2'); identifiers use only ASCII letters, digits and hyphens (§10)");
    assert.equal((await onlyFinding('1.2.x')).finding.message, "'1.2.x' is not SemVer 2.0.0: the patch version 'x' is not a number ('x' is a range wildcard); 'x' is not allowed there, only digits");
    assert.equal((await onlyFinding('1.2. 3')).finding.message, "'1.2. 3' is not SemVer 2.0.0: the patch version ' 3' is not a number; a space is not allowed there, only digits");
    assert.equal((await onlyFinding('1.0.0+a+b')).finding.message, "'1.0.0+a+b' is not SemVer 2.0.0: '+' is not allowed in the build metadata ('a+b'); identifiers use only ASCII letters, digits and hyphens (§10)");
  });

  it('a range written as the version', async () => {
    const { finding, files } = await onlyFinding('^1.2.3');
    assert.equal(finding.code, 'semver/range-as-version');
    assert.equal(finding.message, "'^1.2.3' is not SemVer 2.0.0: it is a range; a package's version is one exact version, without '^'");
    assert.match(applyFix(files, finding), /"version": "1\.2\.3"/);
    assert.equal((await onlyFinding('>=1.2.3')).finding.code, 'semver/range-as-version');
  });

  it('whitespace around the version (semver.valid would trim it)', async () => {
    const { finding, files } = await onlyFinding(' 1.2.3 ');
    assert.equal(finding.code, 'semver/whitespace');
    assert.equal(finding.message, "' 1.2.3 ' is not SemVer 2.0.0: it has whitespace around it, and a version has none (npm trims it; tools that compare the text see another version)");
    assert.equal(finding.fixes[0].preferred, true);
    assert.match(applyFix(files, finding), /"version": "1\.2\.3"/);
  });

  it('several problems at once: one finding each, each fix correcting its own', async () => {
    const files = pkg(' v01.2');
    const { findings } = await analyzeSemver(files);
    assert.deepEqual(findings.map((f) => f.code).sort(), ['semver/leading-zero', 'semver/missing-field', 'semver/v-prefix', 'semver/whitespace']);
    const vFix = findings.find((f) => f.code === 'semver/v-prefix')!;
    assert.match(applyFix(files, vFix), /"version": " 01\.2"/);
  });

  it("numbers and lengths npm's semver cannot handle", async () => {
    const huge = await onlyFinding('9007199254740992.0.0');
    assert.equal(huge.finding.code, 'semver/npm-limit');
    assert.equal(huge.finding.message, "'9007199254740992.0.0' is SemVer 2.0.0, but npm cannot use it: the major version is larger than 9007199254740991, the largest number npm's semver accepts");
    const long = `1.0.0-${'a'.repeat(251)}`;
    const tooLong = await onlyFinding(long);
    assert.equal(tooLong.finding.code, 'semver/npm-limit');
    assert.match(tooLong.finding.message, /it is 257 characters long, and npm's semver accepts at most 256$/);
    assert.deepEqual((await analyzeSemver(pkg('9007199254740991.0.0'))).findings, []);
  });

  it('build metadata is information, with a fix that removes it', async () => {
    const { finding, files } = await onlyFinding('1.0.0+build.5');
    assert.equal(finding.code, 'semver/build-metadata');
    assert.equal(finding.severity, 'information');
    assert.equal(finding.message, "'1.0.0+build.5' has build metadata: it takes no part in precedence (1.0.0+build.5 and 1.0.0 are the same version to npm), and npm publishes the package as 1.0.0");
    assert.equal(finding.fixes[0].preferred, undefined);
    assert.match(applyFix(files, finding), /"version": "1\.0\.0"/);
  });

  it('a version that is not a string', async () => {
    for (const [written, type] of [['1.2', 'a number'], ['null', 'null'], ['["1.0.0"]', 'an array'], ['true', 'a boolean']]) {
      const files = { 'package.json': `{ "name": "n", "version": ${written} }` };
      const { findings, declarations } = await analyzeSemver(files);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].code, 'semver/version-not-string');
      assert.equal(findings[0].severity, 'error');
      assert.deepEqual(findings[0].range, rangeOf(files, 'package.json', written));
      assert.ok(findings[0].message.startsWith(`the version must be a string such as "1.0.0", not ${type}`), findings[0].message);
      assert.deepEqual(declarations, []);
    }
    const { findings } = await analyzeSemver({ 'package.json': '{ "version": 1.2 }' });
    assert.equal(findings[0].message, 'the version must be a string such as "1.0.0", not a number (write "1.2" in quotes, with three numbers): npm refuses a version that is not a string');
  });

  it('no version: information unless the package is private, with fixes that add one or mark it private', async () => {
    const files = { 'packages/a/package.json': '{\n    "name": "a",\n    "main": "index.js"\n}\n' };
    const { findings } = await analyzeSemver(files);
    assert.equal(findings.length, 1);
    const finding = findings[0];
    assert.equal(finding.code, 'semver/missing-version');
    assert.equal(finding.severity, 'information');
    assert.equal(finding.message, `'a' has no version: npm refuses to publish a package without one; add a version, or mark the package "private": true if it is not published`);
    assert.deepEqual(finding.range, rangeOf(files, 'packages/a/package.json', '"a"', 'a'));
    assert.deepEqual(finding.fixes.map((f) => f.title), ['Add "version": "1.0.0"', 'Mark the package "private": true']);
    const added = applyFix(files, finding, 0);
    assert.deepEqual(JSON.parse(added), { name: 'a', version: '1.0.0', main: 'index.js' });
    assert.match(added, /\n {4}"version": "1\.0\.0",\n/);
    assert.deepEqual(JSON.parse(applyFix(files, finding, 1)), { name: 'a', private: true, main: 'index.js' });

    for (const privateValue of ['true', '"yes"', '1']) {
      assert.deepEqual((await analyzeSemver({ 'package.json': `{ "name": "a", "private": ${privateValue} }` })).findings, [], privateValue);
    }
    const unnamed = { 'package.json': '{}' };
    const [bare] = (await analyzeSemver(unnamed)).findings;
    assert.deepEqual(bare.range, rangeOf(unnamed, 'package.json', '{'));
    assert.deepEqual(JSON.parse(applyFix(unnamed, bare, 0)), { version: '1.0.0' });
    // "private": false is not private; the fix sets it.
    const notPrivate = { 'package.json': '{ "name": "b", "private": false }' };
    const [finding2] = (await analyzeSemver(notPrivate)).findings;
    assert.deepEqual(JSON.parse(applyFix(notPrivate, finding2, 1)), { name: 'b', private: true });
  });

  it('a malformed package.json is one clear error, never an exception', async () => {
    const files = { 'package.json': '{\n  "name": "x"\n  "version": "v1"\n}\n' };
    const analysis = await analyzeSemver(files);
    assert.equal(analysis.findings.length, 1);
    const [finding] = analysis.findings;
    assert.equal(finding.code, 'semver/malformed-package-json');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, "package.json is not valid JSON: ',' is expected at line 3; npm cannot read it, so nothing in it is checked");
    assert.deepEqual(finding.range, rangeOf(files, 'package.json', '"version"'));
    assert.deepEqual(analysis.declarations, []);

    const cases: Record<string, string> = {
      '': 'package.json is empty: it must hold a JSON object; npm cannot read it, so nothing in it is checked',
      '   \n': 'package.json is empty: it must hold a JSON object; npm cannot read it, so nothing in it is checked',
      '["1.0.0"]': 'package.json must hold a JSON object, not an array; npm cannot read it, so nothing in it is checked',
      '"1.0.0"': 'package.json must hold a JSON object, not a string; npm cannot read it, so nothing in it is checked',
      '{ "version": "1.0.0': 'package.json is not valid JSON: a string is not closed at line 1 (and 1 more problem); npm cannot read it, so nothing in it is checked',
      "{ 'version': '1.0.0' }": 'package.json is not valid JSON: unexpected character at line 1 (and 3 more problems); npm cannot read it, so nothing in it is checked',
      '{ "name": "x" } }': 'package.json is not valid JSON: unexpected text after the end of the top-level value at line 1; npm cannot read it, so nothing in it is checked',
    };
    for (const [text, message] of Object.entries(cases)) {
      const { findings } = await analyzeSemver({ 'lib/package.json': text });
      assert.deepEqual(findings.map((f) => [f.code, f.message]), [['semver/malformed-package-json', message]], JSON.stringify(text));
    }
  });

  it('comments and trailing commas are tolerated as in VS Code; a duplicated key counts as written last', async () => {
    const files = { 'package.json': '{\n  // the package\n  "name": "x", /* block */\n  "version": "v1.0.0",\n  "version": "1.0.0-01",\n}\n' };
    const { findings } = await analyzeSemver(files);
    assert.deepEqual(findings.map((f) => f.code), ['semver/prerelease-leading-zero']);
    assert.deepEqual(findings[0].range, rangeOf(files, 'package.json', '1.0.0-01'));
  });

  it('CRLF line ends, a byte order mark and UTF-16 columns', async () => {
    const files = { 'pkg/package.json': '\uFEFF{\r\n  "name": "\u{1F600}\u{1F600}", "version": "v2.0.0",\r\n  "private": false\r\n}\r\n' };
    const analysis = await analyzeSemver(files);
    assert.deepEqual(analysis.findings.map((f) => f.code), ['semver/v-prefix']);
    assert.deepEqual(analysis.findings[0].range, rangeOf(files, 'pkg/package.json', 'v2.0.0'));
    assert.equal(analysis.findings[0].range.start.line, 1);
    assert.equal(applyFix(files, analysis.findings[0]), files['pkg/package.json'].replace('v2.0.0', '2.0.0'));

    const crlf = { 'package.json': '{\r\n  "name": "c",\r\n  "version": "1.2.3"\r\n}\r\n' };
    const [declaration] = (await analyzeSemver(crlf)).declarations;
    assert.deepEqual(declaration.declaration.range, rangeOf(crlf, 'package.json', '1.2.3'));
    assert.equal(applyEditsToText(crlf['package.json'], declaration.bumps![0].edits), crlf['package.json'].replace('1.2.3', '2.0.0'));

    const missing = { 'package.json': '{\r\n\t"name": "m"\r\n}\r\n' };
    const [finding] = (await analyzeSemver(missing)).findings;
    assert.equal(applyFix(missing, finding, 0), '{\r\n\t"name": "m",\r\n\t"version": "1.0.0"\r\n}\r\n');
  });

  it('an escaped version string is read decoded, and edits replace what is written', async () => {
    const files = { 'package.json': '{ "version": "1.0.0\\u002drc.1" }' };
    const analysis = await analyzeSemver(files);
    assert.deepEqual(analysis.findings, []);
    const [d] = analysis.declarations;
    assert.equal(d.declaration.value, '1.0.0-rc.1');
    assert.deepEqual(d.declaration.range, rangeOf(files, 'package.json', '1.0.0\\u002drc.1'));
    assert.equal(applyEditsToText(files['package.json'], d.bumps!.find((b) => b.title.endsWith('(prerelease)'))!.edits), '{ "version": "1.0.0-rc.2" }');
  });

  it('every package.json is checked, nested ones too, and only package.json and pnpm-workspace.yaml are read', async () => {
    const files = { 'package.json': '{"name":"r","version":"1.0.0"}', 'a/b/c/package.json': '{"name":"c","version":"1.0"}', 'a/package.json.bak': '{"version":"x"}', 'composer.json': '{"version":"x"}' };
    const { findings } = await analyzeSemver(files);
    assert.deepEqual(findings.map((f) => [f.file, f.code]), [['a/b/c/package.json', 'semver/missing-field']]);
    assert.equal(semverScheme.isCandidate('package.json'), true);
    assert.equal(semverScheme.isCandidate('deep/er/package.json'), true);
    assert.equal(semverScheme.isCandidate('pnpm-workspace.yaml'), true);
    assert.equal(semverScheme.isCandidate('sub/pnpm-workspace.yaml'), true);
    assert.equal(semverScheme.isCandidate('package-lock.json'), false);
    assert.equal(semverScheme.isCandidate('mypackage.json'), false);
    assert.equal(semverScheme.isCandidate('node_modules/x/package.json'), false);
  });

  it('severity settings apply to semver rules like any other', async () => {
    const files = pkg('1.0.0+build');
    assert.deepEqual((await analyzeSemver(files, { severity: { 'semver/build-metadata': 'off' } })).findings, []);
    assert.deepEqual((await analyzeSemver(files, { schemes: { semver: false } })).declarations, []);
  });

  it('rule codes are stable', () => {
    assert.deepEqual(Object.values(RULES).sort(), [
      'semver/build-metadata',
      'semver/bump-needed',
      'semver/bump-too-small',
      'semver/duplicate-workspace-name',
      'semver/empty-identifier',
      'semver/invalid-character',
      'semver/leading-zero',
      'semver/malformed-package-json',
      'semver/missing-field',
      'semver/missing-version',
      'semver/not-newer-than-last-release',
      'semver/npm-limit',
      'semver/prerelease-leading-zero',
      'semver/range-as-version',
      'semver/too-many-fields',
      'semver/v-prefix',
      'semver/version-not-string',
      'semver/whitespace',
      'semver/workspace-range-excludes-prerelease',
      'semver/workspace-range-mismatch',
    ]);
  });
});

describe('semver scheme: hover', () => {
  async function hover(files: Record<string, string>, file = 'package.json', needle?: string) {
    const analysis = await analyzeSemver(files);
    const text = files[file];
    const version = needle ?? /"version": "([^"]*)"/.exec(text)![1];
    const range = rangeOf(files, file, `"version": "${version}"`, version);
    const result = hoverAt(analysis, file, { line: range.start.line, character: range.start.character + 1 });
    assert.ok(result, 'no hover');
    assert.deepEqual(result.range, range);
    return result.markdown;
  }

  it('explains the fields, how the version sorts among its neighbours, and the package', async () => {
    const markdown = await hover(pkg('1.2.3-rc.1+build.5'));
    assert.ok(markdown.startsWith('**SemVer `1.2.3-rc.1+build.5`** · package `demo` (`package.json`)'), markdown);
    assert.match(markdown, /\| MAJOR \| 1 \| incremented for incompatible API changes \|/);
    assert.match(markdown, /\| MINOR \| 2 \| incremented for backward-compatible new functionality \|/);
    assert.match(markdown, /\| PATCH \| 3 \| incremented for backward-compatible bug fixes \|/);
    assert.match(markdown, /\| Pre-release \| `rc\.1` \| identifiers `rc` \(alphanumeric\), `1` \(numeric\): a pre-release of 1\.2\.3/);
    assert.match(markdown, /\| Build metadata \| `build\.5` \| ignored when versions are compared; npm publishes the package as `1\.2\.3-rc\.1` \|/);
    assert.ok(
      markdown.includes('**Order:** `1.2.2` < **`1.2.3-rc.1+build.5`** < `1.2.3-rc.2` (next pre-release) < `1.2.3` (its release) < `1.2.4` (next patch) < `1.3.0` (next minor) < `2.0.0` (next major).'),
      markdown,
    );
    assert.ok(markdown.includes('`1.2.3-rc.1+build.5` and `1.2.3-rc.1` have the same precedence'), markdown);
    assert.ok(markdown.includes('`^1.2.3-0` matches `1.2.3-rc.1+build.5`, `*` does not.'), markdown);
    assert.ok(markdown.includes('Compatible releases keep MAJOR 1: `^1.2.3` accepts `>=1.2.3 <2.0.0`'), markdown);
    assert.ok(markdown.includes('Next: major `2.0.0` · minor `1.3.0` · patch `1.2.3` · premajor `2.0.0-0` · preminor `1.3.0-0` · prepatch `1.2.4-0` · prerelease `1.2.3-rc.2`.'), markdown);
  });

  it('a release: its pre-releases sort before it', async () => {
    const markdown = await hover(pkg('2.0.0'));
    assert.ok(markdown.includes('**Order:** every `1.x.x` < `2.0.0-…` (its pre-releases) < **`2.0.0`** < `2.0.1` (next patch) < `2.1.0` (next minor) < `3.0.0` (next major).'), markdown);
    assert.ok(!markdown.includes('Pre-release'));
    assert.ok((await hover(pkg('1.4.0'))).includes('**Order:** every `1.3.x` < `1.4.0-…`'));
    assert.ok((await hover(pkg('0.0.0'))).includes('**Order:** `0.0.0-…` (its pre-releases) < **`0.0.0`** <'));
  });

  it('0.x: anything may change; by convention breaking changes bump the minor', async () => {
    const markdown = await hover(pkg('0.2.3'));
    assert.match(markdown, /\| MAJOR \| 0 \| zero: initial development, see below \|/);
    assert.ok(markdown.includes('**Major version zero (SemVer §4):** initial development. Anything may change at any time; the public API should not be considered stable.'), markdown);
    assert.ok(markdown.includes('a breaking change bumps the minor (`0.3.0`) and a new feature or a fix bumps the patch (`0.2.4`): `^0.2.3` accepts `>=0.2.3 <0.3.0`.'), markdown);
    assert.ok((await hover(pkg('0.0.3'))).includes('`^0.0.3` accepts only `0.0.3`: every 0.0.x release may break'));
    assert.ok(!(await hover(pkg('1.0.0'))).includes('Major version zero'));
  });

  it('an invalid version: why, first', async () => {
    const markdown = await hover(pkg('v01.2'));
    assert.ok(markdown.startsWith("**`v01.2` is not SemVer 2.0.0** · package `demo` (`package.json`)\n\n- a version has no 'v' prefix"), markdown);
    assert.match(markdown, /- the major version '01' has a leading zero/);
    assert.match(markdown, /- it has 2 numbers/);
    assert.match(markdown, /A SemVer 2\.0\.0 version is `MAJOR\.MINOR\.PATCH`/);
  });

  it('private packages and packages without a name say so', async () => {
    const markdown = await hover({ 'tools/package.json': '{ "private": true, "version": "1.0.0" }' }, 'tools/package.json');
    assert.ok(markdown.startsWith('**SemVer `1.0.0`** · package without a name (`tools/package.json`)'), markdown);
    assert.ok(markdown.includes('`"private": true`: npm will not publish it.'));
  });

  it('no hover outside the version string', async () => {
    const files = pkg('1.2.3');
    const analysis = await analyzeSemver(files);
    const name = rangeOf(files, 'package.json', 'demo');
    assert.equal(hoverAt(analysis, 'package.json', name.start), undefined);
  });
});

describe('semver scheme: bumps', () => {
  async function bumps(version: string) {
    const files = pkg(version);
    const [declaration] = (await analyzeSemver(files)).declarations;
    return (declaration.bumps ?? []).map((fix) => {
      assert.equal(fix.edits.length, 1);
      assert.deepEqual(fix.edits[0].range, rangeOf(files, 'package.json', version));
      const text = applyEditsToText(files['package.json'], fix.edits);
      return [fix.title, JSON.parse(text).version];
    });
  }

  it('major, minor, patch and the pre-release kinds of a release, lower fields reset', async () => {
    assert.deepEqual(await bumps('1.2.3'), [
      ['Bump version to 2.0.0 (major)', '2.0.0'],
      ['Bump version to 1.3.0 (minor)', '1.3.0'],
      ['Bump version to 1.2.4 (patch)', '1.2.4'],
      ['Bump version to 2.0.0-0 (premajor)', '2.0.0-0'],
      ['Bump version to 1.3.0-0 (preminor)', '1.3.0-0'],
      ['Bump version to 1.2.4-0 (prepatch)', '1.2.4-0'],
      ['Bump version to 1.2.4-0 (prerelease)', '1.2.4-0'],
    ]);
  });

  it('of a pre-release and of a version with build metadata', async () => {
    assert.deepEqual(await bumps('2.0.0-rc.1'), [
      ['Bump version to 2.0.0 (major)', '2.0.0'],
      ['Bump version to 2.0.0 (minor)', '2.0.0'],
      ['Bump version to 2.0.0 (patch)', '2.0.0'],
      ['Bump version to 3.0.0-0 (premajor)', '3.0.0-0'],
      ['Bump version to 2.1.0-0 (preminor)', '2.1.0-0'],
      ['Bump version to 2.0.1-0 (prepatch)', '2.0.1-0'],
      ['Bump version to 2.0.0-rc.2 (prerelease)', '2.0.0-rc.2'],
    ]);
    assert.deepEqual((await bumps('0.9.9+sha.1')).slice(0, 3), [
      ['Bump version to 1.0.0 (major)', '1.0.0'],
      ['Bump version to 0.10.0 (minor)', '0.10.0'],
      ['Bump version to 0.9.10 (patch)', '0.9.10'],
    ]);
  });

  it('none for an invalid version', async () => {
    const [declaration] = (await analyzeSemver(pkg('v1.2.3'))).declarations;
    assert.equal(declaration.bumps, undefined);
    assert.equal(declaration.declaration.fields.next, null);
    assert.equal(declaration.declaration.fields.valid, false);
  });
});

describe('semver scheme: explain a bare value', () => {
  it('fields and the same explanation as the hover', () => {
    const e = semverScheme.explainValue('1.2.3-rc.1+build.5', { settings })!;
    assert.equal(e.scheme, 'semver');
    assert.equal(e.valid, true);
    assert.deepEqual(e.fields, { major: 1, minor: 2, patch: 3, prerelease: ['rc', 1], build: ['build', '5'], package: null });
    assert.ok(e.message.startsWith('**SemVer `1.2.3-rc.1+build.5`**\n'), e.message);
    assert.ok(e.message.includes('< `1.2.3` (its release) <'));
  });

  it('invalid values start with why', () => {
    for (const [value, reason] of [
      ['1.0.0-alpha..1', 'the pre-release has an empty identifier'],
      ['1.0.0-01', "the numeric pre-release identifier '01' has a leading zero"],
      ['v1.2.3', "a version has no 'v' prefix"],
      ['1.2', 'it has 2 numbers'],
    ]) {
      const e = semverScheme.explainValue(value, { settings })!;
      assert.equal(e.valid, false, value);
      assert.ok(e.message.startsWith(`**\`${value}\` is not SemVer 2.0.0**\n\n- ${reason}`), e.message);
    }
    assert.deepEqual(semverScheme.explainValue('01.x', { settings })!.fields, { major: 1, minor: null, patch: null, prerelease: [], build: [], package: null });
  });

  it('not semver-shaped: undefined unless the user named the scheme', () => {
    for (const value of ['6:0:2', '3', 'abc', '-version-info 1:2:3', 'src/1.2']) assert.equal(semverScheme.explainValue(value, { settings }), undefined, value);
    const e = semverScheme.explainValue('abc', { settings, explicit: true })!;
    assert.equal(e.valid, false);
    assert.ok(e.message.startsWith("**`abc` is not SemVer 2.0.0**\n\n- the major version 'abc' is not a number"), e.message);
    assert.equal(semverScheme.explainValue('^1.2.3', { settings, explicit: true })!.valid, false);
  });

  it('beside libtool: each scheme answers for its own values', () => {
    const schemes = [libtoolScheme, semverScheme];
    assert.equal(explainValue('6:0:2', {}, schemes).scheme, 'libtool');
    assert.equal(explainValue('1.2.3', {}, schemes).scheme, 'semver');
    assert.equal(explainValue('1.2.3', {}, [semverScheme, libtoolScheme]).scheme, 'semver');
    assert.equal(explainValue('6:0:2', {}, [semverScheme, libtoolScheme]).scheme, 'libtool');
    assert.equal(explainValue('0.1', { scheme: 'semver' }, schemes).valid, false);
  });

  it('the parser keeps numeric pre-release identifiers numeric and build identifiers as written', () => {
    const parsed = parseSemver('1.0.0-alpha.10.0a+001.sha');
    assert.deepEqual([parsed.prerelease, parsed.build], [['alpha', 10, '0a'], ['001', 'sha']]);
    assert.equal(parsed.valid, true);
  });
});
