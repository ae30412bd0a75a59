import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_KEYS } from '../../server/src/core/projectConfig';
import { REPO_ROOT } from '../helpers/lspClient';
import { TempWorkspace } from '../helpers/tempWorkspace';
import { analyze, rangeOf } from '../helpers/workspace';
import { suppressionEdits } from '../../server/src/features/suppressions';
import { applyEditsToText } from '../helpers/workspace';

/** The project configuration file shared by the CLI and the editor, and its suppressions. */
const PROJECT = {
  'configure.ac': 'AC_INIT([w], [2.4.1])\n',
  'Makefile.am': 'libw_la_LDFLAGS = -version-info 2:4:1\nlibv_la_LDFLAGS = -version-info 3:0:4\n',
};

describe('project configuration (.versionwise.json)', () => {
  it('its settings apply, over the editor\'s', async () => {
    const files = { ...PROJECT, '.versionwise.json': '{ "severity": { "libtool/release-number-as-version-info": "error" }, "libtool": { "dialect": "2.6" } }' };
    const analysis = await analyze(files, { severity: { 'libtool/release-number-as-version-info': 'hint' }, baseline: { ref: 'v1' } });
    assert.equal(analysis.findings.find((f) => f.code === 'libtool/release-number-as-version-info')?.severity, 'error');
    assert.equal(analysis.settings.libtool.dialect, '2.6');
    assert.equal(analysis.settings.baseline.ref, 'v1', 'sections merge key by key');
  });

  it('can live in package.json as "versionwise"', async () => {
    const files = { ...PROJECT, 'package.json': '{ "name": "w", "private": true, "versionwise": { "schemes": { "libtool": false } } }' };
    const analysis = await analyze(files);
    assert.deepEqual(analysis.declarations.filter((d) => d.declaration.scheme === 'libtool'), []);
  });

  it('excludes files by glob', async () => {
    const files = { ...PROJECT, 'third_party/x/Makefile.am': 'libx_la_LDFLAGS = -version-info 1:0:9\n', '.versionwise.json': '{ "exclude": ["third_party/**"] }' };
    const analysis = await analyze(files);
    assert.ok(!analysis.findings.some((f) => f.file.startsWith('third_party/')));
    assert.ok(!analysis.texts.has('third_party/x/Makefile.am'), 'an excluded file is not even read');
  });

  it('a malformed file is reported where it is wrong, never ignored silently', async () => {
    const text = '{ "severity": { "libtool/age-exceeds-current": "loud" },\n  "colour": true,\n  "baseline": { "tagPattern": "([" },\n  "libtool": { "dialect": 2.6 } }';
    const analysis = await analyze({ ...PROJECT, '.versionwise.json': text });
    const config = analysis.findings.filter((f) => f.file === '.versionwise.json').map((f) => [f.code, f.severity, f.message]);
    assert.deepEqual(config, [
      ['config/invalid-value', 'error', '"severity.libtool/age-exceeds-current" must be one of "error", "warning", "information", "hint", "off"'],
      ['config/unknown-key', 'warning', 'unknown key "colour" (known: schemes, severity, libtool, baseline, interfaces, semver, firmware, migration, exclude, suppressions)'],
      ['config/invalid-value', 'error', `"baseline.tagPattern" is not a regular expression: ${(() => { try { new RegExp('(['); } catch (e) { return (e as Error).message; } return ''; })()}`],
      ['config/invalid-value', 'error', '"libtool.dialect" must be one of "2.4", "2.6"'],
    ]);
    const broken = await analyze({ ...PROJECT, '.versionwise.json': '{ "exclude": [ "a", }' });
    const [syntax] = broken.findings.filter((f) => f.file === '.versionwise.json');
    assert.equal(syntax.code, 'config/malformed');
    assert.match(syntax.message, /is not valid JSON: ValueExpected; its settings and suppressions are not used until it is fixed/);
  });

  it('suppressions need a justification, hide what they match and are reported when stale', async () => {
    const config = {
      suppressions: [
        { rule: 'libtool/release-number-as-version-info', file: 'Makefile.am', text: '2:4:1', justification: 'libw is internal; its soname follows the release on purpose' },
        { rule: 'libtool/age-exceeds-current', file: 'Makefile.am', text: '9:9:9', justification: 'was fixed long ago' },
        { rule: 'libtool/age-exceeds-current', file: 'Makefile.am' },
      ],
    };
    const files = { ...PROJECT, '.versionwise.json': JSON.stringify(config, null, 2) };
    const analysis = await analyze(files);
    assert.deepEqual(analysis.suppressed.map((s) => [s.finding.code, s.suppression.justification]), [['libtool/release-number-as-version-info', 'libw is internal; its soname follows the release on purpose']]);
    assert.deepEqual(analysis.findings.map((f) => `${f.file} ${f.code}`).sort(), [
      '.versionwise.json config/missing-justification',
      '.versionwise.json config/unused-suppression',
      'Makefile.am libtool/age-exceeds-current',
    ]);
    const stale = analysis.findings.find((f) => f.code === 'config/unused-suppression')!;
    assert.match(stale.message, /this suppression of libtool\/age-exceeds-current in Makefile\.am \("9:9:9"\) no longer matches any finding: remove it/);
  });

  it('"ignore this finding" writes a suppression into the configuration, creating it when needed', async () => {
    const analysis = await analyze(PROJECT);
    const finding = analysis.findings.find((f) => f.code === 'libtool/release-number-as-version-info')!;
    const [created] = suppressionEdits(analysis, finding, 'internal library');
    assert.equal(created.file, '.versionwise.json');
    assert.deepEqual(JSON.parse(created.newText), { suppressions: [{ rule: 'libtool/release-number-as-version-info', file: 'Makefile.am', text: '2:4:1', justification: 'internal library' }] });
    const withConfig = { ...PROJECT, '.versionwise.json': '{\n  // the project\'s own settings\n  "exclude": ["x/**"]\n}\n' };
    const again = await analyze(withConfig);
    const edits = suppressionEdits(again, again.findings.find((f) => f.code === 'libtool/release-number-as-version-info')!, 'internal library');
    const updated = applyEditsToText(withConfig['.versionwise.json'], edits);
    assert.match(updated, /\/\/ the project's own settings/, 'comments are kept');
    const after = await analyze({ ...withConfig, '.versionwise.json': updated });
    assert.deepEqual(after.findings.map((f) => f.code), ['libtool/age-exceeds-current']);
    assert.equal(after.suppressed.length, 1);
  });

  it('the JSON schema VS Code validates the file with knows exactly the keys the reader checks', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'versionwise.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(CONFIG_KEYS).sort());
    for (const [key, check] of Object.entries(CONFIG_KEYS)) {
      if (typeof check === 'object') assert.deepEqual(Object.keys(schema.properties[key].properties).sort(), Object.keys(check).sort(), key);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.jsonValidation.map((v: { fileMatch: string }) => v.fileMatch), ['.versionwise.json', 'package.json']);
  });
});

describe('versionwise CLI with a project configuration', function () {
  this.timeout(20_000);
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it('suppressions lists each suppression and what it hides; SARIF marks them suppressed', () => {
    workspace = new TempWorkspace({ ...PROJECT, '.versionwise.json': JSON.stringify({ suppressions: [{ rule: 'libtool/release-number-as-version-info', file: 'Makefile.am', justification: 'internal' }] }) });
    const listed = cli(['suppressions', workspace.root]);
    assert.equal(listed.status, 0);
    const column = rangeOf(PROJECT, 'Makefile.am', '2:4:1').start.character + 1;
    assert.ok(listed.stdout.startsWith(`libtool/release-number-as-version-info in Makefile.am: hides 1 finding(s)\n    justification: internal\n    Makefile.am:1:${column}: -version-info 2:4:1 mirrors`), listed.stdout);
    const sarif = JSON.parse(cli(['check', workspace.root, '--format', 'sarif']).stdout);
    const suppressed = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'libtool/release-number-as-version-info');
    assert.deepEqual(suppressed.suppressions, [{ kind: 'external', status: 'accepted', justification: 'internal' }]);
  });

  it('--max-warnings fails the run when there are more warnings', () => {
    workspace = new TempWorkspace({ 'configure.ac': PROJECT['configure.ac'], 'Makefile.am': 'libw_la_LDFLAGS = -version-info 2:4:1\n' });
    assert.equal(cli(['check', workspace.root]).status, 0);
    assert.equal(cli(['check', workspace.root, '--max-warnings', '1']).status, 0);
    const strict = cli(['check', workspace.root, '--max-warnings', '0']);
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /1 warning\(s\), more than --max-warnings 0/);
    assert.equal(cli(['check', workspace.root, '--max-warnings', 'lots']).status, 2);
  });
});

