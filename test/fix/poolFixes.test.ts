/**
 * Golden tests of the Pool rules' quick fixes (computeFix): the exact text
 * after the fix, the refusal reason when there is none, and that the rule
 * has nothing left to report afterwards (so a second --fix is a no-op).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/workspace';
import { applyEdits, computeFix } from '../../server/src/engine/fix';
import type { RuleId } from '../../server/src/engine/types';

const ROOT = '/app';

function fixOnce(files: Record<string, string>, rule: RuleId, options: { connectionTimeoutMillis?: number } = {}) {
  const ws = new Workspace({ displayRoot: ROOT });
  for (const [name, text] of Object.entries(files)) ws.updateFile(`${ROOT}/${name}`, text);
  const finding = ws.getFindings().find((f) => f.rule === rule);
  assert.ok(finding, `${rule} is reported`);
  const fix = computeFix(ws, finding, (path) => files[path.slice(ROOT.length + 1)], options);
  assert.ok(fix, 'a fix is computed');
  const after = { ...files };
  for (const [path, edits] of fix.edits) after[path.slice(ROOT.length + 1)] = applyEdits(files[path.slice(ROOT.length + 1)], edits);
  const again = new Workspace({ displayRoot: ROOT });
  for (const [name, text] of Object.entries(after)) again.updateFile(`${ROOT}/${name}`, text);
  return { fix, after, left: again.getFindings().filter((f) => f.rule === rule) };
}

const LISTENED = `pool.on('error', () => {});\n`;

test('pool-connect-timeout: added to a one-line config, with the setting', () => {
  const files = { 'db.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n${LISTENED}module.exports = pool;\n` };
  const { fix, after, left } = fixOnce(files, 'pool-connect-timeout', { connectionTimeoutMillis: 2500 });
  assert.equal(fix.preferred, true);
  assert.equal(after['db.js'], `const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2500 });\n${LISTENED}module.exports = pool;\n`);
  assert.deepEqual(left, []);
});

test('pool-connect-timeout: a multi-line config gets its own line, trailing comma kept; no config gets one', () => {
  const multi = { 'db.ts': `import pg from 'pg';\nexport const pool = new pg.Pool({\n  host: 'db',\n  max: 20,\n});\npool.on('error', () => {});\n` };
  assert.equal(fixOnce(multi, 'pool-connect-timeout').after['db.ts'], `import pg from 'pg';\nexport const pool = new pg.Pool({\n  host: 'db',\n  max: 20,\n  connectionTimeoutMillis: 10000,\n});\npool.on('error', () => {});\n`);
  const none = { 'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool();\npool.on('error', () => {});\n` };
  assert.equal(fixOnce(none, 'pool-connect-timeout').after['db.ts'], `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionTimeoutMillis: 10000 });\npool.on('error', () => {});\n`);
});

test('pool-connect-timeout: a same-file const config gets the key in its literal; a config from elsewhere is refused', () => {
  const files = { 'server/api/pool.ts': `import pg from 'pg';\n\nconst poolConfig = {\n  user: process.env.DB_USER,\n  port: 5432,\n};\n\nexport const pool = new pg.Pool(poolConfig);\npool.on('error', () => {});\n` };
  const { fix, after, left } = fixOnce(files, 'pool-connect-timeout');
  assert.equal(fix.preferred, true, fix.reason);
  assert.equal(after['server/api/pool.ts'], `import pg from 'pg';\n\nconst poolConfig = {\n  user: process.env.DB_USER,\n  port: 5432,\n  connectionTimeoutMillis: 10000,\n};\n\nexport const pool = new pg.Pool(poolConfig);\npool.on('error', () => {});\n`);
  assert.deepEqual(left, []);
});

test('pool-error-listener: a listener statement after the creation, or chained when there is no statement of its own', () => {
  const files = { 'db.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\nmodule.exports = pool;\n` };
  const { after, left } = fixOnce(files, 'pool-error-listener');
  assert.equal(after['db.js'], `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\n\npool.on('error', (err) => {\n  console.error('Unexpected error on idle PostgreSQL client', err);\n});\nmodule.exports = pool;\n`);
  assert.deepEqual(left, []);
  const chained = { 'db.ts': `import { Pool } from "pg";\nexport default new Pool({ connectionTimeoutMillis: 1 });\n` };
  assert.equal(fixOnce(chained, 'pool-error-listener').after['db.ts'], `import { Pool } from "pg";\nexport default new Pool({ connectionTimeoutMillis: 1 }).on("error", (err) => {\n  console.error("Unexpected error on idle PostgreSQL client", err);\n});\n`);
  // The creation's own trailing comment stays on its line; code after it on the line means chaining.
  const commented = { 'db.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 }); // shared\nmodule.exports = pool;\n` };
  assert.equal(fixOnce(commented, 'pool-error-listener').after['db.js'], `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 }); // shared\n\npool.on('error', (err) => {\n  console.error('Unexpected error on idle PostgreSQL client', err);\n});\nmodule.exports = pool;\n`);
  const crowded = { 'db.js': `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 }); module.exports = pool;\n` };
  assert.equal(fixOnce(crowded, 'pool-error-listener').after['db.js'], `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 }).on('error', (err) => {\n  console.error('Unexpected error on idle PostgreSQL client', err);\n}); module.exports = pool;\n`);
});

const POOL = `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\n${LISTENED}module.exports = pool;\n`;

test('pool-client-leak: the rest of the block goes into try/finally, its own release() removed', () => {
  const files = {
    'db.js': POOL,
    'r.js': `const pool = require('./db');\nexports.find = async (id) => {\n  const client = await pool.connect();\n  const r = await client.query('SELECT * FROM t WHERE id = $1', [id]);\n  if (r.rowCount === 0) return null;\n  client.release();\n  return r.rows[0];\n};\n`,
  };
  const { fix, after, left } = fixOnce(files, 'pool-client-leak');
  assert.equal(fix.preferred, true, fix.reason);
  assert.equal(after['r.js'], `const pool = require('./db');\nexports.find = async (id) => {\n  const client = await pool.connect();\n  try {\n    const r = await client.query('SELECT * FROM t WHERE id = $1', [id]);\n    if (r.rowCount === 0) return null;\n    return r.rows[0];\n  } finally {\n    client.release();\n  }\n};\n`);
  assert.deepEqual(left, []);
});

test('pool-client-leak: a dropped `await pool.connect();` becomes a startup query', () => {
  const files = { 'db.ts': `import pg from 'pg';
const pool = new pg.Pool({ connectionTimeoutMillis: 1 });
pool.on('error', () => {});
await pool.connect();
export default pool;
` };
  const { after, left } = fixOnce(files, 'pool-client-leak');
  assert.equal(after['db.ts'], `import pg from 'pg';
const pool = new pg.Pool({ connectionTimeoutMillis: 1 });
pool.on('error', () => {});
await pool.query('SELECT 1');
export default pool;
`);
  assert.deepEqual(left, []);
});

test('pool-client-leak: a try/catch that releases at the end of its try gets the finally', () => {
  const files = {
    'db.js': POOL,
    'r.js': `const pool = require('./db');\nexports.move = async () => {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('COMMIT');\n    client.release();\n  } catch (err) {\n    await client.query('ROLLBACK');\n    throw err;\n  }\n};\n`,
  };
  const { after, left } = fixOnce(files, 'pool-client-leak');
  assert.equal(after['r.js'], `const pool = require('./db');\nexports.move = async () => {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('COMMIT');\n  } catch (err) {\n    await client.query('ROLLBACK');\n    throw err;\n  } finally {\n    client.release();\n  }\n};\n`);
  assert.deepEqual(left, []);
});

test('pool-client-leak: template literals are not re-indented', () => {
  const files = {
    'db.js': POOL,
    'r.js': `const pool = require('./db');\nexports.all = async () => {\n  const c = await pool.connect();\n  const r = await c.query(\`\n    SELECT *\n    FROM t\`);\n  c.release();\n  return r.rows;\n};\n`,
  };
  assert.equal(fixOnce(files, 'pool-client-leak').after['r.js'], `const pool = require('./db');\nexports.all = async () => {\n  const c = await pool.connect();\n  try {\n    const r = await c.query(\`\n    SELECT *\n    FROM t\`);\n    return r.rows;\n  } finally {\n    c.release();\n  }\n};\n`);
});

test('pool-client-leak: a connect() callback that takes no client becomes a query, which gives its client back', () => {
  const files = { 'database/pg.js': `const { Pool } = require("pg");\nconst db = new Pool({ connectionTimeoutMillis: 5000 });\ndb.on("error", () => {});\n\ndb.connect((err) => {\n  if (err) console.error("database unreachable", err);\n  else console.log("database ready");\n});\n\nmodule.exports = db;\n` };
  const { fix, after, left } = fixOnce(files, 'pool-client-leak');
  assert.equal(fix.preferred, true, fix.reason);
  assert.equal(fix.title, 'Check the pool with a query instead of a connect() that keeps its client');
  assert.equal(after['database/pg.js'], `const { Pool } = require("pg");\nconst db = new Pool({ connectionTimeoutMillis: 5000 });\ndb.on("error", () => {});\n\ndb.query("SELECT 1", (err) => {\n  if (err) console.error("database unreachable", err);\n  else console.log("database ready");\n});\n\nmodule.exports = db;\n`);
  assert.deepEqual(left, []);
});

test('pool-client-leak: refused, with the reason, for release(err), the callback form and a declaration it cannot wrap', () => {
  const withErr = { 'db.js': POOL, 'r.js': `const pool = require('./db');\nexports.f = async () => {\n  const c = await pool.connect();\n  try {\n    await c.query('x');\n  } catch (e) {\n    c.release(e);\n    return;\n  }\n  if (Math.random()) return;\n  c.release();\n};\n` };
  const refused = fixOnce(withErr, 'pool-client-leak').fix;
  assert.equal(refused.preferred, false);
  assert.equal(refused.reason, 'line 3: release(e) discards a broken client; keep it and add the finally by hand.');
  const callback = { 'db.js': POOL, 'r.js': `const pool = require('./db');\nexports.f = () => {\n  pool.connect((err, client, done) => {\n    client.query('x', () => {});\n  });\n};\n` };
  assert.match(fixOnce(callback, 'pool-client-leak').fix.reason ?? '', /^line 3: callback form/);
});

test('pool-transaction: a pool.query transaction helper moves onto one checked-out client', () => {
  const files = {
    'db.js': POOL,
    'tx.js': `const pool = require('./db');\n\nasync function inTransaction(work) {\n  await pool.query('BEGIN');\n  try {\n    const result = await work(pool);\n    await pool.query('COMMIT');\n    return result;\n  } catch (err) {\n    await pool.query('ROLLBACK');\n    throw err;\n  }\n}\n\nmodule.exports = { inTransaction };\n`,
  };
  const { fix, after, left } = fixOnce(files, 'pool-transaction');
  assert.equal(fix.preferred, true, fix.reason);
  assert.equal(after['tx.js'], `const pool = require('./db');\n\nasync function inTransaction(work) {\n  const client = await pool.connect();\n  let failed = false;\n  try {\n    await client.query('BEGIN');\n    const result = await work(client);\n    await client.query('COMMIT');\n    return result;\n  } catch (err) {\n    failed = true;\n    await client.query('ROLLBACK');\n    throw err;\n  } finally {\n    client.release(failed);\n  }\n}\n\nmodule.exports = { inTransaction };\n`);
  assert.deepEqual(left, []);
});

test('pool-transaction: refused when the transaction runs a callback it does not hand the pool', () => {
  // The callback's queries reach the pool by import: on a checked-out client the BEGIN would wrap
  // none of them, and holding that connection while they wait for another can exhaust the pool.
  const files = {
    'db.js': POOL,
    'tx.js': `const pool = require('./db');\n\nasync function atomically(step) {\n  await pool.query('BEGIN');\n  try {\n    const out = await step();\n    await pool.query('COMMIT');\n    return out;\n  } catch (err) {\n    await pool.query('ROLLBACK');\n    throw err;\n  }\n}\n\nmodule.exports = { atomically };\n`,
  };
  const { fix } = fixOnce(files, 'pool-transaction');
  assert.equal(fix.preferred, false);
  assert.match(fix.reason ?? '', /^line 4: this transaction cannot be moved onto one checked-out client: it calls step\(\), a function it was handed, without the client/);
});

test('pool-transaction: a transaction through a wrapper is refused with the reason', () => {
  const files = {
    'db.js': POOL,
    'q.js': `const pool = require('./db');\nmodule.exports = { query: (t, p) => pool.query(t, p) };\n`,
    'r.js': `const db = require('./q');\nexports.run = async () => {\n  await db.query('BEGIN');\n  await db.query('COMMIT');\n};\n`,
  };
  const { fix } = fixOnce(files, 'pool-transaction');
  assert.equal(fix.preferred, false);
  assert.match(fix.reason ?? '', /^line 3: the transaction is not sent through a pool variable of this file/);
});

test('pool-per-request: a Pool whose config does not come from the request moves to module scope; its per-request end() goes', () => {
  const files = { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst app = express();\n\napp.get('/', async (req, res) => {\n  const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  const { rows } = await pool.query('SELECT 1');\n  await pool.end();\n  res.json(rows);\n});\n` };
  const { fix, after, left } = fixOnce(files, 'pool-per-request');
  assert.equal(fix.preferred, true, fix.reason);
  assert.equal(after['app.js'], `const express = require('express');\nconst { Pool } = require('pg');\nconst app = express();\n\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n\napp.get('/', async (req, res) => {\n  const { rows } = await pool.query('SELECT 1');\n  res.json(rows);\n});\n`);
  assert.deepEqual(left, []);
});

test('pool-per-request: refused when the config reads `this` or a local of the handler', () => {
  const files = { 'routes.js': `const fastify = require('fastify')();\nconst { Pool } = require('pg');\nfastify.get('/reports', async function (request) {\n  const pool = new Pool({ connectionString: this.config.databaseUrl });\n  return (await pool.query('SELECT 1')).rows;\n});\n` };
  const { fix } = fixOnce(files, 'pool-per-request');
  assert.equal(fix.preferred, false);
  assert.equal(fix.reason, 'line 4: its config uses `this`, which comes from the function (the request): one pool per distinct config is needed; create those pools once, by hand.');
  const local = { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst app = express();\napp.get('/stats', async (req, res) => {\n  const database = process.env.STATS_DB;\n  const pool = new Pool({ database });\n  res.json((await pool.query('SELECT 1')).rows);\n});\n` };
  assert.equal(fixOnce(local, 'pool-per-request').fix.reason, 'line 6: its config uses `database`, which comes from the function (the request): one pool per distinct config is needed; create those pools once, by hand.');
});

test('pool-per-request: refused when the config comes from the request', () => {
  const files = { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst app = express();\napp.get('/:tenant', async (req, res) => {\n  const pool = new Pool({ database: req.params.tenant });\n  res.json((await pool.query('SELECT 1')).rows);\n});\n` };
  const { fix } = fixOnce(files, 'pool-per-request');
  assert.equal(fix.preferred, false);
  assert.equal(fix.reason, 'line 5: its config uses `req`, which comes from the function (the request): one pool per distinct config is needed; create those pools once, by hand.');
});

test('pool-error-listener: a Pool a function stores on the exports gets the listener inside that function, indented', () => {
  const files = { 'store.js': `const store = module.exports;\nstore.init = async function (config) {\n  const { Pool } = require('pg');\n  const pool = new Pool(config);\n  store.pool = pool;\n};\n` };
  const { after, left } = fixOnce(files, 'pool-error-listener');
  assert.equal(after['store.js'], `const store = module.exports;\nstore.init = async function (config) {\n  const { Pool } = require('pg');\n  const pool = new Pool(config);\n\n  pool.on('error', function (err) {\n    console.error('Unexpected error on idle PostgreSQL client', err);\n  });\n  store.pool = pool;\n};\n`);
  assert.deepEqual(left, []);
});
