/**
 * "A code action request never waits more than 100 ms while a 1.7 MB file is
 * being analysed": a small app whose generated data-access module is 1.7 MB
 * (it imports the shared Client, so it is fully analysed). Each round edits
 * the big module and, until its diagnostics come back, keeps asking for
 * code actions on the shared Client's diagnostic in db.ts; the row reports
 * the slowest answer among those asked while the big file was analysed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, LspTestClient, waitFor } from '../test/lsp/harness';
import type { BenchRow } from './types';

const BIG_CHARS = 1.7 * 1024 * 1024;
const LIMIT_MS = 100;
const VERSION = 1;

export function bigModuleText(chars: number): string {
  const parts = ["import { db } from '../db';", '', '// Generated data-access functions; do not edit.', ''];
  let size = 0;
  for (let i = 0; size < chars - 400; i++) {
    const fn = `export async function selectRow${i}(id: string, limit = ${(i % 50) + 1}) {\n  const { rows } = await db.query('SELECT id, name, payload FROM table_${i % 300} WHERE id = $1 LIMIT $2', [id, limit]);\n  return rows.map((row) => ({ ...row, source: 'table_${i % 300}' }));\n}\n`;
    parts.push(fn);
    size += fn.length;
  }
  return parts.join('\n');
}

export function ensureCodeActionWorkspace(dir: string): { db: string; big: string } {
  const db = join(dir, 'src', 'db.ts');
  const big = join(dir, 'src', 'generated', 'queries.ts');
  const stamp = join(dir, 'workspace.json');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== String(VERSION)) {
    mkdirSync(join(dir, 'src', 'generated'), { recursive: true });
    writeFileSync(db, "import { Client } from 'pg';\n\nexport const db = new Client({ connectionString: process.env.DATABASE_URL });\nvoid db.connect();\n");
    writeFileSync(
      join(dir, 'src', 'routes.ts'),
      "import express from 'express';\nimport { db } from './db';\n\nexport const app = express();\napp.get('/users/:id', async (req, res) => {\n  const { rows } = await db.query('SELECT * FROM users WHERE id = $1', [req.params.id]);\n  res.json(rows[0]);\n});\n",
    );
    writeFileSync(big, bigModuleText(BIG_CHARS));
    writeFileSync(stamp, String(VERSION));
  }
  return { db, big };
}

export async function runCodeActionSection(scratch: string, rounds: number): Promise<BenchRow[]> {
  const dir = join(scratch, 'code-action-workspace');
  const { db, big } = ensureCodeActionWorkspace(dir);
  const bigText = readFileSync(big, 'utf8');
  const client = await LspTestClient.start({ workspaceDir: dir, initializationOptions: { debounceMs: 0 } });
  const waits: number[] = [];
  const analyses: number[] = [];
  let answeredDuring = 0;
  try {
    await client.waitForScan(0, 600_000);
    const dbUri = fileUri(db);
    const diagnostic = await waitFor(() => client.diagnostics.get(dbUri)?.diagnostics[0], 'the shared Client diagnostic in db.ts');
    const bigUri = client.open(big, bigText);
    await client.nextPublish(bigUri, (p) => p.version === 1, 600_000);
    for (let round = 1; round <= rounds; round++) {
      const started = performance.now();
      const version = client.change(bigUri, [{ text: `${bigText}// edit ${round}\n` }]);
      let analysed = false;
      const published = client.nextPublish(bigUri, (p) => p.version === version, 600_000).then(() => {
        analysed = true;
        analyses.push(performance.now() - started);
      });
      while (!analysed) {
        const asked = performance.now();
        await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri: dbUri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic as Diagnostic] },
        });
        const answered = performance.now();
        // Only requests asked while the big file was being analysed count.
        if (!analysed) {
          waits.push(answered - asked);
          answeredDuring++;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await published;
      console.error(`  round ${round}: 1.7 MB module analysed in ${Math.round(analyses[analyses.length - 1])} ms; ${answeredDuring} code actions answered meanwhile so far, slowest ${Math.round(Math.max(0, ...waits))} ms`);
    }
  } finally {
    await client.stop();
  }
  const worst = waits.length > 0 ? Math.max(...waits) : NaN;
  const analysis = analyses.length > 0 ? Math.max(...analyses) : NaN;
  // No answer during the analysis at all means every request waited for it.
  const effective = answeredDuring === 0 ? analysis : worst;
  return [
    {
      measurement: `(h) textDocument/codeAction while a 1.7 MB file is analysed: slowest of ${answeredDuring} answered during ${rounds} analyses of ≤ ${Math.round(analysis).toLocaleString('en-US')} ms`,
      value: Number.isFinite(effective) ? `${effective.toFixed(1)} ms` : 'n/a',
      ratio: Number.isFinite(effective) ? `h/100 ms = ${(effective / LIMIT_MS).toFixed(2)}` : 'n/a',
      target: 'h/100 ms ≤ 1',
      pass: effective <= LIMIT_MS,
    },
  ];
}
