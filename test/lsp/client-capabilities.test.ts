/**
 * The server checks what the client declared in initialize and falls back:
 * a client like Neovim 0.7 (no window/showDocument) still gets the
 * documentation link, as a message; a client without CodeAction literals
 * gets Commands whose edits arrive through workspace/applyEdit; without
 * disabledSupport a refused rewrite is left out; without resolveSupport
 * nothing is deferred; without documentChanges edits come as `changes`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Command, TextEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, DB_TS, DOCS_URL, NEW_CLIENT, rangeOf, ROUTES_TS } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

describe('LSP with a plain client (no showDocument, no CodeAction literals, no documentChanges)', () => {
  let dir: string;
  let client: LspTestClient;
  let dbUri: string;

  before(async () => {
    dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS });
    dbUri = fileUri(join(dir, 'src/db.ts'));
    client = await LspTestClient.start({
      workspaceDir: dir,
      capabilities: (caps) => ({
        ...caps,
        window: { workDoneProgress: true },
        workspace: { ...caps.workspace, workspaceEdit: {} },
        textDocument: { ...caps.textDocument, codeAction: {} },
      }),
    });
    await client.waitForScan();
    await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics.length === 1 || undefined, 'db.ts diagnostic');
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  it('advertises code actions without kinds or resolve', () => {
    assert.equal(client.initializeResult?.capabilities.codeActionProvider, true);
  });

  it('answers code actions as Commands; a disable edit is applied through workspace/applyEdit as `changes`', async () => {
    const commands: Command[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: dbUri }, range: rangeOf(DB_TS, NEW_CLIENT), context: { diagnostics: [] },
    });
    assert.ok(commands.every((c) => typeof c.command === 'string' && !('kind' in c)), JSON.stringify(commands));
    const disable = commands.find((c) => c.title === 'Disable shared-client for this line');
    assert.ok(disable, JSON.stringify(commands.map((c) => c.title)));
    await client.connection.sendRequest('workspace/executeCommand', { command: disable.command, arguments: disable.arguments });
    const [applied] = client.appliedEdits;
    assert.ok(applied?.edit.changes, JSON.stringify(applied));
    assert.equal(applied.edit.documentChanges, undefined);
    const edited = applyTextEdits(DB_TS, applied.edit.changes![dbUri] as TextEdit[]);
    assert.equal(edited.split('\n')[rangeOf(DB_TS, NEW_CLIENT).start.line], '// pg-pool-guard-disable-next-line shared-client');
  });

  it('"Show documentation" without window/showDocument shows a message with the URL', async () => {
    const commands: Command[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: dbUri }, range: rangeOf(DB_TS, NEW_CLIENT), context: { diagnostics: [] },
    });
    const docs = commands.find((c) => c.title === 'Show documentation for shared-client')!;
    await client.connection.sendRequest('workspace/executeCommand', { command: docs.command, arguments: docs.arguments });
    assert.deepEqual(client.shownDocuments, []);
    assert.deepEqual(client.messages, [{ type: 3, message: `pg-pool-guard documentation: ${DOCS_URL}` }]);
  });
});

/** A shared Client with more importers than an eager rewrite covers. */
const SHARED_DB = "import { Client } from 'pg';\n\nexport const db = new Client();\n";
function route(i: number): string {
  return `import express from 'express';\nimport { db } from '../db';\nexport const app = express();\napp.get('/r${i}', async (req, res) => res.json((await db.query('SELECT ${i}')).rows));\n`;
}

describe('LSP code actions by client capability', () => {
  let dir: string;

  before(() => {
    dir = writeProject({ 'src/db.ts': SHARED_DB, ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`src/routes/r${i}.ts`, route(i)])) });
  });
  after(() => removeProject(dir));

  async function rewriteActions(capabilities: Parameters<typeof LspTestClient.start>[0]['capabilities']): Promise<CodeAction[]> {
    // Not computed ahead of the list, so what resolveSupport changes is seen.
    const client = await LspTestClient.start({ workspaceDir: dir, capabilities, initializationOptions: { debounceMs: 0, rewriteListWaitMs: 0 } });
    try {
      const dbUri = fileUri(join(dir, 'src/db.ts'));
      const d = await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics[0], 'db.ts diagnostic');
      const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dbUri }, range: d.range, context: { diagnostics: [d] } });
      return actions.filter((a) => a.title.startsWith('Rewrite'));
    } finally {
      await client.stop();
    }
  }

  it('with resolveSupport a rewrite over many files is deferred to codeAction/resolve; without it the edit comes at once', async () => {
    const deferred = await rewriteActions(undefined);
    assert.equal(deferred.length, 1);
    assert.equal(deferred[0].edit, undefined);
    assert.ok(deferred[0].data, 'resolve data');
    const eager = await rewriteActions((caps) => ({ ...caps, textDocument: { ...caps.textDocument, codeAction: { ...caps.textDocument!.codeAction, resolveSupport: undefined } } }));
    assert.equal(eager.length, 1, JSON.stringify(eager));
    assert.ok(eager[0].edit?.documentChanges?.length, JSON.stringify(eager[0]));
    assert.equal(eager[0].data, undefined);
  });
});
