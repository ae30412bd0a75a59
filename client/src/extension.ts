import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The Versionwise client: it starts the language server, tells it which documents and file changes
 * matter, and shows the workspace verdict in the status bar. It has no analysis of its own; commands
 * the server offers (such as `versionwise.recheck`) are forwarded to it by the language client.
 */
let client: LanguageClient | undefined;

/** Files any scheme reads; the server is told about changes to them through the client's watcher. */
const WATCHED_FILES = '**/{configure.ac,configure.in,*.am,*.m4,VERSION,libtool-version,.versionwise.json,package.json,pnpm-workspace.yaml,.yarnrc.yml,WHENCE,*.bin,*.c,*.h,*.d.ts,*.ts,meson.build,CMakeLists.txt,*.spec,*.spec.in,changelog,CHANGELOG*,NEWS*,CHANGES*,README*,*.rst,*.vcc,*.tar.gz,*.tar.bz2,*.tar.xz,*.rpm,*.deb,*.migration,migration_compatible,migration_version,migration_info}';

const REPORT_SCHEME = 'versionwise-report';

/** Restarts the server if it dies, up to a few times in a row, and tells the user once. */
function restartingErrorHandler(output: vscode.OutputChannel): NonNullable<LanguageClientOptions['errorHandler']> {
  const MAX_RESTARTS = 5;
  let restarts = 0;
  let told = false;
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      restarts++;
      output.appendLine(`Versionwise: the language server stopped (restart ${restarts} of ${MAX_RESTARTS}).`);
      if (restarts > MAX_RESTARTS) return { action: CloseAction.DoNotRestart, message: 'Versionwise: the language server keeps stopping and was not restarted again; see the Versionwise output for details.' };
      if (!told) {
        told = true;
        void vscode.window.showWarningMessage('Versionwise: the language server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

/** Read-only documents holding the interface reports the server writes. */
class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  put(library: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${library} interface report.md` });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

interface StatusNotification {
  readonly errors: number;
  readonly warnings: number;
  readonly declarations: number;
}

/**
 * V8 options of the server process. A 4 MiB young generation (V8 lets it grow to 16 MiB per semi-space):
 * the first scan of a 100,000-file tree peaks about 20 MB lower, at no measured cost in time (BENCHMARKS.md,
 * figure 4, which launches the server with these options, as read from this bundle's fork).
 */
const SERVER_EXEC_ARGV = ['--max-semi-space-size=4'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Versionwise', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'autoconf' },
      { scheme: 'file', pattern: '**/*.am' },
      { scheme: 'file', pattern: '**/{VERSION,libtool-version,.versionwise.json,package.json,pnpm-workspace.yaml,WHENCE,meson.build,CMakeLists.txt,*.spec,*.spec.in,changelog,CHANGELOG*,NEWS*,CHANGES*,*.vcc,*.migration,migration_compatible,migration_version,migration_info}' },
      { scheme: 'file', pattern: '**/{intel_uc_fw.c,intel_dmc.c,xe_uc_fw.c,intel_guc_fw.c,intel_huc_fw.c,intel_guc_loader.c}' },
      { scheme: 'file', pattern: '**/mdev_supported_types/*/*' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES) },
    outputChannel: output,
    errorHandler: restartingErrorHandler(output),
    initializationOptions: { settings: vscode.workspace.getConfiguration('versionwise'), trusted: vscode.workspace.isTrusted },
  };

  const status = vscode.window.createStatusBarItem('versionwise.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Versionwise';
  status.text = '$(sync~spin) Versionwise';
  status.tooltip = 'Versionwise is checking the workspace';
  status.command = 'workbench.actions.view.problems';
  status.show();
  context.subscriptions.push(status, output);

  client = new LanguageClient('versionwise', 'Versionwise', serverOptions, clientOptions);
  const reports = new ReportDocuments();
  /** A WorkspaceEdit from the server, converted and applied (undo works as for any edit). */
  const applyServerEdit = async (edit: unknown): Promise<boolean> => {
    const converted = await client!.protocol2CodeConverter.asWorkspaceEdit(edit as Parameters<LanguageClient['protocol2CodeConverter']['asWorkspaceEdit']>[0]);
    return converted ? vscode.workspace.applyEdit(converted) : false;
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    // The code lens's command: the server writes the report, the client only shows it.
    vscode.commands.registerCommand('versionwise.showInterfaceReport', async (args?: { folder?: string; library?: string }) => {
      const markdown = await client!.sendRequest<string>('versionwise/interfaceReport', args ?? {});
      const uri = reports.put(args?.library ?? 'workspace', markdown);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return markdown;
    }),
    vscode.commands.registerCommand('versionwise.explain', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const markdown = await client!.sendRequest<string | null>('versionwise/explain', { uri: editor.document.uri.toString(), position: editor.selection.active });
      if (!markdown) {
        void vscode.window.showInformationMessage('Versionwise: there is no version declaration under the cursor.');
        return undefined;
      }
      await vscode.commands.executeCommand('markdown.showPreview', reports.put('explanation', markdown));
      return markdown;
    }),
    vscode.commands.registerCommand('versionwise.bump', async () => {
      const editor = vscode.window.activeTextEditor;
      const bumps = await client!.sendRequest<{ title: string; scheme: string; edit: unknown }[]>('versionwise/bumps', editor ? { uri: editor.document.uri.toString(), position: editor.selection.active } : {});
      if (!bumps.length) {
        void vscode.window.showInformationMessage('Versionwise: no version to bump here.');
        return;
      }
      const picked = await vscode.window.showQuickPick(bumps.map((b) => ({ label: b.title, description: b.scheme, bump: b })), { placeHolder: 'Bump which version, for what kind of change?' });
      if (picked) await applyServerEdit(picked.bump.edit);
    }),
    // "Ignore this finding": a suppression needs a justification, so ask for one before writing it.
    vscode.commands.registerCommand('versionwise.suppress', async (args: { folder: string; finding: { code: string } }) => {
      const justification = await vscode.window.showInputBox({
        title: `Ignore ${args.finding.code}`,
        prompt: 'Why does this finding not apply? (saved with the suppression in .versionwise.json)',
        validateInput: (value) => (value.trim() ? undefined : 'A suppression needs a justification.'),
        ignoreFocusOut: true,
      });
      if (!justification) return false;
      const edit = await client!.sendRequest('versionwise/suppression', { ...args, justification });
      if (!edit) return false;
      const applied = await applyServerEdit(edit);
      // Save the configuration file, so the CLI in CI sees the same suppression.
      for (const document of vscode.workspace.textDocuments) if (document.isDirty && /(\.versionwise\.json|package\.json)$/.test(document.uri.path)) await document.save();
      return applied;
    }),
    // Workspace Trust granted: the server may now run git for the baseline.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('versionwise/trusted')),
    client.onNotification('versionwise/status', (s: StatusNotification) => {
      const verdict = s.errors ? `$(error) ${s.errors}` : s.warnings ? `$(warning) ${s.warnings}` : '$(check)';
      status.text = `${verdict} Versionwise`;
      status.tooltip = `Versionwise: ${s.declarations} version declaration(s), ${s.errors} error(s), ${s.warnings} warning(s)`;
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
