// An edit that only moves spans (a blank line, a comment or a statement typed
// above code) gives facts that differ only in positions: the Workspace then
// moves the findings' positions instead of deriving (rules/remap.ts,
// rules/index.ts `remapReport`). Whatever path an edit takes, the findings
// must be exactly those of a fresh analysis of the same texts: checked here
// for a set of edits (spans moved, an unrelated statement, a query added or
// removed, an import changed), each then undone, on every corpus fixture and
// example app and on an app shaped like the bench's pg-using workspace. The
// count of moved installs checks that the fast path is the one taken. Every
// other file is installed as the language server does: its moved findings
// asked for first (`findingsIfMoved`, published before the install), which
// must be the findings the install then gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { contentHash } from '../../server/src/engine/content-hash';
import type { Finding } from '../../server/src/engine/types';
import { FIXTURES_DIR, listFixtures } from '../corpus/expected';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const CONFIGS = new Set(['tsconfig.json', 'jsconfig.json', 'package.json', 'pnpm-workspace.yaml']);

interface App {
  sources: Map<string, string>;
  configs: Map<string, string>;
}

function readApp(dir: string): App {
  const app: App = { sources: new Map(), configs: new Map() };
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (CONFIGS.has(entry.name)) app.configs.set(path, readFileSync(path, 'utf8'));
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) app.sources.set(path, readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return app;
}

function workspaceOf(app: App, root: string, texts: ReadonlyMap<string, string>): Workspace {
  const ws = new Workspace({ displayRoot: root });
  for (const [path, text] of app.configs) ws.setProjectConfig(path, text);
  for (const path of app.sources.keys()) ws.updateFile(path, texts.get(path)!);
  return ws;
}

const TYPED_CONST = 'const typedName';

/** Text edits a user makes; undefined where an edit does not apply to the text. */
const EDITS: Array<[string, (text: string) => string | undefined]> = [
  ['a blank line at the top', (t) => `\n${t}`],
  ['a comment line at the top', (t) => `// edited\n${t}`],
  ['a blank line mid-file', (t) => insertLine(t, Math.floor(t.split('\n').length / 2), '')],
  ['a blank line under a suppression comment', (t) => {
    const i = t.split('\n').findIndex((line) => line.includes('pg-pool-guard-disable-next-line'));
    return i < 0 ? undefined : insertLine(t, i + 1, '');
  }],
  ['a statement at the top', (t) => `console.log('edited');\n${t}`],
  ['an unrelated const at the top', (t) => `const unrelatedEdit = 1;\n${t}`],
  // Typed again, the const is renamed (its old binding removed, a new one added in one edit).
  ['an unrelated const at the top, then renamed', (t) => (t.startsWith(TYPED_CONST) ? `${TYPED_CONST}x${t.slice(TYPED_CONST.length)}` : `${TYPED_CONST} = 1;\n${t}`)],
  ['an unrelated let mid-file', (t) => insertLine(t, Math.floor(t.split('\n').length / 2), 'let unrelatedLet = 2;')],
  ['a const at the top that the code then uses', (t) => `const usedEdit = 1;\n${t}\nconsole.log(usedEdit);\n`],
  ['a query added', (t) => `${t}\nexport async function editedQuery(client: any) { await client.query('BEGIN'); return client; }\n`],
  ['a query removed', (t) => {
    const lines = t.split('\n');
    const i = lines.findIndex((line) => line.includes('.query(') && count(line, '(') === count(line, ')') && count(line, '{') === count(line, '}') && !line.includes('`'));
    if (i < 0) return undefined;
    lines.splice(i, 1);
    return lines.join('\n');
  }],
  ['an import changed', (t) => {
    const at = t.search(/from '\.\.?\//);
    return at < 0 ? undefined : `${t.slice(0, at)}from './edited-missing-${t.slice(at + "from '".length)}`;
  }],
];

function insertLine(text: string, line: number, inserted: string): string {
  const lines = text.split('\n');
  lines.splice(line, 0, inserted);
  return lines.join('\n');
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * As the language server installs an edited document's facts: the text scan
 * and the facts computed elsewhere, the moved findings asked for before the
 * install (`findingsIfMoved`). Returns whether there were any; a problem
 * when they are not what the install gives.
 */
function installAsServer(live: Workspace, path: string, text: string, problems: string[], what: string): boolean {
  const summary = live.summarizeFile(path, text);
  const facts = live.analyzeFile(path, text);
  const early = live.findingsIfMoved(facts, summary);
  live.setFacts(facts, contentHash(text), text, summary);
  if (early === undefined) return false;
  const installed = live.getFindings();
  if (!sameReport(early, installed)) problems.push(`${what}: published before the install ${JSON.stringify(early)}\n  after it ${JSON.stringify(installed)}`);
  else if (early !== installed) problems.push(`${what}: the install derived again instead of keeping the moved findings`);
  return true;
}

/** Runs every edit on up to `perApp` of the app's parsed files, in one incremental Workspace; returns the mismatches and the moved installs. */
function checkApp(name: string, app: App, root: string, perApp: number): { problems: string[]; moved: number; edits: number; previews: number } {
  const problems: string[] = [];
  let previews = 0;
  const baseline = workspaceOf(app, root, app.sources).getFindings();
  const live = workspaceOf(app, root, app.sources);
  const compare = (what: string, texts: Map<string, string>) => {
    const actual = live.getFindings();
    const expected = workspaceOf(app, root, texts).getFindings();
    if (!sameReport(actual, expected)) problems.push(`${name}: ${what}:\n  incremental ${JSON.stringify(actual)}\n  fresh       ${JSON.stringify(expected)}`);
  };
  assert.ok(sameReport(live.getFindings(), baseline));
  // Files with findings or related locations first: their positions are the ones to move.
  const pointed = new Set<string>();
  for (const f of baseline) {
    pointed.add(f.file);
    for (const r of f.related) pointed.add(r.file);
  }
  const files = [...app.sources.keys()].filter((path) => (live.facts(path)?.nodes.length ?? 0) > 0).sort((a, b) => Number(pointed.has(b)) - Number(pointed.has(a)) || (a < b ? -1 : 1)).slice(0, perApp);
  let edits = 0;
  for (const [i, file] of files.entries()) {
    const original = app.sources.get(file)!;
    const update = (text: string, what: string) => {
      if (i % 2 === 0) live.updateFile(file, text);
      else if (installAsServer(live, file, text, problems, `${name}: ${what}`)) previews++;
    };
    for (const [what, edit] of EDITS) {
      const edited = edit(original);
      if (edited === undefined) continue;
      edits++;
      const texts = new Map(app.sources).set(file, edited);
      update(edited, `${what} in ${file}`);
      compare(`${what} in ${file}`, texts);
      // Typed twice: the second edit starts from the moved report.
      const twice = edit(edited);
      if (twice !== undefined) {
        update(twice, `${what}, twice, in ${file}`);
        compare(`${what}, twice, in ${file}`, new Map(texts).set(file, twice));
      }
      update(original, `${what} in ${file}, undone`);
      compare(`${what} in ${file}, undone`, app.sources);
    }
  }
  return { problems, moved: live.stats().moved, edits, previews };
}

/** Equal as published (every field), in the same order. */
function sameReport(a: readonly Finding[], b: readonly Finding[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

test('edits on every fixture and example app: the incremental findings are a fresh analysis', () => {
  const dirs = [
    ...listFixtures().map((fixture) => join(FIXTURES_DIR, fixture)),
    ...readdirSync(EXAMPLES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(EXAMPLES_DIR, e.name)),
  ].filter((dir) => existsSync(dir));
  assert.ok(dirs.length >= 40, `expected at least 40 fixture directories, found ${dirs.length}`);
  const problems: string[] = [];
  let moved = 0;
  let edits = 0;
  let previews = 0;
  for (const dir of dirs) {
    const run = checkApp(dir, readApp(dir), dir, 2);
    problems.push(...run.problems);
    moved += run.moved;
    edits += run.edits;
    previews += run.previews;
  }
  assert.deepEqual(problems.slice(0, 5), [], `${problems.length} edits gave other findings than a fresh analysis`);
  assert.ok(edits > 300, `edits checked: ${edits}`);
  // Not vacuous: edits that only move spans took the fast path, many times, and were published before the install.
  assert.ok(moved > 100, `moved installs: ${moved}`);
  assert.ok(previews > 40, `moved findings published before the install: ${previews}`);
});

/** A small app shaped like the bench's pg-using workspace: db modules, repositories, routes, a large route module, a script. */
function benchShapedApp(): App {
  const root = '/bench-app';
  const sources = new Map<string, string>();
  sources.set(`${root}/apps/api/src/db/db-0.ts`, `import { Client, Pool } from 'pg';

export const db = new Client({ connectionString: process.env.DATABASE_URL });
void db.connect();

export const pool = new Pool({ max: 10 });
`);
  sources.set(`${root}/apps/api/src/repositories/user-repository-0.ts`, `import { db, pool } from '../db/db-0';

export async function findUser(id: string) {
  const { rows } = await db.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}

export async function moveCredit(from: string, to: string) {
  await pool.query('BEGIN');
  await pool.query('UPDATE accounts SET credit = credit - 1 WHERE id = $1', [from]);
  await pool.query('UPDATE accounts SET credit = credit + 1 WHERE id = $1', [to]);
  await pool.query('COMMIT');
}

export async function leaky(id: string) {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT 1 WHERE $1', [id]);
  if (rows.length === 0) return undefined;
  client.release();
  return rows;
}
`);
  const large: string[] = [`import { Router } from 'express';`, `import { db } from '../db/db-0';`, `import { findUser, moveCredit } from '../repositories/user-repository-0';`, ``, `export const router = Router();`, ``];
  for (let k = 0; k < 40; k++) {
    if (k % 4 === 0) {
      large.push(`router.get('/large/${k}', async (req, res) => {`, `  const { rows } = await db.query('SELECT ${k}');`, `  res.json(rows);`, `});`, ``);
    } else if (k % 4 === 1) {
      large.push(`export function computeLarge${k}(values: number[]): number {`, `  return values.reduce((a, b) => a + b * ${k}, 0);`, `}`, ``);
    } else if (k % 4 === 2) {
      large.push(`router.post('/large/${k}', async (req, res) => {`, ...(k % 8 === 2 ? [`  // pg-pool-guard-disable-next-line shared-client-transaction`] : []), `  await db.query('BEGIN');`, `  await db.query('COMMIT');`, `  res.json(await findUser(String(req.params.id)));`, `});`, ``);
    } else {
      large.push(`router.put('/large/${k}', async (req, res) => {`, `  await moveCredit('a', 'b');`, `  res.end();`, `});`, ``);
    }
  }
  for (let k = 0; large.length < 400; k++) large.push(`export const largeConstant${k} = ${k * 7};`);
  sources.set(`${root}/apps/api/src/routes/large-module.ts`, large.join('\n') + '\n');
  sources.set(`${root}/apps/api/src/routes/user-routes-0.ts`, `import express from 'express';
import { db } from '../db/db-0';

const app = express();
app.get('/users/:id', async (req, res) => {
  await db.query('BEGIN');
  const { rows } = await db.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  await db.query('COMMIT');
  res.json(rows);
});
app.listen(3000);
`);
  sources.set(`${root}/packages/ui/src/button.tsx`, `export function Button(props: { label: string }) {
  return <button>{props.label}</button>;
}
`);
  sources.set(`${root}/scripts/task-0.js`, `const { Client } = require('pg');
const client = new Client();
client.connect().then(() => client.query('SELECT 1')).then(() => client.end());
`);
  return { sources, configs: new Map([[`${root}/tsconfig.json`, JSON.stringify({ compilerOptions: { strict: true, jsx: 'react-jsx' } })]]) };
}

test('edits on an app shaped like the bench: the incremental findings are a fresh analysis, moved edits take the fast path', () => {
  const app = benchShapedApp();
  const baseline = workspaceOf(app, '/bench-app', app.sources).getFindings();
  assert.ok(baseline.length >= 5, `the app should report findings (got ${baseline.length})`);
  assert.ok(baseline.some((f) => f.file.endsWith('large-module.ts')), 'the large module has findings');
  assert.ok(baseline.some((f) => /large-module\.ts:\d+/.test(f.message) || f.related.some((r) => /large-module\.ts:\d+/.test(r.message))), 'a message names a line of the large module');
  const run = checkApp('bench-shaped app', app, '/bench-app', 10);
  assert.deepEqual(run.problems, []);
  assert.ok(run.moved >= 10, `moved installs: ${run.moved}`);
  assert.ok(run.previews >= 5, `moved findings published before the install: ${run.previews}`);
});

test('a module-level const renamed as it is typed moves the findings; one the code uses is derived again', () => {
  const app = benchShapedApp();
  const file = '/bench-app/apps/api/src/routes/large-module.ts';
  const original = app.sources.get(file)!;
  const live = workspaceOf(app, '/bench-app', app.sources);
  live.getFindings();
  const typed = (name: string, tail = '') => `const ${name} = 1;\n${original}${tail}`;
  for (const [what, text, fast] of [
    ['typed', typed('t'), true],
    ['renamed', typed('ty'), true],
    ['renamed again', typed('typ'), true],
    ['renamed to a name the code then uses', typed('type', '\nconsole.log(type);\n'), false],
  ] as const) {
    const before = live.stats().moved;
    live.updateFile(file, text);
    const findings = live.getFindings();
    assert.equal(live.stats().moved - before, fast ? 1 : 0, `${what}: moved installs`);
    assert.deepEqual(findings, workspaceOf(app, '/bench-app', new Map(app.sources).set(file, text)).getFindings(), `${what}: the findings of a fresh analysis`);
  }
});
