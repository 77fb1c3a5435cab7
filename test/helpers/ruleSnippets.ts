/** Source snippets that several rule tables use as they are. */

/** An Express app whose GET /users handler responds with `expression` (the handler starts on line 4). */
export const expressRoute = (imports: string, expression: string) => `import express from 'express';
${imports}
const app = express();
app.get('/users', async (req, res) => {
  res.json(${expression});
});
`;

/** A handler that creates, connects and ends its own Client: never shared, never reused. */
export const PER_REQUEST_CLIENT_ROUTE = `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/users', async (req, res) => {
  const client = new Client();
  await client.connect();
  res.json((await client.query('SELECT 1')).rows);
  await client.end();
});
`;

/** A Client per tenant, made and connected on the tenant's first call and kept in a module-level Map; `new Client` is at 6:14-6:24. */
export const TENANT_CLIENTS_TS = `import { Client } from 'pg';
const clients = new Map<string, Client>();
export async function clientFor(tenant: string) {
  let client = clients.get(tenant);
  if (!client) {
    client = new Client({ database: tenant });
    await client.connect();
    clients.set(tenant, client);
  }
  return client;
}
`;

/** A Client made once under a fixed key of a module-level `new Map()` and read back: `new Client` at 6:14. */
export const NAMED_HANDLE_TS = `import { Client } from 'pg';
const handles = new Map<string, Client>();
export async function primary() {
  let client = handles.get('primary');
  if (!client) {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    handles.set('primary', client);
  }
  return client;
}
`;

/** A handler that keeps its own Client in a Map local to the request under a fixed key: one per request, not `app.set`. */
export const LOCAL_HANDLES_ROUTE = `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/report', async (req, res) => {
  const handles = new Map<string, Client>();
  const client = new Client();
  await client.connect();
  handles.set('main', client);
  try {
    res.json((await handles.get('main')!.query('SELECT 1')).rows);
  } finally {
    await client.end();
  }
});
`;
