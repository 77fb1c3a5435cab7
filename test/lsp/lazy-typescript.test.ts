/**
 * The language server's main thread loads the TypeScript compiler only for
 * what needs it there: a Pool rewrite (engine/fix parses the files it
 * rewrites), module resolution and project configs that TypeScript must
 * answer (engine/graph/resolve.ts). The analysis worker parses. A workspace
 * without a driver module is done after its text scan, and its editing
 * session (edits, code action lists) never loads the compiler on the main
 * thread: 16 MB less resident memory on the pg-free bench workspace
 * (server/src/lsp/fix-provider.ts).
 * A preload reports whether the main thread required it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';
import { DB_TS, NEW_CLIENT, rangeOf, ROUTES_TS } from './project';

const PRELOAD = join(__dirname, 'report-main-thread-typescript.cjs');

/** Starts the server with the preload. */
function startReporting(dir: string): Promise<LspTestClient> {
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim();
  return LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0, rewriteListWaitMs: 0 }, env: { NODE_OPTIONS: nodeOptions } });
}

async function mainThreadLoadedTypeScript(client: LspTestClient): Promise<boolean> {
  await client.stop();
  const match = await waitFor(() => /main thread loaded typescript: (true|false)/.exec(client.stderr) ?? undefined, 'the preload report at exit');
  return match[1] === 'true';
}

const FRONT_END = {
  'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }\n',
  'package.json': '{ "name": "front-end", "private": true, "imports": { "#theme": "./src/theme.ts" } }\n',
  'src/button.tsx': "import React from 'react';\nimport { theme } from '@/theme';\nexport const Button = () => <button style={theme}>Save</button>;\n",
  'src/theme.ts': "import tokens from '#theme';\nexport const theme = { color: tokens.pg };\n",
  'src/api.ts': "import { get } from './http.js';\nexport const fetchUsers = () => get('/api/users');\n",
  'src/http.ts': "export const get = (url: string) => fetch(url).then((r) => r.json());\n",
};

/** A checkout no path releases: pool-client-leak, whose control-flow check runs in the fact walk (the worker). */
const JOBS_TS = [
  "import { Pool } from 'pg';",
  '',
  'export const pool = new Pool({ connectionTimeoutMillis: 5000 });',
  "pool.on('error', (error) => console.error(error));",
  '',
  'export async function nightlyCount(): Promise<number> {',
  '  const client = await pool.connect();',
  "  const { rows } = await client.query('SELECT count(*)::int AS n FROM users');",
  '  return rows[0].n;',
  '}',
  '',
].join('\n');

describe('the language server main thread loads TypeScript only when it must', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeProject));

  it('not for a workspace without a driver module: scan, edits and code action lists', async () => {
    const dir = writeProject(FRONT_END);
    dirs.push(dir);
    const client = await startReporting(dir);
    const status = await client.waitForScan();
    assert.equal(status.files, 4);
    const path = join(dir, 'src/api.ts');
    const uri = fileUri(path);
    client.open(path, FRONT_END['src/api.ts']);
    await client.nextPublish(uri, (p) => p.version === 1);
    const version = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "import { theme } from '@/theme';\n" }]);
    await client.nextPublish(uri, (p) => p.version === version);
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
    assert.equal(await mainThreadLoadedTypeScript(client), false);
  });

  it('not for the findings of a driver app whose imports need no compiler (the rules run on this thread)', async () => {
    const dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'src/jobs.ts': JOBS_TS });
    dirs.push(dir);
    const client = await startReporting(dir);
    await client.waitForScan();
    const rulesOf = (file: string) => client.diagnostics.get(fileUri(join(dir, file)))?.diagnostics.map((d) => d.code) ?? [];
    await waitFor(() => rulesOf('src/db.ts').includes('shared-client') && rulesOf('src/jobs.ts').includes('pool-client-leak') || undefined, 'the shared Client and the leaked checkout');
    assert.equal(await mainThreadLoadedTypeScript(client), false);
  });

  it('for a Pool rewrite, on the first one', async () => {
    const dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS });
    dirs.push(dir);
    const client = await startReporting(dir);
    await client.waitForScan();
    const uri = fileUri(join(dir, 'src/db.ts'));
    const diagnostics = await waitFor(() => client.diagnostics.get(uri)?.diagnostics.length === 1 && client.diagnostics.get(uri)!.diagnostics, 'the db.ts finding');
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: rangeOf(DB_TS, NEW_CLIENT), context: { diagnostics } });
    const rewrite = actions.find((a) => a.isPreferred || /Pool/.test(a.title));
    assert.ok(rewrite, JSON.stringify(actions.map((a) => a.title)));
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', rewrite);
    assert.ok(resolved.edit, 'the rewrite resolved with its edits');
    assert.equal(await mainThreadLoadedTypeScript(client), true);
  });
});
