/** Small source projects shared by the CLI tests. */

/** One shared Client (db.ts line 3, columns 16–74) used by an Express route in app.ts. */
export const SHARED_CLIENT_PROJECT = {
  'db.ts': ["import { Client } from 'pg';", '', 'export default new Client({ connectionString: process.env.DATABASE_URL });', ''].join('\n'),
  'app.ts': [
    "import express from 'express';",
    "import db from './db';",
    '',
    'export const app = express();',
    '',
    "app.get('/countries', async (_req, res) => {",
    "  const { rows } = await db.query('SELECT code, name FROM countries');",
    '  res.json(rows);',
    '});',
    '',
  ].join('\n'),
};
