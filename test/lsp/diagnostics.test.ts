/**
 * Diagnostics over a real stdio LSP connection to the built server: initial
 * scan with progress, exact diagnostic shape, cross-file updates reaching a
 * CLOSED file, and severity overrides from workspace/configuration.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CREATION_SQUIGGLE, DB_TS, DOCS_URL, HANDLER, positionOf, rangeOf, ROUTES_TS, USE_STATEMENT } from './project';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

describe('LSP diagnostics', () => {
  let dir: string;
  let client: LspTestClient;
  let dbUri: string;
  let routesPath: string;
  let settings: Record<string, unknown> = {};

  before(async () => {
    dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'node_modules/pg/index.js': 'module.exports = {};' });
    dbUri = fileUri(join(dir, 'src/db.ts'));
    routesPath = join(dir, 'src/routes.ts');
    client = await LspTestClient.start({ workspaceDir: dir, configuration: () => settings });
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  it('scans the workspace with work-done progress and reports status', async () => {
    const status = await client.waitForScan();
    assert.equal(status.state, 'ok');
    assert.equal(status.files, 2, 'node_modules is skipped');
    const kinds = client.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
  });

  it('publishes the shared-client diagnostic on db.ts with range, code, docs link and related handler', async () => {
    const published = await waitFor(() => client.diagnostics.get(dbUri), 'db.ts diagnostics');
    assert.equal(published.diagnostics.length, 1);
    const [d] = published.diagnostics;
    assert.deepEqual(d.range, rangeOf(DB_TS, CREATION_SQUIGGLE));
    assert.equal(d.code, 'shared-client');
    assert.equal(d.source, 'pg-pool-guard');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.codeDescription, { href: DOCS_URL });
    // Related: the statement in the handler that uses the client, not the whole `app.get(...)` call.
    assert.deepEqual(d.relatedInformation, [
      { location: { uri: fileUri(routesPath), range: rangeOf(ROUTES_TS, USE_STATEMENT) }, message: 'Express handler GET /users → db' },
    ]);
    assert.match(d.message, /^pg Client `db` is shared by concurrent callers \(Express handler, src\/routes\.ts:6\)/);
  });

  it('updates the CLOSED db.ts when the handler in the open routes.ts is removed and re-added', async () => {
    const routesUri = client.open(routesPath, ROUTES_TS);
    const start = positionOf(ROUTES_TS, HANDLER);
    const end = { line: start.line + HANDLER.split('\n').length - 1, character: '});'.length };
    client.change(routesUri, [{ range: { start, end }, text: '' }]);
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 0, 'db.ts diagnostics to clear');

    client.change(routesUri, [{ range: { start, end: start }, text: HANDLER }]);
    const back = await waitFor(() => {
      const d = client.diagnostics.get(dbUri)?.diagnostics;
      return d && d.length === 1 ? d : undefined;
    }, 'db.ts diagnostics to come back');
    assert.deepEqual(back[0].range, rangeOf(DB_TS, CREATION_SQUIGGLE));

    // Closing routes.ts reverts to the disk text, which still has the handler.
    client.close(routesUri);
    await waitFor(() => client.statuses.length > 0 && client.diagnostics.get(dbUri)?.diagnostics.length === 1, 'db.ts after close');
  });

  it('a statement typed above the Client moves its diagnostic: published once for that version, at the moved range; from the next edit on, ahead of the facts', async () => {
    const analysed = () => client.logs.filter((l) => l.startsWith('Analysed ')).length;
    const beforeOpen = analysed();
    const uri = client.open(join(dir, 'src/db.ts'), DB_TS);
    // The open's pass logs its line after its publish: wait for both, or that line could pass for the edit's below.
    await waitFor(() => (client.diagnostics.get(uri)?.version === 1 && analysed() > beforeOpen) || undefined, 'db.ts analysed on open');
    const publishes: PublishDiagnosticsParams[] = [];
    const onPublish = (p: PublishDiagnosticsParams) => p.uri === uri && publishes.push(p);
    client.events.on('publish', onPublish);
    try {
      const passes = analysed();
      const version = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "console.log('typed here');\n" }]);
      // The pass logs its line after everything it published: a second publish of this version would be in by then.
      await waitFor(() => analysed() > passes || undefined, 'the pass of the edit');
      const atVersion = publishes.filter((p) => p.version === version);
      assert.equal(atVersion.length, 1, 'one publish for the edited version');
      const squiggle = rangeOf(DB_TS, CREATION_SQUIGGLE);
      const moved = { start: { ...squiggle.start, line: squiggle.start.line + 1 }, end: { ...squiggle.end, line: squiggle.end.line + 1 } };
      assert.deepEqual(atVersion[0].diagnostics.map((d) => [d.code, d.range]), [['shared-client', moved]]);
      assert.deepEqual(atVersion[0].diagnostics[0].relatedInformation?.map((r) => r.location.range), [rangeOf(ROUTES_TS, USE_STATEMENT)], 'the related use in routes.ts did not move');
      // The worker now has this document's facts to compare the next ones with: the second edit's diagnostics come from its position map.
      const passesBefore = analysed();
      const second = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "console.log('and here');\n" }]);
      await waitFor(() => analysed() > passesBefore || undefined, 'the pass of the second edit');
      const atSecond = publishes.filter((p) => p.version === second);
      assert.equal(atSecond.length, 1, 'one publish for the second edited version');
      const movedTwice = { start: { ...squiggle.start, line: squiggle.start.line + 2 }, end: { ...squiggle.end, line: squiggle.end.line + 2 } };
      assert.deepEqual(atSecond[0].diagnostics.map((d) => [d.code, d.range]), [['shared-client', movedTwice]]);
      assert.match(client.logs.filter((l) => l.startsWith('Analysed ')).at(-1)!, /moved findings published ahead of the facts/, 'published from the worker\'s position map');
    } finally {
      client.events.off('publish', onPublish);
    }
    client.close(uri);
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics[0]?.range.start.line === rangeOf(DB_TS, CREATION_SQUIGGLE).start.line || undefined, 'back to the disk text after close');
  });

  it('applies severity overrides from workspace/configuration after didChangeConfiguration', async () => {
    settings = { rules: { 'shared-client': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics[0]?.severity === 1, 'severity error');

    settings = { rules: { 'shared-client': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 0, 'rule off clears diagnostics');

    // Back to the defaults first, so that `enable: false` has something to clear.
    settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'defaults restore the diagnostic');

    settings = { enable: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 0 || undefined, 'enable: false clears diagnostics');

    settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const restored = await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics[0], 'default severity again');
    assert.equal(restored.severity, 2);
  });

  it("with run: 'onSave' re-analyses an edited document only when it is saved", async () => {
    settings = { run: 'onSave' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const routesUri = client.open(routesPath, ROUTES_TS);
    await waitFor(() => client.diagnostics.get(routesUri)?.version === 1 || undefined, 'routes.ts analysed on open');
    const start = positionOf(ROUTES_TS, HANDLER);
    const end = { line: start.line + HANDLER.split('\n').length - 1, character: '});'.length };
    const version = client.change(routesUri, [{ range: { start, end }, text: '' }]);
    // Proof the change was not analysed: opening another document triggers an analysis pass that,
    // under onType, would include the pending change; the request after it waits for that pass to finish.
    const otherUri = client.open(join(dir, 'src/other.ts'), 'export const other = 1;\n');
    await waitFor(() => client.diagnostics.get(otherUri)?.version === 1 || undefined, 'other.ts analysed');
    await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dbUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.equal(client.diagnostics.get(dbUri)?.diagnostics.length, 1);
    assert.equal(client.diagnostics.get(routesUri)?.version, 1);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: routesUri } });
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 0 || undefined, 'analysed on save');
    // db.ts and routes.ts are published one after the other: wait for the second too.
    await waitFor(() => client.diagnostics.get(routesUri)?.version === version || undefined, 'routes.ts published at the saved version');
    client.close(routesUri);
    client.close(otherUri);
    settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'back to the disk text after close');
  });

  it('re-scans on the pgPoolGuard.analyzeWorkspace command', async () => {
    const before = client.statuses.length;
    await client.connection.sendRequest('workspace/executeCommand', { command: 'pgPoolGuard.analyzeWorkspace' });
    // A status from an earlier pass may still arrive first; the re-scan must report analysing, then ok.
    await waitFor(() => {
      const states = client.statuses.slice(before).map((s) => s.state);
      const analysing = states.indexOf('analysing');
      return analysing >= 0 && states.indexOf('ok', analysing) > analysing ? true : undefined;
    }, 'analysing then ok after the command');
  });

  it('picks up a file created on disk through didChangeWatchedFiles', async () => {
    const before = client.diagnostics.get(dbUri)!.diagnostics[0].relatedInformation?.length ?? 0;
    const workerPath = join(dir, 'src/worker.ts');
    const worker = ["import { db } from './db';", '', 'setInterval(async () => {', "  await db.query('DELETE FROM sessions WHERE expired');", '}, 1000);', ''].join('\n');
    (await import('node:fs')).writeFileSync(workerPath, worker);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(workerPath), type: 1 }] });
    const related = await waitFor(() => {
      const r = client.diagnostics.get(dbUri)?.diagnostics[0]?.relatedInformation ?? [];
      return r.some((x) => x.location.uri === fileUri(workerPath)) ? r : undefined;
    }, 'related information in worker.ts');
    assert.ok(related.length > before);
  });
});
