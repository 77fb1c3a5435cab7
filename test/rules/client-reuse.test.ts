import { ruleTester } from '../helpers/ruleTester';
import { expressRoute, LOCAL_HANDLES_ROUTE, NAMED_HANDLE_TS, PER_REQUEST_CLIENT_ROUTE, TENANT_CLIENTS_TS } from '../helpers/ruleSnippets';

const reuse = (file: string, line: number, column: number, endColumn: number) =>
  ({ rule: 'client-reuse' as const, file, line, column, endLine: line, endColumn, severity: 'warning' as const });

ruleTester('client-reuse', {
  valid: [
    {
      // The connect runs once, at load; handlers only await the promise it returned.
      name: 'connect() at load stored in a promise that handlers await',
      files: {
        'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\nexport const ready = db.connect();\n`,
        'routes.ts': `import express from 'express';
import { db, ready } from './db';
const app = express();
app.get('/users', async (req, res) => {
  await ready;
  res.json((await db.query('SELECT 1')).rows);
});
`,
      },
    },
    {
      // Pools are creations too (resource 'pool'); connect()/end() on them is not this rule's business.
      name: 'connect and end per request on a module-level Pool',
      files: {
        'db.ts': `import pg from 'pg';\nexport const pool = new pg.Pool();\n`,
        'routes.ts': `import express from 'express';
import { pool } from './db';
const app = express();
app.get('/users', async (req, res) => {
  const client = await pool.connect();
  client.release();
  await pool.end();
});
`,
      },
    },
    {
      // The memo stays filled after the first call: connect() runs once, whatever calls whenReady().
      name: 'memoised connect: `ready ??= db.connect()` on a module-level binding, `this.ready ||= …` on a shared instance',
      files: {
        'db.ts': `import { Client } from 'pg';
export const db = new Client();
let ready: Promise<void> | undefined;
export function whenReady() {
  ready ??= db.connect();
  return ready;
}
class Store {
  private client = new Client();
  private ready?: Promise<void>;
  async rows(sql: string) {
    this.ready ||= this.client.connect();
    await this.ready;
    return (await this.client.query(sql)).rows;
  }
}
export const store = new Store();
`,
        'routes.ts': `import express from 'express';
import { db, whenReady, store } from './db';
const app = express();
app.get('/users', async (req, res) => {
  await whenReady();
  res.json((await db.query('SELECT 1')).rows);
});
app.get('/orders', async (req, res) => res.json(await store.rows('SELECT 2')));
`,
      },
    },
    {
      name: 'connect in a lazy getter that creates the client',
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
        'routes.ts': expressRoute(`import { getClient } from './db';`, `(await (await getClient()).query('SELECT 1')).rows`),
      },
    },
    {
      name: 'connect in the function that creates a Client per key and keeps it in a module-level Map',
      files: {
        'tenants.ts': TENANT_CLIENTS_TS,
        'routes.ts': expressRoute(`import { clientFor } from './tenants';`, `(await (await clientFor('a')).query('SELECT 1')).rows`),
      },
    },
    {
      name: 'connect in the function that makes a Client once under a fixed key of a module-level Map',
      files: {
        'handles.ts': NAMED_HANDLE_TS,
        'routes.ts': expressRoute(`import { primary } from './handles';`, `(await (await primary()).query('SELECT 1')).rows`),
      },
    },
    {
      name: 'connect and end of a handler\'s own Client, kept under a fixed key in a Map local to the handler',
      files: { 'routes.ts': LOCAL_HANDLES_ROUTE },
    },
    {
      name: 'connect and end in top-level code',
      files: {
        'db.ts': `import { Client } from 'pg';
export const db = new Client();
await db.connect();
process.on('SIGTERM', () => db.end());
`,
      },
    },
    {
      name: 'a Client the handler creates itself',
      files: {
        'routes.ts': PER_REQUEST_CLIENT_ROUTE,
      },
    },
    {
      name: 'connect inside Promise.all is not per request',
      files: {
        'db.ts': `import { Client } from 'pg';
export const db = new Client();
`,
        'warmup.ts': `import { db } from './db';
await Promise.all([db.connect(), Promise.resolve()]);
`,
      },
    },
    {
      name: 'a connect() method on a singleton class called only at startup',
      files: {
        'db.ts': `import { Client } from 'pg';
class Database {
  private client = new Client();
  async connect() {
    await this.client.connect();
  }
  query(text: string) {
    return this.client.query(text);
  }
}
export const db = new Database();
`,
        'server.ts': `import express from 'express';
import { db } from './db';
const app = express();
app.get('/users', async (req, res) => {
  res.json((await db.query('SELECT 1')).rows);
});
await db.connect();
app.listen(3000);
`,
      },
    },
    {
      name: 'connect in a NestJS useFactory provider',
      files: {
        'db.module.ts': `import { Module } from '@nestjs/common';
import { Client } from 'pg';
@Module({
  providers: [{ provide: 'PG', useFactory: async () => {
    const client = new Client();
    await client.connect();
    return client;
  } }],
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
    },
  ],
  invalid: [
    {
      // A memo local to the handler is empty on every request.
      name: 'a memo local to the handler: `let ready; ready ??= client.connect()` runs per request',
      files: {
        'routes.ts': `import express from 'express';
import { Client } from 'pg';
const client = new Client();
const app = express();
app.get('/users', async (req, res) => {
  let ready: Promise<void> | undefined;
  ready ??= client.connect();
  await ready;
  res.json((await client.query('SELECT 1')).rows);
});
`,
      },
      errors: [
        { rule: 'shared-client', file: 'routes.ts', line: 3, column: 16, endLine: 3, endColumn: 26, severity: 'warning' },
        reuse('routes.ts', 7, 13, 29),
      ],
    },
    {
      // Fastify application hooks (onReady, onClose …) run once; request hooks (onRequest …) per request.
      name: 'connect in a Fastify onRequest hook; not in onReady, not end() in onClose',
      files: {
        'plugin.ts': `import fp from 'fastify-plugin';
import { Client } from 'pg';
const client = new Client();
export default fp(async (fastify) => {
  fastify.addHook('onReady', async () => {
    await client.connect();
  });
  fastify.addHook('onClose', async () => {
    await client.end();
  });
  fastify.addHook('onRequest', async () => {
    await client.connect();
  });
  fastify.get('/users', async () => (await client.query('SELECT 1')).rows);
});
`,
      },
      errors: [
        { rule: 'shared-client', file: 'plugin.ts', line: 3, column: 16, endLine: 3, endColumn: 26, severity: 'warning' },
        reuse('plugin.ts', 12, 11, 27),
      ],
    },
    {
      name: 'connect and end per request on a module-level client',
      files: {
        'routes.ts': `import express from 'express';
import { Client } from 'pg';
const client = new Client();
const app = express();
app.get('/users', async (req, res) => {
  await client.connect();
  const { rows } = await client.query('SELECT 1');
  await client.end();
  res.json(rows);
});
`,
      },
      errors: [
        { rule: 'shared-client', file: 'routes.ts', line: 3, column: 16, endLine: 3, endColumn: 26, severity: 'warning' },
        {
          ...reuse('routes.ts', 6, 9, 25),
          message:
            '`client.connect()` runs per request on a module-level pg Client: a Client cannot reconnect ("Client has already been connected") and end() closes it for everyone. Use a Pool (pool.query, or pool.connect() + release()).',
        },
        { ...reuse('routes.ts', 8, 9, 21), messageIncludes: '`client.end()`' },
      ],
    },
    {
      name: 'connect in a helper that a handler calls, across files',
      files: {
        'db.ts': `import { Client } from 'pg';
export const db = new Client();
export async function withDb<T>(work: () => Promise<T>) {
  await db.connect();
  try {
    return await work();
  } finally {
    await db.end();
  }
}
`,
        'routes.ts': expressRoute(`import { withDb, db } from './db';`, `await withDb(() => db.query('SELECT 1'))`),
      },
      errors: [reuse('db.ts', 4, 9, 21), reuse('db.ts', 8, 11, 19)],
    },
    {
      name: 'a connect() method on a singleton class called per request',
      files: {
        'db.ts': `import { Client } from 'pg';
class Database {
  private client = new Client();
  async connect() {
    await this.client.connect();
  }
}
export const db = new Database();
`,
        'server.ts': `import express from 'express';
import { db } from './db';
const app = express();
app.get('/users', async (req, res) => {
  await db.connect();
  res.sendStatus(204);
});
`,
      },
      errors: [{ ...reuse('db.ts', 5, 11, 32), messageIncludes: '`this.client.connect()`' }],
    },
    {
      name: 'severity override',
      options: { rules: { 'client-reuse': 'error' } },
      files: {
        'routes.ts': `import express from 'express';
import { Client } from 'pg';
const client = new Client();
const app = express();
app.post('/reset', async (req, res) => {
  await client.end();
  res.sendStatus(204);
});
`,
      },
      errors: [{ ...reuse('routes.ts', 6, 9, 21), severity: 'error' }],
    },
  ],
});
