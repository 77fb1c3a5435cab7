/**
 * runFixCommand (server/src/cli/fix-command.ts) on the express-shop example
 * held in memory, and the real CLI (`bin/pg-pool-guard.js --fix`) on a copy of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { runFixCommand } from '../../server/src/cli/fix-command';
import { SOURCE_EXTENSIONS } from '../../server/src/shared/settings';
import { MemoryFs } from './memoryFs';

const REPO = join(__dirname, '..', '..');
const SHOP = join(REPO, 'examples', 'express-shop');
const CLI = join(REPO, 'bin', 'pg-pool-guard.js');

function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  (function walk(d: string): void {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules') continue;
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE_EXTENSIONS.some((e) => name.endsWith(e))) out.set(full, readFileSync(full, 'utf8'));
    }
  })(dir);
  return out;
}

function workspaceOf(texts: Map<string, string>): Workspace {
  const ws = new Workspace({ displayRoot: SHOP });
  for (const [file, text] of texts) ws.updateFile(file, text);
  return ws;
}

function memoryFsOf(texts: Map<string, string>): MemoryFs {
  return new MemoryFs(Object.fromEntries(texts));
}

test('runFixCommand rewrites the express-shop example and a second run changes nothing', () => {
  const texts = readTree(SHOP);
  const fs = memoryFsOf(texts);
  const result = runFixCommand({ workspace: workspaceOf(texts), readText: (f) => texts.get(f), fs, dryRun: false, cwd: SHOP });

  assert.deepEqual(result.changedFiles.map((f) => relative(SHOP, f)), ['db.js', join('routes', 'accounts.js')]);
  assert.equal(result.rewritten, 1);
  assert.deepEqual(result.refused, []);
  assert.deepEqual(fs.temporaryFiles(), [], 'no temporary file is left');
  const db = fs.text(join(SHOP, 'db.js'))!;
  // The rewrite itself gives the Pool its connectionTimeoutMillis: no pool-connect-timeout round after it.
  assert.match(db, /const pool = new Pool\(\{ connectionString: process\.env\.DATABASE_URL, connectionTimeoutMillis: 10000 \}\);/);
  assert.match(db, /pool\.on\('error'/);
  assert.match(db, /module\.exports = pool;/);
  assert.doesNotMatch(db, /connect\(\)/);
  assert.doesNotMatch(db, /\n\n\n/, 'no double blank line where connect() was');
  const accounts = fs.text(join(SHOP, 'routes', 'accounts.js'))!;
  // The catch hands the error to next(err): a connect failure must reach it too.
  assert.match(accounts, /let client;\n  let failed = false;\n  try \{\n    client = await db\.connect\(\);\n    await client\.query\('BEGIN'\);/);
  assert.match(accounts, /await client\.query\('COMMIT'\);/);
  assert.match(accounts, /\} catch \(err\) \{\n    failed = true;\n    await client\?\.query\('ROLLBACK'\);/);
  assert.match(accounts, /\} finally \{\n    client\?\.release\(failed\);\n  \}/);
  assert.match(result.output, /rewrote 1 client to a Pool in 2 files\.\n$/);

  // Apply and run again: nothing left to fix.
  const after = new Map([...texts].map(([f, t]) => [f, fs.text(f) ?? t]));
  const again = runFixCommand({ workspace: workspaceOf(after), readText: (f) => after.get(f), fs, dryRun: false, cwd: SHOP });
  assert.equal(again.rewritten, 0);
  assert.deepEqual(again.changedFiles, []);
  assert.deepEqual(workspaceOf(after).getFindings().filter((f) => f.creation), []);
});

test('runFixCommand --fix-dry-run prints a unified diff and writes nothing', () => {
  const texts = readTree(SHOP);
  const fs = memoryFsOf(texts);
  fs.before = (op) => assert.ok(op === 'readFile', `a dry run only reads (${op})`);
  const result = runFixCommand({ workspace: workspaceOf(texts), readText: (f) => texts.get(f), fs, dryRun: true, cwd: SHOP });
  assert.match(result.output, /^--- a\/db\.js\n\+\+\+ b\/db\.js\n/m);
  assert.match(result.output, /^-const client = new Client\(/m);
  assert.match(result.output, /^\+const pool = new Pool\(/m);
  assert.match(result.output, /^--- a\/routes\/accounts\.js$/m);
  assert.match(result.output, /would rewrite 1 client to a Pool in 2 files\.\n$/);
});

test('runFixCommand writes the connectionTimeoutMillis setting in the rewrite itself; a Pool that was there gets the rule\'s own fix', () => {
  const root = '/virtual/timeout';
  const texts = new Map([
    [`${root}/db.js`, "const { Client } = require('pg');\nconst client = new Client({ host: 'db' });\nclient.connect();\nmodule.exports = client;\n"],
    [`${root}/reports.js`, "const { Pool } = require('pg');\nconst reports = new Pool({ host: 'reports' });\nreports.on('error', (err) => console.error(err));\nmodule.exports = reports;\n"],
    [`${root}/app.js`, [
      "const express = require('express');",
      "const db = require('./db');",
      "const reports = require('./reports');",
      'const app = express();',
      "app.get('/', async (req, res) => res.json((await db.query('SELECT 1')).rows));",
      "app.get('/reports', async (req, res) => res.json((await reports.query('SELECT 2')).rows));",
      'module.exports = app;',
      '',
    ].join('\n')],
  ]);
  const ws = new Workspace({ displayRoot: root });
  for (const [f, t] of texts) ws.updateFile(f, t);
  const fs = memoryFsOf(texts);
  const result = runFixCommand({ workspace: ws, readText: (f) => texts.get(f), fs, dryRun: false, cwd: root, connectionTimeoutMillis: 2500 });
  assert.equal(fs.text(`${root}/db.js`), "const { Pool } = require('pg');\nconst pool = new Pool({ host: 'db', connectionTimeoutMillis: 2500 });\npool.on('error', (err) => {\n  console.error('Unexpected error on idle PostgreSQL client', err);\n});\npool.query('SELECT 1');\nmodule.exports = pool;\n");
  assert.equal(fs.text(`${root}/reports.js`), "const { Pool } = require('pg');\nconst reports = new Pool({ host: 'reports', connectionTimeoutMillis: 2500 });\nreports.on('error', (err) => console.error(err));\nmodule.exports = reports;\n");
  // One rewrite, and one Pool misuse: the Pool that was already there, not the one the rewrite made.
  assert.equal(result.rewritten, 1);
  assert.match(result.output, /rewrote 1 client to a Pool and fixed 1 Pool misuse in 2 files\.\n$/);
});

test('runFixCommand refuses an unsafe rewrite with the reason, naming the file once, and writes nothing', () => {
  const root = '/virtual/app';
  const texts = new Map([
    [`${root}/db.js`, "const { Client } = require('pg');\nconst client = new Client();\nclient.connect();\nmodule.exports = client;\n"],
    [`${root}/app.js`, [
      "const express = require('express');",
      "const db = require('./db');",
      'const app = express();',
      "app.get('/:tenant', async (req, res) => {",
      "  await db.query('SET search_path TO tenant_' + req.params.tenant);",
      "  res.json((await db.query('SELECT * FROM items')).rows);",
      '});',
      '',
    ].join('\n')],
  ]);
  const ws = new Workspace({ displayRoot: root });
  for (const [f, t] of texts) ws.updateFile(f, t);
  const fs = memoryFsOf(texts);
  fs.before = (op) => assert.ok(op === 'readFile', `nothing is written (${op})`);
  const result = runFixCommand({ workspace: ws, readText: (f) => texts.get(f), fs, dryRun: false, cwd: root });
  assert.equal(result.rewritten, 0);
  assert.equal(result.refused.length, 1);
  assert.equal(result.refused[0].file, `${root}/db.js`);
  assert.equal(result.refused[0].line, 2);
  assert.equal(result.refused[0].holder, 'client');
  assert.deepEqual(result.refused[0].problems.map((p) => [p.file, p.line]), [[`${root}/app.js`, 5]]);
  assert.match(result.output, /^1 client not rewritten:\n {2}db\.js:2 `client`: app\.js:5: SET here changes a setting of whichever pooled connection runs it/m);
  assert.equal(result.output.split('db.js').length - 1, 1, `db.js is named once:\n${result.output}`);
});

test('bin/pg-pool-guard.js --fix rewrites a copy of examples/express-shop; --fix-dry-run output applies with git apply', () => {
  assert.ok(existsSync(join(REPO, 'server', 'out', 'cli.js')), 'CLI bundle missing: run `node scripts/build.mjs` first');
  const dir = mkdtempSync(join(tmpdir(), 'pgpg-fix-'));
  const patched = mkdtempSync(join(tmpdir(), 'pgpg-patch-'));
  try {
    cpSync(SHOP, dir, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('node_modules') });
    cpSync(SHOP, patched, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('node_modules') });
    const dry = spawnSync(process.execPath, [CLI, '--no-color', '--fix-dry-run', '.'], { cwd: patched, encoding: 'utf8', timeout: 60_000 });
    assert.equal(dry.status, 1, dry.stderr);
    const patch = dry.stdout.slice(0, dry.stdout.lastIndexOf('pg-pool-guard --fix-dry-run:'));
    writeFileSync(join(patched, 'fix.patch'), patch);
    const apply = spawnSync('git', ['apply', '--whitespace=nowarn', 'fix.patch'], { cwd: patched, encoding: 'utf8' });
    assert.equal(apply.status, 0, `git apply failed: ${apply.stderr}`);

    const fix = spawnSync(process.execPath, [CLI, '--no-color', '--fix', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(fix.error, undefined);
    const db = readFileSync(join(dir, 'db.js'), 'utf8');
    assert.match(db, /const pool = new Pool\(/, `${fix.stdout}\n${fix.stderr}`);
    assert.match(readFileSync(join(dir, 'routes', 'accounts.js'), 'utf8'), /client\?\.release\(failed\)/);
    assert.equal(readFileSync(join(dir, 'migrate.js'), 'utf8'), readFileSync(join(SHOP, 'migrate.js'), 'utf8'), 'the per-run migrate client is left alone');
    for (const file of ['db.js', join('routes', 'accounts.js')]) {
      assert.equal(readFileSync(join(patched, file), 'utf8'), readFileSync(join(dir, file), 'utf8'), `${file}: the applied patch equals --fix`);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    const check = spawnSync(process.execPath, [CLI, '--no-color', '--format', 'json', '--fail-on', 'none', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const findings = (JSON.parse(check.stdout) as { findings: unknown[] }).findings;
    assert.deepEqual(findings, [], 'nothing reported after --fix');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(patched, { recursive: true, force: true });
  }
});
