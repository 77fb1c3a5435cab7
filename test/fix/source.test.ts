/**
 * The rewrite's parsed files: files parsed together share one type checker
 * (a checker per file was most of the rewrite's time), unless a file's
 * declarations would be visible to the others; names resolve inside each
 * file exactly as with a checker of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { parseFile, parseFiles, SourceStore, symbolOf } from '../../server/src/engine/fix/source';

function identifier(sf: ts.SourceFile, name: string, nth = 0): ts.Identifier {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found[nth];
}

test('modules parsed together share one checker; a script and a `declare global` file get their own', () => {
  const [esm, cjs, typed, script, global] = parseFiles([
    { path: '/app/db.mjs', text: `import pg from 'pg';\nexport const client = new pg.Client();\n` },
    { path: '/app/routes.js', text: `const { client } = require('./db');\nexports.list = () => client.query('SELECT 1');\n` },
    { path: '/app/jobs.ts', text: `import { client } from './db';\nexport async function run(): Promise<void> { await client.query('SELECT 1'); }\n` },
    { path: '/app/legacy.js', text: `var client = 1;\nfunction tick() { return client; }\n` },
    { path: '/app/types.ts', text: `export {};\ndeclare global { var client: unknown; }\n` },
  ]);
  assert.equal(esm.checker, cjs.checker);
  assert.equal(esm.checker, typed.checker);
  assert.notEqual(script.checker, esm.checker);
  assert.notEqual(global.checker, esm.checker);
  assert.notEqual(script.checker, global.checker);
});

test('a name resolves inside its own file only, as with a checker per file', () => {
  const [a, b, script] = parseFiles([
    { path: '/app/a.js', text: `const db = require('pg');\nmodule.exports = () => db;\n` },
    { path: '/app/b.js', text: `const db = require('./a');\nmodule.exports = () => db.query(helper());\n` },
    { path: '/app/c.js', text: `function helper() { return 'SELECT 1'; }\n` },
  ]);
  const inA = symbolOf(a, identifier(a.sf, 'db', 1));
  const inB = symbolOf(b, identifier(b.sf, 'db', 1));
  assert.ok(inA && inB);
  assert.notEqual(inA, inB);
  assert.equal(inA, symbolOf(a, identifier(a.sf, 'db', 0)));
  // The script's `helper` would be a global of a shared program: the module must not see it.
  assert.ok(symbolOf(script, identifier(script.sf, 'helper')));
  assert.equal(symbolOf(b, identifier(b.sf, 'helper')), undefined);
});

test('SourceStore parses a file once per rewrite and batches a preload', () => {
  const texts: Record<string, string> = { '/app/a.js': `exports.x = 1;\n`, '/app/b.js': `exports.y = require('./a').x;\n` };
  const reads: string[] = [];
  const store = new SourceStore((path) => {
    reads.push(path);
    return texts[path];
  });
  store.preload(['/app/a.js', '/app/b.js', '/app/missing.js']);
  const a = store.get('/app/a.js');
  assert.equal(store.get('/app/a.js'), a);
  assert.equal(store.get('/app/missing.js'), undefined);
  assert.equal(a!.checker, store.get('/app/b.js')!.checker);
  assert.deepEqual(reads.sort(), ['/app/a.js', '/app/b.js', '/app/missing.js']);
});
