/**
 * Multi-root workspaces: settings are asked per folder (scopeUri), so each
 * folder gets its own severities and excludes; folders added later are scanned.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CREATION_SQUIGGLE, DB_TS, rangeOf, ROUTES_TS } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

describe('LSP workspace folders', () => {
  const dirs: string[] = [];
  let client: LspTestClient;
  const scopes: (string | undefined)[] = [];

  before(async () => {
    for (let i = 0; i < 3; i++) dirs.push(writeProject({ 'db.ts': DB_TS, 'routes.ts': ROUTES_TS, 'generated/db.ts': DB_TS, 'generated/routes.ts': ROUTES_TS }));
    client = await LspTestClient.start({
      workspaceDir: dirs[0],
      extraFolders: [dirs[1]],
      configuration: (item) => {
        scopes.push(item.scopeUri);
        // Folder 1 raises the severity; folder 0 excludes its generated code.
        if (item.scopeUri === fileUri(dirs[1])) return { rules: { 'shared-client': 'error' } };
        if (item.scopeUri === fileUri(dirs[0])) return { exclude: ['generated/**'] };
        return {};
      },
    });
    await client.waitForScan();
  });

  after(async () => {
    await client.stop();
    for (const dir of dirs) removeProject(dir);
  });

  it('applies each folder’s own settings', async () => {
    assert.ok(scopes.includes(fileUri(dirs[0])) && scopes.includes(fileUri(dirs[1])), JSON.stringify(scopes));
    const first = await waitFor(() => client.diagnostics.get(fileUri(join(dirs[0], 'db.ts')))?.diagnostics[0], 'folder 0 db.ts');
    const second = await waitFor(() => client.diagnostics.get(fileUri(join(dirs[1], 'db.ts')))?.diagnostics[0], 'folder 1 db.ts');
    assert.equal(first.severity, 2);
    assert.equal(second.severity, 1);
    assert.deepEqual(second.range, rangeOf(DB_TS, CREATION_SQUIGGLE));
    assert.equal(client.diagnostics.get(fileUri(join(dirs[0], 'generated/db.ts'))), undefined, 'excluded in folder 0');
    await waitFor(() => client.diagnostics.get(fileUri(join(dirs[1], 'generated/db.ts')))?.diagnostics[0], 'not excluded in folder 1');
  });

  it('scans a folder added with didChangeWorkspaceFolders', async () => {
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: fileUri(dirs[2]), name: 'folder2' }], removed: [] },
    });
    const added = await waitFor(() => client.diagnostics.get(fileUri(join(dirs[2], 'db.ts')))?.diagnostics[0], 'folder 2 db.ts');
    assert.equal(added.code, 'shared-client');
  });
});

describe('LSP project configs', () => {
  it('resolves tsconfig paths, and follows the tsconfig through watched-file events', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@app/db': ['src/db.ts'] } } });
    const routes = ROUTES_TS.replace("from './db'", "from '@app/db'");
    const dir = writeProject({ 'tsconfig.json': tsconfig, 'src/db.ts': DB_TS, 'src/routes.ts': routes });
    const client = await LspTestClient.start({ workspaceDir: dir });
    try {
      const dbUri = fileUri(join(dir, 'src/db.ts'));
      await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'finding through the paths alias');
      const { rmSync, writeFileSync } = await import('node:fs');
      rmSync(join(dir, 'tsconfig.json'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, 'tsconfig.json')), type: 3 }] });
      await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 0 || undefined, 'alias unresolved without tsconfig');
      writeFileSync(join(dir, 'tsconfig.json'), tsconfig);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, 'tsconfig.json')), type: 1 }] });
      await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'alias resolved again');
    } finally {
      await client.stop();
      removeProject(dir);
    }
  });
});

describe('LSP workspace packages', () => {
  it('resolves a workspace package by name, and follows its package.json through watched-file events', async () => {
    const manifest = JSON.stringify({ name: '@acme/db', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } });
    const routes = ROUTES_TS.replace("from './db'", "from '@acme/db'");
    const dir = writeProject({
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'packages/db/package.json': manifest,
      'packages/db/src/index.ts': DB_TS,
      'apps/api/routes.ts': routes,
    });
    const client = await LspTestClient.start({ workspaceDir: dir });
    try {
      await waitFor(() => client.registrations.some((r) => JSON.stringify(r.registerOptions ?? {}).includes('**/package.json')) || undefined,
        'package.json files are watched');
      const dbUri = fileUri(join(dir, 'packages/db/src/index.ts'));
      const manifestUri = fileUri(join(dir, 'packages/db/package.json'));
      await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'finding through the workspace package');
      const { writeFileSync } = await import('node:fs');
      // Renamed: the app's import names no workspace package any more.
      writeFileSync(join(dir, 'packages/db/package.json'), manifest.replace('@acme/db', '@acme/database'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 2 }] });
      await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 0 || undefined, 'unresolved after the rename');
      writeFileSync(join(dir, 'packages/db/package.json'), manifest);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 2 }] });
      await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'resolved again');
    } finally {
      await client.stop();
      removeProject(dir);
    }
  });
});

describe('LSP multi-root: each folder its own engine', () => {
  it('uses each folder’s pgModules, and writes message paths relative to the folder of the file', async () => {
    // Both folders import Client from the same wrapper module; only folder A says it is node-postgres.
    const wrapped = DB_TS.replace("from 'pg'", "from 'company-pg'");
    const a = writeProject({ 'db.ts': wrapped, 'routes.ts': ROUTES_TS });
    const b = writeProject({ 'db.ts': wrapped, 'routes.ts': ROUTES_TS, 'pg/db.ts': DB_TS, 'pg/routes.ts': ROUTES_TS });
    const client = await LspTestClient.start({
      workspaceDir: a,
      extraFolders: [b],
      configuration: (item) => (item.scopeUri === fileUri(a) ? { pgModules: ['pg', 'company-pg'] } : {}),
    });
    try {
      await client.waitForScan();
      const inA = await waitFor(() => client.diagnostics.get(fileUri(join(a, 'db.ts')))?.diagnostics[0], 'folder A db.ts (company-pg is pg there)');
      const inB = await waitFor(() => client.diagnostics.get(fileUri(join(b, 'pg/db.ts')))?.diagnostics[0], 'folder B pg/db.ts');
      assert.equal(client.diagnostics.get(fileUri(join(b, 'db.ts')))?.diagnostics.length ?? 0, 0, 'company-pg is not pg in folder B');
      // Relative to each file's own folder, not to the first folder.
      assert.match(inA.message, /\(Express handler, routes\.ts:6\)/);
      assert.match(inB.message, /\(Express handler, pg\/routes\.ts:6\)/);
    } finally {
      await client.stop();
      removeProject(a);
      removeProject(b);
    }
  });
});

describe('LSP watched files and symlinks', () => {
  it('skips a watched file that is a symlink, as the scan does, and still reads a real one', async () => {
    const { symlinkSync, writeFileSync } = await import('node:fs');
    const outside = writeProject({ 'secret.ts': DB_TS });
    const dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS });
    const linked = join(dir, 'src/linked.ts');
    symlinkSync(join(outside, 'secret.ts'), linked);
    const client = await LspTestClient.start({ workspaceDir: dir });
    try {
      const scanned = await client.waitForScan();
      assert.equal(scanned.files, 2, 'the scan skips src/linked.ts');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(linked), type: 1 }] });
      await waitFor(() => client.logs.some((l) => /^Files changed on disk: 0 read, 0 removed in \d+ ms: 2 files · 1 problem$/.test(l)) || undefined, 'the watched-file pass');
      assert.equal(client.diagnostics.get(fileUri(linked)), undefined);
      const real = join(dir, 'src/worker.ts');
      writeFileSync(real, "import { db } from './db';\nsetInterval(() => db.query('SELECT 1'), 1000);\n");
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(real), type: 1 }] });
      await waitFor(() => client.logs.some((l) => /^Files changed on disk: 1 read, 0 removed in \d+ ms: 3 files · 1 problem$/.test(l)) || undefined, 'the real file read');
    } finally {
      await client.stop();
      removeProject(dir);
      removeProject(outside);
    }
  });
});
