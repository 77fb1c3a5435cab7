/**
 * The language server persists facts in the storage folder the client
 * hands in (initializationOptions.storagePath, VS Code's storageUri): a
 * restart installs the facts of unchanged files without parsing them, and
 * publishes the same diagnostics. A stale or corrupt cache is ignored, with
 * a log line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DB_TS, ROUTES_TS } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

/** A restart that published the last run's report says so in its log first; its facts are installed by the next status. */
async function factsInstalled(client: LspTestClient): Promise<void> {
  if (client.logs.some((l) => l.startsWith('Cached report: '))) {
    await waitFor(() => client.statuses.filter((s) => s.state !== 'analysing').length >= 2 || undefined, 'the status after the facts were installed');
  }
}

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
    await factsInstalled(client);
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
    // The module resolutions are kept with the facts (as the CLI's --cache keeps them), for the next start's import index.
    const resolutions = readFileSync(join(storagePath, cacheFiles()[0]), 'utf8').split('\n').find((line) => line.startsWith('{"resolutions":'));
    assert.ok(resolutions?.includes(JSON.stringify(join(dir, 'src/db.ts'))), `routes.ts's './db' resolved to src/db.ts: ${resolutions}`);

    const second = await start();
    try {
      // util.ts is in no import component of a driver file: never parsed (only its text scan is cached).
      // Files written more than the racy margin before they were read are not even read again (the next describe).
      assert.match(cacheLine(second.client) ?? '', /^Facts cache: 2 of 3 files unchanged since the last run, not parsed again(; [0-3] not even read \(mtime and size as recorded\))?$/);
      await waitFor(() => second.dbDiagnostics().length === 1 || undefined, 'the shared-client finding, from cached facts');
      assert.deepEqual(second.dbDiagnostics().map((d) => [d.code, d.range.start.line]), [['shared-client', 2]]);
    } finally {
      await second.client.stop();
    }

    // An edit made while the server was not running is seen: that file is parsed again.
    writeFileSync(join(dir, 'src/routes.ts'), "import { db } from './db';\nexport const close = () => db.end();\n");
    const third = await start();
    try {
      assert.match(cacheLine(third.client) ?? '', /^Facts cache: 1 of 3 files unchanged since the last run, not parsed again(; [0-2] not even read \(mtime and size as recorded\))?$/);
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

describe('LSP facts cache: files with the recorded mtime and size', () => {
  let dir: string;
  let storagePath: string;
  const hourAgo = new Date(Date.now() - 3_600_000);
  const files = ['src/db.ts', 'src/routes.ts', 'src/util.ts'];

  before(() => {
    dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'src/util.ts': 'export const twice = (n: number) => n * 2;\n' });
    for (const file of files) utimesSync(join(dir, file), hourAgo, hourAgo);
    storagePath = mkdtempSync(join(tmpdir(), 'pgpg-storage-'));
  });
  after(() => {
    removeProject(dir);
    rmSync(storagePath, { recursive: true, force: true });
  });

  async function start() {
    const client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0, storagePath } });
    await client.waitForScan();
    await factsInstalled(client);
    const dbUri = fileUri(join(dir, 'src/db.ts'));
    return { client, dbDiagnostics: () => client.diagnostics.get(dbUri)?.diagnostics ?? [] };
  }
  const cacheLine = (client: LspTestClient) => client.logs.find((l) => l.startsWith('Facts cache: '));

  it('are not read on a restart (ESLint\'s metadata strategy); another mtime is read and hashed', async () => {
    const first = await start();
    try {
      await waitFor(() => first.dbDiagnostics().length === 1 || undefined, 'the shared-client finding');
      await waitFor(() => readdirSync(storagePath).some((f) => f.endsWith('.jsonl')) || undefined, 'the cache file');
    } finally {
      await first.client.stop();
    }
    const second = await start();
    try {
      assert.equal(cacheLine(second.client), 'Facts cache: 2 of 3 files unchanged since the last run, not parsed again; 3 not even read (mtime and size as recorded)');
      await waitFor(() => second.dbDiagnostics().length === 1 || undefined, 'the shared-client finding, from cached facts');
    } finally {
      await second.client.stop();
    }
    // Other content of the same size, with the recorded mtime: taken as unchanged — the file was not read.
    const routes = join(dir, 'src/routes.ts');
    const unused = ROUTES_TS.replace("await db.query('SELECT id FROM users')", "await Promise.resolve({ rows: [0] })  ");
    assert.equal(unused.length, ROUTES_TS.length);
    writeFileSync(routes, unused);
    utimesSync(routes, hourAgo, hourAgo);
    const third = await start();
    try {
      await waitFor(() => third.dbDiagnostics().length === 1 || undefined, 'the finding from the cached facts of the unread file');
    } finally {
      await third.client.stop();
    }
    const now = new Date();
    utimesSync(routes, now, now);
    const fourth = await start();
    try {
      assert.equal(cacheLine(fourth.client), 'Facts cache: 1 of 3 files unchanged since the last run, not parsed again; 2 not even read (mtime and size as recorded)');
      assert.equal(fourth.client.statuses.at(-1)?.problems, 0, 'read, hashed and parsed: no more finding');
    } finally {
      await fourth.client.stop();
    }
  });
});

describe('LSP facts cache: the last run\'s report, published before the facts are installed', () => {
  let dir: string;
  let storagePath: string;
  const hourAgo = new Date(Date.now() - 3_600_000);
  const files = ['src/db.ts', 'src/routes.ts', 'src/util.ts'];
  const settle = (path: string) => utimesSync(join(dir, path), hourAgo, hourAgo);

  before(() => {
    dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'src/util.ts': 'export const twice = (n: number) => n * 2;\n' });
    for (const file of files) settle(file);
    storagePath = mkdtempSync(join(tmpdir(), 'pgpg-storage-'));
  });
  after(() => {
    removeProject(dir);
    rmSync(storagePath, { recursive: true, force: true });
  });

  /** Every file's diagnostics as the client holds them now (uri → code and range). */
  const shown = (client: LspTestClient) =>
    [...client.diagnostics].filter(([, p]) => p.diagnostics.length > 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([uri, p]) => [uri, p.diagnostics.map((d) => [d.code, d.range, d.message, d.severity])]);

  /**
   * One server run: the diagnostics at its first status (an early report's, when it published one), whether it
   * did, and the diagnostics once its facts are installed.
   */
  async function run(pgModules?: string[]) {
    const client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0, storagePath }, configuration: () => (pgModules ? { pgModules } : {}) });
    try {
      await client.waitForScan();
      const atFirstStatus = shown(client);
      const early = client.logs.filter((l) => l.startsWith('Cached report: ')).length;
      // Asked at once: answered, with the facts installing behind the published report (the list waits for them).
      const dbUri = fileUri(join(dir, 'src/db.ts'));
      const diagnostic = client.diagnostics.get(dbUri)?.diagnostics[0];
      const actions = diagnostic
        ? ((await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dbUri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as { title: string }[])
        : [];
      await waitFor(() => client.statuses.filter((s) => s.state !== 'analysing').length >= 1 + early || undefined, 'the status after the facts were installed');
      await waitFor(() => readdirSync(storagePath).some((f) => f.endsWith('.jsonl')) || undefined, 'the cache file');
      return { early, atFirstStatus, installed: shown(client), actions: actions.map((a) => a.title) };
    } finally {
      await client.stop();
    }
  }

  it('equals the cold start\'s diagnostics, and is not used after a file, config or option changed', async () => {
    const cold = await run();
    assert.equal(cold.early, 0, 'nothing to reuse on the first start');
    assert.equal(cold.installed.length, 1, `the shared-client finding in db.ts: ${JSON.stringify(cold.installed)}`);

    const warm = await run();
    assert.equal(warm.early, 1, 'nothing changed: the last report is published');
    assert.deepEqual(warm.atFirstStatus, cold.installed, 'the early report is the cold start\'s');
    assert.deepEqual(warm.installed, cold.installed, 'and the installed facts derive the same');
    assert.ok(warm.actions.includes('Disable shared-client for this line'), `code actions answered right after the early report: ${JSON.stringify(warm.actions)}`);
    // A rewrite the server computed already is listed with its file count, one still to resolve without; which it
    // is depends on when the request arrives, so the count is not compared.
    const kinds = (titles: string[]) => titles.map((t) => t.replace(/ \(\d+ files?\)$/, ''));
    assert.deepEqual(kinds(warm.actions), kinds(cold.actions), 'the same actions as on the cold start');

    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
    const configChanged = await run();
    assert.equal(configChanged.early, 0, 'a new project config: not reused');
    assert.deepEqual(configChanged.installed, cold.installed);
    assert.equal((await run()).early, 1, 'the config is recorded now');
    const now = new Date();
    utimesSync(join(dir, 'src/routes.ts'), now, now);
    const touched = await run();
    assert.equal(touched.early, 1, 'another mtime, the same text (read and hashed): reused');
    assert.deepEqual(touched.atFirstStatus, cold.installed);

    const otherOptions = await run(['pg', 'my-db']);
    assert.equal(otherOptions.early, 0, 'other pgModules: not reused');
    assert.equal((await run()).early, 0, 'back to the default pgModules: the cache was written with others');

    writeFileSync(join(dir, 'src/routes.ts'), "import { db } from './db';\nexport const close = () => db.end();\n");
    settle('src/routes.ts');
    const fileChanged = await run();
    assert.equal(fileChanged.early, 0, 'an edited file: not reused');
    assert.deepEqual(fileChanged.installed, [], 'no more shared-client finding');
    assert.deepEqual(fileChanged.atFirstStatus, [], 'and the old one was never shown');
  });
});
