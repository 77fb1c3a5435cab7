import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, assertNoEdge, creations, node } from './helpers/facts';
import type { MemberNode } from '../../server/src/engine/types';

describe('scope tracking and containers', () => {
  it('shadowing: parameters, locals, catch variables and destructuring are not the module binding', () => {
    const source = [
      `import { Client } from 'pg';`,
      `const client = new Client();`,
      `export function p(client: any) { return client.query('SELECT 1'); }`,
      `export function l() { const client = other(); return client.query('SELECT 1'); }`,
      `export function c() { try { } catch (client) { client.query('SELECT 1'); } }`,
      `export function d({ client }: any) { client.query('SELECT 1'); }`,
      `export function blk() { { let client = 1; client++; } }`,
      `export function uses() { return client.query('SELECT 1'); }`,
      `declare function other(): any;`,
    ].join('\n');
    const facts = analyze(source);
    for (const fn of ['b:p', 'b:l', 'b:c', 'b:d', 'b:blk']) assertNoEdge(facts, fn, 'b:client');
    assertEdge(facts, 'b:uses', 'b:client', 'ref');
    assert.deepEqual(facts.calls.filter((c) => c.target === 'b:client').map((c) => c.container), ['b:uses']);
    // `const client = other()` is a local alias of `other`, not of the module-level client.
    assert.equal(facts.calls.find((c) => c.container === 'b:l')?.target, 'b:other');
  });

  it('uses before the declaration resolve (hoisting); type positions are not references', () => {
    const source = [
      `export function early(): Db { return client as unknown as Db; }`,
      `interface Db { client: typeof client }`,
      `type Alias = Db;`,
      `export const client = 1;`,
      `export function typed(x: Db): Alias { return x; }`,
    ].join('\n');
    const facts = analyze(source);
    assertEdge(facts, 'b:early', 'b:client', 'ref');
    assertNoEdge(facts, 'b:typed', 'b:client');
  });

  it('local aliases count as their target', () => {
    const source = [
      `import { client, getClient } from './db';`,
      `export class Repo { db = client; async run() { const c = this.db; await c.query('BEGIN'); } }`,
      `export async function f() { const c = client; await c.query('SELECT 1'); }`,
      `export async function g() { const c = await getClient(); c.query('COMMIT'); }`,
    ].join('\n');
    const facts = analyze(source);
    const [run, f, g] = facts.calls;
    assert.deepEqual([run.target, run.container, run.sql, run.awaited], ['m:Repo.db', 'm:Repo.run', 'BEGIN', true]);
    assert.equal(f.container, 'b:f');
    assert.match(f.target, /^i:/);
    assert.equal(node(facts, f.target).name, 'client');
    assert.equal(node(facts, g.target).name, 'getClient');
    assert.equal(g.awaited, false);
    assertEdge(facts, 'm:Repo.db', f.target, 'alias');
  });

  it('containers: init for top-level code and IIFEs, bindings for their initializers, class members', () => {
    const source = [
      `import { Client } from 'pg';`,
      `const client = new Client();`,
      `(async () => { await client.connect(); })();`,
      `const handler = async () => client.query('SELECT 1');`,
      `main().catch(() => {});`,
      `async function main() { await handler(); }`,
      `export class Svc {`,
      `  static shared = client;`,
      `  constructor(private readonly dep: Dep) {}`,
      `  get c() { return client; }`,
      `  run() { return this.dep.go() && Svc.shared; }`,
      `}`,
      `class Dep { go() { return true; } }`,
    ].join('\n');
    const facts = analyze(source);
    const connect = facts.calls.find((c) => c.method === 'connect')!;
    assert.equal(connect.container, 'init');
    assertEdge(facts, 'init', 'b:client', 'ref');
    assertEdge(facts, 'b:handler', 'b:client', 'ref');
    assertEdge(facts, 'init', 'b:main', 'ref');
    assertEdge(facts, 'b:main', 'b:handler', 'ref');
    assertEdge(facts, 'm:Svc.shared', 'b:client', 'alias');
    assertEdge(facts, 'm:Svc.c', 'b:client', 'ref');
    assertEdge(facts, 'm:Svc.run', 'm:Svc.dep', 'ref');
    assertEdge(facts, 'm:Svc.run', 'm:Svc.shared', 'ref');
    for (const member of ['m:Svc.shared', 'm:Svc.dep', 'm:Svc.c', 'm:Svc.run', 'm:Svc.constructor']) assertEdge(facts, 'b:Svc', member, 'ref');
    assert.equal((node(facts, 'm:Svc.shared') as MemberNode).isStatic, true);
    assert.equal((node(facts, 'm:Svc.dep') as MemberNode).owner, 'b:Svc');
    // Not a DI class: the parameter type is not followed.
    assertNoEdge(facts, 'm:Svc.dep', 'b:Dep');
  });

  it('this.x = expr makes the member alias/new/ref it; new Db() at module level is a new edge', () => {
    const source = [
      `import { Client } from 'pg';`,
      `const shared = new Client();`,
      `class Db { constructor() { this.a = shared; this.b = new Helper(); } a: Client; b: Helper; }`,
      `class Helper {}`,
      `export const db = new Db();`,
    ].join('\n');
    const facts = analyze(source);
    assertEdge(facts, 'm:Db.a', 'b:shared', 'alias');
    assertEdge(facts, 'm:Db.b', 'b:Helper', 'new');
    assertEdge(facts, 'b:db', 'b:Db', 'new');
    assert.equal(creations(facts).length, 1);
  });
});
