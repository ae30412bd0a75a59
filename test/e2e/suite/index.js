'use strict';
/**
 * The extensionTestsPath module: VS Code's extension host loads this file and awaits `run()`; a
 * rejection counts as a failed test run (the workbench then reports exit code 1).
 *
 * It runs every `*.e2e.js` file (searched recursively) under the directory named by the environment
 * variable VERSIONWISE_E2E_SPECS, default `out/test/e2e/specs` in the repository (where the TypeScript
 * specs compile to), in mocha with a generous timeout. Specs may use either mocha interface: tdd
 * (`suite`/`test`/`suiteSetup`/`setup`...) or bdd (`describe`/`it`/`before`/`beforeEach`...), one per file.
 *
 * It also gives specs `globalThis.versionwiseE2E.screenshot(name)`, which asks the launcher
 * (test/e2e/code-server-launcher.js) for a full-page screenshot `<VERSIONWISE_E2E_SCREENSHOTS>/<name>.png`
 * and resolves once the file exists; it does nothing when VERSIONWISE_E2E_SCREENSHOTS is unset. It is
 * also exported from this module as `screenshot`.
 *
 * Output: mocha's spec reporter writes through console.log; in an extension-development window the
 * extension host's console output goes into the workbench log, which the launcher receives through
 * codeAutomationLog and prints on its stdout. Pitfalls of that channel: arguments arrive joined by spaces
 * with no printf-style substitution, and a console.log whose first argument is not a string is dropped.
 * So mocha's lines are formatted here before they are logged, and specs should log one ready string
 * (a template literal) rather than a format string or an object.
 */

const fs = require('fs');
const path = require('path');
const util = require('util');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const DEFAULT_SPECS_DIR = path.join(REPO_ROOT, 'out', 'test', 'e2e', 'specs');
const SPEC_FILE_SUFFIX = '.e2e.js';
const TEST_TIMEOUT_MS = 60 * 1000;
const SCREENSHOT_REQUEST_PREFIX = '[versionwise-e2e:screenshot]';
const SCREENSHOT_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;
const SCREENSHOT_WAIT_MS = 30 * 1000;

/** mocha 12 is ESM-only: require() of it gives the module namespace, whose `Mocha` is the class. */
function loadMocha() {
  const mochaModule = require('mocha');
  const Mocha = mochaModule.Mocha || mochaModule.default || mochaModule;
  if (typeof Mocha !== 'function') throw new Error('could not find the Mocha class in require("mocha")');
  return Mocha;
}

/** Every *.e2e.js under dir, sorted so the order is stable. */
function findSpecFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findSpecFiles(full));
    else if (entry.isFile() && entry.name.endsWith(SPEC_FILE_SUFFIX)) found.push(full);
  }
  return found.sort();
}

/**
 * Asks the launcher for a screenshot of the workbench as it is now, and waits until it is written.
 * Protocol: a console line `[versionwise-e2e:screenshot] NAME`, which reaches the launcher through the
 * workbench log (codeAutomationLog); the launcher renames the finished PNG into place, so its existence
 * means "done". The directory comes from the environment, which the extension host inherits from the
 * launcher through code-server.
 */
async function screenshot(name) {
  const dir = process.env.VERSIONWISE_E2E_SCREENSHOTS;
  if (!dir) return undefined;
  if (!SCREENSHOT_NAME_PATTERN.test(name)) {
    throw new Error(`screenshot name must match ${SCREENSHOT_NAME_PATTERN}: ${JSON.stringify(name)}`);
  }
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true }); // a stale file from an earlier run must not count
  console.log(`${SCREENSHOT_REQUEST_PREFIX} ${name}`);
  const deadline = Date.now() + SCREENSHOT_WAIT_MS;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`screenshot ${file} did not appear within ${SCREENSHOT_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return file;
}

async function run() {
  const Mocha = loadMocha();
  const specsDir = path.resolve(REPO_ROOT, process.env.VERSIONWISE_E2E_SPECS || DEFAULT_SPECS_DIR);
  if (!fs.existsSync(specsDir)) throw new Error(`no spec directory ${specsDir} (VERSIONWISE_E2E_SPECS)`);
  const specFiles = findSpecFiles(specsDir);
  if (specFiles.length === 0) throw new Error(`no *${SPEC_FILE_SUFFIX} files under ${specsDir}`);

  globalThis.versionwiseE2E = { screenshot };

  // mocha's reporters print with printf-style formats ("  ✔ %s"), which the extension host would pass on
  // unsubstituted: format each line here. (console.log itself cannot be wrapped: the extension host
  // replaces console's methods with getters whose setters ignore assignments.)
  Mocha.reporters.Base.consoleLog = (...args) => console.log(util.format(...args));

  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: TEST_TIMEOUT_MS });
  mocha.ui('bdd'); // bind the second interface too: describe/it as well as suite/test
  for (const file of specFiles) mocha.addFile(file);
  console.log(`[versionwise-e2e] running ${specFiles.length} spec file(s) from ${specsDir}`);

  // loadFilesAsync handles CommonJS and ES module specs alike.
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  // A plain closing line that CI and test/e2e/runTest.js read: "e2e: N passed, N failed[, N skipped]".
  const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
  console.log(`e2e: ${stats.passes} passed, ${stats.failures} failed${skipped}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} end-to-end test(s) failed`);
  if (stats.passes === 0) throw new Error('no end-to-end test ran');
}

module.exports = { run, screenshot };
