import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, imports, locate, node, startOf } from './helpers/facts';
import type { ImportNode } from '../../server/src/engine/types';

function summary(list: ImportNode[]): string[] {
  return list.map((i) => `${i.specifier}|${i.importedName}|${i.localName}|${i.syntax}`);
}

describe('imports', () => {
  it('ESM named, default, namespace; pg and builtins are not import nodes', () => {
    const source = [
      `import { Client } from 'pg';`,
      `import fs from 'node:fs';`,
      `import path from 'path';`,
      `import db, { query as q } from './db';`,
      `import * as repo from '../repo';`,
      `import type { T } from './types';`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(summary(imports(facts)), ['./db|default|db|esm', './db|query|q|esm', '../repo|*|repo|esm']);
    const q = imports(facts)[1];
    const at = locate(source, 'q }');
    assert.deepEqual(startOf(facts, q.range), { line: at.line, character: at.character });
    assert.equal(q.range.length, 1);
  });

  it('CommonJS and dynamic forms', () => {
    const source = [
      `const db = require('./db');`,
      `const { query, client: c } = require('./db');`,
      `const one = require('./db').one;`,
      `const dflt = require('./db').default;`,
      `import lib = require('./lib');`,
      `async function f() { const m = await import('./lazy'); return require('./inline').thing; }`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(summary(imports(facts)), [
      './lib|*|lib|cjs', './db|*|db|cjs', './db|query|query|cjs', './db|client|c|cjs', './db|one|one|cjs',
      './db|default|dflt|cjs', './lazy|*|m|dynamic', './inline|thing|thing|cjs',
    ]);
    assertEdge(facts, 'b:f', imports(facts)[7].id, 'ref');
  });

  it('namespace member uses get their own import node; a bare use refs the namespace', () => {
    const source = [
      `import * as db from './db';`,
      `export function a() { return db.query('SELECT 1'); }`,
      `export function b() { return db.query('SELECT 2'); }`,
      `export function c() { return use(db); }`,
      `declare function use(x: unknown): unknown;`,
    ].join('\n');
    const facts = analyze(source);
    const ns = imports(facts).find((i) => i.importedName === '*')!;
    const member = imports(facts).filter((i) => i.importedName === 'query');
    assert.equal(member.length, 1);
    assert.equal(member[0].specifier, './db');
    assertEdge(facts, 'b:a', member[0].id, 'ref');
    assertEdge(facts, 'b:b', member[0].id, 'ref');
    assertEdge(facts, 'b:c', ns.id, 'ref');
    assert.ok(!facts.edges.some((e) => e.from === 'b:a' && e.to === ns.id));
  });
});

describe('exports', () => {
  it('ESM declarations, lists, defaults and re-exports', () => {
    const source = [
      `export const a = 1;`,
      `export function f() {}`,
      `export class K {}`,
      `const hidden = 2;`,
      `export { hidden as shown };`,
      `export { x, y as z } from './other';`,
      `export * as ns from './ns';`,
      `export * from './all';`,
      `export default f;`,
    ].join('\n');
    const facts = analyze(source);
    const byName = Object.fromEntries(facts.exports.map((e) => [e.name, e.target]));
    assert.equal(byName.a, 'b:a');
    assert.equal(byName.f, 'b:f');
    assert.equal(byName.K, 'b:K');
    assert.equal(byName.shown, 'b:hidden');
    assert.equal(byName.default, 'b:f');
    const x = node(facts, byName.x) as ImportNode;
    assert.deepEqual([x.specifier, x.importedName], ['./other', 'x']);
    const z = node(facts, byName.z) as ImportNode;
    assert.deepEqual([z.importedName, z.localName], ['y', 'z']);
    assert.equal((node(facts, byName.ns) as ImportNode).importedName, '*');
    assert.deepEqual(facts.starExports, ['./all']);
  });

  it('export default expression gets a binding-like container node', () => {
    const source = `import { client } from './db';\nexport default async function () { await client.query('SELECT 1'); }`;
    const facts = analyze(source);
    assert.deepEqual(facts.exports, [{ name: 'default', target: 'b:default' }]);
    assertEdge(facts, 'b:default', imports(facts)[0].id, 'ref');
    const arrow = analyze(`import { client } from './db';\nexport default (req: unknown) => client.query('SELECT 1');`);
    assert.deepEqual(arrow.exports, [{ name: 'default', target: 'b:default' }]);
    assertEdge(arrow, 'b:default', imports(arrow)[0].id, 'ref');
  });

  it('CommonJS: module.exports object, exports.x, re-export', () => {
    const source = [
      `const { Client } = require('pg');`,
      `const client = new Client();`,
      `module.exports = { query: (t, p) => client.query(t, p), client, helper() { return client; } };`,
      `exports.extra = client;`,
      `module.exports.fn = function () { return client.end(); };`,
    ].join('\n');
    const facts = analyze(source, '/w/db.js');
    const byName = Object.fromEntries(facts.exports.map((e) => [e.name, e.target]));
    assert.equal(byName.client, 'b:client');
    assert.equal(byName.extra, 'b:client');
    assert.equal(byName.query, 'x:query');
    assert.equal(byName.helper, 'x:helper');
    assert.equal(byName.fn, 'x:fn');
    assert.equal(byName.default, 'x:default');
    assertEdge(facts, 'x:query', 'b:client', 'ref');
    assertEdge(facts, 'x:helper', 'b:client', 'ref');
    assertEdge(facts, 'x:fn', 'b:client', 'ref');
    for (const target of ['x:query', 'b:client', 'x:helper']) assertEdge(facts, 'x:default', target, 'ref');
    const call = facts.calls.find((c) => c.container === 'x:query');
    assert.equal(call?.target, 'b:client');

    const star = analyze(`module.exports = require('./other');`, '/w/index.js');
    assert.deepEqual(star.starExports, ['./other']);
    const single = analyze(`const c = require('./c');\nmodule.exports = c;`, '/w/index.js');
    assert.deepEqual(single.exports, [{ name: 'default', target: imports(single)[0].id }]);
  });

  it('const initializers: alias vs new vs ref', () => {
    const source = [
      `import * as pg from './pgwrap';`,
      `import { client } from './db';`,
      `class Repo { constructor(c: unknown) {} }`,
      `export const db = client;`,
      `export const db2 = pg.client;`,
      `export const repo = new Repo(client);`,
      `export const wrapped = wrap(client);`,
      `declare function wrap(x: unknown): unknown;`,
    ].join('\n');
    const facts = analyze(source);
    const client = imports(facts).find((i) => i.localName === 'client' && i.specifier === './db')!;
    const pgClient = imports(facts).find((i) => i.importedName === 'client' && i.specifier === './pgwrap')!;
    assertEdge(facts, 'b:db', client.id, 'alias');
    assertEdge(facts, 'b:db2', pgClient.id, 'alias');
    assertEdge(facts, 'b:repo', 'b:Repo', 'new');
    assertEdge(facts, 'b:repo', client.id, 'ref');
    assertEdge(facts, 'b:wrapped', client.id, 'ref');
    assert.ok(!facts.edges.some((e) => e.from === 'b:db' && e.kind === 'ref'));
  });
});
