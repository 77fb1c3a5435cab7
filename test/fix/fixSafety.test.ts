/**
 * --fix never costs the user code: bytes that are not UTF-8, a file edited or
 * removed while --fix runs, a failed write, a file with a syntax error. The
 * file system is an in-memory one (memoryFs.ts) so each case is deterministic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { FIX_ABORTED, FixAbortedError, runFixCommand } from '../../server/src/cli/fix-command';
import { fakeEngine, runInProcess } from '../cli/fakeEngine';
import { MemoryFs } from './memoryFs';

const ROOT = '/virtual/shop';
const DB = `${ROOT}/db.js`;
const ROUTES = `${ROOT}/routes.js`;
const STATS = `${ROOT}/stats.js`;

function shop(): Map<string, string> {
  return new Map([
    [DB, "const { Client } = require('pg');\n\n// Shared by every route.\nconst client = new Client(process.env.DATABASE_URL);\nclient.connect();\n\nmodule.exports = client;\n"],
    [ROUTES, [
      "const express = require('express');",
      "const db = require('./db');",
      '',
      'const router = express.Router();',
      "router.get('/items', async (req, res) => res.json((await db.query('SELECT * FROM items')).rows));",
      "router.post('/items', async (req, res) => {",
      "  await db.query('BEGIN');",
      "  await db.query('INSERT INTO items (name) VALUES ($1)', [req.body.name]);",
      "  await db.query('COMMIT');",
      '  res.sendStatus(201);',
      '});',
      '',
      'module.exports = router;',
      '',
    ].join('\n')],
  ]);
}

/** The text the analysis would have seen for these bytes (invalid UTF-8 → U+FFFD). */
function decoded(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function run(texts: Map<string, string>, fs: MemoryFs, dryRun = false): ReturnType<typeof runFixCommand> {
  const ws = new Workspace({ displayRoot: ROOT });
  for (const [f, t] of texts) ws.updateFile(f, t);
  return runFixCommand({ workspace: ws, readText: (f) => texts.get(f), fs, dryRun, cwd: ROOT });
}

function assertUnchanged(fs: MemoryFs, originals: Record<string, Buffer | string>): void {
  for (const [file, content] of Object.entries(originals)) assert.ok(fs.files.get(file)?.equals(Buffer.from(content)), `${file} is byte-for-byte unchanged`);
  assert.deepEqual(fs.temporaryFiles(), [], 'no temporary file is left behind');
}

test('a file with latin-1 bytes that the rewrite would change is refused with its position; nothing is written', () => {
  const texts = shop();
  const latin1 = Buffer.concat([Buffer.from("const { Client } = require('pg');\n\n// Caf"), Buffer.from([0xe9]), Buffer.from(' au lait\n'), Buffer.from(texts.get(DB)!.split('\n').slice(2).join('\n'))]);
  texts.set(DB, decoded(latin1));
  const fs = new MemoryFs({ [DB]: latin1, [ROUTES]: texts.get(ROUTES)! });
  fs.before = (op) => assert.equal(op, 'readFile', 'nothing is written');
  const result = run(texts, fs);
  assert.equal(result.rewritten, 0);
  assert.equal(result.refused.length, 1);
  assert.deepEqual(result.refused[0].problems.map((p) => [p.file, p.line, p.column]), [[DB, 3, 7]]);
  assert.match(result.output, /db\.js:5 `client`: line 3:7: the file is not valid UTF-8 \(byte 0xe9 here\): rewriting it would replace such bytes with U\+FFFD/);
  assertUnchanged(fs, { [DB]: latin1 });
});

test('latin-1 bytes in a file the rewrite does not touch stay as they are', () => {
  const texts = shop();
  const stats = Buffer.concat([Buffer.from('// D'), Buffer.from([0xfc]), Buffer.from("sseldorf\nmodule.exports = { city: 'x' };\n")]);
  texts.set(STATS, decoded(stats));
  const fs = new MemoryFs({ [DB]: texts.get(DB)!, [ROUTES]: texts.get(ROUTES)!, [STATS]: stats });
  const result = run(texts, fs);
  assert.equal(result.rewritten, 1, result.output);
  assert.deepEqual(result.changedFiles, [DB, ROUTES]);
  assert.ok(fs.files.get(STATS)!.equals(stats));
  assert.match(fs.text(DB)!, /new Pool\(\{ connectionString: process\.env\.DATABASE_URL, connectionTimeoutMillis: 10000 \}\)/);
});

test('a file edited on disk after the analysis: the whole fix is abandoned, nothing is written', () => {
  const texts = shop();
  const fs = new MemoryFs(Object.fromEntries(texts));
  const edited = texts.get(ROUTES)! + '// saved in the editor meanwhile\n';
  fs.files.set(ROUTES, Buffer.from(edited));
  assert.throws(() => run(texts, fs), (err: Error) => err instanceof FixAbortedError && /^routes\.js changed since it was analysed; no file was changed\. Run --fix again\.$/.test(err.message));
  assertUnchanged(fs, { [DB]: texts.get(DB)!, [ROUTES]: edited });
});

test('a file edited while --fix writes (after the temporary files): nothing is renamed, the edit survives', () => {
  const texts = shop();
  const fs = new MemoryFs(Object.fromEntries(texts));
  const edited = texts.get(DB)! + '// edited\n';
  let writes = 0;
  fs.before = (op) => {
    if (op === 'writeFile' && ++writes === 2) fs.files.set(DB, Buffer.from(edited));
  };
  assert.throws(() => run(texts, fs), /db\.js changed since it was analysed; no file was changed/);
  assertUnchanged(fs, { [DB]: edited, [ROUTES]: texts.get(ROUTES)! });
});

test('a file removed while --fix runs is not recreated', () => {
  const texts = shop();
  const fs = new MemoryFs(Object.fromEntries(texts));
  let writes = 0;
  fs.before = (op) => {
    if (op === 'writeFile' && ++writes === 1) fs.files.delete(ROUTES);
  };
  assert.throws(() => run(texts, fs), /routes\.js was removed since it was analysed; no file was changed/);
  assert.equal(fs.files.has(ROUTES), false, 'the removed file stays removed');
  assertUnchanged(fs, { [DB]: texts.get(DB)! });
});

test('a failed write (disk full) changes no file and says so plainly', () => {
  const texts = shop();
  const fs = new MemoryFs(Object.fromEntries(texts));
  let writes = 0;
  fs.before = (op) => {
    if (op === 'writeFile' && ++writes === 2) throw new Error('ENOSPC: no space left on device');
  };
  assert.throws(() => run(texts, fs), (err: Error) => err instanceof FixAbortedError && err.message === 'could not write routes.js (ENOSPC: no space left on device); no file was changed.');
  assertUnchanged(fs, { [DB]: texts.get(DB)!, [ROUTES]: texts.get(ROUTES)! });
});

test('a failed rename puts back the files already renamed', () => {
  const texts = shop();
  const fs = new MemoryFs(Object.fromEntries(texts));
  let renames = 0;
  fs.before = (op) => {
    if (op === 'rename' && ++renames === 2) throw new Error('EXDEV: cross-device link not permitted');
  };
  assert.throws(() => run(texts, fs), /could not write routes\.js \(EXDEV: cross-device link not permitted\); no file was changed\./);
  assertUnchanged(fs, { [DB]: texts.get(DB)!, [ROUTES]: texts.get(ROUTES)! });
});

test('every file is written through a temporary file beside it and renamed over it', () => {
  const texts = shop();
  const fs = new MemoryFs(Object.fromEntries(texts));
  run(texts, fs);
  const writes = fs.log.filter((l) => l.startsWith('write ') || l.startsWith('rename '));
  assert.equal(writes.length, 4);
  assert.ok(writes.slice(0, 2).every((l) => /^write \/virtual\/shop\/\.(db|routes)\.js\.pg-pool-guard-\d+\.tmp$/.test(l)), writes.join('\n'));
  assert.ok(writes.slice(2).every((l) => /^rename \/virtual\/shop\/\.(db|routes)\.js\.pg-pool-guard-\d+\.tmp -> \/virtual\/shop\/(db|routes)\.js$/.test(l)), writes.join('\n'));
});

test('a client whose files have a syntax error is not rewritten; the refusal names the file and the first error', () => {
  const texts = shop();
  texts.set(ROUTES, texts.get(ROUTES)!.replace("res.sendStatus(201);\n});", 'res.sendStatus(201);\n'));
  const fs = new MemoryFs(Object.fromEntries(texts));
  fs.before = (op) => assert.equal(op, 'readFile', 'nothing is written');
  const result = run(texts, fs);
  assert.equal(result.rewritten, 0, result.output);
  assert.equal(result.refused.length, 1, result.output);
  const [problem] = result.refused[0].problems;
  assert.equal(problem.file, ROUTES);
  assert.equal(problem.line, 14);
  assert.match(problem.message, /^syntax error \('}' expected\.\); fix it first/);
  assert.match(result.output, /db\.js:4 `client`: routes\.js:14:1: syntax error/);
});

test('an unclosed `new Client({` is not rewritten (no handler is inserted inside it)', () => {
  const texts = shop();
  texts.set(DB, "const { Client } = require('pg');\nconst client = new Client({ connectionString: process.env.DATABASE_URL;\nclient.connect();\nmodule.exports = client;\n");
  const fs = new MemoryFs(Object.fromEntries(texts));
  fs.before = (op) => assert.equal(op, 'readFile', 'nothing is written');
  const result = run(texts, fs);
  assert.equal(result.rewritten, 0, result.output);
  assert.ok(result.refused.length <= 1);
  if (result.refused.length === 1) assert.match(result.refused[0].problems[0].message, /^syntax error/);
  assert.equal(fs.text(DB), texts.get(DB));
});

test('the CLI reports an abandoned --fix plainly with exit code 2, not as an internal error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgpg-fix-abort-'));
  try {
    writeFileSync(join(dir, 'a.js'), 'x;\n');
    const { engine } = fakeEngine(() => []);
    engine.fix = () => {
      throw Object.assign(new Error('could not write a.js (EACCES: permission denied); no file was changed.'), { code: FIX_ABORTED });
    };
    const result = await runInProcess(['--fix', '.'], dir, engine);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'pg-pool-guard: --fix: could not write a.js (EACCES: permission denied); no file was changed.\n');
    assert.equal(result.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
