/**
 * The `$pg-pool-guard` problem matcher (package.json contributes.problemMatchers)
 * applied to the real text report the way VS Code applies a multi-line
 * matcher: the first pattern takes a file heading, the loop pattern then
 * matches line after line until one does not match; a loop match without a
 * message (a `↳` related line) makes no problem but keeps the loop going.
 * What it extracts must be exactly the JSON report's findings.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, removeProject } from './tmp';
import { runCliInProcess } from './in-process';

interface Pattern { regexp: string; file?: number; line?: number; column?: number; severity?: number; message?: number; code?: number; loop?: boolean }
interface Matcher { name: string; owner: string; pattern: Pattern[] }

const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const matcher: Matcher = packageJson.contributes.problemMatchers.find((m: Matcher) => m.name === 'pg-pool-guard');

type Problem = { file: string; line: number; column: number; severity: string; message: string; rule: string };

function applyMatcher(output: string, { pattern: [head, row] }: Matcher): Problem[] {
  const problems: Problem[] = [];
  const headRe = new RegExp(head.regexp);
  const rowRe = new RegExp(row.regexp);
  let file: string | undefined;
  for (const text of output.split('\n')) {
    if (file !== undefined) {
      const m = rowRe.exec(text);
      if (m) {
        if (m[row.message!] !== undefined) {
          problems.push({ file, line: Number(m[row.line!]), column: Number(m[row.column!]), severity: m[row.severity!], message: m[row.message!], rule: m[row.code!] });
        }
        continue;
      }
      file = undefined;
    }
    const h = headRe.exec(text);
    if (h) file = h[head.file!];
  }
  return problems;
}

/** Two shared Clients in one file, each with related lines, and a third finding in another file. */
const TWO_CLIENTS = [
  "import express from 'express';",
  "import { Client } from 'pg';",
  '',
  'const users = new Client();',
  'const orders = new Client();',
  '',
  'export const app = express();',
  "app.get('/users', async (_req, res) => res.json((await users.query('SELECT 1')).rows));",
  "app.get('/orders', async (_req, res) => res.json((await orders.query('SELECT 2')).rows));",
  "app.post('/orders', async (_req, res) => {",
  "  await orders.query('BEGIN');",
  "  await orders.query('INSERT INTO orders DEFAULT VALUES');",
  "  await orders.query('COMMIT');",
  '  res.end();',
  '});',
  '',
].join('\n');

describe('$pg-pool-guard problem matcher', () => {
  let root: string;
  before(() => {
    root = makeProject({ 'src/app.ts': TWO_CLIENTS, 'src/other.ts': TWO_CLIENTS.replace(/users/g, 'people') });
  });
  after(() => removeProject(root));

  it('is contributed with an owner and two patterns, the second looping', () => {
    assert.equal(matcher.owner, 'pg-pool-guard');
    assert.equal(matcher.pattern.length, 2);
    assert.equal(matcher.pattern[1].loop, true);
  });

  it('finds every finding of the text report, with file, position, severity, message and rule', async () => {
    const text = await runCliInProcess([], root);
    const json = JSON.parse((await runCliInProcess(['--format', 'json'], root)).stdout);
    const expected: Problem[] = json.findings.map((f: Problem & { related: unknown[] }) => ({ file: f.file, line: f.line, column: f.column, severity: f.severity, message: f.message, rule: f.rule }));
    assert.ok(expected.length >= 4, JSON.stringify(expected));
    assert.ok(json.findings.filter((f: { file: string; related: unknown[] }) => f.file === 'src/app.ts' && f.related.length > 0).length >= 2, 'several findings with related lines in one file');
    assert.deepEqual(applyMatcher(text.stdout, matcher), expected);
  });
});
