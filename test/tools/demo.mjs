/**
 * `npm run demo`: the CLI on the bundled example workspace, as a user would run it. It shows the findings
 * (an invalid triple, a release number used as an interface version) and then the explanation of a valid
 * triple, the same text VS Code shows on hover.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

function run(title, args, cwd = repoRoot) {
  console.log(`\n$ versionwise ${args.join(' ')}    # ${title}\n`);
  return spawnSync(process.execPath, [cli, ...args], { cwd, stdio: 'inherit' }).status;
}

/**
 * The example as a released project: a git repository tagged v2.4.1, then a change that removes
 * widget_reset() from the public header. Versionwise says what libwidget's next release needs.
 */
function releasedExample() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-demo-'));
  fs.cpSync(path.join(repoRoot, 'examples'), dir, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  git('init', '-q');
  git('-c', 'user.name=Demo', '-c', 'user.email=demo@example.invalid', 'add', '-A');
  git('-c', 'user.name=Demo', '-c', 'user.email=demo@example.invalid', 'commit', '-q', '-m', 'widget 2.4.1');
  git('-c', 'user.name=Demo', '-c', 'user.email=demo@example.invalid', 'tag', '-a', 'v2.4.1', '-m', 'v2.4.1');
  const header = path.join(dir, 'src', 'widget.h');
  fs.writeFileSync(header, fs.readFileSync(header, 'utf8').replace('WIDGET_API void widget_reset(widget *w);\n', ''));
  return dir;
}

const check = run('every finding in examples/', ['check', 'examples']);
const explain = run('what a valid triple means, as in the hover', ['explain', '7:2:3', '--library', 'libwidget']);
const invalid = run('why an invalid one is rejected, in libtool\'s words', ['explain', '3:0:4']);

console.log('\n--- The same example after its v2.4.1 release, with widget_reset() removed from src/widget.h ---');
const released = releasedExample();
let diff;
let next;
try {
  diff = run('what changed in each library since the last release tag', ['diff', '.'], released);
  next = run('the version each library\'s next release needs', ['next', '.'], released);
} finally {
  fs.rmSync(released, { recursive: true, force: true });
}
// check exits 1 because the example has an error on purpose; 2 would mean the CLI itself failed.
const ok = (check === 0 || check === 1) && explain === 0 && invalid === 1 && diff === 0 && next === 0;
console.log(ok ? '\nDemo finished: open examples/ in VS Code to see the same findings and hovers in the editor.' : '\nDemo failed.');
process.exit(ok ? 0 : 1);
