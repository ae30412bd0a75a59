import * as assert from 'node:assert/strict';
import { VersionwiseService } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import { DiskWorkspace } from '../../server/src/node/diskWorkspace';
import { GitBaselineProvider } from '../../server/src/node/gitBaseline';
import { readTypescriptLib } from '../../server/src/node/typescriptLib';
import { GitFixture } from '../helpers/gitFixture';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

/** The API decides the npm version: TypeScript exports at the last release tag against the working tree. */
const PACKAGE = (version: string): Record<string, string> => ({
  'package.json': `{\n  "name": "range-kit",\n  "version": "${version}",\n  "types": "./dist/index.d.ts",\n  "main": "./dist/index.js"\n}\n`,
  'src/index.ts': 'export function parseRange(text: string): [number, number] {\n  const [a, b] = text.split("-").map(Number);\n  return [a, b];\n}\n\nexport function formatRange(range: [number, number]): string {\n  return `${range[0]}-${range[1]}`;\n}\n',
});

async function analyze(root: string, settings: unknown = {}) {
  return new VersionwiseService(new DiskWorkspace(root, new GitBaselineProvider(root)), { typescriptLib: readTypescriptLib }).analyze(normaliseSettings(settings));
}

describe('semver: the public TypeScript API decides the bump', function () {
  this.timeout(60_000);
  let repo: GitFixture;
  afterEach(() => repo?.dispose());

  function released(version: string): GitFixture {
    const fixture = new GitFixture(PACKAGE(version));
    fixture.commit(`release ${version}`);
    fixture.tag(`v${version}`);
    return fixture;
  }

  it('a removed export needs a major release, with the evidence and a fix', async () => {
    repo = released('1.4.0');
    repo.write('src/index.ts', PACKAGE('1.4.0')['src/index.ts'].replace(/export function parseRange[\s\S]*?\n}\n\n/, ''));
    const analysis = await analyze(repo.root);
    const finding = analysis.findings.find((f) => f.code === 'semver/bump-needed')!;
    assert.equal(finding.message, 'export `parseRange` removed since v1.4.0: next version must be 2.0.0');
    assert.deepEqual(finding.range, rangeOf(PACKAGE('1.4.0'), 'package.json', '"1.4.0"', '1.4.0'));
    assert.match(applyEditsToText(repo.read('package.json'), finding.fixes[0].edits), /"version": "2\.0\.0"/);
    const declaration = analysis.declarations.find((d) => d.declaration.scheme === 'semver')!;
    assert.equal(declaration.report?.summary, 'since v1.4.0: +0 −1 ~0 exports → next 2.0.0');
    assert.deepEqual(declaration.declaration.fields.baseline, { ref: 'v1.4.0', value: '1.4.0' });
  });

  it('an added export needs a minor release; a minor bump that was made is fine', async () => {
    repo = released('1.4.0');
    repo.write('src/index.ts', `${PACKAGE('1.4.0')['src/index.ts']}\nexport const VERSION = 1;\n`);
    assert.match((await analyze(repo.root)).findings.find((f) => f.code === 'semver/bump-needed')!.message, /export `VERSION` added since v1\.4\.0: next version must be 1\.5\.0/);
    repo.write('package.json', PACKAGE('1.5.0')['package.json']);
    const after = await analyze(repo.root);
    assert.deepEqual(after.findings.filter((f) => f.code.startsWith('semver/')), []);
  });

  it('an incompatible signature change with only a minor bump is an error', async () => {
    repo = released('1.4.0');
    repo.write('src/index.ts', PACKAGE('1.4.0')['src/index.ts'].replace('parseRange(text: string)', 'parseRange(text: string, strict: boolean)'));
    repo.write('package.json', PACKAGE('1.5.0')['package.json']);
    const [finding] = (await analyze(repo.root)).findings.filter((f) => f.code.startsWith('semver/'));
    assert.equal(finding.code, 'semver/bump-too-small');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /`parseRange` changed incompatibly since v1\.4\.0 .*next version must be 2\.0\.0, and 1\.5\.0 is too small a bump/);
  });

  it('renaming a parameter is no API change: a patch, or nothing when no source changed', async () => {
    repo = released('1.4.0');
    assert.deepEqual((await analyze(repo.root)).findings.filter((f) => f.code.startsWith('semver/')), []);
    repo.write('src/index.ts', PACKAGE('1.4.0')['src/index.ts'].replace('parseRange(text: string)', 'parseRange(input: string)').replace('text.split', 'input.split'));
    assert.match((await analyze(repo.root)).findings.find((f) => f.code === 'semver/bump-needed')!.message, /the package's sources changed since v1\.4\.0: next version must be 1\.4\.1/);
  });

  it('0.x: a breaking change bumps the minor, and --release makes a missing bump an error', async () => {
    repo = released('0.3.2');
    repo.write('src/index.ts', PACKAGE('0.3.2')['src/index.ts'].replace('export function formatRange', 'function formatRange'));
    const [finding] = (await analyze(repo.root, { release: true })).findings.filter((f) => f.code === 'semver/bump-needed');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.message, 'export `formatRange` removed since v0.3.2: next version must be 0.4.0 (0.x: a major change bumps the minor)');
  });

  it('a pre-release of the required version is accepted; going back is not', async () => {
    repo = released('1.4.0');
    repo.write('src/index.ts', PACKAGE('1.4.0')['src/index.ts'].replace(/export function parseRange[\s\S]*?\n}\n\n/, ''));
    repo.write('package.json', PACKAGE('2.0.0-rc.1')['package.json']);
    assert.deepEqual((await analyze(repo.root)).findings.filter((f) => f.code.startsWith('semver/')), []);
    repo.write('package.json', PACKAGE('1.3.9')['package.json']);
    assert.equal((await analyze(repo.root)).findings.find((f) => f.code.startsWith('semver/'))?.code, 'semver/not-newer-than-last-release');
  });

  it('@internal declarations are not public API', async () => {
    repo = released('1.4.0');
    repo.write('src/index.ts', `${PACKAGE('1.4.0')['src/index.ts']}\n/** @internal */\nexport function debugDump(): void {}\n`);
    assert.match((await analyze(repo.root)).findings.find((f) => f.code === 'semver/bump-needed')!.message, /sources changed.*1\.4\.1/);
  });

  it('monorepo tags like name@1.2.3 are release tags', async () => {
    repo = new GitFixture(PACKAGE('1.4.0'));
    repo.commit('1.4.0');
    repo.tag('range-kit@1.4.0');
    repo.tag('other-kit@9.9.9');
    assert.equal((await analyze(repo.root)).baselineRef, 'range-kit@1.4.0');
  });
});

describe('semver: @alpha and @beta by a setting', function () {
  this.timeout(60_000);
  it('a @beta export removed is a major change, unless the project hides @beta from its API', async () => {
    const files = PACKAGE('1.4.0');
    files['src/index.ts'] += '\n/** @beta */\nexport function experimental(): void {}\n';
    const repo = new GitFixture(files);
    try {
      repo.commit('1.4.0');
      repo.tag('v1.4.0');
      repo.write('src/index.ts', PACKAGE('1.4.0')['src/index.ts']);
      assert.match((await analyze(repo.root)).findings.find((f) => f.code === 'semver/bump-needed')!.message, /export `experimental` removed since v1\.4\.0: next version must be 2\.0\.0/);
      repo.write('.versionwise.json', '{ "semver": { "hiddenTags": ["beta"] } }');
      assert.match((await analyze(repo.root)).findings.find((f) => f.code === 'semver/bump-needed')!.message, /sources changed since v1\.4\.0: next version must be 1\.4\.1/);
    } finally {
      repo.dispose();
    }
  });
});
