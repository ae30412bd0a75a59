/**
 * `npm run demo`: the CLI on the bundled example workspace, as a user would run it. It shows the findings
 * (an invalid triple, a release number used as an interface version) and then the explanation of a valid
 * triple, the same text VS Code shows on hover.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

function run(title, args) {
  console.log(`\n$ versionwise ${args.join(' ')}    # ${title}\n`);
  return spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, stdio: 'inherit' }).status;
}

const check = run('every finding in examples/', ['check', 'examples']);
const explain = run('what a valid triple means, as in the hover', ['explain', '7:2:3', '--library', 'libwidget']);
const invalid = run('why an invalid one is rejected, in libtool\'s words', ['explain', '3:0:4']);
// check exits 1 because the example has an error on purpose; 2 would mean the CLI itself failed.
const ok = (check === 0 || check === 1) && explain === 0 && invalid === 1;
console.log(ok ? '\nDemo finished: open examples/ in VS Code to see the same findings and hovers in the editor.' : '\nDemo failed.');
process.exit(ok ? 0 : 1);
