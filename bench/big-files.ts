/**
 * Pathological but legal files just under the engine's size limit, one shape
 * each: the shapes that made the analysis quadratic (or worse) before, and
 * the shapes real repositories commit (generated code, vendored bundles,
 * data). `npm run bench` analyses each in a fresh process (after a warm-up
 * file) and reports the slowest; test/engine/big-file-work.test.ts counts
 * the work of the steps that were quadratic at n and 4n (bench/big-file-phases.ts
 * splits one file's CPU time by phase, for profiling).
 */
import { mkdirSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const BIG_FILES_VERSION = 2;

/** Repeats `unit(i)` until the text reaches `chars` (never past it). */
function repeat(chars: number, head: string, unit: (i: number) => string, tail = ''): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const next = unit(i);
    if (size + next.length > chars) break;
    parts.push(next);
    size += next.length;
  }
  parts.push(tail);
  return parts.join('');
}

export type BigShape = { name: string; file: string; text: (chars: number) => string };

export const BIG_SHAPES: BigShape[] = [
  {
    name: 'exports: one `export const` per line',
    file: 'exports.ts',
    text: (n) => repeat(n, '', (i) => `export const value${i} = ${i};\n`),
  },
  {
    name: 'routes: one shared Client, a handler per line',
    file: 'routes.ts',
    text: (n) =>
      repeat(
        n,
        "import express from 'express';\nimport { Client } from 'pg';\nexport const db = new Client();\nconst app = express();\n",
        (i) => `app.get('/r${i}', async (req, res) => { res.json((await db.query('SELECT ${i}')).rows); });\n`,
      ),
  },
  {
    name: 'transactions: BEGIN/COMMIT in many handlers',
    file: 'transactions.ts',
    text: (n) =>
      repeat(
        n,
        "import express from 'express';\nimport { Client } from 'pg';\nconst db = new Client();\nconst app = express();\n",
        (i) => `app.post('/t${i}', async (req, res) => { await db.query('BEGIN'); await db.query('UPDATE t SET v = $1', [${i}]); await db.query('COMMIT'); res.end(); });\n`,
      ),
  },
  {
    name: 'call chain: each function calls the previous one',
    file: 'chain.ts',
    text: (n) =>
      repeat(
        n,
        "import { Client } from 'pg';\nconst db = new Client();\nexport function f0() { return db.query('SELECT 0'); }\n",
        (i) => `export function f${i + 1}() { return f${i}(); }\nsetInterval(f${i + 1}, 1000);\n`,
      ),
  },
  {
    name: 'imports: one named import per line',
    file: 'imports.ts',
    text: (n) => repeat(n, '', (i) => `import { thing${i} } from './module-${i}';\n`, '\nexport const all = [thing0];\n'),
  },
  {
    name: 'classes: many classes with members using a shared Client',
    file: 'classes.ts',
    text: (n) =>
      repeat(
        n,
        "import { Client } from 'pg';\nconst db = new Client();\n",
        (i) => `export class Repo${i} {\n  private readonly table = 't${i}';\n  async find(id: string) { return db.query('SELECT * FROM ' + this.table + ' WHERE id = $1', [id]); }\n  async all() { return Promise.all([this.find('a'), this.find('b')]); }\n}\nexport const repo${i} = new Repo${i}();\n`,
      ),
  },
  {
    name: 'data: one huge array literal',
    file: 'data.ts',
    text: (n) => repeat(n, 'export const rows = [\n', (i) => `  { id: ${i}, name: 'row ${i}', tags: ['a', 'b'], nested: { x: ${i % 7}, y: null } },\n`, '];\n'),
  },
  {
    name: 'minified bundle: a few very long lines',
    file: 'bundle.min.js',
    text: (n) => repeat(n, '!function(){', (i) => `var a${i}=function(e,t){return e<t?-1:e>t?1:0},b${i}={k:"v${i}",f:function(){return this.k}};${i % 20000 === 19999 ? '\n' : ''}`, '}();\n'),
  },
  {
    name: 'long expression: one string concatenation',
    file: 'concat.ts',
    text: (n) => repeat(n, 'export const sql = ', (i) => `'part ${i} ' +\n  `, "'end';\n"),
  },
  {
    name: 'script: top-level pool checkouts, each released',
    file: 'checkouts.mjs',
    text: (n) =>
      repeat(
        n,
        "import pg from 'pg';\nconst pool = new pg.Pool();\n",
        (i) => `const c${i} = await pool.connect();\ntry { await c${i}.query('SELECT ${i}'); } finally { c${i}.release(); }\n`,
      ),
  },
  {
    name: 'Promise.all fan-outs over a shared Client',
    file: 'fanout.ts',
    text: (n) =>
      repeat(
        n,
        "import { Client } from 'pg';\nconst db = new Client();\n",
        (i) => `export const load${i} = (ids: string[]) => Promise.all(ids.map((id) => db.query('SELECT ${i} WHERE id = $1', [id])));\n`,
      ),
  },
];

/** Writes every shape at `chars` characters into `dir` (once per version and size). */
export function ensureBigFiles(dir: string, chars: number): string[] {
  const stamp = join(dir, 'big-files.json');
  const wanted = JSON.stringify({ version: BIG_FILES_VERSION, chars });
  const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted;
  if (!fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const shape of BIG_SHAPES) writeFileSync(join(dir, shape.file), shape.text(chars));
    writeFileSync(stamp, wanted);
  }
  return BIG_SHAPES.map((s) => join(dir, s.file));
}
