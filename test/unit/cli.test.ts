import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/lspClient';
import { TempWorkspace } from '../helpers/tempWorkspace';
import { rangeOf } from '../helpers/workspace';
import { TWO_LIBRARY_PROJECT } from '../helpers/fixtures';

/** The built CLI (`dist/cli.js`, the package's `versionwise` bin), run as a user runs it. */
function versionwise(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { cwd: options.cwd ?? REPO_ROOT, input: options.input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('versionwise check', function () {
  this.timeout(20_000);
  const files = TWO_LIBRARY_PROJECT;
  let workspace: TempWorkspace;
  beforeEach(() => (workspace = new TempWorkspace(files)));
  afterEach(() => workspace.dispose());

  it('--format json follows the contract: 0-based ranges, paths relative to DIR with /', () => {
    const { code, stdout } = versionwise(['check', workspace.root, '--format', 'json']);
    assert.equal(code, 1);
    const output = JSON.parse(stdout);
    assert.deepEqual(output.diagnostics, [
      {
        file: 'configure.ac',
        range: rangeOf(files, 'configure.ac', 'G_AGE=4', '4'),
        severity: 'error',
        code: 'libtool/age-exceeds-current',
        message: "AGE '4' is greater than the current interface number '3': '3:0:4' is not valid version information",
        fixes: [],
        related: [{ file: 'configure.ac', range: rangeOf(files, 'configure.ac', 'G_CURRENT=3', '3'), message: 'CURRENT is written here' }],
      },
    ]);
    const widget = output.declarations.find((d: { fields: { library: string } }) => d.fields.library === 'libwidget');
    assert.deepEqual(
      { scheme: widget.scheme, file: widget.file, range: widget.range, text: widget.text, value: widget.value },
      { scheme: 'libtool', file: 'src/Makefile.am', range: rangeOf(files, 'src/Makefile.am', '7:2:3'), text: '7:2:3', value: '7:2:3' },
    );
    assert.deepEqual(
      { current: widget.fields.current, revision: widget.fields.revision, age: widget.fields.age, library: widget.fields.library, computed: widget.fields.computed },
      { current: 7, revision: 2, age: 3, library: 'libwidget', computed: false },
    );
  });

  it('defaults to the current directory and prints file:line:col for people', () => {
    const { code, stdout } = versionwise(['check'], { cwd: workspace.root });
    assert.equal(code, 1);
    const line = rangeOf(files, 'configure.ac', 'G_AGE=4', '4').start;
    assert.match(stdout, new RegExp(`^configure\\.ac:${line.line + 1}:${line.character + 1}: error libtool/age-exceeds-current: AGE '4' is greater`, 'm'));
    assert.match(stdout, /3 version declarations checked: 1 error\(s\), 0 warning\(s\)/, 'two libtool libraries and the release version of AC_INIT');
    assert.doesNotMatch(stdout, /\u001b\[/, 'no colours when not on a terminal');
  });

  it('exits 0 when nothing is wrong', () => {
    workspace.write('configure.ac', files['configure.ac'].replace('G_AGE=4', 'G_AGE=1'));
    const { code, stdout } = versionwise(['check', workspace.root]);
    assert.equal(code, 0, stdout);
  });

  it('--format sarif emits SARIF 2.1.0 with 1-based regions', () => {
    const { code, stdout } = versionwise(['check', workspace.root, '--format', 'sarif']);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [result] = sarif.runs[0].results;
    const start = rangeOf(files, 'configure.ac', 'G_AGE=4', '4').start;
    assert.equal(result.ruleId, 'libtool/age-exceeds-current');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'configure.ac', uriBaseId: 'SRCROOT' });
    assert.equal(result.locations[0].physicalLocation.region.startLine, start.line + 1);
    assert.equal(result.locations[0].physicalLocation.region.startColumn, start.character + 1);
  });

  it('exits 2 on usage errors', () => {
    assert.equal(versionwise(['check', workspace.root, '--format', 'xml']).code, 2);
    assert.equal(versionwise(['check', path.join(workspace.root, 'missing')]).code, 2);
    assert.equal(versionwise(['frobnicate']).code, 2);
    assert.equal(versionwise([]).code, 2);
    assert.equal(versionwise(['check', '--bogus']).code, 2);
  });
});

describe('versionwise explain', function () {
  this.timeout(20_000);

  it('--format json prints one object per value with the platform names', () => {
    const { code, stdout } = versionwise(['explain', '6:0:2', '1:2:1', '--library', 'libfoo', '--format', 'json']);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].scheme, 'libtool');
    assert.equal(lines[0].value, '6:0:2');
    assert.equal(lines[0].valid, true);
    assert.deepEqual(lines[0].fields.platforms, {
      linux: { real: 'libfoo.so.4.2.0', soname: 'libfoo.so.4', linker: 'libfoo.so' },
      darwin: { file: 'libfoo.4.dylib', compatibilityVersion: '7', currentVersion: '7.0' },
      mingw: { dll: 'libfoo-4.dll', importLibrary: 'libfoo.dll.a' },
      cygwin: { dll: 'cygfoo-4.dll', importLibrary: 'libfoo.dll.a' },
      freebsd: { real: 'libfoo.so.4.2.0', soname: 'libfoo.so.4' },
    });
    assert.equal(lines[1].fields.platforms.linux.real, 'libfoo.so.0.1.2');
  });

  it('exits 1 when a value is invalid, with libtool\'s wording', () => {
    const { code, stdout } = versionwise(['explain', '007:1:0', '--scheme', 'libtool', '--format', 'json']);
    assert.equal(code, 1);
    const result = JSON.parse(stdout);
    assert.equal(result.valid, false);
    assert.equal(result.message, "CURRENT '007' must be a nonnegative integer: '007:1:0' is not valid version information");
  });

  it('--stdin reads one value per line', () => {
    const { code, stdout } = versionwise(['explain', '--stdin', '--format', 'json'], { input: '1:0:0\n\n3:0:4\r\n10:0:10\n' });
    assert.equal(code, 1);
    assert.deepEqual(stdout.trim().split('\n').map((l) => [JSON.parse(l).value, JSON.parse(l).valid]), [['1:0:0', true], ['3:0:4', false], ['10:0:10', true]]);
  });

  it('text output is the hover text', () => {
    const { code, stdout } = versionwise(['explain', '6:0:2', '--library', 'libbar']);
    assert.equal(code, 0);
    assert.match(stdout, /libbar\.so\.4\.2\.0 \(file\), libbar\.so\.4 \(soname\)/);
    assert.match(stdout, /interfaces added → 7:0:3/);
  });

  it('--libtool-version 2.6 accepts long revisions', () => {
    assert.equal(versionwise(['explain', '0:100000:0', '--scheme', 'libtool']).code, 1);
    assert.equal(versionwise(['explain', '0:100000:0', '--scheme', 'libtool', '--libtool-version', '2.6']).code, 0);
  });

  it('rejects unknown schemes and missing values with exit 2', () => {
    assert.equal(versionwise(['explain', '1:0:0', '--scheme', 'nope']).code, 2);
    assert.equal(versionwise(['explain']).code, 2);
  });
});

describe('the bundled example', function () {
  this.timeout(20_000);
  it('shows an invalid triple, the release-number mistake and three declarations', () => {
    const { code, stdout } = versionwise(['check', 'examples', '--format', 'json']);
    assert.equal(code, 1);
    const output = JSON.parse(stdout);
    assert.deepEqual(output.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`), [
      'configure.ac libtool/age-exceeds-current',
      'src/Makefile.am libtool/release-number-as-version-info',
    ]);
    const libtool = output.declarations.filter((d: { scheme: string }) => d.scheme === 'libtool');
    assert.deepEqual(libtool.map((d: { fields: { library: string }; value: string }) => `${d.fields.library} ${d.value}`).sort(), ['libgadget 3:0:4', 'libsprocket 2:4:1', 'libwidget 7:2:3']);
    assert.deepEqual(output.declarations.filter((d: { scheme: string }) => d.scheme === 'release').map((d: { value: string }) => d.value), ['2.4.1']);
  });
});

describe('SARIF output and the official validator', function () {
  this.timeout(60_000);
  it('the SARIF Multitool validates it without errors or warnings', () => {
    const tool = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
    fs.chmodSync(tool, 0o755); // npm does not keep the executable bit of this package's binary
    const workspace = new TempWorkspace({ ...TWO_LIBRARY_PROJECT, '.versionwise.json': JSON.stringify({ suppressions: [{ rule: 'libtool/age-exceeds-current', file: 'configure.ac', justification: 'demo' }] }) });
    try {
      const sarif = path.join(workspace.root, 'out.sarif');
      fs.writeFileSync(sarif, versionwise(['check', workspace.root, '--format', 'sarif']).stdout);
      const report = path.join(workspace.root, 'validation.sarif');
      const run = spawnSync(tool, ['validate', sarif, '--output', report], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const problems = JSON.parse(fs.readFileSync(report, 'utf8')).runs[0].results ?? [];
      assert.deepEqual(problems.map((r: { ruleId: string; message: { text?: string } }) => `${r.ruleId}: ${r.message.text ?? ''}`), []);
    } finally {
      workspace.dispose();
    }
  });
});
