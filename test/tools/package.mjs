/**
 * `npm run package`: builds the bundles and packs them into `versionwise.vsix` with @vscode/vsce. vsce
 * needs Node >= 22, so it runs on the Node 24 that the VS Code test environment installs (test/e2e/setup.js);
 * everything is bundled by esbuild, so the .vsix carries no node_modules (`--no-dependencies`).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { ensureVsCodeEnvironment } = require(path.join(repoRoot, 'test', 'e2e', 'setup.js'));

export const VSIX = path.join(repoRoot, 'versionwise.vsix');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

export async function packageExtension() {
  const environment = await ensureVsCodeEnvironment();
  run('npm', ['run', '-s', 'build']);
  fs.rmSync(VSIX, { force: true });
  run(environment.nodeBinary, [
    require.resolve('@vscode/vsce/vsce'),
    'package',
    '--no-dependencies',
    '--skip-license',
    '--allow-missing-repository',
    // The README's screenshots are relative links into docs/images (not shipped): keep them as they are
    // rather than rewriting them to a repository URL the project does not have yet.
    '--no-rewrite-relative-links',
    '--out', VSIX,
  ]);
  return VSIX;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  packageExtension().then(
    (file) => console.log(`packaged ${path.relative(repoRoot, file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`),
    (error) => {
      console.error(`versionwise: packaging failed: ${error.message}`);
      process.exit(1);
    },
  );
}
