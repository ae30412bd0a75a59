import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileEdit, FileRename, Finding, Severity } from './core/model';
import { AnalysisCancelled, VersionwiseService, type WorkspaceAnalysis } from './core/service';
import { normaliseSettings, type Settings } from './core/settings';
import { hoverAt } from './features/hover';
import { reportMarkdown } from './features/report';
import { EditorWorkspace } from './node/editorWorkspace';
import { loadCParser } from './node/treeSitterC';
import { readTypescriptLib } from './node/typescriptLib';
import { suppressionEdits } from './features/suppressions';
import { ruleDocPath } from './features/ruleDocs';

/**
 * The language server: LSP wiring only. Each workspace folder gets an EditorWorkspace (disk + open
 * documents) and a VersionwiseService; edits schedule a debounced re-analysis whose findings are published
 * for every file of the folder, open or not.
 */
const ANALYSIS_DELAY_MS = 150;
/**
 * The debounce is adaptive: when the folder's last analysis took at most this long, an edit is analysed
 * at once (no delay): re-analysing every keystroke then costs less than the keystrokes' own interval
 * (100 ms and more), and a newer edit still cancels an older run. Slower analyses wait ANALYSIS_DELAY_MS for
 * the typing to pause.
 */
const FAST_ANALYSIS_MS = 50;
/**
 * A change that comes before the previous one is analysed (its analysis still scheduled or running) is part
 * of a burst (a paste, a format, a multi-cursor edit, a script), not typing: a fast analysis then waits this
 * long for the next change instead of starting at the next turn of the event loop, so the burst is analysed
 * once at its end rather than started and cancelled after every change.
 */
const BURST_MS = 8;

export const COMMANDS = { recheck: 'versionwise.recheck' } as const;

/** Requests and notifications beyond the LSP, shared with the client. */
export const PROTOCOL = {
  status: 'versionwise/status',
  trusted: 'versionwise/trusted',
  interfaceReport: 'versionwise/interfaceReport',
  explain: 'versionwise/explain',
  bumps: 'versionwise/bumps',
  suppression: 'versionwise/suppression',
  showReport: 'versionwise.showInterfaceReport',
  suppress: 'versionwise.suppress',
} as const;

/** Workspaces with more files than this get a progress notification on their first scan. */
const LARGE_WORKSPACE_FILES = 5_000;

type LogLevel = 'off' | 'error' | 'warning' | 'info' | 'debug';
const LOG_LEVELS: LogLevel[] = ['off', 'error', 'warning', 'info', 'debug'];

/** Said once per session when Workspace Trust keeps git off. */
const RESTRICTED_NOTE = 'Restricted Mode: Versionwise checks everything that needs no external program; comparing with the last release needs git and is off until you trust this workspace.';

interface FolderState {
  readonly root: string;
  readonly workspace: EditorWorkspace;
  readonly service: VersionwiseService;
  analysis?: WorkspaceAnalysis;
  running?: Promise<WorkspaceAnalysis | undefined>;
  /** A scheduled analysis: cancel() it to run it now or drop it. */
  timer?: { cancel(): void };
  generation: number;
  published: Set<string>;
  /** How long the last completed analysis took (ms), for the adaptive debounce. */
  lastDuration?: number;
  /** An analysis is running (started by analyzeNow, not yet settled): a change now is part of a burst. */
  analysing: boolean;
}

/** Source actions "bump for: …" (Source Action… menu). */
const BUMP_ACTION_KIND = `${CodeActionKind.Source}.versionwise.bump`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const folders: FolderState[] = [];
  let settings: Settings = normaliseSettings({});
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let hasWorkspaceFolders = false;
  let canRefreshCodeLens = false;
  /** Whether VS Code trusts the workspace; a client that does not say is trusted (a plain LSP client, the tests). */
  let trusted = true;
  let canShowProgress = false;
  let logLevel: LogLevel = 'info';
  const shownNotes = new Set<string>();
  /** The output channel, filtered by the `versionwise.logLevel` setting. */
  const log = (level: Exclude<LogLevel, 'off'>, message: string) => {
    if (LOG_LEVELS.indexOf(level) > LOG_LEVELS.indexOf(logLevel)) return;
    const line = `versionwise: ${message}`;
    if (level === 'error') connection.console.error(line);
    else if (level === 'warning') connection.console.warn(line);
    else if (level === 'info') connection.console.info(line);
    else connection.console.log(line);
  };

  const addFolder = (uri: string) => {
    const root = URI.parse(uri).fsPath;
    if (folders.some((f) => f.root === root)) return;
    const workspace = new EditorWorkspace(root, trusted);
    folders.push({ root, workspace, service: new VersionwiseService(workspace, { cParser: loadCParser, typescriptLib: readTypescriptLib }), generation: 0, published: new Set(), analysing: false });
  };

  /** Requests from a misbehaving client get InvalidParams rather than an exception deep in a handler. */
  const requireDocumentPosition = (params: unknown, needsPosition: boolean): void => {
    const p = params as { textDocument?: { uri?: unknown }; position?: { line?: unknown; character?: unknown } } | undefined;
    if (typeof p?.textDocument?.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument.uri must be a string');
    if (needsPosition && (typeof p.position?.line !== 'number' || typeof p.position?.character !== 'number')) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'position must have a numeric line and character');
    }
  };

  /** The folder a document belongs to (the deepest one containing it) and its path inside it. */
  const locate = (uri: string): { folder: FolderState; path: string } | undefined => {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    let best: { folder: FolderState; path: string } | undefined;
    for (const folder of folders) {
      const relative = path.relative(folder.root, parsed.fsPath);
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (!best || folder.root.length > best.folder.root.length) best = { folder, path: relative.split(path.sep).join('/') };
    }
    return best;
  };

  const toDiagnostic = (finding: Finding, folder: FolderState): Diagnostic => ({
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: ruleDocLink(finding.code),
    source: 'versionwise',
    message: finding.message,
    relatedInformation: finding.related?.map((r) => ({
      location: { uri: URI.file(path.join(folder.root, r.file)).toString(), range: r.range },
      message: r.message,
    })),
  });

  /** A fix as an LSP WorkspaceEdit: text edits, then the renames it carries (a misnamed firmware file). */
  const workspaceEdit = (folder: FolderState, edits: readonly FileEdit[], renames: readonly FileRename[] = []) => {
    const uriOf = (file: string) => URI.file(path.join(folder.root, file)).toString();
    if (!renames.length) {
      const changes: Record<string, { range: Finding['range']; newText: string }[]> = {};
      for (const edit of edits) (changes[uriOf(edit.file)] ??= []).push({ range: edit.range, newText: edit.newText });
      return { changes };
    }
    const byFile = new Map<string, FileEdit[]>();
    for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
    return {
      documentChanges: [
        ...[...byFile].map(([file, list]) => ({ textDocument: { uri: uriOf(file), version: null }, edits: list.map((e) => ({ range: e.range, newText: e.newText })) })),
        ...renames.map((r) => ({ kind: 'rename' as const, oldUri: uriOf(r.from), newUri: uriOf(r.to), options: { overwrite: false, ignoreIfExists: false } })),
      ],
    };
  };

  const publish = (folder: FolderState, analysis: WorkspaceAnalysis) => {
    const byFile = new Map<string, Diagnostic[]>();
    for (const finding of analysis.findings) {
      let list = byFile.get(finding.file);
      if (!list) byFile.set(finding.file, (list = []));
      list.push(toDiagnostic(finding, folder));
    }
    for (const file of folder.published) if (!byFile.has(file)) byFile.set(file, []);
    for (const [file, diagnostics] of byFile) {
      const uri = URI.file(path.join(folder.root, file)).toString();
      // An open document's version: no change has come since this analysis started (one would have made it
      // stale, and it would not be published), so these diagnostics are for exactly that version.
      void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
    }
    folder.published = new Set([...byFile].filter(([, d]) => d.length).map(([f]) => f));
    const count = (s: Severity) => folders.reduce((n, f) => n + (f.analysis?.findings.filter((x) => x.severity === s).length ?? 0), 0);
    if (canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    void connection.sendNotification(PROTOCOL.status, {
      errors: count('error'),
      warnings: count('warning'),
      declarations: folders.reduce((n, f) => n + (f.analysis?.declarations.length ?? 0), 0),
    });
  };

  const analyzeNow = (folder: FolderState): Promise<WorkspaceAnalysis | undefined> => {
    if (folder.timer) {
      folder.timer.cancel();
      folder.timer = undefined;
    }
    const generation = ++folder.generation;
    // A newer edit makes this run stale: it stops at its next check instead of publishing old findings.
    const cancellation = { get isCancellationRequested() { return folder.generation !== generation; } };
    const first = !folder.analysis && !folder.running;
    const started = performance.now();
    // A stale run hands over to the newer work: the run started since, or the one an edit scheduled (started
    // now). Never to itself — `folder.running` is this very run until a newer one starts.
    const newer = <T>(fallback: T): Promise<WorkspaceAnalysis | undefined> | T => (folder.running !== run ? folder.running! : folder.timer ? analyzeNow(folder) : fallback);
    const run: Promise<WorkspaceAnalysis | undefined> = withFirstScanProgress(folder, first, () => folder.service.analyze(settings, cancellation)).then(
      (analysis) => {
        if (folder.generation !== generation) return newer(analysis);
        folder.analysis = analysis;
        folder.lastDuration = performance.now() - started;
        publish(folder, analysis);
        log('debug', `${folder.root}: ${analysis.declarations.length} declaration(s), ${analysis.findings.length} finding(s) in ${folder.lastDuration.toFixed(1)} ms`);
        for (const skipped of analysis.skippedFiles) log('info', `${skipped.file} not checked: ${skipped.reason}`);
        // Notes (no git baseline, restricted mode…) are said once, not on every keystroke.
        for (const note of [...analysis.notes, ...(trusted ? [] : [RESTRICTED_NOTE])]) {
          if (shownNotes.has(note)) continue;
          shownNotes.add(note);
          log('info', note);
          // A notification, not showMessageRequest: nothing waits for the user to dismiss it.
          void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `Versionwise: ${note}` });
        }
        return analysis;
      },
      (error: unknown) => {
        if (error instanceof AnalysisCancelled) return newer(undefined);
        log('error', `analysis failed: ${(error as Error).stack ?? String(error)}`);
        return undefined;
      },
    );
    folder.running = run;
    folder.analysing = true;
    void run.finally(() => {
      if (folder.running === run) folder.analysing = false;
    });
    return run;
  };

  /** The first scan of a large tree shows a progress notification; later ones are quick and silent. */
  const withFirstScanProgress = async <T>(folder: FolderState, first: boolean, work: () => Promise<T>): Promise<T> => {
    if (!first || !canShowProgress || (await folder.workspace.listFiles()).length < LARGE_WORKSPACE_FILES) return work();
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Versionwise', undefined, `Checking ${path.basename(folder.root)}`);
    try {
      return await work();
    } finally {
      progress?.done();
    }
  };

  const schedule = (folder: FolderState, delay = folder.lastDuration !== undefined && folder.lastDuration <= FAST_ANALYSIS_MS ? 0 : ANALYSIS_DELAY_MS) => {
    folder.generation++;
    // A burst: the previous change is still waiting for its analysis, or that analysis is still running.
    const inBurst = folder.timer !== undefined || folder.analysing;
    folder.timer?.cancel();
    if (delay === 0 && !inBurst) {
      // A keystroke after a pause: analysed at the next turn of the event loop (after the messages already
      // read) — setTimeout(…, 0) would wait a millisecond more.
      const handle = setImmediate(() => void analyzeNow(folder));
      folder.timer = { cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(() => void analyzeNow(folder), Math.max(delay, BURST_MS));
      folder.timer = { cancel: () => clearTimeout(handle) };
    }
  };

  /** The analysis that reflects every edit so far (runs a pending one at once). */
  const currentAnalysis = async (folder: FolderState): Promise<WorkspaceAnalysis | undefined> => {
    if (folder.timer || !folder.running) return analyzeNow(folder);
    return folder.running;
  };

  const pullSettings = async () => {
    if (!canPullConfiguration) return;
    try {
      const [section] = await connection.workspace.getConfiguration([{ section: 'versionwise' }]);
      settings = normaliseSettings(section);
      logLevel = logLevelOf(section);
    } catch (error) {
      log('warning', `could not read settings: ${String(error)}`);
    }
  };

  connection.onInitialize((params: InitializeParams) => {
    // Trust first: the folders' workspaces are created with it (git only when trusted).
    trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
    for (const folder of params.workspaceFolders ?? []) addFolder(folder.uri);
    if (!folders.length && params.rootUri) addFolder(params.rootUri);
    canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    canRegisterConfiguration = Boolean(params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration);
    hasWorkspaceFolders = Boolean(params.capabilities.workspace?.workspaceFolders);
    canRefreshCodeLens = Boolean(params.capabilities.workspace?.codeLens?.refreshSupport);
    settings = normaliseSettings(params.initializationOptions?.settings);
    logLevel = logLevelOf(params.initializationOptions?.settings);
    canShowProgress = Boolean(params.capabilities.window?.workDoneProgress);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, BUMP_ACTION_KIND] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [COMMANDS.recheck] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'versionwise', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfiguration && canRegisterConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'versionwise' }).catch((error: unknown) => {
        log('warning', `the client refused to send configuration changes: ${String(error)}`);
      });
    }
    if (hasWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) {
          const index = folders.findIndex((f) => f.root === URI.parse(removed.uri).fsPath);
          if (index >= 0) folders.splice(index, 1);
        }
        for (const added of event.added) addFolder(added.uri);
        for (const folder of folders) schedule(folder, 0);
      });
    }
    await pullSettings();
    for (const folder of folders) schedule(folder, 0);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfiguration) await pullSettings();
    else settings = normaliseSettings((change.settings as { versionwise?: unknown } | undefined)?.versionwise);
    for (const folder of folders) schedule(folder, 0);
  });

  const syncDocument = (document: TextDocument, open: boolean) => {
    const located = locate(document.uri);
    if (!located) return;
    located.folder.workspace.setOpenDocument(located.path, open ? document.getText() : undefined);
    schedule(located.folder);
  };
  documents.onDidOpen((e) => syncDocument(e.document, true));
  documents.onDidChangeContent((e) => syncDocument(e.document, true));
  documents.onDidClose((e) => syncDocument(e.document, false));

  connection.onDidChangeWatchedFiles((params) => {
    const touched = new Set<FolderState>();
    for (const change of params.changes) {
      const located = locate(change.uri);
      if (!located) continue;
      located.folder.workspace.invalidate(located.path, change.type === FileChangeType.Created ? true : change.type === FileChangeType.Deleted ? 'deleted' : false);
      touched.add(located.folder);
    }
    for (const folder of touched) schedule(folder);
  });

  /**
   * What a request about a document works on: the document's folder and path, and the analysis that
   * reflects every edit so far; undefined for a document outside every folder. Malformed parameters are
   * InvalidParams; a request cancelled while it waited for the analysis is RequestCancelled.
   */
  const documentRequest = async (params: unknown, needsPosition: boolean, token: CancellationToken | undefined, what: string) => {
    requireDocumentPosition(params, needsPosition);
    const located = locate((params as { textDocument: { uri: string } }).textDocument.uri);
    if (!located) return undefined;
    const analysis = await currentAnalysis(located.folder);
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${what} cancelled`);
    return { located, analysis };
  };

  connection.onHover(async (params, token) => {
    const request = await documentRequest(params, true, token, 'hover');
    if (!request) return null;
    const { located, analysis } = request;
    const hover = analysis && hoverAt(analysis, located.path, params.position);
    return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: hover.range } : null;
  });

  connection.onCodeAction(async (params, token) => {
    const request = await documentRequest(params, false, token, 'code actions');
    if (!request?.analysis) return [];
    const { located, analysis } = request;
    const actions: CodeAction[] = [];
    for (const finding of analysis.findings) {
      if (finding.file !== located.path || !finding.fixes.length) continue;
      const overlaps = finding.range.start.line <= params.range.end.line && finding.range.end.line >= params.range.start.line;
      if (!overlaps) continue;
      for (const fix of finding.fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(finding, located.folder)], isPreferred: fix.preferred, edit: workspaceEdit(located.folder, fix.edits, fix.renames) });
      }
    }
    // "Ignore this finding": the client asks for the justification, then the server writes the suppression.
    for (const finding of analysis.findings) {
      if (finding.file !== located.path || finding.code.startsWith('config/')) continue;
      if (finding.range.start.line > params.range.end.line || finding.range.end.line < params.range.start.line) continue;
      actions.push({
        title: `Ignore this finding (${finding.code})…`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(finding, located.folder)],
        command: { title: 'Ignore this finding', command: PROTOCOL.suppress, arguments: [{ folder: URI.file(located.folder.root).toString(), finding: { code: finding.code, file: finding.file, range: finding.range } }] },
      });
    }
    const wantsSource = !params.context.only || params.context.only.some((kind) => BUMP_ACTION_KIND.startsWith(kind));
    if (wantsSource) {
      for (const analyzed of analysis.declarations) {
        const here = analyzed.declaration.sites.some((s) => s.file === located.path && s.range.start.line <= params.range.end.line && s.range.end.line >= params.range.start.line);
        if (!here) continue;
        for (const bump of analyzed.bumps ?? []) actions.push({ title: bump.title, kind: BUMP_ACTION_KIND, edit: workspaceEdit(located.folder, bump.edits) });
      }
    }
    return actions;
  });

  connection.onCodeLens(async (params, token) => {
    const request = await documentRequest(params, false, token, 'code lenses');
    if (!request) return [];
    const { located, analysis } = request;
    return (analysis?.declarations ?? [])
      .filter((d) => d.report && d.declaration.file === located.path)
      .map((d) => ({
        range: d.declaration.range,
        command: { title: d.report!.summary, command: PROTOCOL.showReport, arguments: [{ folder: URI.file(located.folder.root).toString(), library: d.report!.library }] },
      }));
  });

  connection.onRequest(PROTOCOL.interfaceReport, async (params: { folder?: string; library?: string } | undefined) => {
    const chosen = params?.folder ? folders.filter((f) => URI.file(f.root).toString() === params.folder) : folders;
    const sections: string[] = [];
    for (const folder of chosen) {
      const analysis = await currentAnalysis(folder);
      const link = (file: string, range: Finding['range']) => `${URI.file(path.join(folder.root, file)).toString()}#L${range.start.line + 1}`;
      for (const d of analysis?.declarations ?? []) {
        if (d.report && (!params?.library || d.report.library === params.library)) sections.push(reportMarkdown(d.report, link));
      }
      if (!sections.length && analysis?.notes.length) sections.push(analysis.notes.join('\n\n'));
    }
    return sections.join('\n\n---\n\n') || 'No library could be compared with a last release.';
  });

  /** The hover text of the declaration under the cursor (command "Explain the version under the cursor"). */
  connection.onRequest(PROTOCOL.explain, async (params: { uri?: unknown; position?: unknown }) => {
    const request = await documentRequest({ textDocument: { uri: params?.uri }, position: params?.position }, true, undefined, 'explain');
    if (!request) return null;
    const { located, analysis } = request;
    return (analysis && hoverAt(analysis, located.path, params.position as { line: number; character: number })?.markdown) ?? null;
  });

  /** Every bump on offer (command "Bump…"): those of the declaration under the cursor, or all of them. */
  connection.onRequest(PROTOCOL.bumps, async (params: { uri?: string; position?: { line: number; character: number } }) => {
    const result: { title: string; scheme: string; edit: ReturnType<typeof workspaceEdit> }[] = [];
    for (const folder of folders) {
      const analysis = await currentAnalysis(folder);
      const located = params?.uri ? locate(params.uri) : undefined;
      const here = located && params.position ? hoverAt(analysis!, located.path, params.position) : undefined;
      for (const d of analysis?.declarations ?? []) {
        if (here && !d.declaration.sites.some((s) => s.file === located!.path && s.range.start.line === here.range.start.line && s.range.start.character === here.range.start.character)) continue;
        for (const bump of d.bumps ?? []) result.push({ title: bump.title, scheme: d.declaration.scheme, edit: workspaceEdit(folder, bump.edits) });
      }
    }
    return result;
  });

  /** The edit that adds a suppression with its justification to the project configuration. */
  connection.onRequest(PROTOCOL.suppression, async (params: { folder: string; finding: { code: string; file: string; range: Finding['range'] }; justification: string }) => {
    const folder = folders.find((f) => URI.file(f.root).toString() === params?.folder);
    if (!folder || typeof params.justification !== 'string' || !params.justification.trim()) throw new ResponseError(ErrorCodes.InvalidParams, 'a suppression needs a folder, a finding and a justification');
    const analysis = await currentAnalysis(folder);
    if (!analysis) return null;
    const edits = suppressionEdits(analysis, params.finding, params.justification.trim());
    const missing = edits.filter((e) => !analysis.texts.has(e.file));
    if (!missing.length) return workspaceEdit(folder, edits);
    // The configuration file does not exist yet: create it, then fill it.
    const uriOf = (file: string) => URI.file(path.join(folder.root, file)).toString();
    return {
      documentChanges: [
        ...[...new Set(missing.map((e) => e.file))].map((file) => ({ kind: 'create' as const, uri: uriOf(file), options: { ignoreIfExists: true } })),
        ...edits.map((e) => ({ textDocument: { uri: uriOf(e.file), version: null }, edits: [{ range: e.range, newText: e.newText }] })),
      ],
    };
  });

  connection.onNotification(PROTOCOL.trusted, () => {
    if (trusted) return;
    trusted = true;
    for (const folder of folders) {
      folder.workspace.setTrusted(true);
      folder.service.invalidateBaseline();
      schedule(folder, 0);
    }
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== COMMANDS.recheck) return null;
    for (const folder of folders) {
      folder.workspace.invalidateAll();
      folder.service.invalidateBaseline();
      await analyzeNow(folder);
    }
    return null;
  });

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  // A bug in one request must not take the editor's server down: log it and keep serving.
  process.on('unhandledRejection', (reason) => connection.console.error(`versionwise: unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));
  process.on('uncaughtException', (error) => connection.console.error(`versionwise: uncaught exception: ${error.stack ?? String(error)}`));
  startServer(connection);
}

function logLevelOf(section: unknown): LogLevel {
  const value = (section as { logLevel?: unknown } | undefined)?.logLevel;
  return LOG_LEVELS.includes(value as LogLevel) ? (value as LogLevel) : 'info';
}

/**
 * The rule's documentation page shipped with the extension (docs/rules/<scheme>/<rule>.md next to dist/),
 * as the diagnostic's code link; undefined when the page is not there.
 */
const ruleDocLinks = new Map<string, { href: string } | undefined>();

function ruleDocLink(code: string): { href: string } | undefined {
  if (ruleDocLinks.has(code)) return ruleDocLinks.get(code);
  const link = findRuleDoc(code);
  ruleDocLinks.set(code, link);
  return link;
}

function findRuleDoc(code: string): { href: string } | undefined {
  let relative: string;
  try {
    relative = ruleDocPath(code);
  } catch {
    return undefined;
  }
  const file = path.join(__dirname, '..', ...relative.split('/'));
  return fs.existsSync(file) ? { href: URI.file(file).toString() } : undefined;
}
