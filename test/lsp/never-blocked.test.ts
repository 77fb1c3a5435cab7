/**
 * The editor is never blocked by the analysis: while the language server
 * parses a 1.7 MB module (in its worker thread), code actions on another
 * file are answered one after another. The server that parsed on its main
 * thread answered at most one of them (after the parse) before the big
 * module's diagnostics came back.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { DB_TS, ROUTES_TS } from './project';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';

const REPORTS_DB_TS = "import { Client } from 'pg';\n\nexport const reportsDb = new Client({ connectionString: process.env.REPORTS_URL });\n";

/** A generated data-access module of ~1.7 MB: it imports a shared Client, so it is fully analysed. */
function bigModule(): string {
  const parts = ["import { reportsDb } from '../reports-db';", ''];
  let size = 0;
  for (let i = 0; size < 1.7 * 1024 * 1024; i++) {
    const fn = `export async function selectRow${i}(id: string) {\n  const { rows } = await reportsDb.query('SELECT * FROM table_${i % 300} WHERE id = $1', [id]);\n  return rows.map((row) => ({ ...row, source: ${i} }));\n}\n`;
    parts.push(fn);
    size += fn.length;
  }
  return parts.join('\n');
}

describe('LSP while a 1.7 MB file is analysed', () => {
  let dir: string;
  let client: LspTestClient;
  const big = bigModule();

  before(async () => {
    dir = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS, 'src/reports-db.ts': REPORTS_DB_TS, 'src/generated/queries.ts': big });
    client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0 } });
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  it('answers code actions on another file before the big file has been analysed', async () => {
    await client.waitForScan();
    const dbUri = fileUri(join(dir, 'src/db.ts'));
    const diagnostic = await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics[0], 'the shared Client diagnostic in db.ts');
    const bigPath = join(dir, 'src/generated/queries.ts');
    const bigUri = client.open(bigPath, big);
    await client.nextPublish(bigUri, (p) => p.version === 1);

    const version = client.change(bigUri, [{ text: `${big}// edited\n` }]);
    let bigAnalysed = false;
    const published = client.nextPublish(bigUri, (p) => p.version === version).then(() => (bigAnalysed = true));
    const answeredWhileAnalysing: CodeAction[][] = [];
    while (!bigAnalysed && answeredWhileAnalysing.length < 3) {
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: dbUri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic as Diagnostic] },
      })) as CodeAction[];
      if (!bigAnalysed) answeredWhileAnalysing.push(actions);
    }
    await published;
    assert.equal(answeredWhileAnalysing.length, 3, 'three code actions, each asked after the previous was answered, all answered before the big file was analysed');
    for (const actions of answeredWhileAnalysing) {
      assert.ok(actions.some((a) => a.title === 'Disable shared-client for this line'), JSON.stringify(actions.map((a) => a.title)));
    }
    // The big file's analysis itself completed (in the worker) and was not dropped.
    await waitFor(() => client.logs.some((line) => line.startsWith('Analysed src/generated/queries.ts ')) || undefined, 'the log line of the big file\'s analysis');
    assert.ok(!client.logs.some((line) => line.includes('queries.ts: skipped')), client.logs.join('\n'));
  });
});
