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
    {
      name: 'a factory Pool memoised in a module-level let (`if (!pool) pool = createPool()`)',
      files: {
        'db.js': `const { Pool } = require('pg');\nlet pool;\nfunction createPool() {\n  return new Pool({ connectionString: process.env.DATABASE_URL });\n}\nfunction getPool() {\n  if (!pool) pool = createPool();\n  return pool;\n}\nmodule.exports = { getPool };\n`,
        'app.js': `const express = require('express');\nconst { getPool } = require('./db');\nconst app = express();\napp.get('/', async (req, res) => res.json((await getPool().query('SELECT 1')).rows));\n`,
      },
    },
    {
      name: 'a factory Pool memoised on globalThis through a local alias and a Symbol.for key',
      files: {
        'db.js': `import pg from 'pg';\nconst KEY = Symbol.for('app.pool');\nexport function createPool(cs) {\n  return new pg.Pool({ connectionString: cs });\n}\nexport function getPool(cs) {\n  const g = globalThis;\n  if (!g[KEY]) g[KEY] = createPool(cs);\n  return g[KEY];\n}\n`,
        'app.js': `import express from 'express';\nimport { getPool } from './db.js';\nconst app = express();\napp.get('/', async (req, res) => res.json((await getPool().query('SELECT 1')).rows));\n`,
      },
    },
    {
      name: 'a factory Pool memoised with globalThis.__pool ??= from a workspace-style import',
      files: {
        'pool.js': `import pg from 'pg';\nexport function createPool() {\n  return new pg.Pool();\n}\n`,
        'db.js': `import { createPool } from './pool.js';\nexport function getPool() {\n  globalThis.__pool ??= createPool();\n  return globalThis.__pool;\n}\n`,
        'app.js': `import express from 'express';\nimport { getPool } from './db.js';\nconst app = express();\napp.get('/', async (req, res) => res.json((await getPool().query('SELECT 1')).rows));\n`,
      },
    },
    {
      name: 'a Pool per connection string, kept in a module-level Map (`pools.set(url, pool)`)',
      files: {
        'db.ts': `import pg from 'pg';\nconst pools = new Map<string, pg.Pool>();\nexport function getPool(url: string) {\n  let pool = pools.get(url);\n  if (!pool) {\n    pool = new pg.Pool({ connectionString: url });\n    pools.set(url, pool);\n  }\n  return pool;\n}\n`,
        'app.ts': `import express from 'express';\nimport { getPool } from './db';\nconst app = express();\napp.get('/:tenant', async (req, res) => res.json((await getPool(req.params.tenant).query('SELECT 1')).rows));\n`,
      },
    },
    {
      name: 'a Pool per database kept in a cache another module exports',
      files: {
        'cache.ts': `import type pg from 'pg';\nexport const poolCache = new Map<string, pg.Pool>();\n`,
        'db.ts': `import pg from 'pg';\nimport { poolCache } from './cache';\nexport function poolFor(database: string) {\n  const cached = poolCache.get(database);\n  if (cached) return cached;\n  const pool = new pg.Pool({ database });\n  poolCache.set(database, pool);\n  return pool;\n}\n`,
        'app.ts': `import express from 'express';\nimport { poolFor } from './db';\nconst app = express();\napp.get('/:db', async (req, res) => res.json((await poolFor(req.params.db).query('SELECT 1')).rows));\n`,
      },
    },
    {
      name: 'a Pool stored straight into a module-level Map',
      files: { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst pools = new Map();\nfunction poolFor(url) {\n  if (!pools.has(url)) pools.set(url, new Pool({ connectionString: url }));\n  return pools.get(url);\n}\nconst app = express();\napp.get('/', async (req, res) => res.json((await poolFor(req.query.db).query('SELECT 1')).rows));\n` },
    },
  ],
  invalid: [
    {
      name: 'new Pool() inside an Express handler',
      files: { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst app = express();\napp.get('/users', async (req, res) => {\n  const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  res.json((await pool.query('SELECT * FROM users')).rows);\n});\n` },
      errors: [perRequest('app.js', 5, 16, 24)],
    },
    {
      name: 'a Pool kept in a Map made per request',
      files: { 'app.js': `const express = require('express');\nconst { Pool } = require('pg');\nconst app = express();\napp.get('/', async (req, res) => {\n  const pools = new Map();\n  const pool = new Pool();\n  pools.set(req.query.db, pool);\n  res.json((await pool.query('SELECT 1')).rows);\n});\n` },
      errors: [perRequest('app.js', 6, 16, 24)],
    },
    {
      name: 'createPool() in a helper that a handler in another file calls',
      files: {
        'db.js': `const mysql = require('mysql2/promise');\nexports.connect = () => {\n  const pool = mysql.createPool(process.env.DATABASE_URL);\n  return pool;\n};\n`,
        'app.js': `const express = require('express');\nconst db = require('./db');\nconst app = express();\napp.get('/', async (req, res) => {\n  const [rows] = await db.connect().query('SELECT 1');\n  res.json(rows);\n});\n`,
      },
      errors: [perRequest('db.js', 3, 16, 32)],
    },
    {
      name: 'a factory Pool whose result a handler keeps in a local',
      files: {
        'db.js': `import pg from 'pg';\nexport function createPool(cs) {\n  return new pg.Pool({ connectionString: cs });\n}\n`,
        'app.js': `import express from 'express';\nimport { createPool } from './db.js';\nconst app = express();\napp.get('/', async (req, res) => {\n  const pool = createPool(process.env.DATABASE_URL);\n  res.json((await pool.query('SELECT 1')).rows);\n});\n`,
      },
      errors: [perRequest('db.js', 3, 10, 21)],
    },
  ],
});
