import * as assert from 'node:assert/strict';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { VersionwiseService, type WorkspaceAnalysis } from '../../server/src/core/service';
import { normaliseSettings } from '../../server/src/core/settings';
import type { Finding } from '../../server/src/core/model';
import { hoverAt } from '../../server/src/features/hover';
import { semverScheme } from '../../server/src/schemes/semver';
import { readPnpmWorkspace } from '../../server/src/schemes/semver/pnpmWorkspace';
import { acceptance, classifySpec, rewriteRange } from '../../server/src/schemes/semver/ranges';
import { workspaceMatcher } from '../../server/src/schemes/semver/workspaces';
import { applyEditsToText, rangeOf } from '../helpers/workspace';

async function analyzeSemver(files: Record<string, string>, settings: unknown = {}): Promise<WorkspaceAnalysis> {
  return new VersionwiseService(new MemoryWorkspace(files), { schemes: [semverScheme] }).analyze(normaliseSettings(settings));
}

const manifest = (name: string, version: string | undefined, dependencies: Record<string, Record<string, string>> = {}, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ name, ...(version === undefined ? {} : { version }), ...extra, ...dependencies }, null, 2)}\n`;

/** Findings about dependency ranges only (the workspace rules). */
const rangeFindings = (analysis: WorkspaceAnalysis) => analysis.findings.filter((f) => f.code.startsWith('semver/workspace-') || f.code === 'semver/duplicate-workspace-name');

function fixed(files: Record<string, string>, finding: Finding): string {
  assert.equal(finding.fixes.length, 1);
  return applyEditsToText(files[finding.file], finding.fixes[0].edits);
}

/** An npm monorepo: core at 2.0.0, and an app that depends on it in every way a package.json can. */
function npmMonorepo(): Record<string, string> {
  return {
    'package.json': manifest('acme', undefined, { devDependencies: { '@acme/core': '^1.0.0' } }, { private: true, workspaces: ['packages/*', 'apps/**', '!packages/legacy'] }),
    'packages/core/package.json': manifest('@acme/core', '2.0.0'),
    'packages/util/package.json': manifest('@acme/util', '1.4.2', { dependencies: { '@acme/core': '^2.0.0' } }),
    'apps/web/package.json': manifest('@acme/web', '0.1.0', {
      dependencies: { '@acme/core': '^1.2.0', '@acme/util': '~1.4.0', lodash: '^4.17.21' },
      devDependencies: { '@acme/core': '~1.2.0' },
      peerDependencies: { '@acme/core': '1.2.0' },
      optionalDependencies: { '@acme/core': '>=1.0.0 <2.0.0' },
    }),
    'packages/legacy/package.json': manifest('@acme/legacy', '0.0.1', { dependencies: { '@acme/core': '^1.0.0' } }),
    'vendor/other/package.json': manifest('other', 'v3.0.0', { dependencies: { '@acme/core': '^1.0.0' } }),
  };
}

describe('semver scheme: npm workspaces', () => {
  it('a range that no longer accepts a workspace package is a warning at the range, with a fix that keeps its operator', async () => {
    const files = npmMonorepo();
    const analysis = await analyzeSemver(files);
    const found = rangeFindings(analysis);
    const web = 'apps/web/package.json';
    assert.deepEqual(
      found.map((f) => [f.file, f.code, f.severity]),
      [
        ['apps/web/package.json', 'semver/workspace-range-mismatch', 'warning'],
        ['apps/web/package.json', 'semver/workspace-range-mismatch', 'warning'],
        ['apps/web/package.json', 'semver/workspace-range-mismatch', 'warning'],
        ['apps/web/package.json', 'semver/workspace-range-mismatch', 'warning'],
        ['package.json', 'semver/workspace-range-mismatch', 'warning'],
      ],
    );
    const at = (needle: string, part: string, file = web) => found.find((f) => f.file === file && JSON.stringify(f.range) === JSON.stringify(rangeOf(files, file, needle, part)))!;
    const caret = at('"@acme/core": "^1.2.0"', '^1.2.0');
    assert.equal(caret.message, "'^1.2.0' does not accept 2.0.0, the version of workspace package '@acme/core' (packages/core/package.json): npm and Yarn do not link the workspace copy but look for '@acme/core@^1.2.0' in the registry");
    assert.equal(caret.fixes[0].title, 'Change the range to ^2.0.0 (accepts 2.0.0)');
    assert.equal(caret.fixes[0].preferred, true);
    assert.deepEqual(caret.related, [{ file: 'packages/core/package.json', range: rangeOf(files, 'packages/core/package.json', '2.0.0'), message: "'@acme/core' is at version 2.0.0 here" }]);
    assert.deepEqual(JSON.parse(fixed(files, caret)).dependencies['@acme/core'], '^2.0.0');
    assert.deepEqual(JSON.parse(fixed(files, at('"@acme/core": "~1.2.0"', '~1.2.0'))).devDependencies['@acme/core'], '~2.0.0');
    assert.deepEqual(JSON.parse(fixed(files, at('"@acme/core": "1.2.0"', '1.2.0'))).peerDependencies['@acme/core'], '2.0.0');
    assert.deepEqual(JSON.parse(fixed(files, at('">=1.0.0 <2.0.0"', '>=1.0.0 <2.0.0'))).optionalDependencies['@acme/core'], '^2.0.0');
    // The root's own dependencies are checked too.
    assert.ok(at('"^1.0.0"', '^1.0.0', 'package.json'));
  });

  it('accepting ranges, negated globs and packages outside the workspace are left alone (but still validated)', async () => {
    const analysis = await analyzeSemver(npmMonorepo());
    assert.ok(!analysis.findings.some((f) => f.file === 'packages/util/package.json'), 'util accepts core 2.0.0');
    assert.ok(!analysis.findings.some((f) => f.file === 'packages/legacy/package.json'), 'legacy is excluded by !packages/legacy');
    assert.deepEqual(analysis.findings.filter((f) => f.file === 'vendor/other/package.json').map((f) => f.code), ['semver/v-prefix']);
  });

  it('the hover of a workspace package names its workspace and who depends on it', async () => {
    const files = npmMonorepo();
    const analysis = await analyzeSemver(files);
    const range = rangeOf(files, 'packages/core/package.json', '2.0.0');
    const markdown = hoverAt(analysis, 'packages/core/package.json', range.start)!.markdown;
    assert.ok(markdown.includes('Workspace package of the npm/Yarn workspace declared in `package.json`.'), markdown);
    assert.ok(markdown.includes('Depended on in the workspace by `package.json` (`^1.0.0` in devDependencies), `apps/web/package.json` (`^1.2.0` in dependencies)'), markdown);
    const d = analysis.declarations.find((x) => x.declaration.file === 'packages/core/package.json')!.declaration;
    assert.deepEqual(d.fields.workspaces, ['package.json']);
    const outside = analysis.declarations.find((x) => x.declaration.file === 'vendor/other/package.json')!.declaration;
    assert.deepEqual(outside.fields.workspaces, []);
  });

  it('Yarn 1 `{ packages: [...] }`, ./ and trailing slashes, braces', async () => {
    const files = {
      'package.json': manifest('root', '1.0.0', {}, { private: true, workspaces: { packages: ['./{libs,tools}/*/'], nohoist: ['**/x'] } }),
      'libs/a/package.json': manifest('a', '3.1.0'),
      'tools/b/package.json': manifest('b', '1.0.0', { dependencies: { a: '^2.9.0' } }),
    };
    const [finding] = rangeFindings(await analyzeSemver(files));
    assert.equal(finding.file, 'tools/b/package.json');
    assert.deepEqual(finding.range, rangeOf(files, 'tools/b/package.json', '^2.9.0'));
    assert.deepEqual(JSON.parse(fixed(files, finding)).dependencies.a, '^3.1.0');
  });

  it('specifiers that are not ranges are not checked', async () => {
    const specs = ['file:../core', 'link:../core', 'git+https://github.com/acme/core.git#v1', 'github:acme/core', 'acme/core#semver:^1', 'https://example.com/core-1.0.0.tgz', 'npm:@acme/core@^1.0.0', 'latest', 'catalog:', '*', ''];
    for (const spec of specs) {
      const files = {
        'package.json': manifest('root', undefined, {}, { private: true, workspaces: ['*'] }),
        'core/package.json': manifest('core', '2.0.0'),
        'app/package.json': manifest('app', '1.0.0', { dependencies: { core: spec } }),
      };
      assert.deepEqual(rangeFindings(await analyzeSemver(files)), [], spec);
    }
  });

  it('a workspace package with an invalid or missing version is not compared', async () => {
    for (const version of ['v2.0.0', undefined]) {
      const files = {
        'package.json': manifest('root', undefined, {}, { private: true, workspaces: ['*'] }),
        'core/package.json': manifest('core', version, {}, { private: true }),
        'app/package.json': manifest('app', '1.0.0', { dependencies: { core: '^1.0.0' } }),
      };
      assert.deepEqual(rangeFindings(await analyzeSemver(files)), [], String(version));
    }
  });

  it('two workspace packages with one name: npm refuses the workspace', async () => {
    const files = {
      'package.json': manifest('root', undefined, {}, { private: true, workspaces: ['a', 'b', 'c'] }),
      'a/package.json': manifest('dup', '1.0.0'),
      'b/package.json': manifest('dup', '2.0.0'),
      'c/package.json': manifest('c', '1.0.0', { dependencies: { dup: '^3.0.0' } }),
    };
    const found = rangeFindings(await analyzeSemver(files));
    assert.deepEqual(found.map((f) => [f.file, f.code, f.severity]), [['b/package.json', 'semver/duplicate-workspace-name', 'error']]);
    assert.equal(found[0].message, "the workspace in package.json has two packages named 'dup' (a/package.json and b/package.json): npm and Yarn refuse to install a workspace with duplicate names");
    assert.deepEqual(found[0].range, rangeOf(files, 'b/package.json', '"dup"', 'dup'));
    assert.deepEqual(found[0].related?.[0].file, 'a/package.json');
  });

  it('a malformed member is reported once and takes no part', async () => {
    const files = {
      'package.json': manifest('root', undefined, {}, { private: true, workspaces: ['*'] }),
      'core/package.json': '{ "name": "core", "version": "2.0.0"',
      'app/package.json': manifest('app', '1.0.0', { dependencies: { core: '^1.0.0' } }),
    };
    assert.deepEqual((await analyzeSemver(files)).findings.map((f) => [f.file, f.code]), [['core/package.json', 'semver/malformed-package-json']]);
  });

  it('nested workspaces are checked each on their own', async () => {
    const files = {
      'package.json': manifest('root', undefined, {}, { private: true, workspaces: ['packages/*'] }),
      'packages/a/package.json': manifest('a', '1.0.0'),
      'tools/package.json': manifest('tools', undefined, { dependencies: { a: '^0.1.0' } }, { private: true, workspaces: ['cli'] }),
      'tools/cli/package.json': manifest('cli', '5.0.0', { dependencies: { a: '^0.1.0' } }),
      'tools/gen/package.json': manifest('gen', '1.0.0', { dependencies: { cli: '^4.0.0' } }),
      'packages/b/package.json': manifest('b', '1.0.0', { dependencies: { cli: '^4.0.0' } }),
    };
    // a is not in the tools workspace; gen is not a member of it; b's workspace has no "cli".
    assert.deepEqual(rangeFindings(await analyzeSemver(files)), []);
    files['tools/package.json'] = manifest('tools', undefined, { dependencies: { cli: '^4.0.0' } }, { private: true, workspaces: ['cli'] });
    assert.deepEqual(rangeFindings(await analyzeSemver(files)).map((f) => [f.file, f.code]), [['tools/package.json', 'semver/workspace-range-mismatch']]);
  });

  it('CRLF package.json files', async () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const files = {
      'package.json': crlf(manifest('root', undefined, {}, { private: true, workspaces: ['pkgs/*'] })),
      'pkgs/a/package.json': crlf(manifest('a', '2.1.0')),
      'pkgs/b/package.json': crlf(manifest('b', '1.0.0', { dependencies: { a: '~1.0.0' } })),
    };
    const [finding] = rangeFindings(await analyzeSemver(files));
    assert.deepEqual(finding.range, rangeOf(files, 'pkgs/b/package.json', '~1.0.0'));
    assert.equal(fixed(files, finding), files['pkgs/b/package.json'].replace('~1.0.0', '~2.1.0'));
  });
});

describe('semver scheme: pre-releases in workspace ranges', () => {
  const repo = (version: string, range: string, extra: Record<string, string> = {}, rootExtra: Record<string, unknown> = {}) => ({
    'package.json': manifest('root', undefined, {}, { private: true, workspaces: ['packages/*'], ...rootExtra }),
    'packages/core/package.json': manifest('core', version),
    'packages/app/package.json': manifest('app', '1.0.0', { dependencies: { core: range } }),
    ...extra,
  });

  it('a range that accepts a pre-release only with includePrerelease has its own rule: npm and pnpm do not link it', async () => {
    const files = repo('1.3.0-beta.1', '^1.2.0');
    const found = rangeFindings(await analyzeSemver(files));
    assert.deepEqual(found.map((f) => [f.code, f.severity]), [['semver/workspace-range-excludes-prerelease', 'warning']]);
    assert.equal(
      found[0].message,
      "'^1.2.0' accepts 1.3.0-beta.1, the version of workspace package 'core' (packages/core/package.json), only when pre-releases are included: npm leaves a pre-release out of a range unless the range names a pre-release of the same 1.3.0, so it does not link the workspace copy but looks for 'core@^1.2.0' in the registry (Yarn 2+ would link it)",
    );
    assert.deepEqual(JSON.parse(fixed(files, found[0])).dependencies.core, '^1.3.0-beta.1');
  });

  it('ranges that name a pre-release of the same version, and *, accept it', async () => {
    for (const range of ['^1.3.0-beta.0', '>=1.3.0-alpha <2', '1.3.0-beta.1', '*', 'workspace:*', 'workspace:^1.3.0-0']) {
      assert.deepEqual(rangeFindings(await analyzeSemver(repo('1.3.0-beta.1', range))), [], range);
    }
  });

  it('a pre-release that even includePrerelease would not accept is a plain mismatch', async () => {
    const files = repo('2.0.0-rc.1', '^1.2.0');
    const [finding] = rangeFindings(await analyzeSemver(files));
    assert.equal(finding.code, 'semver/workspace-range-mismatch');
    assert.deepEqual(JSON.parse(fixed(files, finding)).dependencies.core, '^2.0.0-rc.1');
  });

  it('Yarn 2+ (a .yarnrc.yml beside the root, or packageManager yarn@2+) links pre-releases: no warning there', async () => {
    assert.deepEqual(rangeFindings(await analyzeSemver(repo('1.3.0-beta.1', '^1.2.0', { '.yarnrc.yml': 'nodeLinker: node-modules\n' }))), []);
    assert.deepEqual(rangeFindings(await analyzeSemver(repo('1.3.0-beta.1', '^1.2.0', {}, { packageManager: 'yarn@4.1.0' }))), []);
    assert.equal(rangeFindings(await analyzeSemver(repo('1.3.0-beta.1', '^1.2.0', {}, { packageManager: 'yarn@1.22.19' }))).length, 1);
    // A real mismatch is still one for Yarn 2+.
    assert.equal(rangeFindings(await analyzeSemver(repo('2.0.0', '^1.2.0', { '.yarnrc.yml': '' })))[0].code, 'semver/workspace-range-mismatch');
  });

  it('the rule can be switched off like any other', async () => {
    assert.deepEqual(rangeFindings(await analyzeSemver(repo('1.3.0-beta.1', '^1.2.0'), { severity: { 'semver/workspace-range-excludes-prerelease': 'off' } })), []);
  });
});

describe('semver scheme: pnpm workspaces and the workspace: protocol', () => {
  function pnpmRepo(): Record<string, string> {
    return {
      'pnpm-workspace.yaml': "packages:\n  # every package\n  - 'packages/*'\n  - \"apps/**\"   # apps, nested\n  - '!**/fixtures/**'\ncatalog:\n  react: ^18.2.0\n",
      'package.json': manifest('mono', '0.0.0', { devDependencies: { ui: 'workspace:^0.9.0' } }, { private: true }),
      'packages/ui/package.json': manifest('ui', '1.0.0'),
      'packages/theme/package.json': manifest('theme', '0.4.0', { peerDependencies: { ui: 'workspace:~' } }),
      'apps/site/deep/package.json': manifest('site', '1.0.0', {
        dependencies: { ui: 'workspace:*', theme: 'workspace:^0.3.0', mono: '^0.0.0' },
        devDependencies: { ui: '^0.9.0' },
      }),
      'apps/site/fixtures/x/package.json': manifest('fixture', '1.0.0', { dependencies: { ui: '^0.1.0' } }),
    };
  }

  it('workspace:*, ^ and ~ always accept; workspace:<range> is checked as <range>, and its fix keeps the protocol', async () => {
    const files = pnpmRepo();
    const found = rangeFindings(await analyzeSemver(files));
    assert.deepEqual(found.map((f) => [f.file, f.code]), [
      ['apps/site/deep/package.json', 'semver/workspace-range-mismatch'],
      ['apps/site/deep/package.json', 'semver/workspace-range-mismatch'],
      ['package.json', 'semver/workspace-range-mismatch'],
    ]);
    const theme = found.find((f) => f.range.start.line === rangeOf(files, 'apps/site/deep/package.json', 'workspace:^0.3.0').start.line)!;
    assert.deepEqual(theme.range, rangeOf(files, 'apps/site/deep/package.json', 'workspace:^0.3.0'));
    assert.equal(theme.message, "'workspace:^0.3.0' does not accept 0.4.0, the version of workspace package 'theme' (packages/theme/package.json): the install fails (no version of 'theme' inside the workspace matches)");
    assert.equal(theme.fixes[0].title, 'Change the range to workspace:^0.4.0 (accepts 0.4.0)');
    assert.deepEqual(JSON.parse(fixed(files, theme)).dependencies.theme, 'workspace:^0.4.0');
    const plain = found.find((f) => f.message.startsWith("'^0.9.0'"))!;
    assert.equal(plain.message, "'^0.9.0' does not accept 1.0.0, the version of workspace package 'ui' (packages/ui/package.json): pnpm does not link the workspace copy but looks for 'ui@^0.9.0' in the registry");
    assert.deepEqual(JSON.parse(fixed(files, found.find((f) => f.file === 'package.json')!)).devDependencies.ui, 'workspace:^1.0.0');
  });

  it('the root package is a pnpm workspace project; negated globs exclude', async () => {
    const files = pnpmRepo();
    const analysis = await analyzeSemver(files);
    // site depends on the root ("mono" 0.0.0) with ^0.0.0: accepted. The fixture is excluded.
    assert.ok(!analysis.findings.some((f) => f.file.includes('fixtures')));
    const root = analysis.declarations.find((d) => d.declaration.file === 'package.json')!;
    assert.deepEqual(root.declaration.fields.workspaces, ['pnpm-workspace.yaml']);
    assert.ok(root.explain().includes('Workspace package of the pnpm workspace declared in `pnpm-workspace.yaml`.'));
    files['apps/site/deep/package.json'] = manifest('site', '1.0.0', { dependencies: { mono: '^1.0.0' } });
    assert.equal(rangeFindings(await analyzeSemver(files)).filter((f) => f.file === 'apps/site/deep/package.json').length, 1);
  });

  it('pnpm allows one name at several versions: a range is fine when one of them matches', async () => {
    const files = {
      'pnpm-workspace.yaml': 'packages: [a, b, "c"]\n',
      'a/package.json': manifest('dup', '1.0.0'),
      'b/package.json': manifest('dup', '2.0.0'),
      'c/package.json': manifest('c', '1.0.0', { dependencies: { dup: '^1.0.0' }, devDependencies: { dup: '^3.0.0' } }),
    };
    const found = rangeFindings(await analyzeSemver(files));
    assert.deepEqual(found.map((f) => f.code), ['semver/workspace-range-mismatch']);
    assert.equal(found[0].message, "'^3.0.0' does not accept any version of workspace package 'dup' (1.0.0 in a/package.json, 2.0.0 in b/package.json): pnpm does not link the workspace copy but looks for 'dup@^3.0.0' in the registry");
    assert.deepEqual(JSON.parse(fixed(files, found[0])).devDependencies.dup, '^2.0.0');
  });

  it('a CRLF pnpm-workspace.yaml in a subdirectory', async () => {
    const files = {
      'sub/pnpm-workspace.yaml': 'packages:\r\n- libs/*\r\n',
      'sub/libs/x/package.json': manifest('x', '3.0.0'),
      'sub/libs/y/package.json': manifest('y', '1.0.0', { dependencies: { x: '^2' } }),
      'libs/z/package.json': manifest('z', '1.0.0', { dependencies: { x: '^2' } }),
    };
    const found = rangeFindings(await analyzeSemver(files));
    assert.deepEqual(found.map((f) => f.file), ['sub/libs/y/package.json']);
    assert.deepEqual(JSON.parse(fixed(files, found[0])).dependencies.x, '^3.0.0');
  });
});

describe('semver scheme: workspace building blocks', () => {
  it('reads the packages list of pnpm-workspace.yaml', () => {
    assert.deepEqual(readPnpmWorkspace("packages:\n  - 'packages/*'\n  - \"apps/**\"\n  - tools/cli   # a comment\n  - '!**/test/**'\n  - !unquoted\n  - 'it''s'\n"), ['packages/*', 'apps/**', 'tools/cli', '!**/test/**', '!unquoted', "it's"]);
    assert.deepEqual(readPnpmWorkspace('# workspace\npackages:\n- a\n\n- b\nonlyBuiltDependencies:\n  - esbuild\n'), ['a', 'b']);
    assert.deepEqual(readPnpmWorkspace("packages: ['a/*', \"b/*\",\n  c]\n"), ['a/*', 'b/*', 'c']);
    assert.deepEqual(readPnpmWorkspace('\uFEFFpackages:\r\n  - x # y\r\n'), ['x']);
    assert.equal(readPnpmWorkspace('catalog:\n  packages: x\n'), undefined);
    assert.equal(readPnpmWorkspace(''), undefined);
    assert.deepEqual(readPnpmWorkspace('packages:\n'), []);
  });

  it('matches package directories like npm (globs on package.json paths)', () => {
    const matches = workspaceMatcher('', ['packages/*', 'apps/**', '!apps/legacy', './tools/']);
    assert.deepEqual(['packages/a', 'packages/a/b', 'apps', 'apps/x/y', 'apps/legacy', 'tools', 'tools/x', ''].map(matches), [true, false, true, true, false, true, false, false]);
    const nested = workspaceMatcher('sub', ['../shared/*', '.']);
    assert.deepEqual(['shared/x', 'sub', 'sub/x'].map(nested), [true, true, false]);
  });

  it('classifies specifiers', () => {
    assert.deepEqual(classifySpec('^1.2.0'), { kind: 'range', protocol: '', range: '^1.2.0' });
    assert.deepEqual(classifySpec('workspace:~1.0.0'), { kind: 'range', protocol: 'workspace:', range: '~1.0.0' });
    for (const spec of ['workspace:*', 'workspace:^', 'workspace:~', 'workspace:', '*', '']) assert.deepEqual(classifySpec(spec), { kind: 'any' }, spec);
    for (const spec of ['workspace:other@^1', 'workspace:../x', 'file:x', 'link:x', 'portal:x', 'npm:y@1', 'next', 'git://x', '~/dir', 'user/repo']) assert.deepEqual(classifySpec(spec), { kind: 'ignored' }, spec);
  });

  it('accepts as npm does, and rewrites in the written style', () => {
    assert.equal(acceptance('1.2.5', '^1.2.0'), 'accepts');
    assert.equal(acceptance('1.3.0-rc.1', '^1.2.0'), 'prerelease-only');
    assert.equal(acceptance('2.0.0-rc.1', '^1.2.0'), 'rejects');
    assert.equal(acceptance('1.2.3', 'v1.2.3'), 'accepts');
    assert.deepEqual(
      [['^1.2.0'], ['~1.2.0'], ['1.2.0'], ['=1.2.0'], [' ^1.2.0 '], ['^1.2'], ['1.x'], ['>=1 <2'], ['^1.0.0 || ^2.0.0']].map(([r]) => rewriteRange(r, '3.0.0-rc.1+build')),
      ['^3.0.0-rc.1', '~3.0.0-rc.1', '3.0.0-rc.1', '=3.0.0-rc.1', '^3.0.0-rc.1', '^3.0.0-rc.1', '^3.0.0-rc.1', '^3.0.0-rc.1', '^3.0.0-rc.1'],
    );
  });
});
