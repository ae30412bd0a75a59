#!/usr/bin/env node
'use strict';
/**
 * Runs the end-to-end tests in a real VS Code (code-server's, driven by headless Chromium).
 *
 *   node test/e2e/runTest.js [--workspace DIR] [--tests FILE] [--vsix FILE] [--extension DIR]
 *
 *   --workspace DIR  folder (or .code-workspace file) to open, default: examples/ in the repository
 *   --tests FILE     the extensionTestsPath module, default: test/e2e/suite/index.js, which runs the
 *                    *.e2e.js specs under $VERSIONWISE_E2E_SPECS (default out/test/e2e/specs)
 *   --vsix FILE      test this packaged extension (installed into the fresh profile) instead of the
 *                    development folder
 *   --extension DIR  the development folder, default: the repository (another is useful only to try
 *                    the harness itself on a throwaway extension)
 * Relative paths are taken from the current directory. The exit code is the test result: 0 when all
 * tests passed. Other knobs (screenshots, timeout, Workspace Trust, logs) are environment variables
 * described at the top of test/e2e/code-server-launcher.js.
 *
 * Steps: setup.js installs (once) Node 24, code-server and Chromium; this script then re-runs itself
 * with Node 24 if needed (@vscode/test-electron requires Node >= 22) and calls test-electron's runTests
 * with code-server-launcher.js as the "VS Code executable".
 */

const path = require('path');
const fs = require('fs');
const { spawn } = require('child_process');
const { Writable } = require('stream');
const { ensureVsCodeEnvironment } = require('./setup');

const MIN_NODE_MAJOR_FOR_TEST_ELECTRON = 22;
const REEXEC_MARKER_ENV = 'VERSIONWISE_E2E_REEXECUTED';
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(__dirname, 'code-server-launcher.js');
const DEFAULTS = {
  workspace: path.join(REPO_ROOT, 'examples'),
  tests: path.join(__dirname, 'suite', 'index.js'),
  vsix: undefined,
  extension: REPO_ROOT,
};
const USAGE = 'usage: node test/e2e/runTest.js [--workspace DIR] [--tests FILE] [--vsix FILE] [--extension DIR]';
// The closing line test/e2e/suite/index.js prints: "e2e: 3 passed, 0 failed[, 1 skipped]".
const RESULT_LINE = /^e2e: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/m;

function fail(message) {
  process.stderr.write(`versionwise e2e: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseCommandLine(argv) {
  const options = { ...DEFAULTS };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '-h' || argument === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const match = argument.match(/^--(workspace|tests|vsix|extension)(?:=(.*))?$/);
    if (!match) fail(`unknown argument ${argument}`);
    const value = match[2] !== undefined ? match[2] : argv[++index];
    if (!value) fail(`${argument} needs a value`);
    options[match[1]] = path.resolve(value);
  }
  for (const key of ['workspace', 'tests', 'vsix', 'extension']) {
    if (options[key] && !fs.existsSync(options[key])) fail(`--${key}: ${options[key]} does not exist`);
  }
  return options;
}

/**
 * Runs this script again under Node 24 and exits with its exit code. The child gets its own process
 * group and we forward SIGINT/SIGTERM to it: so a Ctrl+C reaches test-electron exactly once (twice, it
 * would stop "forcefully", SIGKILLing the launcher before it can clean up).
 */
function reexecWithNode(tools) {
  if (process.env[REEXEC_MARKER_ENV]) fail(`still on Node ${process.version} after re-executing with ${tools.nodeBinary}`);
  const child = spawn(tools.nodeBinary, [__filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      [REEXEC_MARKER_ENV]: '1',
      PATH: [tools.nodeBinDir, process.env.PATH || ''].join(path.delimiter),
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code === null ? (signal === 'SIGINT' ? 130 : 143) : code));
}

/** Passes the launcher's output through to our stdout and remembers the mocha counts line. */
function createOutputTee() {
  const tee = new Writable({
    write(chunk, _encoding, callback) {
      process.stdout.write(chunk);
      tee.buffer = (tee.buffer + chunk.toString()).slice(-4096);
      const match = tee.buffer.match(RESULT_LINE);
      if (match) tee.counts = { passed: +match[1], failed: +match[2], skipped: +(match[3] || 0) };
      callback();
    },
  });
  tee.buffer = '';
  tee.counts = undefined;
  return tee;
}

/** The VS Code version code-server bundles (lib/vscode/package.json). */
function vscodeVersion(tools) {
  try {
    return JSON.parse(fs.readFileSync(path.join(tools.codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const options = parseCommandLine(process.argv.slice(2));
  const tools = await ensureVsCodeEnvironment();
  if (Number(process.versions.node.split('.')[0]) < MIN_NODE_MAJOR_FOR_TEST_ELECTRON) {
    reexecWithNode(tools);
    return;
  }

  const { runTests } = require('@vscode/test-electron');
  const startedAt = Date.now();
  const stdout = createOutputTee();
  let exitCode;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: LAUNCHER,
      extensionDevelopmentPath: options.extension,
      extensionTestsPath: options.tests,
      launchArgs: [options.workspace],
      extensionTestsEnv: options.vsix ? { VERSIONWISE_E2E_VSIX: options.vsix } : {},
      stdout,
    });
  } catch (error) {
    // TestRunFailedError carries the launcher's exit code; anything else is a harness problem.
    exitCode = typeof error.code === 'number' && error.code !== 0 ? error.code : 1;
    if (!('code' in error)) process.stderr.write(`${error.stack || error}\n`);
  }

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const counts = stdout.counts
    ? `${stdout.counts.passed} passed, ${stdout.counts.failed} failed${stdout.counts.skipped ? `, ${stdout.counts.skipped} skipped` : ''}`
    : 'no test results';
  const subject = options.vsix ? `vsix ${path.relative(process.cwd(), options.vsix) || options.vsix}` : 'development folder';
  process.stdout.write(
    `versionwise e2e ${exitCode === 0 ? 'PASSED' : 'FAILED'} (exit ${exitCode}): ${counts} in ${seconds} s ` +
      `[VS Code ${vscodeVersion(tools)} in code-server ${tools.versions.codeServer}, ${subject}, ` +
      `workspace ${path.relative(process.cwd(), options.workspace) || '.'}]\n`,
  );
  process.exit(exitCode);
}

main().catch((error) => {
  process.stderr.write(`versionwise e2e: ${error.stack || error}\n`);
  process.exit(1);
});
