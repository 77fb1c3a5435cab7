import { ruleTester } from '../helpers/ruleTester';

const listener = (file: string, line: number, column: number, endColumn: number) =>
  ({ rule: 'pool-error-listener' as const, file, line, column, endLine: line, endColumn, severity: 'warning' as const });

ruleTester('pool-error-listener', {
  valid: [
    {
      name: 'a Pool per tenant kept in a module-level Map, its listener added before it is stored',
      files: { 'db.js': `const { Pool } = require('pg');\nconst pools = new Map();\nexports.poolFor = (url) => {\n  let pool = pools.get(url);\n  if (!pool) {\n    pool = new Pool({ connectionString: url });\n    pool.on('error', (err) => console.error(err));\n    pools.set(url, pool);\n  }\n  return pool;\n};\n` },
    },
    {
      name: 'listener right after the creation',
      files: { 'db.js': `const { Pool } = require('pg');\nconst pool = new Pool();\npool.on('error', (err) => console.error(err));\nmodule.exports = pool;\n` },
    },
    {
      name: 'listener attached in another file',
      files: {
        'db.js': `const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports = pool;\n`,
        'server.js': `const pool = require('./db');\npool.on('error', (err) => {\n  console.error('pool error', err);\n});\n`,
      },
    },
    {
      name: 'a Pool stored on an object, listened to through the same property path',
      files: { 'app.js': `const Koa = require('koa');\nconst { Pool } = require('pg');\nconst app = new Koa();\napp.pool = new Pool({ connectionTimeoutMillis: 5000 });\napp.pool.on('error', (err) => console.error(err));\nmodule.exports = app;\n` },
    },
    {
      name: 'chained on the creation',
      files: { 'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool().on('error', () => undefined);\n` },
    },
    {
      name: 'a mysql2 pool (it emits no error event for idle connections)',
      files: { 'db.js': `const mysql = require('mysql2');\nmodule.exports = mysql.createPool(process.env.DATABASE_URL);\n` },
    },
    {
      name: 'a Pool created per call is not long-lived',
      files: { 'r.js': `const { Pool } = require('pg');\nexports.run = async () => {\n  const p = new Pool();\n  await p.end();\n};\n` },
    },
    {
      name: 'a seed script whose top-level chain ends the pool: .then(() => pool.end())',
      files: { 'db/seed.js': `const { Pool } = require('pg');\nconst pool = new Pool({ host: process.env.PGHOST });\nasync function seed() {\n  await pool.query('INSERT INTO plans (name) VALUES ($1)', ['basic']);\n}\nseed()\n  .then(() => console.log('seeded'))\n  .then(() => pool.end());\n` },
    },
    {
      name: 'a script ending its pool in .finally(async () => { await pool.end() })',
      files: { 'db/drop.js': `const { Pool } = require('pg');\nconst pool = new Pool();\nconst drop = () => pool.query('DROP TABLE IF EXISTS plans');\ndrop().catch((err) => console.error(err)).finally(async () => {\n  await pool.end();\n});\n` },
    },
    {
      name: 'an ES module script with a top-level await pool.end()',
      files: { 'scripts/report.mjs': `import pg from 'pg';\nconst pool = new pg.Pool();\nconst { rows } = await pool.query('SELECT count(*) FROM orders');\nconsole.log(rows[0]);\nawait pool.end();\n` },
    },
    {
      name: 'a script that ends its pool behind a check that it was made: if (pool) await pool.end()',
      files: { 'scripts/migrate.js': `const { Pool } = require('pg');\nlet pool;\nasync function main() {\n  try {\n    pool = new Pool();\n    await pool.query('ALTER TABLE orders ADD COLUMN note text');\n  } finally {\n    if (pool) {\n      await pool.end();\n    }\n  }\n}\nmain();\n` },
    },
    {
      name: 'a script that ends its pool with pool && pool.end() in a top-level .finally()',
      files: { 'scripts/export.js': `const { Pool } = require('pg');\nconst pool = new Pool();\npool.query('SELECT * FROM orders')\n  .then(({ rows }) => console.log(rows.length))\n  .finally(() => { pool && pool.end(); });\n` },
    },
    {
      // A test file's teardown hook runs once, when its tests are done: the file is a script.
      name: "a Jest test file: Pool made in beforeAll, ended in afterAll (global hooks), also inside describe",
      files: {
        'test/orders.test.ts': `import { Pool } from 'pg';
let pool: Pool;
beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL });
});
afterAll(async () => {
  await pool.end();
});
it('lists orders', async () => {
  expect((await pool.query('SELECT 1')).rowCount).toBe(1);
});
`,
        'test/users.test.ts': `import { Pool } from 'pg';
const pool = new Pool();
describe('users', () => {
  describe.each([1, 2])('page %i', () => {});
  afterAll(() => pool.end());
  it('counts', async () => expect((await pool.query('SELECT 1')).rowCount).toBe(1));
});
`,
      },
    },
    {
      name: "the runner's hooks imported: vitest afterAll, node:test after (require), Playwright test.afterAll",
      files: {
        'a.test.ts': `import { afterAll, test } from 'vitest';
import { Pool } from 'pg';
const pool = new Pool();
afterAll(async () => { await pool.end(); });
test('q', async () => { await pool.query('SELECT 1'); });
`,
        'b.test.js': `const { after, describe, it } = require('node:test');
const { Pool } = require('pg');
const pool = new Pool();
describe('b', () => {
  after(() => pool.end());
  it('q', () => pool.query('SELECT 1'));
});
`,
        'c.spec.ts': `import { test } from '@playwright/test';
import { Pool } from 'pg';
const pool = new Pool();
test.describe('c', () => {
  test.afterAll(async () => { await pool.end(); });
});
`,
      },
    },
    {
      name: 'a script whose main function (called at top level) ends the pool in finally',
      files: { 'scripts/backfill.js': `const { Pool } = require('pg');\nconst pool = new Pool();\nasync function main() {\n  try {\n    await pool.query('UPDATE orders SET total = 0 WHERE total IS NULL');\n  } finally {\n    await pool.end();\n  }\n}\nmain();\n` },
    },
    {
      name: 'a script function chaining .then(() => pool.end()), called at top level',
      files: { 'db/drop.js': `const { Pool } = require('pg');\nconst pool = new Pool();\nfunction dropAll() {\n  pool.query('DROP TABLE IF EXISTS a')\n    .then(() => pool.query('DROP TABLE IF EXISTS b'))\n    .then(() => pool.end())\n    .catch((err) => err);\n}\ndropAll();\n` },
    },
    {
      name: 'a Pool returned by a module function whose caller attaches the listener before storing it on its exports',
      files: {
        'pg.js': `const { Pool } = require('pg');\nexports.open = async function (url) {\n  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: 5000 });\n  return pool;\n};\n`,
        'store.js': `const pg = require('./pg');\nconst store = module.exports;\nstore.init = async function () {\n  const pool = await pg.open(process.env.DATABASE_URL);\n  pool.on('error', (err) => console.error(err));\n  store.pool = pool;\n};\n`,
      },
    },
    {
      name: 'a Pool a handler opens through a module function per request is pool-per-request\'s, not this rule\'s',
      files: {
        'tenants.js': `const { Pool } = require('pg');\nexports.open = async function (url) {\n  return new Pool({ connectionString: url });\n};\n`,
        'app.js': `const express = require('express');\nconst tenants = require('./tenants');\nconst app = express();\napp.get('/r', async (req, res) => {\n  const pool = await tenants.open(req.query.url);\n  try {\n    res.json((await pool.query('SELECT 1')).rows);\n  } finally {\n    await pool.end();\n  }\n});\n`,
      },
    },
    {
      name: 'a Pool returned to a script that ends it is the script\'s',
      files: {
        'db.js': `const { Pool } = require('pg');\nexports.connect = async function (options) {\n  const pool = new Pool(options);\n  return pool;\n};\n`,
        'scripts/seed.js': `const db = require('../db');\nasync function main() {\n  const pool = await db.connect({ max: 1 });\n  try {\n    await pool.query('INSERT INTO t VALUES (1)');\n  } finally {\n    await pool.end();\n  }\n}\nmain();\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'a Pool kept in an LRU-style cache object imported from another module, with no listener',
      files: {
        'lru.ts': `export class PoolCache {\n  private readonly entries = new Map<string, unknown>();\n  set(key: string, value: unknown) {\n    this.entries.set(key, value);\n  }\n}\nexport const pgCache = new PoolCache();\n`,
        'pg.ts': `import pg from 'pg';\nimport { pgCache } from './lru';\nexport const getPgPool = (database: string) => {\n  const pool = new pg.Pool({ database });\n  pgCache.set(database, pool);\n  return pool;\n};\n`,
      },
      errors: [listener('pg.ts', 4, 16, 27)],
    },
    {
      name: 'a Pool per tenant kept in a module-level Map, with no listener (it lives as long as the process)',
      files: { 'db.js': `const { Pool } = require('pg');\nconst pools = new Map();\nexports.poolFor = (url) => {\n  let pool = pools.get(url);\n  if (!pool) {\n    pool = new Pool({ connectionString: url });\n    pools.set(url, pool);\n  }\n  return pool;\n};\n` },
      errors: [listener('db.js', 6, 12, 20)],
    },
    {
      // Only the runner's hooks: a project's own after(), and afterEach (it runs after every test, not once).
      name: "a project's own after() and an afterEach hook do not end a test file",
      files: {
        'jobs.js': `const { Pool } = require('pg');
const { after } = require('./lifecycle');
const pool = new Pool({ connectionTimeoutMillis: 5000 });
after(() => pool.end());
module.exports = pool;
`,
        'lifecycle.js': `exports.after = (fn) => process.once('beforeExit', fn);
`,
        'x.test.js': `const { Pool } = require('pg');
const pool = new Pool({ connectionTimeoutMillis: 5000 });
afterEach(() => pool.end());
test('q', () => pool.query('SELECT 1'));
`,
      },
      errors: [listener('jobs.js', 3, 14, 22), listener('x.test.js', 2, 14, 22)],
    },
    {
      name: "a Pool stored on the Koa app: app.on('error') is Koa's own event, not the pool's",
      files: { 'app.js': `const Koa = require('koa');\nconst { Pool } = require('pg');\nconst app = new Koa();\napp.pool = new Pool({ connectionTimeoutMillis: 5000 });\napp.on('error', (err) => console.error(err));\nmodule.exports = app;\n` },
      errors: [listener('app.js', 4, 12, 20)],
    },
    {
      name: 'a shutdown function that top-level code never calls (only a signal handler does)',
      files: { 'server.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\nasync function shutdown() {\n  await pool.end();\n  process.exit(0);\n}\nprocess.on('SIGINT', shutdown);\nmodule.exports = pool;\n` },
      errors: [listener('server.js', 2, 14, 22)],
    },
    {
      name: 'a server that ends its pool in a SIGTERM handler is still long-lived',
      files: { 'server.js': `const { Pool } = require('pg');\nconst express = require('express');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\nconst app = express();\napp.get('/', async (req, res) => res.json((await pool.query('SELECT 1')).rows));\nprocess.on('SIGTERM', () => pool.end().then(() => process.exit(0)));\n` },
      errors: [listener('server.js', 3, 14, 22)],
    },
    {
      name: 'a pool ended in an exported shutdown function is still long-lived',
      files: { 'db.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\nasync function close() {\n  await pool.end();\n}\nmodule.exports = { pool, close };\n` },
      errors: [listener('db.js', 2, 14, 22)],
    },
    {
      name: 'a pool another module ends at the end of its script is long-lived in its own module',
      files: {
        'db.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\nmodule.exports = pool;\n`,
        'migrate.js': `const pool = require('./db');\npool.query('CREATE TABLE t (id int)').then(() => pool.end());\n`,
      },
      errors: [listener('db.js', 2, 14, 22)],
    },
    {
      name: 'a factory Pool memoised on globalThis[Symbol.for(…)] through a local alias is long-lived',
      files: {
        'db.js': `import pg from 'pg';\nconst KEY = Symbol.for('app.pool');\nexport function createPool(cs) {\n  return new pg.Pool({ connectionString: cs, connectionTimeoutMillis: 2000 });\n}\nexport function getPool(cs) {\n  const g = globalThis;\n  if (!g[KEY]) g[KEY] = createPool(cs);\n  return g[KEY];\n}\n`,
        'app.js': `import express from 'express';\nimport { getPool } from './db.js';\nconst app = express();\napp.get('/', async (req, res) => res.json((await getPool().query('SELECT 1')).rows));\n`,
      },
      errors: [listener('db.js', 4, 10, 21)],
    },
    {
      name: 'a factory Pool memoised with globalThis.__pool ??= is long-lived',
      files: {
        'db.js': `import pg from 'pg';\nfunction createPool() {\n  return new pg.Pool({ connectionTimeoutMillis: 2000 });\n}\nexport function getPool() {\n  globalThis.__pool ??= createPool();\n  return globalThis.__pool;\n}\n`,
      },
      errors: [listener('db.js', 3, 10, 21)],
    },
    {
      name: 'a Pool returned by connection.connect (on const connection = module.exports) and kept in a module variable',
      files: {
        'db/connection.js': `const connection = module.exports;\nconnection.connect = async function (settings) {\n  const { Pool } = require('pg');\n  const pool = new Pool(settings);\n  await pool.query('SELECT 1');\n  return pool;\n};\n`,
        'db/index.js': `const connection = require('./connection');\nlet pool;\nexports.start = async function () {\n  pool = await connection.connect({ connectionTimeoutMillis: 5000 });\n};\nexports.count = async () => (await pool.query('SELECT count(*) FROM t')).rows[0];\n`,
      },
      errors: [listener('db/connection.js', 4, 16, 24)],
    },
    {
      name: 'a Pool a function stores on the exports object (const store = module.exports; store.pool = pool)',
      files: { 'store.js': `const store = module.exports;\nstore.init = async function (config) {\n  const { Pool } = require('pg');\n  const pool = new Pool(config);\n  store.pool = pool;\n};\n` },
      errors: [listener('store.js', 4, 16, 24)],
    },
    {
      name: 'a Pool a function stores on exports.pool',
      files: { 'db.js': `const { Pool } = require('pg');\nexports.init = async (config) => {\n  const pool = new Pool(config);\n  exports.pool = pool;\n};\n` },
      errors: [listener('db.js', 3, 16, 24)],
    },
    {
      name: 'a returned Pool kept with main.pool = main.pool || db',
      files: {
        'connection.js': `const { Pool } = require('pg');\nexports.connect = async function (options) {\n  const db = new Pool(options);\n  return db;\n};\n`,
        'main.js': `const connection = require('./connection');\nconst main = module.exports;\nmain.info = async function (db) {\n  if (!db) {\n    db = await connection.connect({ max: 2 });\n  }\n  main.pool = main.pool || db;\n  return db.query('SELECT 1');\n};\n`,
      },
      errors: [listener('connection.js', 3, 14, 22)],
    },
    {
      name: 'a returned Pool a script ends is still long-lived when a server keeps it too',
      files: {
        'db.js': `const { Pool } = require('pg');\nexports.connect = async function (options) {\n  const pool = new Pool(options);\n  return pool;\n};\n`,
        'scripts/seed.js': `const db = require('../db');\nlet pool;\nasync function main() {\n  pool = await db.connect({ max: 1 });\n  await pool.query('INSERT INTO t VALUES (1)');\n}\nmain().finally(() => pool.end());\n`,
        'server.js': `const db = require('./db');\nlet pool;\nasync function start() {\n  pool = await db.connect({ max: 10 });\n}\nstart();\nmodule.exports = () => pool;\n`,
      },
      errors: [listener('db.js', 3, 16, 24)],
    },
    {
      name: 'a module-level Pool with no listener anywhere',
      files: {
        'db.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nmodule.exports = pool;\n`,
        'server.js': `const pool = require('./db');\npool.on('connect', () => {});\n`,
      },
      errors: [listener('db.js', 2, 14, 22)],
    },
    {
      name: 'export default new Pool()',
      files: { 'db.ts': `import pg from 'pg';\nexport default new pg.Pool();\n` },
      errors: [listener('db.ts', 2, 16, 27)],
    },
  ],
});
