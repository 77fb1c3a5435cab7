/**
 * Bad input never crashes the rewrite: truncated and corrupted sources, a
 * position that is not a Client creation, missing files, findings without a
 * client. Overlapping edits are refused, never half-applied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, computePoolRewrite, rewriteToPool } from '../../server/src/engine/fix';
import { FileEdits, OverlapError } from '../../server/src/engine/fix/edits';
import { Workspace } from '../../server/src/engine/workspace';
import { DEFAULT_PG_MODULES } from '../../server/src/engine/types';
import type { Finding } from '../../server/src/engine/types';
import { parseGolden } from './goldenFormat';

const GOLDEN = join(__dirname, 'golden');

test('truncated and corrupted sources never throw', () => {
  let runs = 0;
  for (const entry of readdirSync(GOLDEN).filter((f) => f.endsWith('.txt'))) {
    const golden = parseGolden(join(GOLDEN, entry), entry);
    const text = golden.before[golden.creation];
    const marker = text.indexOf(golden.marker);
    for (const cut of [0.4, 0.8]) {
      const at = Math.floor(text.length * cut);
      const variants = [text.slice(0, at), text.slice(0, at) + '{{(' + text.slice(at), text.slice(0, at) + '\u0000\uFFFD' + text.slice(at + 3)];
      for (const variant of variants) {
        const files = { ...golden.before, [golden.creation]: variant };
        const rewrite = rewriteToPool({ files: Object.keys(files), getText: (p) => files[p], creation: { file: golden.creation, offset: Math.min(marker, variant.length) }, pgModules: DEFAULT_PG_MODULES });
        for (const [path, edits] of rewrite?.edits ?? []) applyEdits(files[path], edits);
        runs++;
      }
    }
  }
  assert.ok(runs > 100);
});

test('a position that is not a Client creation gives no rewrite', () => {
  const file = '/app/db.js';
  const text = "const { Pool } = require('pg');\nconst pool = new Pool();\nconst x = new Map();\n";
  const at = (offset: number) => rewriteToPool({ files: [file], getText: () => text, creation: { file, offset }, pgModules: DEFAULT_PG_MODULES });
  assert.equal(at(text.indexOf('new Pool')), undefined, 'already a Pool');
  assert.equal(at(text.indexOf('new Map')), undefined, 'not pg');
  assert.equal(at(0), undefined);
  assert.equal(at(text.length + 100), undefined);
  assert.equal(rewriteToPool({ files: [file], getText: () => undefined, creation: { file, offset: 0 }, pgModules: DEFAULT_PG_MODULES }), undefined, 'unreadable file');
});

test('computePoolRewrite ignores findings that name no client and survives stale facts', () => {
  const ws = new Workspace({ displayRoot: '/app' });
  const text = "const { Client } = require('pg');\nconst client = new Client();\nmodule.exports = client;\n";
  ws.updateFile('/app/db.js', text);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 }, offset: 0, length: 1 };
  const noCreation: Finding = { rule: 'shared-client', severity: 'warning', file: '/app/db.js', range, message: 'x', related: [] };
  assert.equal(computePoolRewrite(ws, noCreation, () => text), undefined);
  const unknownId: Finding = { ...noCreation, creation: { file: '/app/db.js', id: 'no-such-node' } };
  assert.equal(computePoolRewrite(ws, unknownId, () => text), undefined, 'offset 0 is not a creation');
  const missingFile: Finding = { ...noCreation, file: '/app/gone.js', creation: { file: '/app/gone.js', id: 'c1' } };
  assert.equal(computePoolRewrite(ws, missingFile, () => undefined), undefined);
});

test('overlapping edits are refused as a whole', () => {
  const edits = new FileEdits('/app/a.js', 'abcdef');
  edits.replace(1, 4, 'X');
  edits.replace(2, 5, 'Y');
  assert.throws(() => edits.finish(), OverlapError);
  assert.throws(() => applyEdits('abcdef', [{ offset: 1, length: 3, newText: 'X' }, { offset: 2, length: 1, newText: 'Y' }]), /overlapping/);
});

test('insertions at one offset keep their order and may precede a replacement there', () => {
  const edits = new FileEdits('/app/a.js', 'abcdef');
  edits.insert(2, '1');
  edits.insert(2, '2');
  edits.replace(2, 3, 'C');
  const spans = edits.finish();
  assert.deepEqual(spans, [{ offset: 2, length: 1, newText: '12C' }]);
  assert.equal(applyEdits('abcdef', spans), 'ab12Cdef');
});

test('a client imported through a tsconfig path alias is rewritten in every file that uses it', () => {
  const files: Record<string, string> = {
    '/p/src/db.ts': "import { Client } from 'pg';\nexport const client = new Client();\n",
    '/p/src/app.ts': [
      "import express from 'express';",
      "import { client } from '@/db';",
      'const app = express();',
      "app.get('/', async (req, res) => {",
      '  await client.connect();',
      "  const r = await client.query('SELECT 1');",
      '  await client.end();',
      '  res.json(r.rows);',
      '});',
      '',
    ].join('\n'),
  };
  const ws = new Workspace({ displayRoot: '/p' });
  ws.setProjectConfig('/p/tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
  for (const [p, t] of Object.entries(files)) ws.updateFile(p, t);
  const finding = ws.getFindings().find((f) => f.rule === 'shared-client');
  assert.ok(finding, 'the engine follows the path alias');
  const rewrite = computePoolRewrite(ws, finding, (p) => files[p]);
  assert.ok(rewrite);
  assert.equal(rewrite.preferred, true, rewrite.reason);
  assert.deepEqual([...rewrite.edits.keys()].sort(), ['/p/src/app.ts', '/p/src/db.ts']);
  const app = applyEdits(files['/p/src/app.ts'], rewrite.edits.get('/p/src/app.ts')!);
  assert.equal(app, files['/p/src/app.ts'].replace('  await client.connect();\n', '').replace('  await client.end();\n', ''));
});

test('a file the analysis saw using the client but the rewrite cannot reach refuses the whole rewrite', () => {
  const files: Record<string, string> = {
    '/p/db.js': "const { Client } = require('pg');\nconst client = new Client();\nmodule.exports = client;\n",
    '/p/elsewhere.js': "const db = globalThis.sharedDb;\nasync function tx() { await db.query('BEGIN'); await db.query('COMMIT'); }\n",
  };
  const rewrite = rewriteToPool({
    files: Object.keys(files),
    getText: (p) => files[p],
    creation: { file: '/p/db.js', offset: files['/p/db.js'].indexOf('new Client') },
    pgModules: DEFAULT_PG_MODULES,
    reportedUses: [{ file: '/p/elsewhere.js', line: 2 }],
    displayRoot: '/p',
  });
  assert.ok(rewrite);
  assert.equal(rewrite.preferred, false);
  assert.equal(rewrite.edits.size, 0);
  assert.match(rewrite.reason ?? '', /^elsewhere\.js:2: uses this client in a way the rewrite cannot follow/);
});
