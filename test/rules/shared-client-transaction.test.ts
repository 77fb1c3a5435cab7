import { ruleTester } from '../helpers/ruleTester';

const DB_TS = `import { Client } from 'pg';
export const db = new Client();
`;
// `export const db = new Client();` in db.ts, reached by the handler.
const SHARED = { rule: 'shared-client' as const, file: 'db.ts', line: 2, column: 19, endLine: 2, endColumn: 29, severity: 'warning' as const };
const tx = (file: string, line: number, column: number, endColumn: number) =>
  ({ rule: 'shared-client-transaction' as const, file, line, column, endLine: line, endColumn, severity: 'error' as const });

/** An Express app whose POST /transfers handler body is `body` (indented two spaces, starting on line 5). */
function route(body: string, imports = `import { db } from './db';`): string {
  return `import express from 'express';
${imports}
const app = express();
app.post('/transfers', async (req, res) => {
${body}
  res.sendStatus(204);
});
`;
}

ruleTester('shared-client-transaction', {
  valid: [
    {
      name: 'a transaction on a client checked out of a Pool',
      files: {
        'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool();\n`,
        'routes.ts': route(
          `  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } finally {
    client.release();
  }`,
          `import { pool } from './db';`,
        ),
      },
    },
    {
      // A Pool is a creation (resource 'pool') for the Pool rules; this rule is about Clients.
      name: 'BEGIN through pool.query on a module-level Pool, and on a Pool made per request',
      files: {
        'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool();\n`,
        'routes.ts': route(
          `  await pool.query('BEGIN');
  const local = new Pool();
  const c = await local.connect();
  await c.query('BEGIN');
  await pool.query('COMMIT');`,
          `import { pool } from './db';\nimport { Pool } from 'pg';`,
        ),
      },
    },
    {
      name: 'a transaction on a per-request Client',
      files: {
        'routes.ts': route(
          `  const client = new Client();
  await client.connect();
  await client.query('BEGIN');
  await client.query('COMMIT');
  await client.end();`,
          `import { Client } from 'pg';`,
        ),
      },
    },
    {
      name: 'a transaction in a sequential script',
      files: {
        'db.ts': DB_TS,
        'seed.ts': `import { db } from './db';
await db.connect();
await db.query('BEGIN');
await db.query('INSERT INTO t VALUES (1)');
await db.query('COMMIT');
`,
      },
    },
  ],
  invalid: [
    {
      name: 'mysql2 beginTransaction()/commit() on a shared connection: advice in mysql2 words',
      files: {
        'db.js': `const mysql = require('mysql2/promise');\nconst express = require('express');\nconst app = express();\nconst conn = mysql.createConnection({ host: 'db' });\napp.post('/pay', async (req, res) => {\n  const c = await conn;\n  await c.beginTransaction();\n  await c.query('UPDATE wallets SET cents = cents - 1');\n  await c.commit();\n  res.end();\n});\n`,
      },
      errors: [
        { rule: 'shared-client', file: 'db.js', line: 4, column: 14, endLine: 4, endColumn: 36, severity: 'warning' },
        {
          rule: 'shared-client-transaction', file: 'db.js', line: 7, column: 9, endLine: 7, endColumn: 29, severity: 'error',
          message:
            "Transaction on shared mysql2 connection `conn`: beginTransaction()/commit() from concurrent callers interleave on one connection, so one caller's rollback() undoes another's writes. Check out a connection with pool.getConnection() and call connection.release() in finally.",
        },
      ],
    },
    {
      name: 'BEGIN/COMMIT on a shared client in a route',
      files: {
        'db.ts': DB_TS,
        'routes.ts': route(`  await db.query('BEGIN');
  await db.query('UPDATE accounts SET balance = balance - 1');
  await db.query('COMMIT');`),
      },
      errors: [
        SHARED,
        {
          ...tx('routes.ts', 5, 9, 26),
          message:
            "Transaction on shared pg Client `db`: BEGIN/COMMIT from concurrent callers interleave on one connection, so one caller's ROLLBACK undoes another's writes. Check out a client with pool.connect() and release() it in finally.",
        },
      ],
    },
    {
      name: 'lower-case begin; through a wrapper function',
      files: {
        'db.ts': `import { Client } from 'pg';
const client = new Client();
export function query(text: string) {
  return client.query(text);
}
`,
        'routes.ts': route(`  await query('begin;');
  await query('commit');`, `import { query } from './db';`),
      },
      errors: [
        { rule: 'shared-client', file: 'db.ts', line: 2, column: 16, endLine: 2, endColumn: 26, severity: 'warning' },
        tx('routes.ts', 5, 9, 24),
      ],
    },
    {
      name: 'START TRANSACTION in a template literal and BEGIN ISOLATION LEVEL in a query config',
      files: {
        'db.ts': DB_TS,
        'routes.ts': route(`  await db.query(\`START TRANSACTION ISOLATION LEVEL SERIALIZABLE\`);
  await db.query({ text: '  BEGIN ISOLATION LEVEL READ COMMITTED' });`),
      },
      errors: [SHARED, tx('routes.ts', 5, 9, 67), tx('routes.ts', 6, 9, 69)],
    },
    {
      name: 'still reported when shared-client is suppressed on the creation',
      files: {
        'db.ts': `import { Client } from 'pg';
// pg-pool-guard-disable-next-line shared-client
export const db = new Client();
`,
        'routes.ts': route(`  await db.query('BEGIN TRANSACTION');`),
      },
      errors: [tx('routes.ts', 5, 9, 38)],
    },
    {
      name: 'not BEGIN_X, not a DO block, and not when suppressed',
      files: {
        'db.ts': DB_TS,
        'routes.ts': route(`  await db.query('BEGIN_AUDIT()');
  await db.query('DO $$ BEGIN PERFORM 1; END $$');
  // pg-pool-guard-disable-next-line shared-client-transaction
  await db.query('BEGIN');
  await db.query('begin work');`),
      },
      errors: [SHARED, tx('routes.ts', 9, 9, 31)],
    },
  ],
});
