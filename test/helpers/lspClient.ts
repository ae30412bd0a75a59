import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  ConfigurationRequest,
  RegistrationRequest,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

/** The repository root, found from this compiled file (out/test/helpers). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * A real LSP client for tests: it spawns the bundled server (`dist/server.js --stdio`) and speaks JSON-RPC
 * over its standard streams, as an editor does.
 */
export class LspTestClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publication of diagnostics, in order of arrival. */
  readonly publications: PublishDiagnosticsParams[] = [];
  private waiters: (() => void)[] = [];
  settings: Record<string, unknown> = {};
  readonly registrations: string[] = [];
  stderr = '';

  constructor() {
    this.process = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.publications.push(params);
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    });
    // The server's log (window/logMessage) is kept for failure messages.
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.stderr += `${params.message}\n`;
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.messages.push(params.message);
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'versionwise' ? this.settings : null)));
    this.connection.listen();
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  readonly messages: string[] = [];

  async initialize(root: string, options: { configuration?: boolean; dynamicRegistration?: boolean; trusted?: boolean } = {}): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: [{ uri: URI.file(root).toString(), name: path.basename(root) }],
      initializationOptions: options.trusted === undefined ? undefined : { trusted: options.trusted },
      capabilities: { workspace: { workspaceFolders: options.dynamicRegistration ?? true, configuration: options.configuration ?? true, didChangeConfiguration: { dynamicRegistration: options.dynamicRegistration ?? true } }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Waits until the published diagnostics of `uri` satisfy `accept` (or throws after `timeoutMs`). */
  async diagnosticsFor(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.diagnostics.get(uri);
      if (current && accept(current)) return current;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(current)}\nserver log: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Polls until `predicate` holds (messages and logs arrive after the diagnostics they follow). */
  async until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nserver log: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async shutdown(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // the process may already be gone
      }
    }
    const exited = new Promise<void>((resolve) => (this.exited ? resolve() : this.process.once('exit', () => resolve())));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (!this.exited) this.process.kill('SIGKILL');
    this.connection.dispose();
  }
}
