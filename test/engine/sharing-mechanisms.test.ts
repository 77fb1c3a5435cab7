// Sharing mechanisms beyond imports (facts/registries.ts, arguments.ts, returns.ts) and the
// precision rules that go with them: table of valid (no finding) and invalid (finding) cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRule } from '../helpers/ruleTester';

const client = `import { Client } from 'pg';\nexport const db = new Client();\n`;

function sharedClients(files: Record<string, string>): string[] {
  return runRule(files).filter((f) => f.rule === 'shared-client').map((f) => `${f.file.split('/').pop()}:${f.range.start.line + 1}`);
}

const invalid: Array<[string, Record<string, string>, string[]]> = [
  ['Fastify decorate in a plugin, read as this.db', {
    'plugin.ts': `import { Client } from 'pg';\nexport default async function plugin(app: any) {\n  const c = new Client();\n  app.decorate('db', c);\n}\n`,
    'routes.ts': `import Fastify from 'fastify';\nconst app = Fastify();\napp.get('/', async function () { return (await this.db.query('SELECT 1')).rows; });\n`,
  }, ['plugin.ts:3']],
  ['Koa app.context.db read as ctx.db', {
    'db.ts': client,
    'app.ts': `import Koa from 'koa';\nimport Router from 'koa-router';\nimport { db } from './db';\nconst app = new Koa();\napp.context.db = db;\nconst router = new Router();\nrouter.get('/', async (ctx) => { ctx.body = await ctx.db.query('SELECT 1'); });\n`,
  }, ['db.ts:2']],
  ['GraphQL static context object, destructured in the resolver', {
    'db.ts': client,
    'server.ts': `import { ApolloServer } from 'apollo-server';\nimport { db } from './db';\nconst resolvers = { Query: { users: (_: unknown, __: unknown, { db }: any) => db.query('SELECT 1') } };\nnew ApolloServer({ typeDefs: '', resolvers, context: { db } });\n`,
  }, ['db.ts:2']],
  ['globalThis.db read as a bare identifier', {
    'boot.ts': `import { Client } from 'pg';\nglobalThis.db = new Client();\n`,
    'routes.ts': `import express from 'express';\nconst app = express();\napp.get('/', async (req, res) => res.json(await db.query('SELECT 1')));\n`,
  }, ['boot.ts:2']],
  ['a client passed to a registration function', {
    'db.ts': client,
    'routes.ts': `export function register(app: any, conn: any) {\n  app.get('/', async (req: any, res: any) => res.json(await conn.query('SELECT 1')));\n}\n`,
    'main.ts': `import express from 'express';\nimport { db } from './db';\nimport { register } from './routes';\nregister(express(), db);\n`,
  }, ['db.ts:2']],
  ['one finding for a holder assigned in both branches', {
    'db.ts': `import { Client } from 'pg';\nlet db = new Client();\nif (process.env.X) db = new Client({ ssl: true });\nelse db = new Client();\nexport { db };\n`,
    'routes.ts': `import express from 'express';\nimport { db } from './db';\nconst app = express();\napp.get('/', async (req, res) => res.json(await db.query('SELECT 1')));\n`,
  }, ['db.ts:4']],
];

const valid: Array<[string, Record<string, string>]> = [
  ['a per-request client stored in res.locals', {
    'mw.ts': `import express from 'express';\nimport { Client } from 'pg';\nconst app = express();\napp.use(async (req, res, next) => { const c = new Client(); await c.connect(); res.locals.db = c; res.on('finish', () => c.end()); next(); });\napp.get('/', async (req, res) => res.json(await res.locals.db.query('SELECT 1')));\n`,
  }],
  ['a factory function called per request', {
    'db.ts': `import { Client } from 'pg';\nexport async function open() { const c = new Client(); await c.connect(); return c; }\n`,
    'routes.ts': `import express from 'express';\nimport { open } from './db';\nconst app = express();\napp.get('/', async (req, res) => { const c = await open(); res.json(await c.query('SELECT 1')); await c.end(); });\n`,
  }],
  ['rows read before end(), then a fan-out over them', {
    'db.ts': client,
    'script.ts': `import { db } from './db';\nawait db.connect();\nconst { rows } = await db.query('SELECT 1');\nawait db.end();\nawait Promise.all(rows.map(async (r: unknown) => console.log(r)));\n`,
  }],
];

for (const [name, files, expected] of invalid) {
  test(`finds: ${name}`, () => assert.deepEqual(sharedClients(files), expected));
}
for (const [name, files] of valid) {
  test(`never flags: ${name}`, () => assert.deepEqual(sharedClients(files), []));
}

test('a BEGIN in jest isolation hooks is not a concurrent transaction; one in a handler is', () => {
  const findings = runRule({
    'db.ts': client,
    'routes.ts': `import express from 'express';\nimport { db } from './db';\nconst app = express();\napp.post('/t', async (req, res) => { await db.query('BEGIN'); await db.query('COMMIT'); res.end(); });\n`,
    'hooks.test.ts': `import { db } from './db';\nbeforeEach(async () => { await db.query('BEGIN'); });\nafterEach(async () => { await db.query('ROLLBACK'); });\n`,
  }).filter((f) => f.rule === 'shared-client-transaction');
  assert.deepEqual(findings.map((f) => f.file.split('/').pop()), ['routes.ts']);
});
