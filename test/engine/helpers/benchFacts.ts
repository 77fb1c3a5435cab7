/**
 * Ad-hoc micro-benchmark (not a test): cost of parse + extractFacts relative to a
 * bare ts.createSourceFile, over source files found under node_modules.
 * Usage: node --import tsx test/engine/helpers/benchFacts.ts [maxFiles=2000] [rounds=3]
 *        node --import tsx test/engine/helpers/benchFacts.ts --app [rounds=50]   (one synthetic ~2,000-line app file)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { parseFile, scriptKindFor } from '../../../server/src/engine/parse';
import { extractFacts } from '../../../server/src/engine/facts/index';
import { DEFAULT_PG_MODULES } from '../../../server/src/engine/types';

const appMode = process.argv[2] === '--app';
const maxFiles = appMode ? 0 : Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? (appMode ? 50 : 3));

/** A realistic service file: imports, a pg client, routes, classes, helpers, transactions. */
function syntheticApp(targetLines: number): string {
  const head = [
    `import express, { Request, Response } from 'express';`,
    `import { Client } from 'pg';`,
    `import { logger } from './logger';`,
    `import * as cache from './cache';`,
    `const client = new Client({ connectionString: process.env.DATABASE_URL });`,
    `const app = express();`,
  ];
  const body: string[] = [];
  for (let i = 0; body.length + head.length < targetLines; i++) {
    body.push(
      `interface Row${i} { id: number; name: string; createdAt: Date }`,
      `export async function list${i}(limit: number, offset = 0): Promise<Row${i}[]> {`,
      `  const cached = await cache.get<Row${i}[]>('list${i}:' + limit + ':' + offset);`,
      `  if (cached) return cached;`,
      `  const { rows } = await client.query<Row${i}>('SELECT id, name, created_at FROM t${i} ORDER BY id LIMIT $1 OFFSET $2', [limit, offset]);`,
      `  await cache.set('list${i}', rows.map((r) => ({ ...r, name: r.name.trim() })));`,
      `  return rows;`,
      `}`,
      `export class Service${i} {`,
      `  private readonly prefix = 'svc${i}';`,
      `  constructor(private readonly db: Client = client) {}`,
      `  async create(name: string): Promise<number> {`,
      `    await this.db.query('BEGIN');`,
      `    try {`,
      `      const res = await this.db.query('INSERT INTO t${i}(name) VALUES ($1) RETURNING id', [name]);`,
      `      await this.db.query('COMMIT');`,
      `      logger.info(\`\${this.prefix} created \${res.rows[0].id}\`);`,
      `      return res.rows[0].id as number;`,
      `    } catch (err) {`,
      `      await this.db.query('ROLLBACK');`,
      `      throw err;`,
      `    }`,
      `  }`,
      `}`,
      `app.get('/t${i}', async (req: Request, res: Response) => {`,
      `  const limit = Number(req.query.limit ?? 20);`,
      `  res.json(await list${i}(limit));`,
      `});`,
      `app.post('/t${i}', async (req: Request, res: Response) => {`,
      `  const id = await new Service${i}().create(String(req.body.name));`,
      `  res.status(201).json({ id });`,
      `});`,
    );
  }
  return [...head, ...body].join('\n');
}
const roots = ['node_modules/express', 'node_modules/pg', 'node_modules/vscode-languageserver', 'node_modules/vscode-languageclient',
  'node_modules/ajv', 'node_modules/@typescript-eslint', 'node_modules/eslint', 'node_modules/esbuild', 'node_modules/diff', 'node_modules'];
const files: { path: string; text: string }[] = [];
const seen = new Set<string>();
function walk(dir: string): void {
  if (files.length >= maxFiles) return;
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const entry of entries) {
    if (files.length >= maxFiles) return;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(js|ts|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !seen.has(full)) {
      const text = fs.readFileSync(full, 'utf8');
      if (text.length < 400_000) { seen.add(full); files.push({ path: full, text }); }
    }
  }
}
if (appMode) files.push({ path: '/bench/app.ts', text: syntheticApp(2000) });
for (const root of roots) walk(root);
const options = { pgModules: [...DEFAULT_PG_MODULES], rules: {} };
const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);

/** CPU time (ms) of this process: other tenants of a shared machine do not count. */
function time(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
// Two phases per round: bare parse of every file, and parse + facts of every file.
// Their order alternates between rounds, because each phase's garbage is collected
// (and billed) during the phase after it. Best round of each phase counts (shared machine).
let bare = Infinity;
let pipeline = Infinity;
let extractOnly = Infinity;
const runBare = (): void => {
  bare = Math.min(bare, time(() => {
    for (const f of files) ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, false, scriptKindFor(f.path));
  }));
};
const runPipeline = (): void => {
  let extract = 0;
  pipeline = Math.min(pipeline, time(() => {
    for (const f of files) {
      const { sourceFile } = parseFile(f.path, f.text);
      if (sourceFile) extract += time(() => { extractFacts(sourceFile, options); });
    }
  }));
  extractOnly = Math.min(extractOnly, extract);
};
for (let round = 0; round < rounds; round++) {
  if (round % 2 === 0) { runBare(); runPipeline(); } else { runPipeline(); runBare(); }
}
console.log(`${files.length} files, ${lines} lines, best of ${rounds}: createSourceFile ${bare.toFixed(0)} ms, parse + facts ${pipeline.toFixed(0)} ms (facts ${extractOnly.toFixed(0)} ms); ratio ${(pipeline / bare).toFixed(2)}`);
