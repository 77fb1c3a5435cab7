/** The small two-file project the LSP tests analyse, and positions inside it. */
export const DB_TS = [
  "import { Client } from 'pg';",
  '',
  'export const db = new Client({ connectionString: process.env.DATABASE_URL });',
  'db.connect();',
  '',
].join('\n');

export const HANDLER = [
  "app.get('/users', async (req, res) => {",
  "  const { rows } = await db.query('SELECT id FROM users');",
  '  res.json(rows);',
  '});',
].join('\n');

export const ROUTES_TS = [
  "import express from 'express';",
  "import { db } from './db';",
  '',
  'export const app = express();',
  '',
  HANDLER,
  '',
].join('\n');

/** A Client module imported by enough route files that its rewrite is deferred to codeAction/resolve. */
export const POOLED_TS = "import { Client } from 'pg';\n\nexport const store = new Client();\n";

/** Route file `i` of the many that import `store` from src/pooled.ts. */
export function importerRoute(i: number): string {
  return [
    "import express from 'express';",
    "import { store } from '../pooled';",
    '',
    'export const router = express.Router();',
    `router.get('/r${i}', async (req, res) => {`,
    `  res.json((await store.query('SELECT ${i}')).rows);`,
    '});',
    '',
  ].join('\n');
}

/** 0-based line/character of the first occurrence of `snippet` in `text`. */
export function positionOf(text: string, snippet: string): { line: number; character: number } {
  const offset = text.indexOf(snippet);
  if (offset < 0) throw new Error(`snippet not in text: ${snippet}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Range covering `snippet` (single line). */
export function rangeOf(text: string, snippet: string) {
  const start = positionOf(text, snippet);
  return { start, end: { line: start.line, character: start.character + snippet.length } };
}

export const NEW_CLIENT = 'new Client({ connectionString: process.env.DATABASE_URL })';
/** What the shared-client diagnostic covers: the keyword and the callee, not the arguments. */
export const CREATION_SQUIGGLE = 'new Client';
/** The statement in HANDLER that uses the client: where the related location points. */
export const USE_STATEMENT = "const { rows } = await db.query('SELECT id FROM users');";
export const DOCS_URL = 'https://github.com/pg-pool-guard/pg-pool-guard/blob/main/docs/rules/shared-client.md';

/** Apply LSP TextEdits (non-overlapping) to a text. */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offsetOf = (p: { line: number; character: number }) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end));
  return out;
}
