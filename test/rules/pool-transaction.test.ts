import { ruleTester } from '../helpers/ruleTester';

const tx = (file: string, line: number, column: number, endColumn: number) =>
  ({ rule: 'pool-transaction' as const, file, line, column, endLine: line, endColumn, severity: 'error' as const });

const POOL = `const { Pool } = require('pg');\nconst pool = new Pool({ connectionTimeoutMillis: 5000 });\npool.on('error', () => {});\nmodule.exports = pool;\n`;

ruleTester('pool-transaction', {
  valid: [
    {
      name: 'BEGIN on a client checked out with pool.connect(), released in finally',
      files: {
        'db.js': POOL,
        'routes.js': `const pool = require('./db');
async function transfer(a, b) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - 1 WHERE id = $1', [a]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
module.exports = { transfer };
`,
      },
    },
    {
      name: "pg-promise's db.tx checks out its own connection",
      files: {
        'db.js': `const pgp = require('pg-promise')();\nmodule.exports = pgp(process.env.DATABASE_URL);\n`,
        'routes.js': `const db = require('./db');
const express = require('express');
const app = express();
app.post('/t', async (req, res) => {
  await db.tx(async (t) => {
    await t.query('BEGIN');
    await t.none('UPDATE accounts SET balance = 0');
  });
  res.end();
});
`,
      },
    },
    {
      name: 'a single statement through pool.query',
      files: { 'db.js': POOL, 'r.js': `const pool = require('./db');\nexports.count = () => pool.query('SELECT count(*) FROM users');\n` },
    },
    {
      name: 'BEGIN on a per-call local Pool is pool-per-request at most, not this rule',
      files: { 'r.js': `const { Pool } = require('pg');\nexports.run = async () => { const p = new Pool(); await p.query('BEGIN'); };\n` },
    },
  ],
  invalid: [
    {
      name: 'a transaction(cb) helper over pool.query, in another file than the Pool',
      files: {
        'db.js': POOL,
        'tx.js': `const pool = require('./db');
async function transaction(work) {
  await pool.query('BEGIN');
  try {
    const result = await work(pool);
    await pool.query('COMMIT');
    return result;
  } catch (err) {
    await pool.query('ROLLBACK');
    throw err;
  }
}
module.exports = { transaction };
`,
      },
      errors: [tx('tx.js', 3, 9, 28)],
    },
    {
      name: 'START TRANSACTION through an ESM-imported pool in a route',
      files: {
        'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionTimeoutMillis: 1 });\npool.on('error', () => {});\n`,
        'routes.ts': `import express from 'express';
import { pool } from './db';
const app = express();
app.post('/move', async (req, res) => {
  await pool.query('START TRANSACTION');
  await pool.query('UPDATE stock SET n = n - 1');
  await pool.query('COMMIT');
  res.end();
});
`,
      },
      errors: [tx('routes.ts', 5, 9, 40)],
    },
    {
      name: 'through a wrapper object over pool.query',
      files: {
        'db.js': POOL,
        'query.js': `const pool = require('./db');\nmodule.exports = { query: (text, params) => pool.query(text, params) };\n`,
        'routes.js': `const db = require('./query');\nexports.run = async () => {\n  await db.query('BEGIN');\n  await db.query('COMMIT');\n};\n`,
      },
      errors: [tx('routes.js', 3, 9, 26)],
    },
    {
      name: 'beginTransaction() on a mysql2 pool',
      files: {
        'db.js': `const mysql = require('mysql2/promise');\nmodule.exports = mysql.createPool(process.env.DATABASE_URL);\n`,
        'r.js': `const db = require('./db');\nexports.run = async () => {\n  await db.beginTransaction();\n  await db.query('UPDATE t SET a = 1');\n  await db.commit();\n};\n`,
      },
      errors: [tx('r.js', 3, 9, 30)],
    },
  ],
});
