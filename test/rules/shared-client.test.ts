import { ruleTester } from '../helpers/ruleTester';
import { expressRoute, LOCAL_HANDLES_ROUTE, NAMED_HANDLE_TS, PER_REQUEST_CLIENT_ROUTE, TENANT_CLIENTS_TS } from '../helpers/ruleSnippets';

// `export const db = new Client();` — the `new Client()` spans columns 19–31.
const DB_TS = `import { Client } from 'pg';
export const db = new Client();
`;
const sharedAt = (file: string, line: number, column: number, endColumn: number, severity: 'warning' | 'info' | 'error' = 'warning') =>
  ({ rule: 'shared-client' as const, file, line, column, endLine: line, endColumn, severity });

ruleTester('shared-client', {
  valid: [
    {
      name: 'a class extending discord.js Client is no pg Client',
      files: { 'bot.js': `const { Client } = require('discord.js');\nclass Bot extends Client {}\nconst bot = new Bot({ intents: [] });\nbot.on('messageCreate', async (m) => m.reply('hi'));\n` },
    },
    {
      name: 'a Client used only by a BullMQ Worker, which runs one job at a time by default',
      files: {
        'db.ts': DB_TS,
        'worker.ts': `import { Worker } from 'bullmq';
import { db } from './db';
export const worker = new Worker('emails', async (job) => {
  await db.query('SELECT 1');
});
`,
      },
    },
    {
      name: 'a Client used only by a BullMQ Worker with concurrency: 1',
      files: {
        'db.ts': DB_TS,
        'worker.ts': `import { Worker } from 'bullmq';
import { db } from './db';
export const worker = new Worker('emails', async (job) => {
  await db.query('SELECT 1');
}, { connection: { host: 'redis' }, concurrency: 1 });
`,
      },
    },
    {
      name: 'a Client used only by Fastify application hooks, which run once',
      files: {
        'app.ts': `import Fastify from 'fastify';
import { Client } from 'pg';
const client = new Client();
const app = Fastify();
app.addHook('onReady', async () => {
  await client.connect();
  await client.query('SELECT 1');
});
app.addHook('onClose', async () => {
  await client.end();
});
`,
      },
    },
    {
      name: 'a Client stored in a Map local to the handler lives for that request only',
      files: {
        'routes.ts': `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/users', async (req, res) => {
  const byName = new Map<string, Client>();
  const client = new Client();
  byName.set(String(req.query.name), client);
  await client.connect();
  res.json((await client.query('SELECT 1')).rows);
  await client.end();
});
`,
      },
    },
    {
      name: 'a Client kept under a fixed key in a Map local to the handler (`handles.set(\'main\', c)` is no `app.set`): one per request',
      files: { 'routes.ts': LOCAL_HANDLES_ROUTE },
    },
    {
      name: 'a Client per subscription kept in a module-level Map its function never reads back: one per call, only indexed there',
      files: {
        'subscriptions.ts': `import express from 'express';
import { Client } from 'pg';
const listeners = new Map<string, Client>();
const app = express();
async function subscribe(id: string) {
  const client = new Client();
  await client.connect();
  await client.query('LISTEN orders');
  listeners.set(id, client);
  return client;
}
app.post('/subscriptions/:id', async (req, res) => {
  const client = await subscribe(req.params.id);
  await client.query('SELECT 1');
  res.sendStatus(201);
});
app.delete('/subscriptions/:id', async (req, res) => {
  const client = listeners.get(req.params.id);
  listeners.delete(req.params.id);
  await client?.end();
  res.sendStatus(204);
});
`,
      },
    },
    {
      name: 'a Pool is never flagged',
      files: {
        'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool();\n`,
        'routes.ts': expressRoute(`import { pool } from './db';`, `(await pool.query('SELECT 1')).rows`),
      },
    },
    {
      name: 'a Client created per request',
      files: {
        'routes.ts': PER_REQUEST_CLIENT_ROUTE,
      },
    },
    {
      name: 'a sequential script, even when the server imports another export of the same module',
      files: {
        'db.ts': `import { Client } from 'pg';
export const db = new Client();
export function formatRow(row: { id: number }) {
  return String(row.id);
}
`,
        'server.ts': `import express from 'express';
import { formatRow } from './db';
const app = express();
app.get('/rows', (req, res) => {
  res.send(formatRow({ id: 1 }));
});
`,
        'migrate.ts': `import { db } from './db';
await db.connect();
await db.query('CREATE TABLE t (id int)');
await db.end();
`,
      },
    },
    {
      name: 'a Client used only for LISTEN and notifications',
      files: {
        'listener.ts': `import { Client } from 'pg';
export const listener = new Client();
listener.on('notification', (msg) => console.log(msg.payload));
`,
        'routes.ts': `import express from 'express';
import { listener } from './listener';
const app = express();
app.post('/subscribe/:channel', async (req, res) => {
  await listener.query('LISTEN orders');
  res.sendStatus(204);
});
app.post('/unsubscribe', async (req, res) => {
  await listener.query('UNLISTEN orders');
  res.sendStatus(204);
});
`,
      },
    },
    {
      name: 'a handler that only ends the client does not make it shared',
      files: {
        'db.ts': DB_TS,
        'admin.ts': `import express from 'express';
import { db } from './db';
const app = express();
app.post('/admin/shutdown', async (req, res) => {
  await db.end();
  res.sendStatus(204);
});
`,
      },
    },
    {
      name: 'suppressed on the line before the creation',
      files: {
        'db.ts': `import { Client } from 'pg';
// pg-pool-guard-disable-next-line shared-client
export const db = new Client();
`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
    },
    {
      name: 'suppressed for the whole file',
      files: {
        'db.ts': `/* pg-pool-guard-disable shared-client */
import { Client } from 'pg';
export const db = new Client();
`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
    },
    {
      name: 'turned off',
      options: { rules: { 'shared-client': 'off' } },
      files: {
        'db.ts': DB_TS,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
    },
    {
      name: 'a class instantiated per request',
      files: {
        'db.ts': `import { Client } from 'pg';
export class Db {
  client = new Client();
  q(text: string) { return this.client.query(text); }
}
`,
        'routes.ts': expressRoute(`import { Db } from './db';`, `await new Db().q('SELECT 1')`),
      },
    },
  ],
  invalid: [
    {
      name: 'an instance of a project class extending pg.Client, in the same file',
      files: { 'server.js': `const pg = require('pg');\nconst express = require('express');\nclass Store extends pg.Client {\n  list() { return this.query('SELECT 1'); }\n}\nconst store = new Store();\nstore.connect();\nconst app = express();\napp.get('/', async (req, res) => res.json((await store.list()).rows));\n` },
      errors: [sharedAt('server.js', 6, 15, 24)],
    },
    {
      name: 'a Client built in a local and stored in #client of a module-level instance: the message names the field, not the local',
      files: {
        'database.ts': `import { Client } from 'pg';
class Database {
  #client: Client | undefined;
  async start(): Promise<void> {
    const c = new Client();
    c.on('error', (err) => console.error(err));
    await c.connect();
    this.#client = c;
  }
  query(text: string) {
    return this.#client!.query(text);
  }
}
export const store = new Database();
`,
        'routes.ts': expressRoute(`import { store } from './database';`, 'await store.query("SELECT 1")'),
      },
      errors: [{ ...sharedAt('database.ts', 5, 15, 25), message: 'pg Client `Database.#client` is shared by concurrent callers (Express handler, routes.ts:4): their queries run one at a time. Use a Pool.' }],
    },
    {
      name: 'a Client returned by openDatabase() and kept in a module-level db: the message names db',
      files: {
        'database.ts': `import { Client } from 'pg';
export async function openDatabase(): Promise<Client> {
  const client = new Client();
  await client.connect();
  return client;
}
`,
        'routes.ts': expressRoute(`import { openDatabase } from './database';
const db = await openDatabase();`, 'await db.query("SELECT 1")'),
      },
      errors: [{ ...sharedAt('database.ts', 3, 18, 28), message: 'pg Client `db` is shared by concurrent callers (Express handler, routes.ts:5): their queries run one at a time. Use a Pool.' }],
    },
    {
      name: "a Client returned by a factory and published with app.set('db'): the message names the key",
      files: {
        'database.js': `const { Client } = require('pg');
async function openDatabase() {
  const connection = new Client();
  await connection.connect();
  return connection;
}
module.exports = { openDatabase };
`,
        'index.js': `const express = require('express');
const { openDatabase } = require('./database');
const app = express();
app.get('/orders', async (req, res) => res.json((await req.app.get('db').query('SELECT 1')).rows));
async function main() {
  const db = await openDatabase();
  app.set('db', db);
  app.listen(3000);
}
main();
`,
      },
      errors: [{ ...sharedAt('database.js', 3, 22, 32), message: 'pg Client `db` is shared by concurrent callers (Express handler, index.js:4): their queries run one at a time. Use a Pool.' }],
    },
    {
      name: 'a BullMQ Worker with concurrency above 1',
      files: {
        'db.ts': DB_TS,
        'worker.ts': `import { Worker } from 'bullmq';
import { db } from './db';
export const worker = new Worker('emails', async (job) => {
  await db.query('SELECT 1');
}, { connection: { host: 'redis' }, concurrency: 5 });
`,
      },
      errors: [{ ...sharedAt('db.ts', 2, 19, 29), messageIncludes: '(queue worker, worker.ts:3)' }],
    },
    {
      name: 'an unreadable concurrency counts as concurrent',
      files: {
        'db.ts': DB_TS,
        'worker.ts': `import { Worker } from 'bullmq';
import { db } from './db';
export const worker = new Worker('emails', async (job) => {
  await db.query('SELECT 1');
}, { concurrency: Number(process.env.CONCURRENCY) });
`,
      },
      errors: [sharedAt('db.ts', 2, 19, 29)],
    },
    {
      name: 'two sequential workers share the Client with each other',
      files: {
        'db.ts': DB_TS,
        'worker.ts': `import { Worker } from 'bullmq';
import { db } from './db';
export const worker = new Worker('emails', async (job) => {
  await db.query('SELECT 1');
});
`,
        'worker-2.ts': `import { Worker } from 'bullmq';
import { db } from './db';
export const invoices = new Worker('invoices', async (job) => {
  await db.query('SELECT 1');
});
`,
      },
      errors: [{ ...sharedAt('db.ts', 2, 19, 29), messageIncludes: '(queue worker, worker-2.ts:3)' }],
    },
    {
      name: 'a Client inside a module-level object is named after its place in the object',
      files: {
        'db.ts': `import { Client } from 'pg';\nexport const db = { main: new Client(), name: 'x' };\n`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.main.query('SELECT 1')).rows`),
      },
      errors: [{ ...sharedAt('db.ts', 2, 27, 37), message: 'pg Client `db.main` is shared by concurrent callers (Express handler, routes.ts:4): their queries run one at a time. Use a Pool.' }],
    },
    {
      name: 'Clients in a nested module-level object: each named by its key path',
      files: {
        'db.ts': `import { Client } from 'pg';\nexport const db = { pg: { primary: new Client(), 'read-replica': (new Client()) } };\n`,
        'routes.ts': expressRoute(`import { db } from './db';`, `[await db.pg.primary.query('SELECT 1'), await db.pg['read-replica'].query('SELECT 1')]`),
      },
      errors: [
        { ...sharedAt('db.ts', 2, 36, 46), messageIncludes: 'pg Client `db.pg.primary` is shared' },
        { ...sharedAt('db.ts', 2, 67, 77), messageIncludes: 'pg Client `db.pg.read-replica` is shared' },
      ],
    },
    {
      name: 'ESM named import used in an Express handler',
      files: {
        'db.ts': DB_TS,
        'routes/users.ts': `import express from 'express';
import { db } from '../db';
export const router = express.Router();
router.get('/users', async (req, res) => {
  res.json((await db.query('SELECT * FROM users')).rows);
});
`,
      },
      errors: [
        {
          ...sharedAt('db.ts', 2, 19, 29),
          message:
            'pg Client `db` is shared by concurrent callers (Express handler, routes/users.ts:4): their queries run one at a time. Use a Pool.',
        },
      ],
    },
    {
      name: 'ESM default import through a service function',
      files: {
        'db.ts': `import { Client } from 'pg';
const client = new Client();
export default client;
`,
        'services/users.ts': `import client from '../db';
export async function listUsers() {
  return (await client.query('SELECT * FROM users')).rows;
}
`,
        'routes.ts': expressRoute(`import { listUsers } from './services/users';`, `await listUsers()`),
      },
      errors: [{ ...sharedAt('db.ts', 2, 16, 26), messageIncludes: '`client`' }],
    },
    {
      name: 'ESM namespace import',
      files: {
        'db.ts': DB_TS,
        'routes.ts': expressRoute(`import * as database from './db';`, `(await database.db.query('SELECT 1')).rows`),
      },
      errors: [sharedAt('db.ts', 2, 19, 29)],
    },
    {
      name: 'CommonJS module.exports = new Client() and require()',
      files: {
        'db.js': `const { Client } = require('pg');
module.exports = new Client();
`,
        'routes.js': `const express = require('express');
const db = require('./db');
const app = express();
app.get('/users', async (req, res) => {
  res.json((await db.query('SELECT 1')).rows);
});
`,
      },
      errors: [sharedAt('db.js', 2, 18, 28)],
    },
    {
      name: 'CommonJS exports.client and destructured require',
      files: {
        'db.js': `const pg = require('pg');
exports.client = new pg.Client();
`,
        'routes.js': `const express = require('express');
const { client } = require('./db');
const app = express();
app.get('/users', async (req, res) => {
  res.json((await client.query('SELECT 1')).rows);
});
`,
      },
      errors: [sharedAt('db.js', 2, 18, 31)],
    },
    {
      name: 're-exported through an index with export * and a named re-export',
      files: {
        'lib/db.ts': DB_TS,
        'lib/inner.ts': `export * from './db';\n`,
        'lib/index.ts': `export { db } from './inner';\n`,
        'routes.ts': expressRoute(`import { db } from './lib';`, `(await db.query('SELECT 1')).rows`),
      },
      errors: [sharedAt('lib/db.ts', 2, 19, 29)],
    },
    {
      name: 'an exported alias of the client',
      files: {
        'db.ts': `import { Client } from 'pg';
const client = new Client();
export const db = client;
`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
      errors: [sharedAt('db.ts', 2, 16, 26)],
    },
    {
      name: 'a wrapper object and a wrapper function',
      files: {
        'db.ts': `import { Client } from 'pg';
const client = new Client();
export const database = {
  query: (text: string) => client.query(text),
};
export function run(text: string) {
  return client.query(text);
}
`,
        'routes.ts': expressRoute(`import { database } from './db';`, `(await database.query('SELECT 1')).rows`),
        'jobs.ts': `import { run } from './db';
export async function refreshAll(ids: number[]) {
  await Promise.all(ids.map((id) => run(\`REFRESH \${id}\`)));
}
`,
      },
      errors: [sharedAt('db.ts', 2, 16, 26)],
    },
    {
      name: 'a class field of a module-level singleton',
      files: {
        'db.ts': `import { Client } from 'pg';
class Database {
  private client = new Client();
  query(text: string) {
    return this.client.query(text);
  }
}
export const db = new Database();
`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
      errors: [sharedAt('db.ts', 3, 20, 30)],
    },
    {
      name: 'a class field of an export default instance',
      files: {
        'db.ts': `import { Client } from 'pg';
class Db {
  client = new Client();
  q(text: string) { return this.client.query(text); }
}
export default new Db();
`,
        'routes.ts': expressRoute(`import db from './db';`, `await db.q('SELECT 1')`),
      },
      errors: [sharedAt('db.ts', 3, 12, 22)],
    },
    {
      name: 'a class field of a class with a static instance',
      files: {
        'db.ts': `import { Client } from 'pg';
export class Db {
  static instance = new Db();
  client = new Client();
  q(text: string) { return this.client.query(text); }
}
`,
        'routes.ts': expressRoute(`import { Db } from './db';`, `await Db.instance.q('SELECT 1')`),
      },
      errors: [sharedAt('db.ts', 4, 12, 22)],
    },
    {
      name: 'an @Injectable() service field used by a NestJS controller',
      files: {
        'db.service.ts': `import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
@Injectable()
export class DbService {
  private client = new Client();
  query(text: string) { return this.client.query(text); }
}
`,
        'users.controller.ts': `import { Controller, Get } from '@nestjs/common';
import { DbService } from './db.service';
@Controller('users')
export class UsersController {
  constructor(private readonly db: DbService) {}
  @Get()
  list() { return this.db.query('SELECT 1'); }
}
`,
      },
      errors: [
        {
          ...sharedAt('db.service.ts', 5, 20, 30),
          messageIncludes: '(NestJS handler, users.controller.ts:7)',
        },
      ],
    },
    {
      name: 'Promise.all in a script runs queries concurrently',
      files: {
        'db.ts': DB_TS,
        'script.ts': `import { db } from './db';
await db.connect();
await Promise.all([1, 2].map((id) => db.query('SELECT $1', [id])));
`,
      },
      errors: [{ ...sharedAt('db.ts', 2, 19, 29), messageIncludes: '(Promise.all, script.ts:3)' }],
    },
    {
      name: 'a lazy singleton',
      files: {
        'db.ts': `import { Client } from 'pg';
let client: Client | undefined;
export async function getClient() {
  if (!client) {
    client = new Client();
    await client.connect();
  }
  return client;
}
`,
        'routes.ts': `import express from 'express';
import { getClient } from './db';
const app = express();
app.get('/users', async (req, res) => {
  const db = await getClient();
  res.json((await db.query('SELECT 1')).rows);
});
`,
      },
      errors: [sharedAt('db.ts', 5, 14, 24)],
    },
    {
      name: 'a Client per tenant kept in a module-level Map: shared by all of that tenant\'s requests',
      files: {
        'tenants.ts': TENANT_CLIENTS_TS,
        'routes.ts': `import express from 'express';
import { clientFor } from './tenants';
const app = express();
app.get('/:tenant/users', async (req, res) => {
  const db = await clientFor(req.params.tenant);
  res.json((await db.query('SELECT 1')).rows);
});
`,
      },
      errors: [{ ...sharedAt('tenants.ts', 6, 14, 24), messageIncludes: 'pg Client `client`' }],
    },
    {
      name: 'an app made by calling the required module inline (`require(\'express\')()`) has Express handlers',
      files: {
        'app.js': `const { Client } = require('pg');
const app = require('express')();
const db = new Client();
db.connect();
app.get('/health', async (req, res) => res.json((await db.query('SELECT 1')).rows));
`,
      },
      errors: [{ ...sharedAt('app.js', 3, 12, 22), messageIncludes: '(Express handler, app.js:5)' }],
    },
    {
      name: 'a Client made once under a fixed key of a module-level Map and read back by handlers',
      files: {
        'handles.ts': NAMED_HANDLE_TS,
        'routes.ts': expressRoute(`import { primary } from './handles';`, `(await (await primary()).query('SELECT 1')).rows`),
      },
      errors: [{ ...sharedAt('handles.ts', 6, 14, 24), messageIncludes: 'pg Client `client`' }],
    },
    {
      name: 'a Client stored at load under a fixed key of a module-level Map, read back by a handler',
      files: {
        'routes.ts': `import express from 'express';
import { Client } from 'pg';
const app = express();
const byRole = new Map<string, Client>();
byRole.set('audit', new Client());
app.get('/audit', async (req, res) => {
  res.json((await byRole.get('audit')!.query('SELECT 1')).rows);
});
`,
      },
      errors: [sharedAt('routes.ts', 5, 21, 31)],
    },
    {
      name: 'a Client per key kept in a module-level record (`cache[key] = c`)',
      files: {
        'tenants.ts': `import { Client } from 'pg';
const cache: Record<string, Client> = {};
export async function clientFor(tenant: string) {
  if (!cache[tenant]) {
    const c = new Client();
    await c.connect();
    cache[tenant] = c;
  }
  return cache[tenant];
}
`,
        'routes.ts': `import express from 'express';
import { clientFor } from './tenants';
const app = express();
app.get('/:tenant/users', async (req, res) => {
  const db = await clientFor(req.params.tenant);
  res.json((await db.query('SELECT 1')).rows);
});
`,
      },
      errors: [sharedAt('tenants.ts', 5, 15, 25)],
    },
    {
      name: 'a NestJS provider useFactory injected with @Inject',
      files: {
        'db.module.ts': `import { Module } from '@nestjs/common';
import { Client } from 'pg';
@Module({
  providers: [{ provide: 'PG', useFactory: () => new Client() }],
  exports: ['PG'],
})
export class DbModule {}
`,
        'users.controller.ts': `import { Controller, Get, Inject } from '@nestjs/common';
import type { Client } from 'pg';
@Controller('users')
export class UsersController {
  constructor(@Inject('PG') private readonly pg: Client) {}
  @Get()
  async list() {
    return (await this.pg.query('SELECT 1')).rows;
  }
}
`,
      },
      errors: [sharedAt('db.module.ts', 4, 50, 60)],
    },
    {
      name: 'a tsconfig paths alias',
      files: {
        'tsconfig.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }`,
        'src/db.ts': DB_TS,
        'src/routes.ts': `import express from 'express';
import { db } from '@/db';
const app = express();
app.get('/users', async (req, res) => {
  res.json((await db.query('SELECT 1')).rows);
});
`,
      },
      errors: [sharedAt('src/db.ts', 2, 19, 29)],
    },
    {
      name: 'a jsconfig paths alias in JavaScript',
      files: {
        'jsconfig.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "~lib/*": ["lib/*"] } } }`,
        'lib/db.js': `const { Client } = require('pg');
const db = new Client();
module.exports = { db };
`,
        'app.js': `const express = require('express');
const { db } = require('~lib/db');
const app = express();
app.get('/users', async (req, res) => {
  res.json((await db.query('SELECT 1')).rows);
});
`,
      },
      errors: [sharedAt('lib/db.js', 2, 12, 22)],
    },
    {
      name: 'TS-ESM ./db.js specifier and a directory index',
      files: {
        'db/index.ts': DB_TS,
        'db/query.ts': `import { db } from './index.js';
export const query = (text: string) => db.query(text);
`,
        'routes.ts': expressRoute(`import { query } from './db/query.js';`, `await query('SELECT 1')`),
      },
      errors: [sharedAt('db/index.ts', 2, 19, 29)],
    },
    {
      name: 'pipeline mode is reported as info',
      files: {
        'db.ts': `import { Client } from 'pg';
export const db = new Client({ pipeline: true });
`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
      errors: [{ ...sharedAt('db.ts', 2, 19, 29, 'info'), messageIncludes: 'one slow query still blocks all the others' }],
    },
    {
      name: 'severity override',
      options: { rules: { 'shared-client': 'error' } },
      files: {
        'db.ts': DB_TS,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
      errors: [sharedAt('db.ts', 2, 19, 29, 'error')],
    },
    {
      name: 'the suppression names another rule',
      files: {
        'db.ts': `import { Client } from 'pg';
// pg-pool-guard-disable-next-line client-reuse
export const db = new Client();
`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
      errors: [sharedAt('db.ts', 3, 19, 29)],
    },
    // The squiggle covers `new` and the callee, or a factory's callee: never the (multi-line) arguments.
    {
      name: 'a four-line new pg.Client({ … }) gets a one-line squiggle',
      files: {
        'db.ts': `import pg from 'pg';\nexport const db = new pg.Client({\n  host: 'db',\n  port: 5432,\n});\n`,
        'routes.ts': expressRoute(`import { db } from './db';`, `(await db.query('SELECT 1')).rows`),
      },
      errors: [sharedAt('db.ts', 2, 19, 32)],
    },
    {
      name: 'a mysql2 createConnection({ … }) factory: the callee only',
      files: {
        'db.js': `const mysql = require('mysql2/promise');\nconst db = mysql.createConnection({\n  host: 'db',\n});\nmodule.exports = db;\n`,
        'routes.ts': expressRoute(`import db from './db';`, `await (await db).query('SELECT 1')`),
      },
      errors: [{ ...sharedAt('db.js', 2, 12, 34), messageIncludes: 'mysql2 connection' }],
    },
    {
      name: 'an awaited oracledb.getConnection({ … }): the callee only',
      files: {
        'db.mjs': `import oracledb from 'oracledb';\nexport const db = await oracledb.getConnection({\n  user: 'app',\n});\n`,
        'routes.ts': expressRoute(`import { db } from './db.mjs';`, `await db.execute('SELECT 1 FROM dual')`),
      },
      errors: [sharedAt('db.mjs', 2, 25, 47)],
    },
    {
      name: 'a tedious new Connection({ … })',
      files: {
        'db.js': `const { Connection } = require('tedious');\nconst db = new Connection({\n  server: 'db',\n});\nmodule.exports = db;\n`,
        'routes.ts': expressRoute(`import db from './db';`, `db.execSql(request)`),
      },
      errors: [sharedAt('db.js', 2, 12, 26)],
    },
  ],
});
