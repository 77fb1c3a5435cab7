import { ruleTester } from '../helpers/ruleTester';

const leak = (file: string, line: number, column: number, endColumn: number, messageIncludes?: string) =>
  ({ rule: 'pool-client-leak' as const, file, line, column, endLine: line, endColumn, severity: 'warning' as const, ...(messageIncludes ? { messageIncludes } : {}) });

const POOL = `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\npool.on('error', () => {});\nmodule.exports = pool;\n`;

ruleTester('pool-client-leak', {
  valid: [
    {
      name: 'a `for await` inside try/finally',
      files: {
        'db.js': POOL,
        'export.js': `const QueryStream = require('pg-query-stream');
const pool = require('./db');
exports.collect = async () => {
  const client = await pool.connect();
  try {
    const rows = [];
    for await (const row of client.query(new QueryStream('SELECT id FROM events'))) rows.push(row.id);
    return rows;
  } finally {
    client.release();
  }
};
`,
      },
    },
    {
      name: 'release() in finally',
      files: {
        'db.js': POOL,
        'r.js': `const pool = require('./db');
exports.get = async (id) => {
  const client = await pool.connect();
  try {
    return (await client.query('SELECT * FROM t WHERE id = $1', [id])).rows;
  } finally {
    client.release();
  }
};
`,
      },
    },
    {
      name: 'release(err) in catch and release() at the end of try',
      files: {
        'db.js': POOL,
        'r.js': `const pool = require('./db');
exports.get = async () => {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT 1');
    client.release();
    return rows;
  } catch (err) {
    client.release(err);
    throw err;
  }
};
`,
      },
    },
    {
      name: 'a getClient() helper that hands the client to its caller',
      files: { 'db.js': POOL, 'r.js': `const pool = require('./db');\nexports.getClient = async () => {\n  const client = await pool.connect();\n  return client;\n};\n` },
    },
    {
      name: 'callback form with done() in the query callback',
      files: {
        'db.js': POOL,
        'r.js': `const pool = require('./db');
exports.get = (cb) => {
  pool.connect((err, client, done) => {
    if (err) return cb(err);
    client.query('SELECT 1', (qerr, result) => {
      done();
      cb(qerr, result);
    });
  });
};
`,
      },
    },
    {
      name: 'connect() on a pg Client is not a checkout',
      files: { 'r.js': `const { Client } = require('pg');\nexports.run = async () => {\n  const c = new Client();\n  const x = await c.connect();\n  await c.query('SELECT 1');\n};\n` },
    },
    {
      name: 'connect() of something that is not a driver Pool (a name is not trusted)',
      files: { 'db.js': `module.exports = { connect: async () => ({ query: async () => [] }) };\n`, 'r.js': `const pool = require('./db');\nexports.run = async () => {\n  const c = await pool.connect();\n  await c.query('x');\n};\n` },
    },
  ],
  invalid: [
    {
      name: "a Pool made per call (a test helper): the leak keeps the pool's end() from finishing, not the app's pool dry",
      files: {
        'test/withDatabase.js': `const { Pool } = require('pg');
exports.withDatabase = async (url, run) => {
  const pool = new Pool({ connectionString: url });
  const client = await pool.connect();
  await run(client);
  client.release();
  await pool.end();
};
`,
      },
      errors: [leak('test/withDatabase.js', 4, 24, 38, "its connection stays open, and the pool's end() never finishes while a client is checked out")],
    },
    {
      name: 'the same leak on the app-wide Pool says the pool runs dry',
      files: {
        'db.js': POOL,
        'jobs.js': `const pool = require('./db');
exports.refresh = async (run) => {
  const client = await pool.connect();
  await run(client);
  client.release();
};
`,
      },
      errors: [leak('jobs.js', 3, 24, 38, 'once the pool is empty every caller waits')],
    },
    {
      name: 'an early return before release(), and a rejected query skips it',
      files: {
        'db.js': POOL,
        'routes.js': `const express = require('express');
const pool = require('./db');
const router = express.Router();
router.get('/orders/:id', async (req, res, next) => {
  try {
    const client = await pool.connect();
    const order = await client.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
    if (order.rowCount === 0) {
      return res.status(404).end();
    }
    client.release();
    res.json(order.rows[0]);
  } catch (err) {
    next(err);
  }
});
module.exports = router;
`,
      },
      errors: [leak('routes.js', 6, 26, 40, 'the awaited call on line 7 rejects')],
    },
    {
      name: 'a `for await` over a cursor stream: the loop rejects when the stream errors, before the delay in its body',
      files: {
        'db.js': POOL,
        'export.js': `const QueryStream = require('pg-query-stream');
const pool = require('./db');
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
exports.exportRows = async (write) => {
  const client = await pool.connect();
  for await (const row of client.query(new QueryStream('SELECT * FROM events'))) {
    write(row);
    await pause(1);
  }
  client.release();
};
`,
      },
      errors: [leak('export.js', 5, 24, 38, 'the `for await` loop on line 6 rejects')],
    },
    {
      name: 'a `for await` with nothing awaited in its body still rejects',
      files: {
        'db.js': POOL,
        'export.js': `const QueryStream = require('pg-query-stream');
const pool = require('./db');
exports.collect = async () => {
  const client = await pool.connect();
  const rows = [];
  for await (const row of client.query(new QueryStream('SELECT id FROM events'))) rows.push(row.id);
  client.release();
  return rows;
};
`,
      },
      errors: [leak('export.js', 4, 24, 38, 'the `for await` loop on line 6 rejects')],
    },
    {
      name: 'never released',
      files: { 'db.js': POOL, 'r.js': `const pool = require('./db');\nexports.count = async () => {\n  const client = await pool.connect();\n  const r = await client.query('SELECT count(*) FROM t');\n  return r.rows[0];\n};\n` },
      errors: [leak('r.js', 3, 24, 38, 'nothing releases `client`')],
    },
    {
      name: 'early return with the client held, the query inside try/catch that releases',
      files: {
        'db.js': POOL,
        'r.js': `const pool = require('./db');
exports.find = async (id) => {
  const client = await pool.connect();
  try {
    const r = await client.query('SELECT 1');
    if (!id) return null;
    client.release();
    return r.rows;
  } catch (e) {
    client.release(e);
    throw e;
  }
};
`,
      },
      errors: [leak('r.js', 3, 24, 38, 'the `return` on line 6 runs')],
    },
    {
      name: 'a startup `await pool.connect();` drops the client (one connection gone for good)',
      files: { 'db.ts': `import pg from 'pg';
const pool = new pg.Pool({ connectionTimeoutMillis: 1 });
pool.on('error', () => {});
await pool.connect();
export default pool;
` },
      errors: [leak('db.ts', 4, 7, 21, 'the result of the call is dropped')],
    },
    {
      name: 'callback form without done()',
      files: { 'db.js': POOL, 'r.js': `const pool = require('./db');\nexports.run = () => {\n  pool.connect((err, client, done) => {\n    if (err) throw err;\n    client.query('SELECT 1', () => {});\n  });\n};\n` },
      errors: [{ ...leak('r.js', 3, 3, 5, 'nothing releases'), endLine: 6 }],
    },
    {
      name: 'a module-level connect() callback that takes only the error keeps its client for good',
      files: { 'database/postgres.js': `const { Pool } = require('pg');\nconst db = new Pool({ connectionTimeoutMillis: 5000 });\ndb.on('error', () => {});\ndb.connect((err) => {\n  if (err) console.error('database connection failed', err);\n});\nmodule.exports = db;\n` },
      errors: [{ ...leak('database/postgres.js', 4, 1, 3, 'the callback takes no client (or release) parameter'), endLine: 6 }],
    },
    {
      name: 'a connect() callback with no parameters in a handler leaks one client per request',
      files: { 'db.js': POOL, 'app.js': `const express = require('express');\nconst pool = require('./db');\nconst app = express();\napp.get('/ping', (req, res) => {\n  pool.connect(function () { res.send('pong'); });\n});\n` },
      errors: [leak('app.js', 5, 3, 50, 'the callback takes no client (or release) parameter')],
    },
  ],
});
