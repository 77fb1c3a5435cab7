/**
 * runFixCommand (server/src/cli/fix-command.ts) on the express-shop example
 * held in memory, and the real CLI (`bin/pg-pool-guard.js --fix`) on a copy of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { runFixCommand } from '../../server/src/cli/fix-command';
import { SOURCE_EXTENSIONS } from '../../server/src/shared/settings';

const REPO = join(__dirname, '..', '..');
const SHOP = join(REPO, 'examples', 'express-shop');

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

test('runFixCommand rewrites the express-shop example and a second run changes nothing', () => {
  const texts = readTree(SHOP);
  const ws = workspaceOf(texts);
  const writes = new Map<string, string>();
  const result = runFixCommand({ workspace: ws, readText: (f) => texts.get(f), writeText: (f, t) => writes.set(f, t), dryRun: false, cwd: SHOP });

  assert.deepEqual(result.changedFiles.map((f) => relative(SHOP, f)), ['db.js', join('routes', 'accounts.js')]);
  assert.equal(result.rewritten, 1);
  assert.deepEqual(result.refused, []);
  assert.deepEqual([...writes.keys()].sort(), result.changedFiles);
  const db = writes.get(join(SHOP, 'db.js'))!;
  assert.match(db, /const pool = new Pool\(/);
  assert.match(db, /pool\.on\('error'/);
  assert.match(db, /module\.exports = pool;/);
  assert.doesNotMatch(db, /connect\(\)/);
  const accounts = writes.get(join(SHOP, 'routes', 'accounts.js'))!;
  // The catch hands the error to next(err): a connect failure must reach it too.
  assert.match(accounts, /let client;\n  try \{\n    client = await db\.connect\(\);\n    await client\.query\('BEGIN'\);/);
  assert.match(accounts, /await client\.query\('COMMIT'\);/);
  assert.match(accounts, /await client\?\.query\('ROLLBACK'\);/);
  assert.match(accounts, /\} finally \{\n    client\?\.release\(\);\n  \}/);
  assert.match(result.output, /rewrote 1 client to a Pool in 2 files/);

  // Apply and run again: nothing left to fix.
  for (const [f, t] of writes) texts.set(f, t);
  const again = runFixCommand({ workspace: workspaceOf(texts), readText: (f) => texts.get(f), writeText: () => assert.fail('no write expected'), dryRun: false, cwd: SHOP });
  assert.equal(again.rewritten, 0);
  assert.deepEqual(again.changedFiles, []);
  assert.deepEqual(workspaceOf(texts).getFindings().filter((f) => f.creation), []);
});

test('runFixCommand --fix-dry-run prints a unified diff and writes nothing', () => {
  const texts = readTree(SHOP);
  const result = runFixCommand({ workspace: workspaceOf(texts), readText: (f) => texts.get(f), writeText: () => assert.fail('dry run must not write'), dryRun: true, cwd: SHOP });
  assert.match(result.output, /^--- a\/db\.js\n\+\+\+ b\/db\.js\n/m);
  assert.match(result.output, /^-const client = new Client\(/m);
  assert.match(result.output, /^\+const pool = new Pool\(/m);
  assert.match(result.output, /^--- a\/routes\/accounts\.js$/m);
  assert.match(result.output, /would rewrite 1 client to a Pool in 2 files/);
});

test('runFixCommand refuses an unsafe rewrite, with the reason, and writes nothing', () => {
  const root = '/virtual/app';
  const texts = new Map([
    [`${root}/db.js`, "const { Client } = require('pg');\nconst client = new Client();\nclient.connect();\nclient.query('SET search_path TO tenant');\nmodule.exports = client;\n"],
    [`${root}/app.js`, "const express = require('express');\nconst db = require('./db');\nconst app = express();\napp.get('/', async (req, res) => res.json((await db.query('SELECT 1')).rows));\n"],
  ]);
  const ws = new Workspace({ displayRoot: root });
  for (const [f, t] of texts) ws.updateFile(f, t);
  const result = runFixCommand({ workspace: ws, readText: (f) => texts.get(f), writeText: () => assert.fail('nothing to write'), dryRun: false, cwd: root });
  assert.equal(result.rewritten, 0);
  assert.equal(result.refused.length, 1);
  assert.equal(result.refused[0].file, `${root}/db.js`);
  assert.equal(result.refused[0].line, 2);
  assert.match(result.refused[0].reason, /SET \(without LOCAL\)/);
  assert.match(result.output, /1 client not rewritten:\n  db\.js:2: /);
});

test('runFixCommand writes all files or none: a failed write puts back the files already written', () => {
  const texts = readTree(SHOP);
  const disk = new Map(texts);
  let writes = 0;
  const writeText = (f: string, t: string): void => {
    if (++writes === 2) throw new Error('disk full');
    disk.set(f, t);
  };
  assert.throws(() => runFixCommand({ workspace: workspaceOf(texts), readText: (f) => texts.get(f), writeText, dryRun: false, cwd: SHOP }), /disk full/);
  for (const [f, t] of texts) assert.equal(disk.get(f), t, `${f} is unchanged`);
});

test('bin/pg-pool-guard.js --fix rewrites a copy of examples/express-shop', () => {
  const cli = join(REPO, 'bin', 'pg-pool-guard.js');
  assert.ok(existsSync(join(REPO, 'server', 'out', 'cli.js')), 'CLI bundle missing: run `node scripts/build.mjs` first');
  const dir = mkdtempSync(join(tmpdir(), 'pgpg-fix-'));
  try {
    cpSync(SHOP, dir, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('node_modules') });
    const fix = spawnSync(process.execPath, [cli, '--no-color', '--fix', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(fix.error, undefined);
    const db = readFileSync(join(dir, 'db.js'), 'utf8');
    assert.match(db, /const pool = new Pool\(/, `${fix.stdout}\n${fix.stderr}`);
    assert.match(readFileSync(join(dir, 'routes', 'accounts.js'), 'utf8'), /client\?\.release\(\)/);
    assert.equal(readFileSync(join(dir, 'migrate.js'), 'utf8'), readFileSync(join(SHOP, 'migrate.js'), 'utf8'), 'the per-run migrate client is left alone');
    const check = spawnSync(process.execPath, [cli, '--no-color', '--format', 'json', '--fail-on', 'none', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const findings = (JSON.parse(check.stdout) as { findings: unknown[] }).findings;
    assert.deepEqual(findings, [], 'nothing reported after --fix');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
