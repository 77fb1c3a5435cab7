/**
 * Bad input never crashes the CLI: broken, huge, binary, deeply nested and
 * oddly encoded files are analysed or turned into notices while the other
 * files still get their findings, at exact positions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, removeProject } from './tmp';
import { ensureBuilt, runBuiltCli, type SpawnResult } from './spawn';
import { SHARED_CLIENT_PROJECT } from './projects';

/** A self-contained shared Client: `new Client()` at line 4, columns 16–28, used by a route. */
function selfContained(lineBreak: string): string {
  return [
    "import express from 'express';",
    "import { Client } from 'pg';",
    '',
    'const client = new Client();',
    '',
    'export const app = express();',
    "app.get('/x', async (_req, res) => {",
    "  res.json((await client.query('SELECT 1')).rows);",
    '});',
    '',
  ].join(lineBreak);
}

/** Typing in progress: an unfinished call in the middle of a handler. */
const MID_TYPING = [
  "import express from 'express';",
  "import { Client } from 'pg';",
  'const client = new Client();',
  'export const app = express();',
  "app.get('/y', async (_req, res) => {",
  "  const r = await client.query('SELECT",
  '  res.json(r.rows.map((row) => row.',
  '});',
  "app.get('/z', async (_req, res) => res.json(await client.query('SELECT 2')));",
  '',
].join('\n');

function hugeFile(bytes: number): string {
  const line = '  "0123456789abcdef0123456789abcdef0123456789abcdef",\n';
  return `export const data = [\n${line.repeat(Math.ceil(bytes / line.length))}];\n`;
}

function binaryJunk(length: number): Buffer {
  // Deterministic bytes covering the whole range, NULs included.
  return Buffer.from(Array.from({ length }, (_, i) => (i * 197 + 13) % 256));
}

function invalidUtf8(): Buffer {
  const text = selfContained('\n');
  const cut = text.indexOf('export const app');
  // 0xC3 0x28 and a lone 0xFF are not valid UTF-8; they sit in a comment.
  return Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from('// caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n'), Buffer.from(text.slice(cut))]);
}

const DEPTH = 10_000;

describe('bad input', () => {
  let root: string;
  let run: SpawnResult;
  let report: { findings: Array<{ rule: string; file: string; line: number; column: number; endLine: number; endColumn: number }>; stats: { files: number } };

  before(async () => {
    await ensureBuilt();
    root = makeProject({
      ...SHARED_CLIENT_PROJECT,
      'mid-typing.ts': MID_TYPING,
      'huge.js': hugeFile(5 * 1024 * 1024),
      'junk.js': binaryJunk(4096),
      'deep.ts': `export const nested = ${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)};\n`,
      'deep-parens.js': `module.exports = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)};\n`,
      'invalid-utf8.ts': invalidUtf8(),
      'bom.ts': `\uFEFF${selfContained('\n')}`,
      'crlf.ts': selfContained('\r\n'),
    });
    run = await runBuiltCli(['--format', 'json'], root);
    report = JSON.parse(run.stdout);
  });
  after(() => removeProject(root));

  it('completes with findings, not an internal error', () => {
    assert.equal(run.code, 1, run.stderr);
    assert.ok(!run.stderr.includes('internal error'), run.stderr);
    assert.equal(report.stats.files, 10);
  });

  it('other files still get their findings at exact positions', () => {
    const at = (file: string) => report.findings.filter((f) => f.file === file).map((f) => [f.rule, f.line, f.column, f.endLine, f.endColumn]);
    assert.deepEqual(at('db.ts'), [['shared-client', 3, 16, 3, 74]]);
    assert.deepEqual(at('crlf.ts'), [['shared-client', 4, 16, 4, 28]]);
    assert.deepEqual(at('bom.ts'), [['shared-client', 4, 16, 4, 28]]);
    assert.deepEqual(at('invalid-utf8.ts'), [['shared-client', 4, 16, 4, 28]]);
  });

  it('binary junk is a notice, not a finding', () => {
    assert.ok(!report.findings.some((f) => f.file === 'junk.js'));
    assert.match(run.stderr, /^notice: junk\.js: .+$/m);
  });

  it('huge and deeply nested files produce no findings and do not crash', () => {
    for (const file of ['huge.js', 'deep.ts', 'deep-parens.js']) {
      assert.ok(!report.findings.some((f) => f.file === file), file);
    }
  });
});
