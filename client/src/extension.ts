/**
 * VS Code client: starts the bundled language server over IPC, shows its
 * status, and offers Restart Server / Show Output. Analyze Workspace is a
 * server command (registered by the client library from the server's
 * executeCommandProvider).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type InitializationOptions, type StatusParams } from '../../server/src/shared/protocol';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/shared/server-launch';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import { createStatusItem } from './status-item';

const SHOW_OUTPUT_COMMAND = 'pgPoolGuard.showOutput';
const RESTART_COMMAND = 'pgPoolGuard.restartServer';
const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

let client: LanguageClient | undefined;

/**
 * vscode-languageclient logs every server exit at Error level, so each
 * Restart Server wrote "[Error …] Server process exited with code 0." A
 * clean exit is not an error: it is logged as information.
 */
class PgPoolGuardClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if (message === 'Server process exited with code 0.') {
      this.info('Server stopped (exit code 0).');
      return;
    }
    super.error(message, data, showNotification);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('pg-pool-guard', { log: true });
  const serverModule = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV], env: { ...SERVER_ENV } } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'], env: { ...SERVER_ENV } } },
  };
  const documentSelector = LANGUAGES.map((language) => ({ scheme: 'file', language }));
  // The server keeps its facts cache here, so a restart parses only the files that changed.
  const initializationOptions: InitializationOptions = { storagePath: (context.storageUri ?? context.globalStorageUri).fsPath };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions,
  };
  client = new PgPoolGuardClient('pgPoolGuard', 'pg-pool-guard', serverOptions, clientOptions);
  // Activated on startup (as vscode-eslint is), so the server is usually up before the first file opens;
  // code actions asked before its first scan is done wait for it on the server side.
  const started = client.start();

  const status = createStatusItem(SHOW_OUTPUT_COMMAND);
  context.subscriptions.push(
    output,
    status,
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.update(params)),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      status.update({ state: 'analysing' });
      await client?.restart();
    }),
  );
  try {
    await started;
  } catch (error) {
    output.error(`pg-pool-guard server failed to start: ${(error as Error).message}`);
    status.update({ state: 'error', message: (error as Error).message });
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
