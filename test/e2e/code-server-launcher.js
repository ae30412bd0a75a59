#!/usr/bin/env node
'use strict';
/**
 * A stand-in for the VS Code executable, for @vscode/test-electron's runTests({ vscodeExecutablePath }).
 *
 * runTests spawns this file with the arguments it would give desktop VS Code:
 *   [<workspace folder>, ...launchArgs] --no-sandbox --disable-gpu-sandbox --disable-updates --skip-welcome
 *   --skip-release-notes --no-cached-data --disable-workspace-trust --extensionTestsPath=<index.js>
 *   --extensionDevelopmentPath=<extension dir> --extensions-dir=<...> --user-data-dir=<...>
 * and uses our exit code as the test result. We run the same tests in code-server instead, which bundles
 * a full VS Code (see /work/shared/reference/vscode-e2e.md):
 *   1. start code-server (Node 24) on a free 127.0.0.1 port, with its own XDG dirs, TMPDIR, user data and
 *      extensions dirs under one fresh temp dir, `--vscode-option enable-smoke-test-driver` (without it
 *      the built workbench ignores the test payload), quiet user settings, in its own process group;
 *   2. open the workbench in headless Debian Chromium (playwright-core) at
 *      /?folder=<workspace>&payload=[["extensionDevelopmentPath","vscode-remote://..."],
 *      ["extensionTestsPath","vscode-remote://..."],...]: the vscode-remote:// form runs the tests in the
 *      Node extension host on the server;
 *   3. the workbench reports through two functions we expose on the page: codeAutomationLog(level, message)
 *      (the workbench log, printed to our stdout) and codeAutomationExit(code, logs), called with the mocha
 *      result once the extension tests are done; we exit with that code.
 * Arguments we ignore: everything desktop-only that test-electron adds (--no-sandbox, --disable-gpu-sandbox,
 * --disable-updates, --skip-welcome, --skip-release-notes, --no-cached-data, --disable-workspace-trust,
 * --user-data-dir, --extensions-dir): each run gets fresh dirs, and Workspace Trust is controlled by
 * VERSIONWISE_E2E_TRUST below.
 *
 * Environment variables (all optional):
 *   VERSIONWISE_E2E_VSIX=<file.vsix>   install this package with `code-server --install-extension` first and
 *                                      test it: the extensionDevelopmentPath we were given is then replaced
 *                                      by an empty placeholder folder (see workbenchUrl()).
 *   VERSIONWISE_E2E_TRUST=1            keep Workspace Trust on (default: --disable-workspace-trust); the
 *                                      folder then opens in Restricted Mode.
 *   VERSIONWISE_E2E_SCREENSHOTS=<dir>  write full-page PNGs of the workbench there: <dir>/final.png just
 *                                      before exit (also after a failure or timeout), and <dir>/<NAME>.png
 *                                      whenever a test asks (see below).
 *   VERSIONWISE_E2E_TIMEOUT_MS=<ms>    overall time limit, default 300000 (5 minutes); on expiry we take the
 *                                      final screenshot, print the last server output and exit 124.
 *   VERSIONWISE_E2E_LOGS=<dir>         keep logs there: the workbench's (handed over by codeAutomationExit),
 *                                      the server's and extension host's (<dir>/server/), code-server's output.
 *   VERSIONWISE_E2E_VERBOSE=1          also print code-server's output, the browser console and the
 *                                      workbench log lines that are otherwise filtered out as noise.
 * Exit codes: the workbench's (0 all tests passed, 1 a test failed or the tests could not run), 124 timeout,
 * 130/143 stopped by SIGINT/SIGTERM, 2 the harness itself failed (server, browser, bad arguments).
 *
 * Test output: in an extension-development window VS Code logs the extension host's console output
 * (console.log/info at 'info', console.warn/error at 'warn'/'error') into the workbench log, so it arrives
 * here through codeAutomationLog, as one string per call: the arguments joined by spaces with no
 * printf-style substitution, objects as "[object Object]", and a call whose first argument is not a string
 * is dropped. (The browser console carries the same lines again, so we print it only when verbose.)
 *
 * Screenshot requests from a test (the test runs in the extension host on the server, the browser is ours):
 *   - the test prints the line `[versionwise-e2e:screenshot] NAME` (NAME: letters, digits, '.', '_', '-');
 *   - we see it arrive through codeAutomationLog (and do not print it), take a full-page screenshot, write
 *     it under a temp name in <dir> and rename it to `<dir>/NAME.png`, so the file appears complete;
 *   - the test waits until `<dir>/NAME.png` exists before it goes on. It knows <dir> because our
 *     environment, VERSIONWISE_E2E_SCREENSHOTS included, is inherited by code-server and by the extension
 *     host it starts (same machine, same file system).
 *   test/e2e/suite/index.js implements the test side as `globalThis.versionwiseE2E.screenshot(NAME)`
 *   (also exported as `screenshot`), which deletes a stale NAME.png first and resolves at once when
 *   VERSIONWISE_E2E_SCREENSHOTS is unset. Requests are served one at a time, in order.
 *
 * Always cleans up: the code-server process group, Chromium and the temp dir, also on timeout, on errors,
 * on SIGINT/SIGTERM (test-electron sends SIGINT on Ctrl+C) and when our parent process goes away. Only a
 * SIGKILL of this process itself leaves a /tmp/versionwise-e2e-* dir behind.
 */

const fs = require('fs');
const os = require('os');
const net = require('net');
const http = require('http');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ensureVsCodeEnvironment } = require('./setup');

// ---- Constants --------------------------------------------------------------------------------------
const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
const TIMEOUT_EXIT_CODE = 124; // like coreutils' timeout
const HARNESS_ERROR_EXIT_CODE = 2; // the harness itself failed (server did not start, browser crashed...)
const HOST = '127.0.0.1';
const SERVER_START_TIMEOUT_MS = 60 * 1000;
const VIEWPORT = { width: 1440, height: 900 };
// A test asks for a screenshot by printing `[versionwise-e2e:screenshot] NAME` (see the top of this file).
const SCREENSHOT_REQUEST_PATTERN = /^\[versionwise-e2e:screenshot\]\s+(\S+)$/;
const SCREENSHOT_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;
const SERVER_OUTPUT_LINES_KEPT = 200;

/** Options of the VS Code command line that take a value as the next argument (`--name value`). */
const OPTIONS_WITH_VALUE = new Set([
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'user-data-dir',
  'extensions-dir',
  'locale',
  'log',
  'logsPath',
  'inspect-extensions',
  'inspect-brk-extensions',
]);

/** User settings that keep the workbench quiet and offline. */
const QUIET_USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Workbench log lines (info level) that say nothing about the tests: hidden unless VERSIONWISE_E2E_VERBOSE=1.
 * Everything else in the workbench log, the extension host's console output included, is printed.
 */
const WORKBENCH_NOISE = [
  /^Resolving connection token /,
  /^Resolved connection token /,
  /^Creating a socket /,
  /^\[reconnection-grace-time\]/,
  /^\[Service Worker\]/,
  /^\[AgentHost:/,
  /^\[AccountPolicyGate\]/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Updating additional builtin extensions cache/,
];

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const env = process.env;
const verbose = env.VERSIONWISE_E2E_VERBOSE === '1';

function say(message) {
  process.stdout.write(`[e2e-launcher] ${message}\n`);
}

function sayVerbose(message) {
  if (verbose) say(message);
}

// ---- Arguments --------------------------------------------------------------------------------------

/**
 * Parses the VS Code command line that test-electron builds. Returns the extension development paths,
 * the tests path, the folder or .code-workspace to open (first positional argument) and what we ignored.
 */
function parseVsCodeArguments(argv) {
  const parsed = { extensionDevelopmentPaths: [], extensionTestsPath: undefined, workspace: undefined, ignored: [] };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('-')) {
      if (parsed.workspace === undefined) parsed.workspace = path.resolve(argument);
      else parsed.ignored.push(argument);
      continue;
    }
    const equals = argument.indexOf('=');
    const name = argument.slice(argument.startsWith('--') ? 2 : 1, equals === -1 ? undefined : equals);
    let value = equals === -1 ? undefined : argument.slice(equals + 1);
    let ignored = argument;
    if (value === undefined && OPTIONS_WITH_VALUE.has(name) && index + 1 < argv.length) {
      value = argv[++index];
      ignored = `${argument} ${value}`;
    }
    if (name === 'extensionDevelopmentPath' && value) parsed.extensionDevelopmentPaths.push(path.resolve(value));
    else if (name === 'extensionTestsPath' && value) parsed.extensionTestsPath = path.resolve(value);
    else parsed.ignored.push(ignored);
  }
  return parsed;
}

// ---- Small helpers ----------------------------------------------------------------------------------

function findFreeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(undefined));
    request.setTimeout(2000, () => request.destroy());
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `vscode-remote://host:port/abs/path`, each path segment percent-encoded. */
function remoteUri(authority, absolutePath) {
  return `vscode-remote://${authority}${absolutePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** Keeps the last lines of a stream, for the post-mortem print-out on failure. */
class OutputTail {
  constructor(limit) {
    this.limit = limit;
    this.lines = [];
    this.partial = '';
  }
  push(chunk) {
    const text = this.partial + chunk.toString();
    const lines = text.split('\n');
    this.partial = lines.pop();
    for (const line of lines) {
      this.lines.push(line);
      if (this.lines.length > this.limit) this.lines.shift();
    }
  }
  all() {
    return this.partial ? [...this.lines, this.partial] : this.lines;
  }
}

// ---- The run ----------------------------------------------------------------------------------------

class CodeServerRun {
  constructor(tools, args) {
    this.tools = tools;
    this.args = args;
    this.timeoutMs = Number(env.VERSIONWISE_E2E_TIMEOUT_MS) > 0 ? Number(env.VERSIONWISE_E2E_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
    this.vsixFile = env.VERSIONWISE_E2E_VSIX ? path.resolve(env.VERSIONWISE_E2E_VSIX) : undefined;
    this.keepWorkspaceTrust = env.VERSIONWISE_E2E_TRUST === '1';
    this.screenshotDir = env.VERSIONWISE_E2E_SCREENSHOTS ? path.resolve(env.VERSIONWISE_E2E_SCREENSHOTS) : undefined;
    this.logsDir = env.VERSIONWISE_E2E_LOGS ? path.resolve(env.VERSIONWISE_E2E_LOGS) : undefined;
    this.serverOutput = new OutputTail(SERVER_OUTPUT_LINES_KEPT);
    this.screenshotQueue = Promise.resolve();
    this.cleanedUp = false;
    this.isFinished = false;
    this.pendingStep = Promise.resolve();
    // Settled once with { code, reason } by codeAutomationExit, the timeout, a signal or a harness failure.
    this.finished = new Promise((resolve) => {
      this.finish = (result) => {
        if (this.isFinished) return;
        this.isFinished = true;
        resolve(result);
      };
    });
  }

  /**
   * Runs one start-up step unless the run is already finished, and stops waiting for it when the run
   * finishes meanwhile (timeout, signal). A step that fails throws here; one that fails after the run
   * finished is ignored (cleanUp still waits for it, so that nothing it starts is left behind).
   */
  async runStep(start) {
    if (this.isFinished) return;
    const step = start();
    this.pendingStep = step.catch(() => {});
    await Promise.race([step, this.finished]);
  }

  /** One fresh temp dir holds everything the run writes: removed at the end. */
  createTempDirs() {
    this.tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-e2e-'));
    const dir = (name) => {
      const full = path.join(this.tempRoot, name);
      fs.mkdirSync(full, { recursive: true, mode: 0o700 });
      return full;
    };
    this.dirs = {
      userData: dir('user-data'),
      extensions: dir('extensions'),
      xdgConfig: dir('xdg-config'),
      xdgData: dir('xdg-data'),
      xdgCache: dir('xdg-cache'),
      xdgRuntime: dir('xdg-runtime'),
      tmp: dir('tmp'),
      chromiumProfile: dir('chromium-profile'),
      noDevelopmentExtension: dir('no-development-extension'),
    };
    fs.mkdirSync(path.join(this.dirs.userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(this.dirs.userData, 'User', 'settings.json'),
      JSON.stringify(QUIET_USER_SETTINGS, null, 2) + '\n',
    );
    if (this.screenshotDir) fs.mkdirSync(this.screenshotDir, { recursive: true });
    if (this.logsDir) fs.mkdirSync(this.logsDir, { recursive: true });
  }

  /** Environment for code-server and (through it) the extension host. */
  serverEnvironment() {
    const serverEnv = {};
    for (const [key, value] of Object.entries(env)) {
      // A VS Code terminal's VSCODE_IPC_HOOK_CLI would make code-server hand the folder to that instance.
      if (key.startsWith('VSCODE_') || key === 'PASSWORD' || key === 'HASHED_PASSWORD' || key === 'PORT') continue;
      serverEnv[key] = value;
    }
    Object.assign(serverEnv, {
      PATH: [this.tools.nodeBinDir, env.PATH || ''].join(path.delimiter),
      XDG_CONFIG_HOME: this.dirs.xdgConfig,
      XDG_DATA_HOME: this.dirs.xdgData,
      XDG_CACHE_HOME: this.dirs.xdgCache,
      XDG_RUNTIME_DIR: this.dirs.xdgRuntime,
      TMPDIR: this.dirs.tmp,
      // No extension gallery: the default (open-vsx.org) cannot be reached and only adds error stacks.
      EXTENSIONS_GALLERY: '{}',
    });
    if (this.screenshotDir) serverEnv.VERSIONWISE_E2E_SCREENSHOTS = this.screenshotDir;
    return serverEnv;
  }

  codeServerCommand(extraArgs) {
    return [
      this.tools.codeServerEntry,
      '--user-data-dir', this.dirs.userData,
      '--extensions-dir', this.dirs.extensions,
      ...extraArgs,
    ];
  }

  installVsix() {
    if (!fs.existsSync(this.vsixFile)) throw new HarnessError(`VERSIONWISE_E2E_VSIX: no such file ${this.vsixFile}`);
    say(`installing ${this.vsixFile}`);
    const result = spawnSync(
      this.tools.nodeBinary,
      this.codeServerCommand(['--install-extension', this.vsixFile, '--force']),
      { env: this.serverEnvironment(), encoding: 'utf8', timeout: 120 * 1000 },
    );
    const output = `${result.stdout || ''}${result.stderr || ''}`.trim();
    if (result.status !== 0 || (/failed|error/i.test(output) && !/successfully installed/i.test(output))) {
      throw new HarnessError(`code-server --install-extension failed (${result.error?.message || `exit ${result.status}`}):\n${output}`);
    }
    for (const line of output.split('\n')) say(`  ${line}`);
  }

  async startCodeServer() {
    this.port = await findFreeLoopbackPort();
    this.authority = `${HOST}:${this.port}`;
    const args = this.codeServerCommand([
      '--bind-addr', this.authority,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--vscode-option', 'enable-smoke-test-driver',
      ...(this.keepWorkspaceTrust ? [] : ['--disable-workspace-trust']),
    ]);
    sayVerbose(`starting code-server: ${this.tools.nodeBinary} ${args.join(' ')}`);
    // detached: its own process group, so that killing -pid also ends the extension host and other children.
    this.server = spawn(this.tools.nodeBinary, args, {
      env: this.serverEnvironment(),
      cwd: this.dirs.tmp,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onOutput = (chunk) => {
      this.serverOutput.push(chunk);
      if (verbose) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '[code-server] '));
    };
    this.server.stdout.on('data', onOutput);
    this.server.stderr.on('data', onOutput);
    this.server.on('exit', (code, signal) => {
      this.serverExited = true;
      if (!this.cleanedUp) this.finish({ code: HARNESS_ERROR_EXIT_CODE, reason: `code-server exited early (${signal || code})` });
    });

    const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
    while (Date.now() < deadline && !this.serverExited) {
      if ((await httpStatus(`http://${this.authority}/healthz`)) === 200) return;
      await sleep(100);
    }
    throw new HarnessError(this.serverExited ? 'code-server exited during start-up' : 'code-server did not answer /healthz in time');
  }

  workbenchUrl() {
    const payload = [];
    // With a .vsix the installed extension is the one under test, so the development path given to us is
    // left out. But the extension host runs extensionTestsPath only in an extension-development window
    // (and only then forwards its console to the workbench log), so it gets an empty placeholder folder:
    // a development path without a package.json, which loads no extension.
    const developmentPaths = this.vsixFile ? [this.dirs.noDevelopmentExtension] : this.args.extensionDevelopmentPaths;
    for (const extensionPath of developmentPaths) {
      payload.push(['extensionDevelopmentPath', remoteUri(this.authority, extensionPath)]);
    }
    if (this.args.extensionTestsPath) {
      payload.push(['extensionTestsPath', remoteUri(this.authority, this.args.extensionTestsPath)]);
    }
    payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
    const query = new URLSearchParams();
    if (this.args.workspace) {
      query.set(this.args.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder', this.args.workspace);
    } else {
      query.set('ew', 'true'); // empty window
    }
    query.set('payload', JSON.stringify(payload));
    return `http://${this.authority}/?${query.toString()}`;
  }

  async openWorkbench() {
    // playwright-core is a devDependency of the repository; it drives the system Chromium (no download).
    const { chromium } = require('playwright-core');
    this.browserContext = await chromium.launchPersistentContext(this.dirs.chromiumProfile, {
      executablePath: this.tools.chromiumBinary,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
      // playwright's own handlers would process.exit() at once, before our clean-up: we handle signals.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    this.browserContext.on('close', () => {
      if (!this.cleanedUp) this.finish({ code: HARNESS_ERROR_EXIT_CODE, reason: 'the browser closed unexpectedly' });
    });
    this.page = this.browserContext.pages()[0] || (await this.browserContext.newPage());
    this.page.on('crash', () => this.finish({ code: HARNESS_ERROR_EXIT_CODE, reason: 'the workbench page crashed' }));
    this.page.on('pageerror', (error) => sayVerbose(`[page error] ${error.message}`));
    // The browser console repeats the workbench log (with CSS %c markers): shown only when verbose.
    this.page.on('console', (message) => sayVerbose(`[browser ${message.type()}] ${message.text()}`));

    await this.page.exposeFunction('codeAutomationLog', (level, message) => this.onWorkbenchLog(level, message));
    // The mocha result, once the extension tests finished and the extension host stopped.
    await this.page.exposeFunction('codeAutomationExit', async (code, logs) => {
      await this.saveWorkbenchLogs(logs);
      this.finish({ code: Number.isInteger(code) ? code : 1, reason: 'codeAutomationExit' });
    });

    const url = this.workbenchUrl();
    sayVerbose(`opening ${url}`);
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
  }

  /**
   * The workbench log (level, message). In an extension-development window it includes the extension
   * host's console output (mocha's reporter, the tests' console.log), logged at 'info' level as one
   * string (arguments joined by spaces, no printf-style substitution). Screenshot requests arrive here.
   */
  onWorkbenchLog(level, message) {
    const text = Array.isArray(message) ? message.join(' ') : String(message);
    const request = text.trim().match(SCREENSHOT_REQUEST_PATTERN);
    if (request) {
      this.takeScreenshot(request[1]);
      return;
    }
    if (level === 'info' || level === 'trace' || level === 'debug') {
      if (verbose || !WORKBENCH_NOISE.some((pattern) => pattern.test(text))) process.stdout.write(`${text}\n`);
    } else {
      process.stdout.write(`[${level}] ${verbose ? text : this.withoutWorkbenchStack(text)}\n`);
    }
  }

  /**
   * Shortens an error from the workbench itself: drops the stack frames of its minified code (served by
   * our server) and the anonymous ones between them, which say nothing about the tests. A stack from the
   * extension host (file paths, no workbench frame) is left whole.
   */
  withoutWorkbenchStack(text) {
    const lines = text.split('\n');
    const workbenchUrl = `http://${this.authority}/`;
    const isFrame = (line) => /^\s+at /.test(line);
    if (!lines.some((line) => isFrame(line) && line.includes(workbenchUrl))) return text;
    const kept = lines.filter((line) => !isFrame(line) || /file:|\(\//.test(line));
    kept[0] += ' (workbench stack trace omitted)';
    return kept.join('\n');
  }

  /** Queues a full-page screenshot <dir>/<name>.png; written under a temp name, then renamed. */
  takeScreenshot(name) {
    if (!this.screenshotDir) return this.screenshotQueue;
    if (!SCREENSHOT_NAME_PATTERN.test(name)) {
      say(`ignored screenshot request with bad name ${JSON.stringify(name)}`);
      return this.screenshotQueue;
    }
    const requestedAt = Date.now();
    this.screenshotQueue = this.screenshotQueue.then(async () => {
      const target = path.join(this.screenshotDir, `${name}.png`);
      const partial = path.join(this.screenshotDir, `.${name}.partial-${process.pid}`);
      try {
        const png = await this.page.screenshot({ type: 'png', fullPage: true, timeout: 30 * 1000 });
        fs.writeFileSync(partial, png);
        fs.renameSync(partial, target); // atomic: the test waiting for <name>.png never sees half a file
        say(`screenshot ${target} (${Date.now() - requestedAt} ms)`);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        say(`screenshot ${name} failed: ${error.message}`);
      }
    });
    return this.screenshotQueue;
  }

  async saveWorkbenchLogs(logs) {
    if (!this.logsDir || !Array.isArray(logs)) return;
    for (const { relativePath, contents } of logs) {
      const target = path.resolve(this.logsDir, relativePath);
      if (!target.startsWith(this.logsDir + path.sep)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, contents);
    }
  }

  /** Runs the whole thing; returns the exit code. */
  async run() {
    if (!this.args.extensionTestsPath) throw new HarnessError('no --extensionTestsPath given');
    const timer = setTimeout(
      () => this.finish({ code: TIMEOUT_EXIT_CODE, reason: `timed out after ${this.timeoutMs} ms (VERSIONWISE_E2E_TIMEOUT_MS)` }),
      this.timeoutMs,
    );
    timer.unref();
    try {
      this.createTempDirs();
      if (this.vsixFile) this.installVsix();
      await this.runStep(() => this.startCodeServer());
      await this.runStep(() => this.openWorkbench());
      const { code, reason } = await this.finished;
      if (reason !== 'codeAutomationExit') {
        say(`ERROR: ${reason}`);
        if (!reason.startsWith('stopped by')) this.printServerOutput();
      }
      return code;
    } finally {
      clearTimeout(timer);
      await this.finalScreenshot();
      await this.cleanUp();
    }
  }

  async finalScreenshot() {
    if (!this.screenshotDir || !this.page || this.page.isClosed()) return;
    await this.screenshotQueue;
    await this.takeScreenshot('final');
  }

  printServerOutput() {
    const lines = this.serverOutput.all();
    if (lines.length === 0) return;
    say(`last ${lines.length} lines of code-server output:`);
    for (const line of lines) process.stdout.write(`[code-server] ${line}\n`);
  }

  /** Idempotent: closes Chromium, kills the code-server process group, removes the temp dir. */
  async cleanUp() {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    if (this.logsDir) {
      fs.writeFileSync(path.join(this.logsDir, 'code-server-output.log'), this.serverOutput.all().join('\n') + '\n');
      // The server-side logs (remote agent, extension host, extension output channels) survive a timeout,
      // unlike the workbench logs that only codeAutomationExit hands over.
      const serverLogs = path.join(this.dirs.userData, 'logs');
      if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(this.logsDir, 'server'), { recursive: true });
    }
    await Promise.race([this.pendingStep, sleep(15 * 1000)]); // e.g. a Chromium launch still under way
    if (this.browserContext) {
      await Promise.race([this.browserContext.close().catch(() => {}), sleep(10 * 1000)]);
    }
    if (this.server && this.server.pid) await killProcessGroup(this.server.pid);
    if (this.tempRoot) fs.rmSync(this.tempRoot, { recursive: true, force: true, maxRetries: 3 });
  }
}

class HarnessError extends Error {}

function processGroupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after 5 s. */
async function killProcessGroup(pid) {
  for (const [signal, graceMs] of [['SIGTERM', 5000], ['SIGKILL', 2000]]) {
    try {
      process.kill(-pid, signal);
    } catch {
      return; // the group is gone
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      if (!processGroupAlive(pid)) return;
      await sleep(50);
    }
  }
}

async function main() {
  // When our parent dies, writes to the pipes it read raise EPIPE: ignore them so that clean-up still runs.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const args = parseVsCodeArguments(process.argv.slice(2));
  sayVerbose(`ignoring arguments: ${args.ignored.join(' ')}`);
  const tools = await ensureVsCodeEnvironment();
  const run = new CodeServerRun(tools, args);

  // Ctrl+C from test-electron (SIGINT) or a CI cancel (SIGTERM): clean up, then exit.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.on(signal, () => run.finish({ code, reason: `stopped by ${signal}` }));
  }
  // If whoever started us dies (test-electron does not pass SIGTERM on), stop too rather than run on.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) run.finish({ code: HARNESS_ERROR_EXIT_CODE, reason: 'the parent process exited' });
  }, 1000).unref();

  let code;
  try {
    code = await run.run();
  } catch (error) {
    say(`ERROR: ${error instanceof HarnessError ? error.message : error.stack || error}`);
    run.printServerOutput();
    code = HARNESS_ERROR_EXIT_CODE;
  }
  say(`exit code ${code}`);
  process.exit(code);
}

if (require.main === module) main();

module.exports = { parseVsCodeArguments, CodeServerRun };
