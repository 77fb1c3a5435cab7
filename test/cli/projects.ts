/** Small source projects shared by the CLI tests. */

/** One shared Client (db.ts line 3, columns 16–74) used by an Express route in app.ts. */
export const SHARED_CLIENT_PROJECT = {
  'db.ts': ["import { Client } from 'pg';", '', 'export default new Client({ connectionString: process.env.DATABASE_URL });', ''].join('\n'),
  'app.ts': [
    "import express from 'express';",
    "import db from './db';",
    '',
    'export const app = express();',
    '',
    "app.get('/countries', async (_req, res) => {",
    "  const { rows } = await db.query('SELECT code, name FROM countries');",
    '  res.json(rows);',
    '});',
    '',
  ].join('\n'),
};

/** A self-contained shared Client: `new Client()` at line 4, columns 16–28, used by a route. */
export function selfContained(lineBreak: string): string {
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
  // It names the driver, so the file selection parses it (a file that cannot take part in a finding is only text-scanned).
  return `import 'pg';\nexport const data = [\n${line.repeat(Math.ceil(bytes / line.length))}];\n`;
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

/** The shared-Client project plus every kind of bad file (see badInput.test.ts). */
export function badInputProject(): Record<string, string | Buffer> {
  return {
    ...SHARED_CLIENT_PROJECT,
    'mid-typing.ts': MID_TYPING,
    'huge.js': hugeFile(5 * 1024 * 1024),
    'junk.js': binaryJunk(4096),
    // They name the driver, so the file selection parses them (and meets the nesting).
    'deep.ts': `import 'pg';\nexport const nested = ${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)};\n`,
    'deep-parens.js': `require('pg');\nmodule.exports = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)};\n`,
    'invalid-utf8.ts': invalidUtf8(),
    'bom.ts': `\uFEFF${selfContained('\n')}`,
    'crlf.ts': selfContained('\r\n'),
  };
}
