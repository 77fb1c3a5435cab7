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
  MessageType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ANALYZE_WORKSPACE_COMMAND, APPLY_EDIT_COMMAND, FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND, type InitializationOptions } from '../shared/protocol';
import { WorkspaceAnalysis, type WorkspaceFolderRef } from './analysis';
import { clientSupport, type ClientSupport } from './client-support';
import { buildCodeActions, resolveCodeAction, type EditableFile } from './code-actions';
import { engineIdentity } from '../shared/engine-identity';
import { createWorkspace, ruleDocsUrl } from './engine';
import { FactsStore } from './facts-store';
import { FactsWorker } from './facts-worker';
import { readSourceTextSync } from './file-reader';
import { computePoolRewrite } from './fix-provider';
import { guardNotification, guardRequest, InvalidParamsError, requireRange, requireTextDocumentUri, throwIfCancelled } from './handler-guard';
import { pathToUri, uriToPath } from './paths';
import { DiagnosticsPublisher } from './publisher';
import { RewriteService } from './rewrite-service';
import { RewritePrecompute } from './rewrite-precompute';
import { rangesOverlap, toLspRange } from './diagnostics';
import type { Finding } from '../engine/types';
import { SettingsStore } from './settings-store';

const SERVER_VERSION = '0.1.0';
const DEFAULT_DEBOUNCE_MS = 200;
const DEFAULT_ANALYSIS_BUDGET_MS = 5000;
/** Long enough for a first scan of a few thousand files; the user may cancel sooner. */
const DEFAULT_CODE_ACTION_WAIT_MS = 10_000;
/** A list waits this long for its rewrites (one takes tens of milliseconds on a typical app). */
const DEFAULT_REWRITE_LIST_WAIT_MS = 400;
const WATCHED_GLOBS = ['**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}', '**/{tsconfig,jsconfig}*.json', '**/package.json', '**/pnpm-workspace.yaml'];

// Without a transport flag, speak stdio rather than exit with an error (handy for editors configured by hand).
const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!process.argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) process.argv.push('--stdio');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);

let analysis: WorkspaceAnalysis | undefined;
let publisher: DiagnosticsPublisher | undefined;
let support: ClientSupport = clientSupport(undefined);
let codeActionWaitMs = DEFAULT_CODE_ACTION_WAIT_MS;
let rewriteListWaitMs = DEFAULT_REWRITE_LIST_WAIT_MS;
let currentFolders: WorkspaceFolderRef[] = [];
let factsWorker: FactsWorker | undefined;

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

/** One engine and its rewrite service per workspace folder (see folder-engines.ts). */
function createFolderEngine() {
  const engine = createWorkspace((path) => {
    const uri = analysis?.openUriOf(path);
    const open = uri ? documents.get(uri) : undefined;
    return open ? open.getText() : readSourceTextSync(path);
  });
  const rewrites = new RewriteService(engine, computePoolRewrite, () => analysis?.revision() ?? 0, log);
  return { engine, rewrites };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  support = clientSupport(params.capabilities);
  const init = (params.initializationOptions ?? {}) as InitializationOptions;
  codeActionWaitMs = numberOption(init.codeActionWaitMs, DEFAULT_CODE_ACTION_WAIT_MS);
  rewriteListWaitMs = numberOption(init.rewriteListWaitMs, DEFAULT_REWRITE_LIST_WAIT_MS);
  const settings = new SettingsStore(connection, support.configuration, log);
  const folders = foldersOf(params);
  currentFolders = folders;
  publisher = new DiagnosticsPublisher(connection, ruleDocsUrl, (path) => analysis?.openUriOf(path) ?? pathToUri(path));
  const analysisBudgetMs = numberOption(init.analysisBudgetMs, DEFAULT_ANALYSIS_BUDGET_MS);
  // This bundle is also the worker's code (main.ts starts the worker side off the main thread).
  factsWorker = new FactsWorker(__filename, () => analysisBudgetMs, log);
  analysis = new WorkspaceAnalysis(connection, documents, createFolderEngine, settings, publisher, {
    debounceMs: numberOption(init.debounceMs, DEFAULT_DEBOUNCE_MS),
    analysisBudgetMs,
    factsWorker,
    factsStore: typeof init.storagePath === 'string' && init.storagePath !== '' ? new FactsStore(init.storagePath, log) : undefined,
    engineIdentity: engineIdentity(),
  }, log);
  analysis.setFolders(folders);
  // 0 turns computing ahead off: lists offer rewrites unresolved, as codeAction/resolve computes them.
  analysis.onSettled(() => rewriteListWaitMs > 0 && precompute.schedule(openDocumentRewrites()));
  // Diagnostics are pushed, not pulled: a change in one file changes findings in closed files,
  // which textDocument/diagnostic (open documents only) cannot deliver.
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: support.codeActionLiterals
        ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: support.codeActionResolveEdit }
        : true,
      executeCommandProvider: { commands: [ANALYZE_WORKSPACE_COMMAND, SHOW_DOCUMENTATION_COMMAND, APPLY_EDIT_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'pg-pool-guard', version: SERVER_VERSION },
  };
});

connection.onInitialized(guardNotification('initialized', log, async () => {
  // A client that refuses a registration still gets a scan.
  const registrationFailed = (what: string) => (error: unknown) => log(`Could not register ${what}: ${(error as Error)?.message ?? String(error)}`);
  if (support.watchedFilesRegistration) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch(registrationFailed('file watchers'));
  }
  if (support.configurationRegistration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'pgPoolGuard' }).catch(registrationFailed('configuration changes'));
  }
  if (support.workspaceFolders) {
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
  log(`pg-pool-guard ${SERVER_VERSION} started: scanning ${currentFolders.length} folder${currentFolders.length === 1 ? '' : 's'}`);
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

/** A code action as a plain Command, for clients without CodeAction literals. */
function asCommand(action: CodeAction): Command | undefined {
  if (action.disabled) return undefined;
  if (action.edit) return { title: action.title, command: APPLY_EDIT_COMMAND, arguments: [action.edit] };
  return action.command;
}

connection.onCodeAction(guardRequest('textDocument/codeAction', log, async (params: CodeActionParams, token: CancellationToken): Promise<(CodeAction | Command)[]> => {
  const uri = requireTextDocumentUri(params);
  const range = requireRange(params.range);
  const path = uriToPath(uri);
  if (!path || !publisher || !analysis) return [];
  // Asked before the first analysis, or while this document's edit is being analysed: wait for it, within a
  // bound, rather than answer "nothing". Other files being analysed (a 2 MB module) do not hold it up.
  await analysis.whenCurrent(path, codeActionWaitMs, token);
  throwIfCancelled(token);
  const published = publisher.get(path);
  if (!published) return [];
  // VS Code shows the list's title and disabled state as they are: give the rewrites a moment to be computed.
  if (support.codeActionResolveEdit && rewriteListWaitMs > 0) {
    const inRange = published.findings.filter((f) => rangesOverlap(toLspRange(f.range), range));
    await precompute.whenComputed(rewriteJobs(path, inRange), rewriteListWaitMs, token);
    throwIfCancelled(token);
  }
  const diagnosticsPublisher = publisher;
  const actions = buildCodeActions(path, { ...params, range }, {
    findings: published.findings,
    diagnosticFor: (finding) => diagnosticsPublisher.diagnosticFor(finding, published.settings),
    docsUrl: ruleDocsUrl,
    fileFor: memoizedFileFor(),
    rewrites: analysis.engineFor(path).rewrites,
    support,
  });
  computeListedRewritesSoon(analysis.engineFor(path).rewrites);
  if (support.codeActionLiterals) return actions;
  return actions.map(asCommand).filter((c): c is Command => c !== undefined);
}));

const precompute = new RewritePrecompute({
  revision: () => analysis?.revision() ?? 0,
  isSettled: () => analysis?.isSettled() ?? false,
  getText: () => {
    const fileFor = memoizedFileFor();
    return (p) => fileFor(p)?.document.getText();
  },
  log,
});

/** The rewrites a finding list of `path` may offer, with the folder's rewrite service. */
function rewriteJobs(path: string, findings: readonly Finding[]): Array<{ service: RewriteService; finding: Finding }> {
  if (!analysis) return [];
  const service = analysis.engineFor(path).rewrites;
  return findings.map((finding) => ({ service, finding }));
}

/** Every open document's findings: what a Ctrl+. can ask about next. */
function openDocumentRewrites(): Array<{ service: RewriteService; finding: Finding }> {
  return documents.all().flatMap((doc) => {
    const path = uriToPath(doc.uri);
    const published = path ? publisher?.get(path) : undefined;
    return path && published ? rewriteJobs(path, published.findings) : [];
  });
}

/**
 * Rewrites this list handed out unresolved are computed right after the
 * answer (setImmediate runs before the next message is read), so the next list
 * of the same revision shows them complete: the file count in the title, or
 * disabled with the reason. Skipped when an analysis is running or the
 * revision moved on; the next list asks again.
 */
function computeListedRewritesSoon(rewrites: RewriteService): void {
  if (!rewrites.hasListedUnresolved() || !analysis) return;
  const current = analysis;
  const revision = current.revision();
  setImmediate(() => {
    if (current.revision() !== revision || !current.isSettled()) return;
    try {
      const fileFor = memoizedFileFor();
      rewrites.computeListed((p) => fileFor(p)?.document.getText());
    } catch (error) {
      log(`Computing a listed Pool rewrite failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  });
}

/** Computes the rewrite (or the fix-all) a listed action stands for: the list never computes one. */
connection.onCodeActionResolve(guardRequest('codeAction/resolve', log, async (action: CodeAction, token: CancellationToken): Promise<CodeAction> => {
  if (!action || typeof action.title !== 'string') throw new InvalidParamsError('expected a code action');
  const data = action.data as { uri?: unknown } | undefined;
  const path = typeof data?.uri === 'string' ? uriToPath(data.uri) : undefined;
  if (!path || !analysis) return action;
  // Edits computed against an analysis of this document still running would be stale.
  await analysis.whenCurrent(path, codeActionWaitMs, token);
  throwIfCancelled(token);
  const rewrites = analysis.engineFor(path).rewrites;
  const resolved = resolveCodeAction(action, {
    findingsOf: (p) => publisher?.get(p)?.findings,
    pathOf: uriToPath,
    fileFor: memoizedFileFor(),
    rewrites,
    warn: (message) => void connection.window.showWarningMessage(message),
    support,
  });
  throwIfCancelled(token);
  return resolved;
}));

/** Opens a rule's page: window/showDocument where the client has it, else a message with the URL. */
async function showDocumentation(url: string): Promise<void> {
  if (support.showDocument) {
    try {
      const shown = await connection.window.showDocument({ uri: url, external: true });
      if (shown.success) return;
    } catch (error) {
      log(`window/showDocument failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  await connection.sendNotification('window/showMessage', { type: MessageType.Info, message: `pg-pool-guard documentation: ${url}` });
}

connection.onExecuteCommand(guardRequest('workspace/executeCommand', log, async (params: ExecuteCommandParams, token: CancellationToken) => {
  switch (params?.command) {
    case ANALYZE_WORKSPACE_COMMAND:
      await analysis?.scan(token, { rereadSettings: true });
      return null;
    case SHOW_DOCUMENTATION_COMMAND: {
      const url = params.arguments?.[0];
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new InvalidParamsError('expected a documentation URL');
      await showDocumentation(url);
      return null;
    }
    case APPLY_EDIT_COMMAND: {
      const edit = params.arguments?.[0] as WorkspaceEdit | undefined;
      if (!edit || typeof edit !== 'object') throw new InvalidParamsError('expected a workspace edit');
      const applied = await connection.workspace.applyEdit({ label: 'pg-pool-guard', edit });
      if (!applied.applied) log(`The editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}`);
      return null;
    }
    default:
      throw new InvalidParamsError(`unknown command ${String(params?.command)}`);
  }
}));

// The facts cache is written on the way out, so the next start parses only what changed.
connection.onShutdown(() => {
  analysis?.persistNow();
  factsWorker?.dispose();
});

documents.listen(connection);
connection.listen();
