import { ruleTester } from '../helpers/ruleTester';

const perRequest = (file: string, line: number, column: number, endColumn: number) =>
  ({ rule: 'pool-per-request' as const, file, line, column, endLine: line, endColumn, severity: 'warning' as const });

ruleTester('pool-per-request', {
  valid: [
    {
      name: 'a module-level Pool used by handlers',
      files: { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst pool = new Pool();\nconst app = express();\napp.get('/', async (req, res) => res.json((await pool.query('SELECT 1')).rows));\n` },
    },
    {
      name: 'a lazily created Pool (once)',
      files: { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nlet pool;\nfunction db() {\n  if (!pool) pool = new Pool();\n  return pool;\n}\nconst app = express();\napp.get('/', async (req, res) => res.json((await db().query('SELECT 1')).rows));\n` },
    },
    {
      name: 'a Pool in a script function run once',
      files: { 'migrate.js': `const { Pool } = require('pg');\nasync function main() {\n  const pool = new Pool();\n  await pool.query('SELECT 1');\n  await pool.end();\n}\nmain();\n` },
    },
  ],
  invalid: [
    {
      name: 'new Pool() inside an Express handler',
      files: { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst app = express();\napp.get('/users', async (req, res) => {\n  const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  res.json((await pool.query('SELECT * FROM users')).rows);\n});\n` },
      errors: [perRequest('app.js', 5, 16, 24)],
    },
    {
      name: 'createPool() in a helper that a handler in another file calls',
      files: {
        'db.js': `const mysql = require('mysql2/promise');\nexports.connect = () => {\n  const pool = mysql.createPool(process.env.DATABASE_URL);\n  return pool;\n};\n`,
        'app.js': `const express = require('express');\nconst db = require('./db');\nconst app = express();\napp.get('/', async (req, res) => {\n  const [rows] = await db.connect().query('SELECT 1');\n  res.json(rows);\n});\n`,
      },
      errors: [perRequest('db.js', 3, 16, 32)],
    },
  ],
});
