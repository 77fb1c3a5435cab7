import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, creations, locate } from './helpers/facts';

/** Every way to reach pg's Client; the marker `new ` is where the creation starts. */
const POSITIVE: { name: string; source: string; callee: string; module?: string }[] = [
  { name: 'named import', source: `import { Client } from 'pg';\nconst db = new Client();`, callee: 'Client' },
  { name: 'renamed import', source: `import { Client as PgClient } from 'pg';\nconst db = new PgClient();`, callee: 'PgClient' },
  { name: 'default import member', source: `import pg from 'pg';\nconst db = new pg.Client();`, callee: 'pg.Client' },
  { name: 'destructured default import', source: `import pg from 'pg';\nconst { Client } = pg;\nconst db = new Client();`, callee: 'Client' },
  { name: 'namespace import', source: `import * as pg from 'pg';\nconst db = new pg.Client();`, callee: 'pg.Client' },
  { name: 'require destructure', source: `const { Client } = require('pg');\nconst db = new Client();`, callee: 'Client' },
  { name: 'require module', source: `const pg = require('pg');\nconst db = new pg.Client();`, callee: 'pg.Client' },
  { name: 'inline require member', source: `const db = new (require('pg').Client)({});`, callee: "(require('pg').Client)" },
  { name: 'inline require parenthesised', source: `const db = new (require('pg')).Client({});`, callee: "(require('pg')).Client" },
  { name: 'pg/lib/client default import', source: `import Client from 'pg/lib/client';\nconst db = new Client();`, callee: 'Client', module: 'pg/lib/client' },
  { name: 'pg/lib/client require', source: `const Client = require('pg/lib/client');\nconst db = new Client();`, callee: 'Client', module: 'pg/lib/client' },
  { name: 'pg.native.Client', source: `import pg from 'pg';\nconst db = new pg.native.Client();`, callee: 'pg.native.Client' },
  { name: 'destructured pg.native', source: `import pg from 'pg';\nconst { Client } = pg.native;\nconst db = new Client();`, callee: 'Client' },
  { name: "require('pg').native.Client", source: `const db = new (require('pg').native.Client)();`, callee: "(require('pg').native.Client)" },
  { name: 'neon', source: `import { Client } from '@neondatabase/serverless';\nconst db = new Client();`, callee: 'Client', module: '@neondatabase/serverless' },
  { name: 'TS import-equals', source: `import pg = require('pg');\nconst db = new pg.Client();`, callee: 'pg.Client' },
  { name: 'require destructure renamed', source: `const { Client: PgClient } = require('pg');\nconst db = new PgClient();`, callee: 'PgClient' },
];

describe('pg Client creations: every import form', () => {
  for (const { name, source, callee, module } of POSITIVE) {
    it(name, () => {
      const facts = analyze(source);
      const found = creations(facts);
      assert.equal(found.length, 1, JSON.stringify(facts.nodes));
      const creation = found[0];
      const start = locate(source, 'new ');
      const calleeOffset = source.indexOf(callee, start.offset);
      assert.equal(creation.shape, 'module');
      assert.equal(creation.holderName, 'db');
      assert.equal(creation.holder, 'b:db');
      assert.equal(creation.module, module ?? 'pg');
      assert.deepEqual(creation.range.start, { line: start.line, character: start.character });
      assert.equal(creation.range.offset, start.offset);
      assert.equal(creation.calleeRange.offset, calleeOffset);
      assert.equal(creation.calleeRange.length, callee.length);
      assertEdge(facts, 'b:db', creation.id, 'alias');
    });
  }
});

describe('not pg Client creations', () => {
  const NEGATIVE: [string, string][] = [
    ['discord.js Client', `import { Client } from 'discord.js';\nconst bot = new Client({ intents: [] });`],
    ['elasticsearch Client', `const { Client } = require('@elastic/elasticsearch');\nconst es = new Client({ node: 'x' });`],
    ['local class Client', `class Client {}\nconst c = new Client();`],
    ['pg Pool', `import { Pool } from 'pg';\nconst pool = new Pool();`],
    ['pg.Pool', `import pg from 'pg';\nconst pool = new pg.Pool();`],
    ['pg-promise', `import pgp from 'pg-promise';\nconst db = pgp()('postgres://x');`],
    ['postgres.js', `import postgres from 'postgres';\nconst sql = postgres('postgres://x');`],
    ['pg import shadowed by a parameter', `import { Client } from 'pg';\nfunction make(Client: any) { return new Client(); }`],
    ['unknown global Client', `const c = new Client();`],
  ];
  for (const [name, source] of NEGATIVE) {
    it(name, () => assert.deepEqual(creations(analyze(source)), []));
  }
});

describe('creation shapes', () => {
  it('top-level let assigned later is module-level', () => {
    const source = `import { Client } from 'pg';\nlet db;\ndb = new Client();`;
    const [c] = creations(analyze(source));
    assert.equal(c.shape, 'module');
    assert.equal(c.holder, 'b:db');
  });

  it('export default new Client() and module.exports = new Client()', () => {
    for (const source of [`import { Client } from 'pg';\nexport default new Client();`,
      `const { Client } = require('pg');\nmodule.exports = new Client();`]) {
      const facts = analyze(source);
      const [c] = creations(facts);
      assert.equal(c.shape, 'exportDefault');
      assert.equal(c.holderName, 'default');
      assert.deepEqual(facts.exports, [{ name: 'default', target: c.id }]);
    }
  });

  it('class field and this.x in the constructor', () => {
    const source = [
      `import { Client } from 'pg';`,
      `export class Db {`,
      `  client = new Client();`,
      `  other: Client;`,
      `  constructor() { this.other = new Client(); }`,
      `}`,
    ].join('\n');
    const facts = analyze(source);
    const [field, assigned] = creations(facts);
    assert.equal(field.shape, 'classField');
    assert.equal(field.holder, 'm:Db.client');
    assert.equal(field.classId, 'b:Db');
    assert.equal(field.holderName, 'Db.client');
    assert.equal(assigned.shape, 'classField');
    assert.equal(assigned.holder, 'm:Db.other');
    assert.equal(assigned.range.start.line, 4);
    assertEdge(facts, 'b:Db', 'm:Db.client', 'ref');
    assertEdge(facts, 'm:Db.other', assigned.id, 'alias');
  });

  it('lazy: module variable, ??=, cache[k], static member', () => {
    const source = [
      `import { Client } from 'pg';`,
      `let client: Client | undefined;`,
      `const cache: Record<string, Client> = {};`,
      `class Db { static instance: Client; }`,
      `export async function get() { if (!client) { client = new Client(); await client.connect(); } return client; }`,
      `export function lazy() { return (client ??= new Client()); }`,
      `export function byKey(k: string) { cache[k] = new Client(); }`,
      `export function single() { Db.instance = new Client(); }`,
    ].join('\n');
    const facts = analyze(source);
    const found = creations(facts);
    assert.deepEqual(found.map((c) => [c.shape, c.holder, c.range.start.line]), [
      ['lazy', 'b:client', 4], ['lazy', 'b:client', 5], ['lazy', 'b:cache', 6], ['lazy', 'm:Db.instance', 7],
    ]);
    const connect = facts.calls.find((c) => c.method === 'connect');
    assert.ok(connect);
    assert.equal(connect.target, 'b:client');
    assert.equal(connect.inLazyInit, true);
    assert.equal(connect.container, 'b:get');
  });

  it('local creations keep the node; pipeline flag', () => {
    const source = `import { Client } from 'pg';\nexport async function once() {\n  const c = new Client({ pipeline: true });\n  await c.connect();\n}`;
    const facts = analyze(source);
    const [c] = creations(facts);
    assert.equal(c.shape, 'local');
    assert.equal(c.holderName, 'c');
    assert.equal(c.pipeline, true);
    assert.equal(c.holder, undefined);
  });

  it('DI providers: useFactory and useValue', () => {
    const source = [
      `import { Client } from 'pg';`,
      `export const providers = [`,
      `  { provide: 'PG', useFactory: async () => { const c = new Client(); await c.connect(); return c; } },`,
      `  { provide: PG_TOKEN, useValue: new Client() },`,
      `];`,
      `declare const PG_TOKEN: symbol;`,
    ].join('\n');
    const facts = analyze(source);
    const [factory, value] = creations(facts);
    assert.equal(factory.shape, 'diFactory');
    assert.equal(factory.holder, 'di:"PG"');
    assert.equal(value.shape, 'diFactory');
    assert.equal(value.holder, 'di:PG_TOKEN');
    assertEdge(facts, 'di:"PG"', factory.id, 'alias');
    assertEdge(facts, 'di:PG_TOKEN', value.id, 'alias');
  });

  it('honours a custom pgModules list', () => {
    const source = `import { Client } from 'my-pg';\nconst db = new Client();`;
    assert.equal(creations(analyze(source)).length, 0);
    assert.equal(creations(analyze(source, undefined, ['my-pg'])).length, 1);
  });
});
