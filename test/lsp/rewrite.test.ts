/**
 * The Pool rewrite over a real stdio LSP connection: a workspace whose routes
 * import the db module through a tsconfig path alias (`@/lib/db`, the
 * create-next-app default) gets one rewrite covering both files, with the
 * route's transaction on a checked-out client. Rewrites are computed ahead of
 * the list (once the analysis settles; a list waits for its own within
 * `rewriteListWaitMs`, generous here so the test cannot race), so the FIRST
 * list after opening a file names the rewrite's files, or shows a refused
 * rewrite disabled with its reason — VS Code never takes either from resolve.
 * With computing ahead off (`rewriteListWaitMs: 0`) the list offers it
 * unresolved, it is computed right after that answer, and codeAction/resolve
 * of a refused one tells the user why. A client without resolve support gets
 * the edits in the list. The Pool gets the folder's connectionTimeoutMillis setting.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, baseUrl: '.', paths: { '@/*': ['src/*'] } } }, null, 2);

const DB_TS = [
  "import { Client } from 'pg';",
  '',
  'export const db = new Client(process.env.DATABASE_URL);',
  'db.connect();',
  '',
].join('\n');

const TRANSFER_TS = [
  "import express from 'express';",
  "import { db } from '@/lib/db';",
  '',
  'export const router = express.Router();',
  '',
  "router.post('/transfer', async (req, res) => {",
  '  const { from, to, amount } = req.body;',
  "  await db.query('BEGIN');",
  "  await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);",
  "  await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);",
  "  await db.query('COMMIT');",
  '  res.json({ ok: true });',
  '});',
  '',
].join('\n');

const TENANT_DB_JS = [
  "const { Client } = require('pg');",
  'const tenants = new Client();',
  'tenants.connect();',
  'module.exports = tenants;',
  '',
].join('\n');

const TENANT_ROUTES_JS = [
  "const express = require('express');",
  "const tenants = require('./tenant-db');",
  'const app = express();',
  "app.get('/t/:id', async (req, res) => {",
  "  await tenants.query('SET search_path TO tenant_a');",
  "  res.json((await tenants.query('SELECT * FROM items')).rows);",
  '});',
  'module.exports = app;',
  '',
].join('\n');

const FILES = {
  'tsconfig.json': TSCONFIG,
  'src/lib/db.ts': DB_TS,
  'src/routes/transfer.ts': TRANSFER_TS,
  'src/tenant-db.js': TENANT_DB_JS,
  'src/tenant-routes.js': TENANT_ROUTES_JS,
};

/** Long enough for any rewrite on a loaded machine: the list then always waits for it (no race in the test). */
const WAIT_FOR_REWRITES_MS = 120_000;

async function actionsFor(client: LspTestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
}

describe('LSP Pool rewrite', () => {
  let dir: string;
  let client: LspTestClient;
  const uriOf = (rel: string) => fileUri(join(dir, rel));

  before(async () => {
    dir = writeProject(FILES);
    // The folder's connectionTimeoutMillis setting is what the rewrite writes into the Pool.
    client = await LspTestClient.start({ workspaceDir: dir, configuration: () => ({ connectionTimeoutMillis: 4000 }), initializationOptions: { debounceMs: 0, rewriteListWaitMs: WAIT_FOR_REWRITES_MS } });
    await client.waitForScan();
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  it('from the route’s transaction error through a tsconfig alias: one rewrite covering both files, the transaction on pool.connect()/release()', async () => {
    const routeUri = uriOf('src/routes/transfer.ts');
    const dbUri = uriOf('src/lib/db.ts');
    const txDiagnostic = await waitFor(() => client.diagnostics.get(routeUri)?.diagnostics.find((d) => d.code === 'shared-client-transaction'), 'the transaction error in the route');
    // The first list already names every file: the rewrite was computed ahead of it.
    const listed = (await actionsFor(client, routeUri, txDiagnostic)).find((a) => a.title.startsWith('Rewrite `db`'));
    assert.ok(listed, 'the rewrite is offered from the transaction error');
    assert.equal(listed.title, 'Rewrite `db` to a pg Pool (2 files)');
    assert.ok(listed.edit, 'listed complete');
    const again = (await actionsFor(client, routeUri, txDiagnostic)).find((a) => a.title.startsWith('Rewrite `db`'));
    assert.deepEqual(again?.edit, listed.edit, 'the same revision lists the same rewrite');

    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', listed);
    assert.equal(resolved.title, 'Rewrite `db` to a pg Pool (2 files)');
    assert.equal(resolved.disabled, undefined);
    assert.deepEqual(resolved.edit, again.edit, 'resolve takes the computed rewrite');
    const changes = resolved.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => c.textDocument.uri).sort(), [dbUri, routeUri].sort());
    const db = applyTextEdits(DB_TS, changes.find((c) => c.textDocument.uri === dbUri)!.edits);
    assert.equal(db, [
      "import { Pool } from 'pg';",
      '',
      'export const db = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 4000 });',
      "db.on('error', (err) => {",
      "  console.error('Unexpected error on idle PostgreSQL client', err);",
      '});',
      // The bare db.connect() stays a startup check that fails fast when the database is down.
      "db.query('SELECT 1');",
      '',
    ].join('\n'));
    const route = applyTextEdits(TRANSFER_TS, changes.find((c) => c.textDocument.uri === routeUri)!.edits);
    assert.match(route, /  const client = await db\.connect\(\);\n  let failed = false;\n  try \{\n    await client\.query\('BEGIN'\);/);
    assert.match(route, /    await client\.query\('COMMIT'\);\n  \} catch \(err\) \{\n    failed = true;\n    await client\.query\('ROLLBACK'\);\n    throw err;\n  \} finally \{\n    client\.release\(failed\);\n  \}\n  res\.json\(\{ ok: true \}\);/);
    assert.doesNotMatch(route, /db\.query\('(BEGIN|COMMIT)'/, 'no statement of the transaction is left on the pool');

    // Resolved once: the same revision lists it complete, with the same edit.
    const cached = (await actionsFor(client, routeUri, txDiagnostic)).find((a) => a.title.startsWith('Rewrite `db`'));
    assert.deepEqual(cached?.edit, resolved.edit);
  });

  it('the first list after opening a file whose rewrite must be refused shows it disabled, with its reason', async () => {
    const dbPath = join(dir, 'src/tenant-db.js');
    const statuses = client.statuses.length;
    const dbUri = client.open(dbPath, TENANT_DB_JS, 'javascript');
    // The analysis the open starts has finished (as before a user's Ctrl+.): its pass reports a status.
    await client.waitForScan(statuses);
    const diagnostic = await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.find((d) => d.code === 'shared-client'), 'tenant-db.js diagnostic');
    const first = (await actionsFor(client, dbUri, diagnostic)).find((a) => a.title.startsWith('Rewrite `tenants`'));
    assert.ok(first, 'the rewrite is in the list');
    assert.match(first.disabled?.reason ?? '', /^src\/tenant-routes\.js:5: SET here changes a setting of whichever pooled connection runs it/);
    assert.equal(first.edit, undefined);
    assert.equal(first.data, undefined, 'nothing left to resolve');
    assert.notEqual(first.isPreferred, true);
    assert.equal(client.messages.filter((m) => m.message.includes('SET here changes')).length, 0, 'listing warns nobody');
    client.close(dbUri);
  });
});

describe('LSP Pool rewrite with computing ahead of the list turned off', () => {
  let dir: string;
  let client: LspTestClient;
  const uriOf = (rel: string) => fileUri(join(dir, rel));

  before(async () => {
    dir = writeProject(FILES);
    client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0, rewriteListWaitMs: 0 } });
    await client.waitForScan();
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  it('a rewrite that must be refused is listed unresolved first, disabled with its reason from the list after; resolved, the user is told', async () => {
    const dbUri = uriOf('src/tenant-db.js');
    const diagnostic = await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.find((d) => d.code === 'shared-client'), 'tenant-db.js diagnostic');
    const listed = (await actionsFor(client, dbUri, diagnostic)).find((a) => a.title.startsWith('Rewrite `tenants`'));
    assert.ok(listed);
    assert.equal(listed.edit, undefined, 'the first list does not compute it');
    // No resolve in between: the server computed it after answering, and no longer offers it as applicable.
    const listedAgain = (await actionsFor(client, dbUri, diagnostic)).find((a) => a.title.startsWith('Rewrite `tenants`'));
    assert.match(listedAgain?.disabled?.reason ?? '', /^src\/tenant-routes\.js:5: SET here changes a setting of whichever pooled connection runs it/);
    assert.equal(listedAgain?.edit, undefined);
    assert.notEqual(listedAgain?.isPreferred, true);
    assert.equal(client.messages.filter((m) => m.message.includes('SET here changes')).length, 0, 'listing warns nobody');

    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', listed);
    assert.equal(resolved.edit, undefined);
    assert.equal(resolved.disabled?.reason, listedAgain?.disabled?.reason);
    await waitFor(() => client.messages.find((m) => m.message.includes('SET here changes')), 'a warning for the user');
  });
});

describe('LSP Pool rewrite for a client that cannot resolve code actions', () => {
  it('computes the rewrite while listing', async () => {
    const dir = writeProject(FILES);
    const client = await LspTestClient.start({
      workspaceDir: dir,
      capabilities: (full) => ({ ...full, textDocument: { ...full.textDocument, codeAction: { ...full.textDocument!.codeAction, resolveSupport: undefined } } }),
    });
    try {
      await client.waitForScan();
      const dbUri = fileUri(join(dir, 'src/lib/db.ts'));
      const diagnostic = await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics[0], 'db.ts diagnostic');
      const rewrite = (await actionsFor(client, dbUri, diagnostic)).find((a) => a.title.startsWith('Rewrite `db`'));
      assert.equal(rewrite?.title, 'Rewrite `db` to a pg Pool (2 files)');
      assert.equal((rewrite?.edit?.documentChanges as TextDocumentEdit[]).length, 2);
    } finally {
      await client.stop();
      removeProject(dir);
    }
  });
});
