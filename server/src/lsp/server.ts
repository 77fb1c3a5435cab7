/**
 * pg-pool-guard language server entry point.
 *   node server/out/server.js --stdio      (or --node-ipc, --socket=N)
 * Wires LSP messages to the workspace analysis; each handler is guarded so
 * bad input produces an error response or a log line, never a dead server.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type DiagnosticServerCancellationData,
  type CodeActionParams,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ANALYZE_WORKSPACE_COMMAND, FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND, type InitializationOptions } from '../shared/protocol';
import { WorkspaceAnalysis, type WorkspaceFolderRef } from './analysis';
import { buildCodeActions, resolveCodeAction, type EditableFile } from './code-actions';
import { createWorkspace, ruleDocsUrl } from './engine';
import { readSourceTextSync } from './file-reader';
import { loadPoolRewrite } from './fix-provider';
import { guardNotification, guardRequest, InvalidParamsError, requireRange, requireTextDocumentUri } from './handler-guard';
import { pathToUri, uriToPath } from './paths';
import { DiagnosticsPublisher } from './publisher';
import { RewriteService } from './rewrite-service';
import { SettingsStore } from './settings-store';

const DEFAULT_DEBOUNCE_MS = 200;
const DEFAULT_ANALYSIS_BUDGET_MS = 5000;
const WATCHED_GLOBS = ['**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}', '**/{tsconfig,jsconfig}*.json'];

// Without a transport flag, speak stdio rather than exit with an error (handy for editors configured by hand).
const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!process.argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) process.argv.push('--stdio');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);
const engine = createWorkspace();
const computePoolRewrite = loadPoolRewrite(log);

let analysis: WorkspaceAnalysis | undefined;
const rewrites = computePoolRewrite ? new RewriteService(engine, computePoolRewrite, () => analysis?.revision() ?? 0, log, () => currentFolders[0]?.path) : undefined;
let publisher: DiagnosticsPublisher | undefined;
let clientCapabilities: InitializeParams['capabilities'] = {};
let currentFolders: WorkspaceFolderRef[] = [];

process.on('uncaughtException', (error) => log(`Uncaught exception: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => log(`Unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));

function numberOption(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function foldersOf(params: InitializeParams): WorkspaceFolderRef[] {
  const refs = (params.workspaceFolders ?? []).map((f) => ({ uri: f.uri, path: uriToPath(f.uri) }));
  if (refs.length === 0 && params.rootUri) refs.push({ uri: params.rootUri, path: uriToPath(params.rootUri) });
  return refs.filter((r): r is WorkspaceFolderRef => r.path !== undefined);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  clientCapabilities = params.capabilities ?? {};
  const init = (params.initializationOptions ?? {}) as InitializationOptions;
  const settings = new SettingsStore(connection, clientCapabilities.workspace?.configuration === true, log);
  const folders = foldersOf(params);
  currentFolders = folders;
  publisher = new DiagnosticsPublisher(connection, ruleDocsUrl, (path) => analysis?.openUriOf(path) ?? pathToUri(path));
  analysis = new WorkspaceAnalysis(connection, documents, engine, settings, publisher, {
    debounceMs: numberOption(init.debounceMs, DEFAULT_DEBOUNCE_MS),
    analysisBudgetMs: numberOption(init.analysisBudgetMs, DEFAULT_ANALYSIS_BUDGET_MS),
  }, log);
  analysis.setFolders(folders);
  if (folders.length > 0) engine.setDisplayRoot(folders[0].path);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
      executeCommandProvider: { commands: [ANALYZE_WORKSPACE_COMMAND, SHOW_DOCUMENTATION_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'pg-pool-guard', version: '0.1.0' },
  };
});

connection.onInitialized(guardNotification('initialized', log, async () => {
  const workspaceCaps = clientCapabilities.workspace;
  // A client that refuses a registration still gets a scan.
  const registrationFailed = (what: string) => (error: unknown) => log(`Could not register ${what}: ${(error as Error)?.message ?? String(error)}`);
  if (workspaceCaps?.didChangeWatchedFiles?.dynamicRegistration) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch(registrationFailed('file watchers'));
  }
  if (workspaceCaps?.didChangeConfiguration?.dynamicRegistration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'pgPoolGuard' }).catch(registrationFailed('configuration changes'));
  }
  if (workspaceCaps?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(guardNotification('workspace/didChangeWorkspaceFolders', log, async (event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      const current = currentFolders.filter((f) => !removed.has(f.uri));
      for (const added of event.added) {
        const path = uriToPath(added.uri);
        if (path) current.push({ uri: added.uri, path });
      }
      currentFolders = current;
      analysis?.setFolders(current);
      await analysis?.scan();
    }));
  }
  await analysis?.scan();
}));

// ---- documents ---------------------------------------------------------------

documents.onDidOpen((event) => guardNotification('textDocument/didOpen', log, () => analysis?.didOpen(event.document))(undefined));
documents.onDidChangeContent((event) => guardNotification('textDocument/didChange', log, () => analysis?.didChange(event.document))(undefined));
documents.onDidSave((event) => guardNotification('textDocument/didSave', log, () => analysis?.didSave(event.document))(undefined));
documents.onDidClose((event) => guardNotification('textDocument/didClose', log, () => analysis?.didClose(event.document.uri))(undefined));

connection.onDidChangeWatchedFiles(guardNotification('workspace/didChangeWatchedFiles', log, async (params) => {
  if (!Array.isArray(params?.changes)) return;
  await analysis?.didChangeWatchedFiles(params.changes.filter((c) => typeof c?.uri === 'string'));
}));

connection.onDidChangeConfiguration(guardNotification('workspace/didChangeConfiguration', log, async (params) => {
  await analysis?.configurationChanged(params?.settings);
}));

// ---- code actions and commands ---------------------------------------------------

/** An open document with its version, or a closed file read from disk (version null). */
function editableFile(path: string): EditableFile | undefined {
  const openUri = analysis?.openUriOf(path);
  const open = openUri ? documents.get(openUri) : undefined;
  if (open) return { uri: open.uri, version: open.version, document: open };
  const text = readSourceTextSync(path);
  if (text === undefined) return undefined;
  const uri = pathToUri(path);
  return { uri, version: null, document: TextDocument.create(uri, 'typescript', 0, text) };
}

/** One request's view of the files: each is read at most once. */
function memoizedFileFor(): (path: string) => EditableFile | undefined {
  const files = new Map<string, EditableFile | undefined>();
  return (p: string) => {
    if (!files.has(p)) files.set(p, editableFile(p));
    return files.get(p);
  };
}

connection.onCodeAction(guardRequest('textDocument/codeAction', log, (params: CodeActionParams): CodeAction[] => {
  const uri = requireTextDocumentUri(params);
  const range = requireRange(params.range);
  const path = uriToPath(uri);
  const published = path ? publisher?.get(path) : undefined;
  if (!path || !published || !publisher) return [];
  const diagnosticsPublisher = publisher;
  return buildCodeActions(path, { ...params, range }, {
    findings: published.findings,
    diagnosticFor: (finding) => diagnosticsPublisher.diagnosticFor(finding, published.settings),
    docsUrl: ruleDocsUrl,
    fileFor: memoizedFileFor(),
    rewrites,
    resolveSupported: clientCapabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
  });
}));

/** Computes the rewrite a listed action stands for (the list never computes one). */
connection.onCodeActionResolve(guardRequest('codeAction/resolve', log, async (action: CodeAction): Promise<CodeAction> => {
  if (!action || typeof action.title !== 'string') throw new InvalidParamsError('expected a code action');
  if (!rewrites) return action;
  return resolveCodeAction(action, {
    findingsOf: (path) => publisher?.get(path)?.findings,
    pathOf: uriToPath,
    fileFor: memoizedFileFor(),
    rewrites,
    warn: (message) => void connection.window.showWarningMessage(message),
  });
}));

connection.languages.diagnostics.on(guardRequest<DocumentDiagnosticParams, DocumentDiagnosticReport, DiagnosticServerCancellationData>('textDocument/diagnostic', log, (params) => {
  const path = uriToPath(requireTextDocumentUri(params));
  const published = path ? publisher?.get(path) : undefined;
  const items = published && publisher ? published.findings.map((f) => publisher!.diagnosticFor(f, published.settings)) : [];
  return { kind: DocumentDiagnosticReportKind.Full, items };
}));

connection.onExecuteCommand(guardRequest('workspace/executeCommand', log, async (params: ExecuteCommandParams) => {
  switch (params?.command) {
    case ANALYZE_WORKSPACE_COMMAND:
      await analysis?.scan();
      return null;
    case SHOW_DOCUMENTATION_COMMAND: {
      const url = params.arguments?.[0];
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new InvalidParamsError('expected a documentation URL');
      await connection.window.showDocument({ uri: url, external: true });
      return null;
    }
    default:
      throw new InvalidParamsError(`unknown command ${String(params?.command)}`);
  }
}));

documents.listen(connection);
connection.listen();
