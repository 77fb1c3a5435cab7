/**
 * The language server persists facts in the storage folder the client
 * hands in (initializationOptions.storagePath, VS Code's storageUri): a
 * restart installs the facts of unchanged files without parsing them, and
 * publishes the same diagnostics. A stale or corrupt cache is ignored, with
 * a log line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DB_TS, ROUTES_TS } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

describe('LSP facts cache', () => {
  let dir: string;
  let storagePath: string;

  before(() => {
    dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'src/util.ts': 'export const twice = (n: number) => n * 2;\n' });
    storagePath = mkdtempSync(join(tmpdir(), 'pgpg-storage-'));
  });
  after(() => {
    removeProject(dir);
    rmSync(storagePath, { recursive: true, force: true });
  });

  async function start(pgModules?: string[]) {
    const client = await LspTestClient.start({
      workspaceDir: dir,
      initializationOptions: { debounceMs: 0, storagePath },
      configuration: () => (pgModules ? { pgModules } : {}),
    });
    await client.waitForScan();
    const dbUri = fileUri(join(dir, 'src/db.ts'));
    return { client, dbDiagnostics: () => client.diagnostics.get(dbUri)?.diagnostics ?? [] };
  }

  const cacheFiles = () => readdirSync(storagePath).filter((f) => f.endsWith('.jsonl'));
  const cacheLine = (client: LspTestClient) => client.logs.find((l) => l.startsWith('Facts cache: '));

  it('writes the cache after the first scan, and a restart parses only what changed', async () => {
    const first = await start();
    try {
      await waitFor(() => first.dbDiagnostics().length === 1 || undefined, 'the shared-client finding');
      assert.equal(cacheLine(first.client), undefined, 'nothing to restore on the first start');
      await waitFor(() => cacheFiles().length === 1 || undefined, 'the cache file written after the first scan');
    } finally {
      await first.client.stop();
    }

    const second = await start();
    try {
      // util.ts is in no import component of a driver file: never parsed, so never cached (its text scan is redone).
      assert.equal(cacheLine(second.client), 'Facts cache: 2 of 3 files unchanged since the last run, not parsed again');
      await waitFor(() => second.dbDiagnostics().length === 1 || undefined, 'the shared-client finding, from cached facts');
      assert.deepEqual(second.dbDiagnostics().map((d) => [d.code, d.range.start.line]), [['shared-client', 2]]);
    } finally {
      await second.client.stop();
    }

    // An edit made while the server was not running is seen: that file is parsed again.
    writeFileSync(join(dir, 'src/routes.ts'), "import { db } from './db';\nexport const close = () => db.end();\n");
    const third = await start();
    try {
      assert.equal(cacheLine(third.client), 'Facts cache: 1 of 3 files unchanged since the last run, not parsed again');
      assert.equal(third.client.statuses.at(-1)?.problems, 0, 'no more shared-client finding');
    } finally {
      await third.client.stop();
    }
    writeFileSync(join(dir, 'src/routes.ts'), ROUTES_TS);
  });

  it('ignores a corrupt cache and one written with other pgModules, with a log line', async () => {
    const [file] = cacheFiles();
    writeFileSync(join(storagePath, file), readFileSync(join(storagePath, file), 'utf8').slice(0, -30));
    const corrupt = await start();
    try {
      assert.ok(corrupt.client.logs.some((l) => /^Facts cache for .+ corrupt \(.+\); ignored$/.test(l)), corrupt.client.logs.join('\n'));
      assert.equal(cacheLine(corrupt.client), undefined);
      await waitFor(() => corrupt.dbDiagnostics().length === 1 || undefined, 'the finding, from a fresh analysis');
    } finally {
      await corrupt.client.stop();
    }
    const otherModules = await start(['pg', 'my-pg']);
    try {
      assert.ok(otherModules.client.logs.some((l) => /^Facts cache for .+ written with other pgModules; ignored$/.test(l)), otherModules.client.logs.join('\n'));
      await waitFor(() => otherModules.dbDiagnostics().length === 1 || undefined, 'the finding, from a fresh analysis');
    } finally {
      await otherModules.client.stop();
    }
  });
});
