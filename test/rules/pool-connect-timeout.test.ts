import { ruleTester } from '../helpers/ruleTester';

const timeout = (file: string, line: number, column: number, endColumn: number) =>
  ({ rule: 'pool-connect-timeout' as const, file, line, column, endLine: line, endColumn, severity: 'info' as const });

ruleTester('pool-connect-timeout', {
  valid: [
    {
      name: 'a migration script whose top-level chain ends the pool',
      files: { 'db/migrate.js': `const { Pool } = require('pg');\nconst pool = new Pool({ host: process.env.PGHOST, max: 5 });\nconst migrate = async () => {\n  await pool.query('CREATE TABLE IF NOT EXISTS jobs (id serial PRIMARY KEY)');\n};\nmigrate().then(() => pool.end());\n` },
    },
    {
      name: 'connectionTimeoutMillis set',
      files: { 'db.js': `const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });\n` },
    },
    {
      name: 'a config built elsewhere is not judged',
      files: { 'db.js': `const { Pool } = require('pg');\nconst config = require('./config');\nmodule.exports = new Pool(config);\n` },
    },
    {
      name: 'a same-file const config that sets connectionTimeoutMillis',
      files: { 'server/db.ts': `import { Pool } from 'pg';\n\nconst poolConfig = {\n  host: process.env.PGHOST,\n  connectionTimeoutMillis: 4000,\n};\n\nexport const pool = new Pool(poolConfig);\n` },
    },
    {
      name: 'a same-file const config that top-level code changes before the pool is made is not judged',
      files: { 'db.js': `const { Pool } = require('pg');\nconst settings = { host: 'db' };\nObject.assign(settings, require('./overrides'));\nmodule.exports = new Pool(settings);\n` },
    },
    {
      name: 'a parameter that shadows a module-level const is not that const',
      files: { 'db.js': `const { Pool } = require('pg');\nconst settings = { host: 'db' };\nfunction open(settings) {\n  return new Pool(settings);\n}\nmodule.exports = open({ host: 'db', connectionTimeoutMillis: 2000 });\n` },
    },
    {
      name: 'a let config is not judged (it can be reassigned)',
      files: { 'db.js': `const { Pool } = require('pg');\nlet settings = { host: 'db' };\nmodule.exports = new Pool(settings);\n` },
    },
    {
      name: 'a spread config is not judged',
      files: { 'db.js': `const { Pool } = require('pg');\nconst base = {};\nmodule.exports = new Pool({ ...base, max: 5 });\n` },
    },
    {
      name: "mysql2's pool (no unbounded acquisition default in the table)",
      files: { 'db.js': `const mysql = require('mysql2');\nmodule.exports = mysql.createPool({ host: 'db' });\n` },
    },
    {
      name: 'a returned Pool kept on the exports whose config is a function\'s result is not judged',
      files: {
        'connection.js': `const connection = module.exports;\nconnection.options = () => ({ max: 20, connectionTimeoutMillis: 90000 });\nconnection.connect = async function () {\n  const { Pool } = require('pg');\n  const db = new Pool(connection.options());\n  db.on('error', () => {});\n  return db;\n};\n`,
        'main.js': `const connection = require('./connection');\nconst main = module.exports;\nmain.init = async function () {\n  main.pool = await connection.connect(process.env.PG_SETTINGS);\n};\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'a Pool returned by a module function and stored on the exports, with a literal config',
      files: {
        'pg.js': `const { Pool } = require('pg');\nexports.open = async function (url) {\n  const pool = new Pool({ connectionString: url });\n  pool.on('error', () => {});\n  return pool;\n};\n`,
        'store.js': `const pg = require('./pg');\nconst store = module.exports;\nstore.init = async function () {\n  store.pool = await pg.open(process.env.DATABASE_URL);\n};\n`,
      },
      errors: [timeout('pg.js', 3, 16, 24)],
    },
    {
      name: 'new Pool() without a config',
      files: { 'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool();\n` },
      errors: [timeout('db.ts', 2, 21, 29)],
    },
    {
      name: 'a config literal without connectionTimeoutMillis',
      files: { 'db.js': `const pg = require('pg');\nconst pool = new pg.Pool({\n  connectionString: process.env.DATABASE_URL,\n  max: 20,\n});\nmodule.exports = pool;\n` },
      errors: [timeout('db.js', 2, 14, 25)],
    },
    {
      name: 'a same-file const config without connectionTimeoutMillis',
      files: { 'server/api/pool.ts': `import pg from 'pg';\n\nconst poolConfig = {\n  user: process.env.DB_USER,\n  password: process.env.DB_PASSWORD,\n  port: 5432,\n};\n\nexport const pool = new pg.Pool(poolConfig);\n` },
      errors: [timeout('server/api/pool.ts', 9, 21, 32)],
    },
    {
      name: 'a const config written as `{ … } satisfies PoolConfig`, and mutated only after the pool is made',
      files: { 'db.ts': `import { Pool, type PoolConfig } from 'pg';\nconst config = { max: 10 } satisfies PoolConfig;\nexport const pool = new Pool(config);\nconfig.max = 20;\n` },
      errors: [timeout('db.ts', 3, 21, 29)],
    },
  ],
});
