/**
 * The server survives bad input: unknown methods, malformed params,
 * out-of-range edits, unknown URIs, a binary file and a 5 MB file in the
 * workspace. After each, it must still answer requests.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DB_TS, ROUTES_TS } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

function binaryContent(): Buffer {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 256;
  return bytes;
}

function fiveMegabyteModule(): string {
  const line = 'export const value_0000000 = "padding padding padding padding padding padding";\n';
  return line.repeat(Math.ceil((5 * 1024 * 1024) / line.length));
}

describe('LSP robustness', () => {
  let dir: string;
  let client: LspTestClient;
  let dbUri: string;

  before(async () => {
    dir = writeProject({
      'src/db.ts': DB_TS,
      'src/routes.ts': ROUTES_TS,
      'src/blob.js': binaryContent(),
      'src/huge.ts': fiveMegabyteModule(),
    });
    dbUri = fileUri(join(dir, 'src/db.ts'));
    client = await LspTestClient.start({ workspaceDir: dir });
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  /** A cheap request proving the server still answers. */
  async function assertAlive(): Promise<void> {
    assert.ok(client.alive(), `server exited; stderr: ${client.stderr}`);
    const actions = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dbUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.ok(Array.isArray(actions));
  }

  it('scans a workspace holding a binary file and a 5 MB file', async () => {
    const status = await client.waitForScan();
    // huge.ts was left out: the status says so, as vscode-eslint's does for its time budget.
    assert.equal(status.state, 'warning');
    assert.equal(status.skipped, 1);
    assert.match(status.message ?? '', /^1 file not analysed: src\/huge\.ts \(\d+ bytes, over the 2097152-byte limit\)$/);
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'db.ts diagnostic despite the odd files');
    assert.equal(status.files, 3, 'db.ts, routes.ts and blob.js (an empty entry with a notice); huge.ts is not read');
    // Log lines name files relative to their folder.
    assert.ok(client.logs.includes(`src/huge.ts: skipped (${status.message!.match(/\((\d+ bytes[^)]*)\)/)![1]})`), client.logs.join('\n'));
    assert.ok(client.logs.some((line) => line.startsWith('src/blob.js: ') && line.includes('binary file skipped')), client.logs.join('\n'));
    assert.ok(client.logs.some((line) => /^Scanned 1 folder in \d+ ms: 3 files · 1 problem · 1 skipped$/.test(line)), client.logs.join('\n'));
    await assertAlive();
  });

  it('answers an unknown request with MethodNotFound and keeps serving', async () => {
    await assert.rejects(client.connection.sendRequest('pgPoolGuard/noSuchMethod', { x: 1 }), (error: { code?: number }) => error.code === -32601);
    await client.connection.sendNotification('pgPoolGuard/noSuchNotification', { x: 1 });
    await assertAlive();
  });

  it('answers malformed params with InvalidParams', async () => {
    await assert.rejects(client.connection.sendRequest('textDocument/codeAction', {}), (error: { code?: number }) => error.code === -32602);
    await assert.rejects(
      client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dbUri }, range: { start: { line: 'x' } } }),
      (error: { code?: number }) => error.code === -32602,
    );
    await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: 'nope' }), (error: { code?: number }) => error.code === -32602);
    await client.connection.sendNotification('textDocument/didChange', { nonsense: true });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: 'nope' });
    await assertAlive();
  });

  it('survives didChange edits outside the document', async () => {
    const routesUri = client.open(join(dir, 'src/routes.ts'), ROUTES_TS);
    client.change(routesUri, [{ range: { start: { line: 999, character: 5 }, end: { line: 1200, character: 0 } }, text: '// appended' }]);
    client.change(routesUri, [{ range: { start: { line: -3, character: -1 }, end: { line: 0, character: 99999 } }, text: '' }]);
    client.change(routesUri, [{ range: { start: { line: 4, character: 0 }, end: { line: 1, character: 0 } }, text: 'reversed' }]);
    await waitFor(() => client.diagnostics.get(routesUri)?.version === 4 || undefined, 'routes.ts analysed at version 4');
    await assertAlive();
  });

  it('returns empty results for unknown and non-file URIs', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    for (const uri of [fileUri(join(dir, 'src/missing.ts')), 'untitled:Untitled-1', 'not a uri']) {
      assert.deepEqual(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }), []);
    }
    await assertAlive();
  });
});

describe('LSP with an uncooperative client', () => {
  it('still scans and publishes when the client refuses registrations, progress tokens and configuration', async () => {
    const dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS });
    const client = await LspTestClient.start({
      workspaceDir: dir,
      refuse: ['client/registerCapability', 'window/workDoneProgress/create', 'workspace/configuration'],
    });
    try {
      assert.equal((await client.waitForScan()).state, 'ok');
      const published = await waitFor(() => client.diagnostics.get(fileUri(join(dir, 'src/db.ts')))?.diagnostics[0], 'db.ts diagnostic with default settings');
      assert.equal(published.severity, 2);
      assert.deepEqual(client.progress, []);
      assert.ok(client.logs.some((line) => line.includes('workspace/configuration failed')), client.logs.join('\n'));
    } finally {
      await client.stop();
      removeProject(dir);
    }
  });
});

describe('LSP analysis time budget', () => {
  it('drops a file over the budget and turns the status to warning, naming the file and the budget', async () => {
    // ~3,000 lines: parsing takes milliseconds, always over a 0 ms budget.
    const big = Array.from({ length: 3000 }, (_, i) => `export function f${i}(x: number) { return x + ${i}; }`).join('\n');
    const dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'src/big.ts': big });
    const client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0, analysisBudgetMs: 0 } });
    try {
      const status = await client.waitForScan();
      assert.equal(status.state, 'warning');
      assert.ok(status.skipped >= 1, JSON.stringify(status));
      assert.match(status.message ?? '', /src\/big\.ts \(analysis stopped after \d+ ms, over the 0 ms time budget\)/);
    } finally {
      await client.stop();
      removeProject(dir);
    }
  });
});
