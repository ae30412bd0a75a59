/**
 * Client activation time (`npm run bench`): loads the bundled client (dist/extension.js) in a plain Node
 * process with a stub `vscode` module, calls activate(), and stops the clock when vscode-languageclient
 * starts the server process (child_process.fork of dist/server.js). That is the part of activation the
 * extension owns; VS Code's own extension-host work (reading package.json, the activation event) is not in
 * it. The fork is intercepted: no server is started.
 *
 * `node test/bench/activate.cjs DIST [anchor]` prints `{"requireMs", "activateMs", "totalMs", "execArgv"}`
 * (`execArgv`: the node options the client gives the server process); with
 * `anchor`, it times only requiring vscode-languageclient/node from node_modules (the library any LSP
 * client extension loads), the anchor the figure is compared with.
 */
const Module = require('node:module');
const path = require('node:path');
const childProcess = require('node:child_process');

const t0 = performance.now();

/** A stand-in for any VS Code API object: every property is another stand-in, every call returns one. */
function stub(name) {
  const target = function () {};
  const assigned = new Map();
  return new Proxy(target, {
    set(_, property, value) {
      assigned.set(property, value);
      return true;
    },
    get(_, property) {
      if (assigned.has(property)) return assigned.get(property);
      if (property === 'then') return undefined; // not a promise
      if (property === Symbol.toPrimitive) return () => name;
      if (property === Symbol.iterator) return function* () {};
      if (property === 'dispose') return () => undefined;
      if (property in overrides && name === 'vscode') return overrides[property];
      return stub(`${name}.${String(property)}`);
    },
    apply() {
      return stub(`${name}()`);
    },
    construct() {
      return stub(`new ${name}`);
    },
  });
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (listener) => {
      this.listeners.push(listener);
      return { dispose: () => undefined };
    };
  }
  fire(value) {
    for (const l of this.listeners) l(value);
  }
  dispose() {}
}
class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((i) => i?.dispose?.()));
  }
  dispose() {
    this.fn?.();
  }
}
const configuration = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined };
const overrides = {
  version: '1.91.0',
  EventEmitter,
  Disposable,
  workspace: new Proxy({}, {
    get(_, property) {
      if (property === 'getConfiguration') return () => configuration;
      if (property === 'workspaceFolders') return [{ uri: { fsPath: process.cwd(), toString: () => `file://${process.cwd()}`, scheme: 'file' }, name: 'bench', index: 0 }];
      if (property === 'isTrusted') return true;
      if (property === 'textDocuments') return [];
      if (property === 'then') return undefined;
      return stub(`vscode.workspace.${String(property)}`);
    },
  }),
};

const VSCODE_NAMES = ['version', 'env', 'window', 'workspace', 'commands', 'languages', 'extensions', 'debug', 'tasks', 'scm', 'tests', 'notebooks', 'l10n', 'authentication', 'chat', 'lm',
  'EventEmitter', 'Disposable', 'Uri', 'Range', 'Position', 'Location', 'Selection', 'Diagnostic', 'DiagnosticSeverity', 'DiagnosticTag', 'DiagnosticRelatedInformation', 'CodeAction', 'CodeActionKind',
  'CodeLens', 'Command', 'CompletionItem', 'CompletionItemKind', 'CompletionList', 'Hover', 'MarkdownString', 'SnippetString', 'TextEdit', 'WorkspaceEdit', 'SymbolKind', 'SymbolInformation',
  'DocumentSymbol', 'DocumentLink', 'Color', 'ColorInformation', 'ColorPresentation', 'FoldingRange', 'FoldingRangeKind', 'SelectionRange', 'CallHierarchyItem', 'SemanticTokens',
  'SemanticTokensLegend', 'SemanticTokensBuilder', 'SemanticTokensEdit', 'SemanticTokensEdits', 'SignatureHelp', 'SignatureInformation', 'ParameterInformation', 'InlayHint', 'InlayHintKind',
  'InlayHintLabelPart', 'InlineValueText', 'InlineValueVariableLookup', 'InlineValueEvaluatableExpression', 'TypeHierarchyItem', 'StatusBarAlignment', 'ProgressLocation', 'ViewColumn',
  'TextDocumentSaveReason', 'FileType', 'FileChangeType', 'RelativePattern', 'CancellationTokenSource', 'CancellationError', 'ConfigurationTarget', 'EndOfLine', 'TextEditorRevealType',
  'ThemeIcon', 'ThemeColor', 'TreeItem', 'TreeItemCollapsibleState', 'LogLevel', 'NotebookCellKind', 'NotebookRange', 'NotebookEdit', 'NotebookCellData', 'NotebookData', 'ExtensionMode',
  'UIKind', 'FileSystemError', 'DocumentHighlight', 'DocumentHighlightKind', 'CodeActionTriggerKind', 'CompletionTriggerKind', 'SignatureHelpTriggerKind', 'SymbolTag', 'InlineCompletionItem',
  'InlineCompletionList', 'LinkedEditingRanges', 'TextDocumentChangeReason', 'TabInputText', 'TabInputTextDiff', 'TabInputNotebook', 'TabInputNotebookDiff', 'TabInputCustom', 'QuickPickItemKind',
  'DocumentDropEdit', 'DocumentPasteEdit', 'DataTransfer', 'DataTransferItem', 'EvaluatableExpression', 'CallHierarchyIncomingCall', 'CallHierarchyOutgoingCall', 'WorkspaceSymbol', 'Declaration',
  'LocationLink', 'DocumentSelector', 'IndentAction', 'OverviewRulerLane', 'DecorationRangeBehavior', 'ColorThemeKind', 'TextEditorCursorStyle', 'TextEditorLineNumbersStyle'];

function loadStub() {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'vscode') return 'vscode';
    return resolve.call(this, request, ...rest);
  };
  const mod = new Module('vscode');
  mod.filename = 'vscode';
  mod.loaded = true;
  // A plain object (bundlers copy its own keys), with a stand-in for every namespace and class named here.
  const api = {};
  for (const name of VSCODE_NAMES) api[name] = name in overrides ? overrides[name] : stub(`vscode.${name}`);
  mod.exports = api;
  Module._cache.vscode = mod;
}

const [dist, mode] = process.argv.slice(2);
if (mode === 'anchor') {
  loadStub();
  const start = performance.now();
  require(require.resolve('vscode-languageclient/node', { paths: [path.resolve(__dirname, '..', '..')] }));
  process.stdout.write(`${JSON.stringify({ totalMs: performance.now() - start })}\n`);
  process.exit(0);
}

loadStub();
let required;
childProcess.fork = (_module, _args, options) => {
  const now = performance.now();
  // The node options the client starts the server with: the benchmarks start it the same way.
  process.stdout.write(`${JSON.stringify({ requireMs: required - start, activateMs: now - required, totalMs: now - start, execArgv: options?.execArgv ?? [] })}\n`);
  process.exit(0);
};
const start = performance.now();
const extension = require(path.resolve(dist, 'extension.js'));
required = performance.now();
const context = { subscriptions: [], asAbsolutePath: (p) => path.resolve(dist, '..', p), extensionPath: path.resolve(dist, '..'), extensionUri: stub('uri'), globalState: stub('state'), workspaceState: stub('state'), environmentVariableCollection: stub('env'), logUri: stub('uri'), storageUri: undefined, globalStorageUri: stub('uri') };
Promise.resolve(extension.activate(context)).then(
  () => fail('activate() finished without starting the server'),
  (error) => fail(`activate() failed before starting the server: ${error?.stack ?? error}`),
);
setTimeout(() => fail('the server was not started within 10 s'), 10_000).unref();
function fail(message) {
  process.stderr.write(`${message} (after ${(performance.now() - t0).toFixed(0)} ms)\n`);
  process.exit(1);
}
