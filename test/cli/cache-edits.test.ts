/**
 * --cache after an edit: the report of a warm run equals that of a run
 * without the cache, edit after edit — and the edits that can change no
 * finding (a comment, spans that only move, a binding nothing refers to)
 * are answered from the cached report moved to the new positions, without
 * deriving. Anything else derives again.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli, type CliIo } from '../../server/src/cli/run';
import { makeProject, removeProject } from './tmp';
import { countingEngine } from './counting-engine';

/** A Client made in db.ts, shared by routes in two files: messages name lines in db.ts and in the routes. */
const PROJECT = {
  'db.ts': ["import { Client } from 'pg';", '', 'export const db = new Client();', ''].join('\n'),
  'users.ts': [
    "import express from 'express';",
    "import { db } from './db';",
    '',
    'export const users = express.Router();',
    "users.get('/users', async (_req, res) => {",
    "  res.json((await db.query('SELECT * FROM users')).rows);",
    '});',
    '',
  ].join('\n'),
  'orders.ts': [
    "import express from 'express';",
    "import { db } from './db';",
    '',
    'export const orders = express.Router();',
    "orders.get('/orders', async (_req, res) => {",
    "  await db.query('BEGIN');",
    "  res.json((await db.query('SELECT * FROM orders')).rows);",
    "  await db.query('COMMIT');",
    '});',
    '',
  ].join('\n'),
  'util.ts': 'export const twice = (n: number) => n * 2;\n',
};

async function run(args: string[], cwd: string): Promise<{ report: string; derived: number }> {
  let stdout = '';
  const { engine, derived } = countingEngine('engine-edits');
  const io: CliIo = { cwd, env: { NO_COLOR: '1' }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, readStdin: async () => '' };
  await runCli(['--format', 'json', '--fail-on', 'none', ...args], io, engine);
  const { findings, notices } = JSON.parse(stdout) as { findings: unknown[]; notices: unknown[] };
  return { report: JSON.stringify({ findings, notices }, null, 1), derived: derived() };
}

/** The warm run's report equals a cold run's; whether the warm run derived. */
async function warmEqualsCold(dir: string): Promise<{ derived: number; findings: number; report: string }> {
  const warm = await run(['--cache'], dir);
  const cold = await run([], dir);
  assert.equal(warm.report, cold.report);
  return { derived: warm.derived, findings: (JSON.parse(cold.report) as { findings: unknown[] }).findings.length, report: cold.report };
}

describe('--cache after an edit', () => {
  it('reports what a run without the cache reports, moving the kept report when no finding can change', async () => {
    const dir = makeProject(PROJECT);
    const file = (name: string) => path.join(dir, name);
    const prepend = (name: string, text: string) => fs.writeFileSync(file(name), text + fs.readFileSync(file(name), 'utf8'));
    try {
      const first = await warmEqualsCold(dir);
      assert.equal(first.derived, 1);
      assert.ok(first.findings >= 2, 'findings in db.ts naming lines of both routes');

      fs.appendFileSync(file('users.ts'), '// reviewed\n');
      assert.equal((await warmEqualsCold(dir)).derived, 0, 'a comment appended');

      prepend('users.ts', 'const benchEdit1 = 1;\n');
      assert.equal((await warmEqualsCold(dir)).derived, 0, 'an unused const at the top of a route: every span below moves');

      prepend('db.ts', 'let benchEdit2 = 2;\n\n');
      assert.equal((await warmEqualsCold(dir)).derived, 0, 'an unused let at the top of the file that makes the Client');

      fs.writeFileSync(file('users.ts'), fs.readFileSync(file('users.ts'), 'utf8').replace('const benchEdit1 = 1;\n', ''));
      assert.equal((await warmEqualsCold(dir)).derived, 0, 'and deleted again');

      prepend('orders.ts', '// pg-pool-guard-disable-next-line shared-client\nconst benchEdit3 = 3;\n');
      assert.equal((await warmEqualsCold(dir)).derived, 0, 'a suppression comment that suppresses nothing, moved');

      prepend('users.ts', 'const benchEdit4 = 4;\nconsole.log(benchEdit4);\n');
      assert.equal((await warmEqualsCold(dir)).derived, 1, 'a binding something refers to: derived');

      prepend('db.ts', 'let benchEdit5 = 5;\nbenchEdit5 = db;\n');
      assert.equal((await warmEqualsCold(dir)).derived, 1, 'a binding assigned elsewhere: derived');

      fs.writeFileSync(file('users.ts'), fs.readFileSync(file('users.ts'), 'utf8').replace("users.get('/users'", "users.get('/users', async () => {});\nusers.post('/users'"));
      const changed = await warmEqualsCold(dir);
      assert.equal(changed.derived, 1, 'a statement that changes the facts: derived');

      fs.writeFileSync(file('orders.ts'), fs.readFileSync(file('orders.ts'), 'utf8').replace(/await db\.query\('(BEGIN|COMMIT)'\);\n/g, ''));
      assert.equal((await warmEqualsCold(dir)).derived, 1, 'queries removed: derived');

      fs.writeFileSync(file('late.ts'), PROJECT['users.ts'].replace(/users/g, 'late'));
      const added = await warmEqualsCold(dir);
      assert.equal(added.derived, 1, 'a new file: derived');

      fs.rmSync(file('orders.ts'));
      const deleted = await warmEqualsCold(dir);
      assert.equal(deleted.derived, 1, 'a deleted file: derived');

      prepend('late.ts', 'const benchEdit6 = 6;\n');
      assert.equal((await warmEqualsCold(dir)).derived, 0, 'and moving works again on the report derived last');
      assert.equal((await warmEqualsCold(dir)).derived, 0, 'nothing changed');
    } finally {
      removeProject(dir);
    }
  });

  it('derives when a file the selection did not parse starts reaching the Client with the same text scan', async () => {
    const before = "const d = require('./db');\nexport const stop = () => d.other;\n";
    const after = "const d = require('./db');\nsetInterval(async () => { await d.db.query(d.other); }, 1000);\n";
    const dir = makeProject({ ...PROJECT, 'job.ts': before });
    try {
      const first = await warmEqualsCold(dir);
      fs.writeFileSync(path.join(dir, 'job.ts'), after);
      const reached = await warmEqualsCold(dir);
      assert.notEqual(reached.report, first.report, 'the timer shares the Client');
      fs.writeFileSync(path.join(dir, 'job.ts'), before);
      assert.equal((await warmEqualsCold(dir)).report, first.report);
    } finally {
      removeProject(dir);
    }
  });
});
