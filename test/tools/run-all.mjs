/**
 * `npm test`: every test of the project, in one run, ending with the line `N passed, N failed` that CI
 * reads. Three suites, all with real components:
 *   1. unit tests (out/test/unit): the analysis core, the CLI as a subprocess, the TextMate grammar;
 *   2. LSP tests (out/test/lsp): the bundled server over stdio JSON-RPC;
 *   3. end-to-end tests (out/test/e2e/specs) inside a real VS Code (code-server), on a copy of examples/:
 *      once from the development folder, once with the packaged .vsix installed.
 * Set VERSIONWISE_SKIP_E2E=1 to leave out the third locally; CI never does.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { packageExtension } from './package.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let passed = 0;
let failed = 0;

function specFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

async function runMocha(title, files) {
  console.log(`\n== ${title} (${files.length} files)`);
  const mocha = new Mocha({ reporter: 'spec', timeout: 20_000 });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  passed += stats.passes;
  failed += stats.failures;
}

function runEndToEnd(label, extraArgs = [], extraEnv = {}) {
  console.log(`\n== end-to-end tests in a real VS Code (code-server): ${label}`);
  // The tests edit and configure the workspace: they get a copy, never the bundled example itself.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-e2e-workspace-'));
  fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  try {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'test', 'e2e', 'runTest.js'), '--workspace', workspace, ...extraArgs], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...extraEnv },
    });
    process.stdout.write(result.stdout ?? '');
    // test/e2e/suite/index.js ends the in-editor run with `e2e: N passed, N failed`.
    const summary = /^e2e: (\d+) passed, (\d+) failed$/m.exec(result.stdout ?? '');
    const e2ePassed = summary ? Number(summary[1]) : 0;
    let e2eFailed = summary ? Number(summary[2]) : 0;
    // A run that died before the tests reported (the harness failed) must count as a failure.
    if ((result.status !== 0 || !summary) && e2eFailed === 0) e2eFailed = 1;
    passed += e2ePassed;
    failed += e2eFailed;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

await runMocha('unit tests', specFiles(path.join(repoRoot, 'out', 'test', 'unit'), '.test.js'));
await runMocha('language server over stdio', specFiles(path.join(repoRoot, 'out', 'test', 'lsp'), '.test.js'));
if (process.env.VERSIONWISE_SKIP_E2E === '1') console.log('\n== end-to-end tests skipped (VERSIONWISE_SKIP_E2E=1)');
else {
  runEndToEnd('the development folder');
  // The shipped artefact itself: the .vsix installed with --install-extension, no development path.
  let vsix;
  try {
    vsix = await packageExtension();
  } catch (error) {
    console.log(`packaging the .vsix failed: ${error.message}`);
    failed += 1;
  }
  if (vsix) runEndToEnd('the packaged .vsix, installed', ['--vsix', vsix]);
  // Workspace Trust left on: the workspace opens in Restricted Mode.
  runEndToEnd('an untrusted workspace (Restricted Mode)', [], { VERSIONWISE_E2E_TRUST: '1', VERSIONWISE_E2E_SPECS: path.join(repoRoot, 'out', 'test', 'e2e', 'untrusted') });
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
