/**
 * A minimal LSP client for the tests and the benchmark: spawns the BUILT
 * server (server/out/server.js), speaks JSON-RPC over its stdio, answers the
 * server's requests (configuration, progress tokens, registrations,
 * showDocument) and records what it is sent. `waitFor` polls a condition
 * with a timeout instead of sleeping.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  createProtocolConnection,
  ErrorCodes,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type ConfigurationParams,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowDocumentParams,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import type { StatusParams } from '../../server/src/shared/protocol';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/shared/server-launch';

/** The built server; PG_POOL_GUARD_SERVER_JS points the tests at another copy (e.g. one unpacked from the .vsix). */
export const SERVER_JS = process.env.PG_POOL_GUARD_SERVER_JS ?? resolve(__dirname, '..', '..', 'server', 'out', 'server.js');

/** The built server with `args`, started as the VS Code client starts it, so the bench's memory figures are the users'. */
export function spawnServer(args: readonly string[], stdio: StdioOptions, env: Readonly<Record<string, string>> = {}): ChildProcess {
  return spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_JS, ...args], { stdio, env: { ...process.env, ...SERVER_ENV, ...env } });
}

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; [key: string]: unknown };
}

export interface StartOptions {
  workspaceDir: string;
  /** Server→client requests this client answers with an error (e.g. 'client/registerCapability'). */
  refuse?: string[];
  /** Server command-line arguments (default `--stdio`). */
  args?: string[];
  /** More workspace folders after the first. */
  extraFolders?: string[];
  initializationOptions?: Record<string, unknown>;
  /** Answer to workspace/configuration, per requested item. */
  configuration?: (item: { scopeUri?: string; section?: string }) => unknown;
  /** Change the client capabilities sent in initialize (default: a full-featured client like VS Code). */
  capabilities?: (defaults: ClientCapabilities) => ClientCapabilities;
  /** Hold workspace/configuration answers from the start (see `holdConfiguration`). */
  holdConfiguration?: boolean;
  /** More environment variables for the server process. */
  env?: Readonly<Record<string, string>>;
}

export function fullCapabilities(): ClientCapabilities {
  return {
    window: { workDoneProgress: true, showDocument: { support: true } },
    workspace: {
      applyEdit: true,
      configuration: true,
      workspaceFolders: true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceEdit: { documentChanges: true },
    },
    textDocument: {
      synchronization: { didSave: true, dynamicRegistration: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true, disabledSupport: true, resolveSupport: { properties: ['edit'] } },
    },
  };
}

export function fileUri(path: string): string {
  return URI.file(path).toString();
}

/** Write `files` (relative path → text) into a fresh temp directory. */
export function writeProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgpg-lsp-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Bound for every wait on the server. Only a failure waits this long, so it is
 * generous: at load average 20 a server start-up alone takes seconds.
 */
export const WAIT_MS = Number(process.env.PPG_TEST_WAIT_MS ?? 120_000);

export async function waitFor<T>(probe: () => T | undefined | false, description: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly publishCount = new Map<string, number>();
  readonly statuses: StatusParams[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly logs: string[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** workspace/configuration requests answered so far, and waiting while held. */
  configurationRequests = 0;
  private configurationGate: Promise<void> | undefined;
  private releaseGate: (() => void) | undefined;
  stderr = '';
  exitCode: number | null | undefined = undefined;
  configuration: (item: { scopeUri?: string; section?: string }) => unknown;
  /** Emits 'publish' with each PublishDiagnosticsParams as it arrives. */
  readonly events = new EventEmitter();
  initializeResult: InitializeResult | undefined;
  private versions = new Map<string, number>();

  private constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection, options: StartOptions) {
    this.configuration = options.configuration ?? (() => ({}));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('exit', (code) => (this.exitCode = code));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.publishCount.set(params.uri, (this.publishCount.get(params.uri) ?? 0) + 1);
      this.events.emit('publish', params);
    });
    connection.onNotification('pgPoolGuard/status', (params: StatusParams) => this.statuses.push(params));
    connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => this.messages.push(params));
    connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.messages.push(params);
      return null;
    });
    connection.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(params);
      return { applied: true };
    });
    connection.onNotification('$/progress', (params: ProgressEvent) => this.progress.push(params));
    const refused = new Set(options.refuse ?? []);
    const refusal = (method: string) => new ResponseError(ErrorCodes.InternalError, `test client refuses ${method}`);
    if (options.holdConfiguration) this.holdConfiguration();
    connection.onRequest('workspace/configuration', async (params: ConfigurationParams) => {
      this.configurationRequests++;
      if (this.configurationGate) await this.configurationGate;
      return refused.has('workspace/configuration') ? refusal('workspace/configuration') : params.items.map((item) => this.configuration(item));
    });
    connection.onRequest('window/workDoneProgress/create', () => (refused.has('window/workDoneProgress/create') ? refusal('window/workDoneProgress/create') : null));
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      if (refused.has('client/registerCapability')) return refusal('client/registerCapability');
      this.registrations.push(...params.registrations);
      return null;
    });
    connection.onRequest('window/showDocument', (params: ShowDocumentParams) => {
      this.shownDocuments.push(params);
      return { success: true };
    });
    connection.listen();
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`node scripts/build.mjs\` first`);
    const child = spawnServer(options.args ?? ['--stdio'], ['pipe', 'pipe', 'pipe'], options.env);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options);
    const rootUri = fileUri(options.workspaceDir);
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [options.workspaceDir, ...(options.extraFolders ?? [])].map((dir, i) => ({ uri: fileUri(dir), name: `folder${i}` })),
      initializationOptions: options.initializationOptions ?? { debounceMs: 0 },
      capabilities: (options.capabilities ?? ((c) => c))(fullCapabilities()),
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** Resolves once the initial scan (or a re-scan) has reported `ok`. */
  async waitForScan(afterStatuses = 0, timeoutMs = WAIT_MS): Promise<StatusParams> {
    return waitFor(() => this.statuses.slice(afterStatuses).find((s) => s.state !== 'analysing'), 'a status after the scan', timeoutMs);
  }

  /** Resolves on the first publishDiagnostics for `uri` matching `accept` (event-driven, for latency measurements). */
  nextPublish(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs = WAIT_MS): Promise<PublishDiagnosticsParams> {
    return new Promise((resolvePublish, reject) => {
      const onPublish = (p: PublishDiagnosticsParams) => {
        if (p.uri !== uri || !accept(p)) return;
        clearTimeout(timer);
        this.events.off('publish', onPublish);
        resolvePublish(p);
      };
      const timer = setTimeout(() => {
        this.events.off('publish', onPublish);
        reject(new Error(`no publishDiagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on('publish', onPublish);
    });
  }

  /**
   * Keep the server waiting for its settings: a scan started now stops right
   * after its progress `begin`, until `releaseConfiguration()`. Lets a test
   * put a request or a cancellation inside a running analysis, deterministically.
   */
  holdConfiguration(): void {
    this.configurationGate = new Promise((resolve) => (this.releaseGate = resolve));
  }

  releaseConfiguration(): void {
    this.releaseGate?.();
    this.configurationGate = undefined;
  }

  alive(): boolean {
    return this.exitCode === undefined && this.child.exitCode === null;
  }

  open(path: string, text: string, languageId = 'typescript'): string {
    const uri = fileUri(path);
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Full-text or ranged change; returns the new version. */
  change(uri: string, changes: unknown[]): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    if (this.alive()) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // the server may already be gone
      }
      await waitFor(() => !this.alive(), 'server exit', 10_000).catch(() => this.child.kill());
    }
    this.connection.dispose();
  }
}
