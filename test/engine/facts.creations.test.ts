import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, contexts, creations, locate, startOf } from './helpers/facts';
import { compileDrivers, driverMember } from '../../server/src/engine/facts/driverValues';
import { extractFacts } from '../../server/src/engine/facts/index';
import { parseFile } from '../../server/src/engine/parse';
import { resourceLabel, type DriverEntry } from '../../server/src/engine/catalogue/drivers';
import { DEFAULT_PG_MODULES } from '../../server/src/engine/types';

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
      assert.deepEqual(startOf(facts, creation.range), { line: start.line, character: start.character });
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
    ['pg Pool (a creation of resource pool, see below)', `import { Pool } from 'pg';\nconst pool = new Pool();`],
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
    assert.equal(startOf(facts, assigned.range).line, 4);
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
    assert.deepEqual(found.map((c) => [c.shape, c.holder, startOf(facts, c.range).line]), [
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

  it('a module-level object names its connections by key path; a provider object that is a binding keeps its DI claim', () => {
    const source = [
      `import { Client } from 'pg';`,
      `export const db = { main: new Client(), replicas: { eu: new Client() } };`,
      `export const wrapped = connect({ main: new Client() });`,
      `export const pgProvider = { provide: 'PG', useValue: new Client() };`,
      `declare function connect(o: object): object;`,
    ].join('\n');
    const facts = analyze(source);
    const [main, eu, passed, provided] = creations(facts);
    assert.deepEqual([main.holderName, main.shape], ['db.main', 'module']);
    assert.deepEqual([eu.holderName, eu.shape], ['db.replicas.eu', 'module']);
    assert.deepEqual([passed.holderName, passed.shape], ['wrapped', 'module']);
    assert.deepEqual([provided.shape, provided.holder], ['diFactory', 'di:"PG"']);
  });

  it('honours a custom pgModules list', () => {
    const source = `import { Client } from 'my-pg';\nconst db = new Client();`;
    assert.equal(creations(analyze(source)).length, 0);
    assert.equal(creations(analyze(source, undefined, ['my-pg'])).length, 1);
  });
});

describe('other resources of the driver table', () => {
  const POOLS: [string, string, string?][] = [
    ['named import', `import { Pool } from 'pg';\nexport const pool = new Pool();`],
    ['default import member', `import pg from 'pg';\nexport const pool = new pg.Pool();`],
    ['require destructure', `const { Pool } = require('pg');\nexport const pool = new Pool();`],
    ['destructured default import', `import pg from 'pg';\nconst { Pool } = pg;\nexport const pool = new Pool();`],
    ['pg.native.Pool', `import pg from 'pg';\nexport const pool = new pg.native.Pool();`],
    ['neon', `import { Pool } from '@neondatabase/serverless';\nexport const pool = new Pool();`, '@neondatabase/serverless'],
  ];
  for (const [name, source, module] of POOLS) {
    it(`a Pool is a creation of resource 'pool' (${name})`, () => {
      const facts = analyze(source);
      assert.deepEqual(creations(facts), []);
      const [pool] = creations(facts, 'pool');
      assert.ok(pool, JSON.stringify(facts.nodes));
      assert.deepEqual([pool.driver, pool.resource, pool.createdBy, pool.shape, pool.holder, pool.module], ['pg', 'pool', 'new', 'module', 'b:pool', module ?? 'pg']);
      const at = locate(source, 'new ');
      assert.deepEqual([startOf(facts, pool.range), pool.range.offset], [{ line: at.line, character: at.character }, at.offset]);
    });
  }

  it('a Client is a client of the pg driver, created by new', () => {
    const [c] = creations(analyze(`import { Client } from 'pg';\nconst db = new Client();`));
    assert.deepEqual([c.driver, c.resource, c.createdBy], ['pg', 'client', 'new']);
  });

  it('a Pool per request is a local creation the local name stands for', () => {
    const source = `import { Pool } from 'pg';\nexport async function handler() {\n  const p = new Pool();\n  await p.query('SELECT 1');\n  await p.end();\n}`;
    const facts = analyze(source);
    const [pool] = creations(facts, 'pool');
    assert.equal(pool.shape, 'local');
    assert.deepEqual(facts.calls.map((c) => [c.method, c.target]), [['query', pool.id], ['end', pool.id]]);
  });

  it('a Pool never makes its holder a Client holder (its listeners stay contexts, as before pools were recorded)', () => {
    const facts = analyze(`import { Pool } from 'pg';\nconst pool = new Pool();\npool.on('connect', async (c) => {});`);
    assert.deepEqual(contexts(facts).map((c) => c.detail), ['on("connect")']);
  });
});

describe('driver table compilation', () => {
  /** A factory-style driver, shaped like mysql2, to exercise what the pg row does not: creation by a call. */
  const FACTORY_ROW = {
    id: 'factorydb', name: 'a factory driver', modules: [{ specifier: 'factorydb' }, { specifier: 'factorydb/promise' }],
    exports: [
      { export: 'createConnection', resource: 'client', createdBy: 'call' },
      { export: 'createPool', resource: 'pool', createdBy: 'call', acquire: { method: 'getConnection', resource: 'pool-client' } },
    ],
    labels: { client: 'factorydb Connection' },
  } as const satisfies DriverEntry;
  const factoryDrivers = compileDrivers({}, [FACTORY_ROW]);
  const analyzeWith = (source: string) => {
    const { sourceFile } = parseFile('/w/db.ts', source);
    return extractFacts(sourceFile!, { pgModules: [], rules: {} }, { drivers: factoryDrivers });
  };

  it('records factory calls as creations, in every import form, with claims and holders', () => {
    for (const [source, start] of [
      [`import mysql from 'factorydb';\nexport const db = mysql.createConnection({});`, 'mysql.createConnection'],
      [`import { createConnection } from 'factorydb/promise';\nexport const db = createConnection({});`, 'createConnection({'],
      [`const mysql = require('factorydb');\nexport const db = mysql.createConnection({});`, 'mysql.createConnection'],
      [`export const db = require('factorydb').createConnection({});`, "require('factorydb').createConnection"],
    ]) {
      const facts = analyzeWith(source);
      const [c] = creations(facts);
      assert.ok(c, source);
      assert.deepEqual([c.driver, c.resource, c.createdBy, c.shape, c.holder, c.name], ['factorydb', 'client', 'call', 'module', 'b:db', 'db'], source);
      assert.equal(c.range.offset, source.indexOf(start), source);
      assertEdge(facts, 'b:db', c.id, 'alias');
    }
    const pool = creations(analyzeWith(`import mysql from 'factorydb';\nexport default mysql.createPool({});`), 'pool');
    assert.deepEqual(pool.map((p) => [p.shape, p.holderName, p.createdBy]), [['exportDefault', 'default', 'call']]);
    const unnamed = creations(analyzeWith(`import mysql from 'factorydb';\nmysql.createConnection({}).connect();`));
    assert.deepEqual(unnamed.map((c) => c.name), ['createConnection()']);
  });

  it('a name is never trusted: a local createConnection is not the driver', () => {
    assert.deepEqual(creations(analyzeWith(`function createConnection() { return {}; }\nexport const db = createConnection();`)), []);
  });

  it("module lists replace a row's modules; a listed module the row does not know follows modulesBySuffix", () => {
    const drivers = compileDrivers({ pg: ['@acme/pg', './db/client'] });
    assert.equal(drivers.isDriverModule('pg'), false);
    assert.equal(drivers.moduleValue('@acme/pg')?.namespaceRoot, true);
    assert.equal(drivers.moduleValue('./db/client')?.resource?.kind, 'client');
    assert.equal(drivers.hasFactories, true, 'mysql2, mysql, mariadb, oracledb and @vercel/postgres create by factory calls');
    assert.equal(compileDrivers({ pg: ['pg'] }), compileDrivers({ pg: ['pg'] }), 'compiled once per module lists');
    const facts = analyze(`import Client from './db/client';\nexport const db = new Client();`, undefined, ['./db/client']);
    assert.equal(creations(facts).length, 1);
  });

  it('the pg row: defaults, exports and labels', () => {
    assert.deepEqual([...DEFAULT_PG_MODULES], ['pg', 'pg/lib/client', 'pg/lib/index', 'pg/lib', '@neondatabase/serverless']);
    const pg = compileDrivers({}).moduleValue('pg')!;
    assert.deepEqual([...pg.members!.keys()].sort(), ['Client', 'Pool', 'native']);
    assert.equal(driverMember(pg, 'default'), pg);
    assert.equal(driverMember(driverMember(pg, 'native')!, 'default'), undefined);
    assert.equal(compileDrivers({}).moduleValue('pg/lib/client')?.resource?.kind, 'client');
    assert.equal(resourceLabel('pg', 'client'), 'pg Client');
    assert.equal(resourceLabel('pg', 'pool'), 'pg Pool');
  });
});
