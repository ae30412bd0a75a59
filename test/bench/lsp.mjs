/**
 * A minimal LSP client for the benchmarks, the same way test/helpers/lspClient.ts talks to the server: it
 * spawns the bundled server (`node dist/server.js --stdio`) and speaks JSON-RPC over its standard streams
 * with vscode-languageserver-protocol. Every notification is time-stamped on arrival.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('../../package.json', import.meta.url));
const rpc = require('vscode-languageserver-protocol/node');

export const fileUri = (file) => pathToFileURL(file).toString();

export class BenchServer {
  /** The client's node options for the server (set once by run.mjs). */
  static execArgv = [];

  /**
   * `execArgv`: the node options the client starts the server with (run.mjs reads them from the bundled
   * client's fork, see activate.cjs), so the server measured is the server users run.
   */
  constructor(dist, { settings = {}, execArgv = BenchServer.execArgv } = {}) {
    this.settings = settings;
    this.spawnedAt = performance.now();
    // VERSIONWISE_BENCH_NODE_OPTIONS: extra node options for the server (e.g. `--cpu-prof --cpu-prof-dir=prof` to profile it).
    const nodeOptions = (process.env.VERSIONWISE_BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    this.process = spawn(process.execPath, [...execArgv, ...nodeOptions, path.join(dist, 'server.js'), '--stdio'], { stdio: 'pipe' });
    this.stderr = '';
    this.process.stderr.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.process.stdout), new rpc.StreamMessageWriter(this.process.stdin));
    /** uri → { at, params } of the latest publishDiagnostics. */
    this.diagnostics = new Map();
    this.statuses = [];
    this.logs = [];
    this.waiters = new Set();
    const wake = () => {
      for (const waiter of [...this.waiters]) waiter();
    };
    this.connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, { at: performance.now(), params });
      wake();
    });
    this.connection.onNotification('versionwise/status', (params) => {
      this.statuses.push({ at: performance.now(), params });
      wake();
    });
    this.connection.onNotification('window/logMessage', (params) => {
      this.logs.push({ at: performance.now(), message: params.message });
      wake();
    });
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.onRequest(rpc.RegistrationRequest.type, () => undefined);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', () => undefined);
    this.connection.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'versionwise' ? this.settings : null)));
    this.connection.listen();
  }

  get pid() {
    return this.process.pid;
  }

  /** Sends initialize and initialized; resolves with the time initialize took to be answered. */
  async initialize(root) {
    const started = performance.now();
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(root),
      workspaceFolders: [{ uri: fileUri(root), name: path.basename(root) }],
      initializationOptions: { settings: this.settings, trusted: true },
      capabilities: { workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, window: { workDoneProgress: true } },
    });
    const answered = performance.now();
    await this.connection.sendNotification('initialized', {});
    return { started, answered };
  }

  /** Waits until `predicate()` returns a value other than undefined. */
  until(what, predicate, timeoutMs = 600_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (value === undefined) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}\n${this.stderr}\n${this.logs.map((l) => l.message).join('\n')}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** The first `versionwise/status` (sent once every file's diagnostics of an analysis are published). */
  firstStatus(timeoutMs) {
    return this.until('the first complete set of diagnostics', () => this.statuses[0], timeoutMs);
  }

  /** VmHWM (peak resident set size) of the server process, in bytes. */
  peakRss() {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return kb * 1024;
  }

  async shutdown() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = new Promise((resolve) => (this.process.exitCode !== null ? resolve() : this.process.once('exit', resolve)));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    this.connection.dispose();
  }
}
