/**
 * Cancellation and waiting, over a real stdio connection. The client holds
 * the server's workspace/configuration answers (holdConfiguration) so a scan
 * is reliably still running when the test sends a request or a cancel:
 * - a scan cancelled from its progress (the user's cancel button) and through
 *   the executeCommand request that started it;
 * - a codeAction/resolve cancelled while it waits for its document's analysis;
 * - code actions asked before the first analysis wait for it, within a bound.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, type CodeAction } from 'vscode-languageserver-protocol';
import { DB_TS, importerRoute, NEW_CLIENT, POOLED_TS, rangeOf, ROUTES_TS } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

const REQUEST_CANCELLED = -32800;


function project(): string {
  const importers = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`src/routes/r${i}.ts`, importerRoute(i)]));
  return writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'src/pooled.ts': POOLED_TS, ...importers });
}

describe('LSP cancellation', () => {
  let dir: string;
  let client: LspTestClient;
  let pooledUri: string;

  before(async () => {
    dir = project();
    pooledUri = fileUri(join(dir, 'src/pooled.ts'));
    client = await LspTestClient.start({ workspaceDir: dir });
    await client.waitForScan();
    await waitFor(() => client.diagnostics.get(pooledUri)?.diagnostics[0], 'pooled.ts diagnostic');
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  /** Start a re-scan and wait until it has begun its progress and is waiting for settings. */
  async function heldScan(token?: CancellationTokenSource): Promise<{ done: Promise<unknown>; progressToken: string | number }> {
    client.holdConfiguration();
    const begins = client.progress.filter((p) => p.value.kind === 'begin').length;
    const asked = client.configurationRequests;
    const params = { command: 'pgPoolGuard.analyzeWorkspace' };
    // (An undefined token would be sent as a second parameter.)
    const done = token ? client.connection.sendRequest('workspace/executeCommand', params, token.token) : client.connection.sendRequest('workspace/executeCommand', params);
    done.catch(() => undefined);
    const begin = await waitFor(() => client.progress.filter((p) => p.value.kind === 'begin')[begins], 'the scan’s progress begin');
    assert.equal(begin.value.cancellable, true, 'the scan progress can be cancelled');
    await waitFor(() => client.configurationRequests > asked || undefined, 'the scan asking for settings');
    return { done, progressToken: begin.token };
  }

  it('cancels a scan from its work-done progress and keeps what was analysed', async () => {
    const statuses = client.statuses.length;
    const { done, progressToken } = await heldScan();
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token: progressToken });
    client.releaseConfiguration();
    assert.equal(await done, null);
    const status = await waitFor(() => client.statuses.slice(statuses).find((s) => s.state !== 'analysing'), 'status after the cancelled scan');
    assert.equal(status.state, 'warning');
    assert.match(status.message ?? '', /^workspace scan cancelled before it read any file; run "pg-pool-guard: Analyze Workspace" to finish it$/);
    assert.ok(client.progress.some((p) => p.token === progressToken && p.value.kind === 'end'), 'the progress ended');
    assert.ok(client.logs.some((l) => /^Scan cancelled before it read any file \(\d+ ms\): 11 files · 2 problems$/.test(l)), client.logs.join('\n'));
    // The earlier analysis is kept: the diagnostic is still there.
    assert.equal(client.diagnostics.get(pooledUri)?.diagnostics.length, 1);
  });

  it('cancels a scan through the executeCommand request that started it', async () => {
    const source = new CancellationTokenSource();
    const statuses = client.statuses.length;
    const { done } = await heldScan(source);
    source.cancel();
    client.releaseConfiguration();
    await assert.rejects(done, (error: { code?: number }) => error.code === REQUEST_CANCELLED);
    const status = await waitFor(() => client.statuses.slice(statuses).find((s) => s.state !== 'analysing'), 'status after the cancelled scan');
    assert.equal(status.state, 'warning');
  });
});

describe('LSP cancellation of a waiting codeAction/resolve', () => {
  // A resolve waits for its own document's pending analysis (not for a workspace scan, which never
  // blocks a request). A long debounce keeps the edited document pending while the cancel arrives.
  const DEBOUNCE_MS = 5_000;
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    dir = project();
    client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: DEBOUNCE_MS } });
    await client.waitForScan();
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  it('cancels a codeAction/resolve that waits for its document\'s analysis, and resolves it once asked again', async () => {
    const path = join(dir, 'src/pooled.ts');
    const uri = client.open(path, POOLED_TS);
    const published = await waitFor(() => client.diagnostics.get(uri)?.diagnostics[0], 'pooled.ts diagnostic');
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: published.range, context: { diagnostics: [published] } });
    const deferred = actions.find((a) => a.title.startsWith('Rewrite `store` to a pg Pool'));
    assert.ok(deferred, JSON.stringify(actions.map((a) => a.title)));

    const edited = `${POOLED_TS}// edited\n`;
    const version = client.change(uri, [{ text: edited }]);
    const source = new CancellationTokenSource();
    const resolving = client.connection.sendRequest('codeAction/resolve', deferred, source.token);
    source.cancel();
    await assert.rejects(resolving, (error: { code?: number }) => error.code === REQUEST_CANCELLED);

    await client.nextPublish(uri, (p) => p.version === version);
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', deferred);
    assert.ok(resolved.edit?.documentChanges?.length, JSON.stringify(resolved));
  });
});

describe('LSP code actions before the first analysis', () => {
  it('wait for the first scan instead of answering nothing', async () => {
    const dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS });
    const client = await LspTestClient.start({ workspaceDir: dir, holdConfiguration: true });
    try {
      await waitFor(() => client.configurationRequests > 0 || undefined, 'the first scan asking for settings');
      const dbUri = client.open(join(dir, 'src/db.ts'), DB_TS);
      const asked = client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: dbUri }, range: rangeOf(DB_TS, NEW_CLIENT), context: { diagnostics: [] } });
      // Nothing is published while the scan waits for its settings: an answer now would be empty.
      assert.equal(client.diagnostics.get(dbUri), undefined);
      client.releaseConfiguration();
      const titles = (await asked).map((a) => a.title);
      assert.ok(titles.includes('Disable shared-client for this line'), JSON.stringify(titles));
    } finally {
      client.releaseConfiguration();
      await client.stop();
      removeProject(dir);
    }
  });

  it('answer with what there is once the bound (codeActionWaitMs) has passed', async () => {
    const dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS });
    const client = await LspTestClient.start({ workspaceDir: dir, holdConfiguration: true, initializationOptions: { debounceMs: 0, codeActionWaitMs: 50 } });
    try {
      await waitFor(() => client.configurationRequests > 0 || undefined, 'the first scan asking for settings');
      const dbUri = client.open(join(dir, 'src/db.ts'), DB_TS);
      const actions = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dbUri }, range: rangeOf(DB_TS, NEW_CLIENT), context: { diagnostics: [] } });
      assert.deepEqual(actions, []);
    } finally {
      client.releaseConfiguration();
      await client.stop();
      removeProject(dir);
    }
  });
});
