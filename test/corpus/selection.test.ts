/**
 * The pre-pass file selection (engine/selection/) must not change what is
 * found: the CLI runs in-process on every fixture of the corpus and every
 * example app twice — the engine parsing only the files its selection
 * chose, and parsing every file — and the JSON reports must be identical
 * (findings with their messages, positions and related locations). The
 * bench workspaces get the same check in `npm run bench` (bench/selection-check.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { runSelectionBothWays } from '../../bench/selection-check';
import { FIXTURES_DIR, listFixtures } from './expected';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

test('every fixture and example app: the same report with and without the file selection', async () => {
  const dirs = [
    ...listFixtures().map((fixture) => join(FIXTURES_DIR, fixture)),
    ...readdirSync(EXAMPLES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(EXAMPLES_DIR, e.name)),
  ].filter((dir) => existsSync(dir));
  assert.ok(dirs.length >= 40, `expected at least 40 fixture directories, found ${dirs.length}`);

  let files = 0;
  let parsed = 0;
  let findings = 0;
  const differing: string[] = [];
  for (const dir of dirs) {
    const run = await runSelectionBothWays(dir);
    files += run.files;
    parsed += run.parsedWithSelection;
    findings += run.findings;
    if (!run.same) differing.push(`${dir}:\n${run.difference}`);
  }
  assert.deepEqual(differing, [], 'reports that differ with the selection on');
  assert.ok(findings > 100, `the corpus should report findings (got ${findings})`);
  // Not a vacuous check: the selection did leave files out somewhere (pg-free helpers, unrelated modules).
  assert.ok(parsed < files, `the selection parsed ${parsed} of ${files} files`);
});

/**
 * The shapes the selection narrows on (importers only; importees only for
 * argument and registry tokens), as one small app: a utils module imported
 * by the db users and by a front end, a router handed the db as an argument
 * that stores it for a module its handlers import, a Nest-style DI token,
 * and front-end components importing each other. (A registry or context
 * token, `context: { db }`, makes the selection take importees everywhere:
 * test/engine/selection.test.ts.)
 */
const NARROWING_APP: Record<string, string> = {
  'package.json': '{ "name": "narrowing-app", "private": true }\n',
  'src/db.ts': "import { Client } from 'pg';\nexport const db = new Client({ connectionString: process.env.DATABASE_URL });\n",
  'src/utils/format.ts': "export function formatDate(d: Date): string {\n  return d.toISOString();\n}\nexport const money = (n: number) => `$${n.toFixed(2)}`;\n",
  'src/utils/counts.ts': "import { db } from '../db';\nexport async function countUsers() {\n  return (await db.query('SELECT count(*) FROM users')).rows[0];\n}\n",
  'src/services/users.ts': "import { db } from '../db';\nimport { formatDate } from '../utils/format';\nexport async function listUsers() {\n  const { rows } = await db.query('SELECT * FROM users');\n  return rows.map((r: { created: Date }) => ({ ...r, created: formatDate(r.created) }));\n}\n",
  'src/routes/register.ts': "import { remember } from './holder';\nexport function registerRoutes(app: any, conn: { query(sql: string): Promise<{ rows: unknown[] }> }) {\n  remember(conn);\n  app.get('/orders', async (req: any, res: any) => res.json((await conn.query('SELECT * FROM orders')).rows));\n}\n",
  'src/routes/holder.ts': "let held: any;\nexport function remember(conn: any) {\n  held = conn;\n}\nexport const run = (sql: string) => held.query(sql);\n",
  'src/routes/reports.ts': "import express from 'express';\nimport { run } from './holder';\nimport { countUsers } from '../utils/counts';\nexport const reports = express.Router();\nreports.get('/reports', async (req, res) => res.json({ n: await countUsers(), r: await run('SELECT 1') }));\n",
  'src/app.ts': "import express from 'express';\nimport { db } from './db';\nimport { listUsers } from './services/users';\nimport { registerRoutes } from './routes/register';\nimport { reports } from './routes/reports';\nconst app = express();\nregisterRoutes(app, db);\napp.use(reports);\napp.get('/users', async (req, res) => res.json(await listUsers()));\napp.post('/tx', async (req, res) => { await db.query('BEGIN'); await db.query('UPDATE t SET v = 1'); await db.query('COMMIT'); res.end(); });\napp.listen(3000);\n",
  'src/admin/database.module.ts': "import { Module } from '@nestjs/common';\nimport { Client } from 'pg';\n@Module({ providers: [{ provide: 'ADMIN_PG', useFactory: () => new Client() }], exports: ['ADMIN_PG'] })\nexport class DatabaseModule {}\n",
  'src/admin/admin.controller.ts': "import { Controller, Get, Inject } from '@nestjs/common';\nimport { formatDate } from '../utils/format';\n@Controller('admin')\nexport class AdminController {\n  constructor(@Inject('ADMIN_PG') private readonly pg: any) {}\n  @Get() async list() { return { at: formatDate(new Date()), rows: (await this.pg.query('SELECT 1')).rows }; }\n}\n",
  'web/components/button.tsx': "export const Button = ({ label }: { label: string }) => <button>{label}</button>;\n",
  'web/components/card.tsx': "import { Button } from './button';\nimport { formatDate } from '../../src/utils/format';\nexport const Card = () => <div><Button label={formatDate(new Date())} /></div>;\n",
  'web/pages/home.tsx': "import { Card } from '../components/card';\nimport { money } from '../../src/utils/format';\nexport default function Home() { return <main><Card />{money(1)}</main>; }\n",
};

test('the narrowing shapes (utils imported beside the db, argument tokens, DI, a front end): the same report either way, and the front end is not parsed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgpg-narrowing-'));
  try {
    for (const [path, text] of Object.entries(NARROWING_APP)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = await runSelectionBothWays(dir);
    assert.ok(run.same, `reports differ with the selection on:\n${run.difference}`);
    // shared-client for the module-level Client and for the DI one, and the BEGIN.
    assert.ok(run.findings >= 3, `the app reports its shared Clients and the transaction (got ${run.findings})`);
    // The front end (button, card, home), the format utils and the holder (handed a parameter, not a token) are never parsed.
    assert.equal(run.parsedWithSelection, run.files - 5, `parsed ${run.parsedWithSelection} of ${run.files} files`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
