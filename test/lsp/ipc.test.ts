/** Transports: Node IPC (`--node-ipc`, as the VS Code client starts it) and stdio by default. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type InitializeResult } from 'vscode-languageserver-protocol/node';
import { fileUri, LspTestClient, removeProject, spawnServer, waitFor, writeProject } from './harness';
import { DB_TS } from './project';

describe('LSP transports', () => {
  it('initializes, scans and shuts down', async () => {
    const dir = writeProject({ 'db.ts': DB_TS });
    const child = spawnServer(['--node-ipc'], ['ignore', 'ignore', 'pipe', 'ipc']);
    let exited = false;
    child.on('exit', () => (exited = true));
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const statuses: { state: string; files: number }[] = [];
    connection.onNotification('pgPoolGuard/status', (s: { state: string; files: number }) => statuses.push(s));
    connection.listen();
    try {
      const result: InitializeResult = await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: fileUri(dir),
        workspaceFolders: [{ uri: fileUri(dir), name: 'ipc' }],
        capabilities: {},
      });
      assert.equal(result.serverInfo?.name, 'pg-pool-guard');
      // A client that declares no capabilities gets plain commands, no resolve, no pull diagnostics.
      assert.equal(result.capabilities.codeActionProvider, true);
      assert.equal(result.capabilities.diagnosticProvider, undefined);
      await connection.sendNotification('initialized', {});
      const ok = await waitFor(() => statuses.find((s) => s.state === 'ok'), 'status ok over IPC');
      assert.equal(ok.files, 1);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await waitFor(() => exited, 'server exit');
    } finally {
      connection.dispose();
      if (!exited) child.kill();
      removeProject(dir);
    }
  });

  it('speaks stdio when started without a transport flag', async () => {
    const dir = writeProject({ 'db.ts': DB_TS });
    const client = await LspTestClient.start({ workspaceDir: dir, args: [] });
    try {
      assert.equal(client.initializeResult?.serverInfo?.name, 'pg-pool-guard');
      assert.equal((await client.waitForScan()).files, 1);
    } finally {
      await client.stop();
      removeProject(dir);
    }
  });
});
