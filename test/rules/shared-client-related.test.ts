// The related information of a shared-client finding: up to five callers,
// nearest first (path length, then file, then offset), each with its path,
// pointing at the statement in the handler that reaches the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRule, TEST_ROOT } from '../helpers/ruleTester';

const handlers = (prefix: string, count: number, use: string) =>
  `import express from 'express';
${use === 'db' ? `import { db } from '../db';` : `import { listUsers } from '../services/users';`}
export const router = express.Router();
${Array.from({ length: count }, (_, i) => `router.get('/${prefix}${i + 1}', async (req, res) => {
  res.json(${use === 'db' ? `(await db.query('SELECT 1')).rows` : 'await listUsers()'});
});`).join('\n')}
`;

test('related lists the five nearest callers with their paths', () => {
  const findings = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'services/users.ts': `import { db } from '../db';
export async function listUsers() {
  return (await db.query('SELECT * FROM users')).rows;
}
`,
    'routes/c.ts': handlers('c', 3, 'service'),
    'routes/b.ts': handlers('b', 2, 'db'),
    'routes/a.ts': handlers('a', 2, 'db'),
  });
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(
    finding.message,
    'pg Client `db` is shared by concurrent callers (Express handler, routes/a.ts:4): their queries run one at a time. Use a Pool.',
  );
  assert.deepEqual(
    finding.related.map((r) => [r.file.slice(TEST_ROOT.length + 1), r.range.start.line + 1, r.message]),
    [
      ['routes/a.ts', 5, 'Express handler GET /a1 → db'],
      ['routes/a.ts', 8, 'Express handler GET /a2 → db'],
      ['routes/b.ts', 5, 'Express handler GET /b1 → db'],
      ['routes/b.ts', 8, 'Express handler GET /b2 → db'],
      ['routes/c.ts', 5, 'Express handler GET /c1 → listUsers → db'],
    ],
  );
  assert.equal(finding.creation?.file, `${TEST_ROOT}/db.ts`);
});

test('a transaction finding names the handler that runs it, not the nearest other caller', () => {
  const findings = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'routes/a.ts': `import express from 'express';
import { db } from '../db';
export const router = express.Router();
router.get('/health', async (req, res) => res.json((await db.query('SELECT 1')).rows));
router.post('/transfer', async (req, res) => {
  await db.query('BEGIN');
  await db.query('COMMIT');
  res.end();
});
`,
  }).filter((f) => f.rule === 'shared-client-transaction');
  assert.equal(findings.length, 1);
  assert.deepEqual(
    findings[0].related.map((r) => [r.file.slice(TEST_ROOT.length + 1), r.range.start.line + 1, r.message]),
    [
      ['db.ts', 2, 'pg Client `db` is created here'],
      ['routes/a.ts', 6, 'Express handler POST /transfer → db'],
    ],
  );
});

/** `file:line:column-endLine:endColumn message`, 1-based, end exclusive (as the rule tests). */
const describeRelated = (r: { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string }) =>
  `${r.file.slice(TEST_ROOT.length + 1)}:${r.range.start.line + 1}:${r.range.start.character + 1}-${r.range.end.line + 1}:${r.range.end.character + 1} ${r.message}`;

test('a long handler: the related location is the statement that uses the client, not the handler', () => {
  const [finding] = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client({\n  host: 'db',\n  port: 5432,\n});\n`,
    'routes.ts': `import express from 'express';
import { db } from './db';
const app = express();
app.get('/users/:id', async (req, res) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) {
    res.status(400).end();
    return;
  }
  const { rows } = await db.query('SELECT * FROM users WHERE id = $1', [id]);
  res.json(rows[0] ?? null);
});
app.get('/health', (req, res) => db.query('SELECT 1').then(() => res.end()));
`,
  });
  // The four-line `new Client({ … })` is squiggled on `new Client` only.
  assert.deepEqual([finding.range.start, finding.range.end], [{ line: 1, character: 18 }, { line: 1, character: 28 }]);
  assert.deepEqual(finding.related.map(describeRelated), [
    'routes.ts:10:3-10:78 Express handler GET /users/:id → db',
    // An expression-bodied handler has no statement of its own: its use is the call.
    'routes.ts:13:34-13:76 Express handler GET /health → db',
  ]);
});

test('a handler passed by name: the related location is in the function that uses the client', () => {
  const [finding] = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'handlers/users.ts': `import { db } from '../db';
import { log } from '../log';

export async function listUsers(req: unknown, res: { json(v: unknown): void }) {
  log('listing users');
  const result = await db.query('SELECT * FROM users');
  res.json(result.rows);
}
`,
    'log.ts': `export function log(message: string) {\n  console.log(message);\n}\n`,
    'app.ts': `import express from 'express';
import { listUsers } from './handlers/users';
const app = express();
app.get('/users', listUsers);
app.post('/users', listUsers);
`,
  });
  assert.deepEqual(finding.related.map(describeRelated), [
    'handlers/users.ts:6:3-6:56 Express handler GET /users → listUsers → db',
    'handlers/users.ts:6:3-6:56 Express handler POST /users → listUsers → db',
  ]);
});

test('the chain names the method the job calls, not another method of the same class', () => {
  const [finding] = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'models/user.ts': `import { db } from '../db';
export class User {
  static async register(email: string) {
    await db.query('INSERT INTO users (email) VALUES ($1)', [email]);
  }
  static async getAll() {
    return (await db.query('SELECT * FROM users')).rows;
  }
}
`,
    'jobs.ts': `import cron from 'node-cron';
import { User } from './models/user';
cron.schedule('*/5 * * * *', async () => {
  const users = await User.getAll();
  console.log(users.length);
});
`,
    'service.ts': `import { UserService } from './user-service';
export const users = new UserService();
`,
    'user-service.ts': `import { db } from './db';
export class UserService {
  async remove(id: number) {
    await db.query('DELETE FROM users WHERE id = $1', [id]);
  }
  async count() {
    return (await db.query('SELECT count(*) FROM users')).rows[0];
  }
}
`,
    'routes.ts': `import express from 'express';
import { users } from './service';
const app = express();
app.get('/count', async (req, res) => {
  res.json(await users.count());
});
`,
  });
  assert.deepEqual(finding.related.map(describeRelated), [
    'jobs.ts:4:3-4:37 cron job */5 * * * * → User → User.getAll → db',
    'routes.ts:5:3-5:33 Express handler GET /count → users → UserService → UserService.count → db',
  ]);
});

test('a transaction run through a wrapper in another file relates the handler that calls the wrapper', () => {
  const findings = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'tx.ts': `import { db } from './db';
export async function withTransaction(work: () => Promise<void>) {
  await db.query('BEGIN');
  try {
    await work();
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}
`,
    'routes.ts': `import express from 'express';
import { db } from './db';
import { withTransaction } from './tx';
const app = express();
app.get('/accounts', async (req, res) => res.json((await db.query('SELECT * FROM accounts')).rows));
app.post('/transfer', async (req, res) => {
  await withTransaction(async () => {
    await db.query('UPDATE accounts SET balance = balance - 1 WHERE id = 1');
  });
  res.end();
});
`,
  }).filter((f) => f.rule === 'shared-client-transaction');
  assert.deepEqual(findings.map((f) => `${f.file.slice(TEST_ROOT.length + 1)}:${f.range.start.line + 1}`), ['tx.ts:3']);
  assert.deepEqual(findings[0].related.map(describeRelated), [
    'db.ts:2:19-2:29 pg Client `db` is created here',
    'routes.ts:7:3-9:6 Express handler POST /transfer → withTransaction → db',
  ]);
});

test('a Pool transaction sent from the handler itself relates that handler, at the BEGIN', () => {
  const findings = runRule({
    'db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000 });\npool.on('error', () => {});\n`,
    'routes.ts': `import express from 'express';
import { pool } from './db';
const app = express();
app.get('/health', async (req, res) => res.json((await pool.query('SELECT 1')).rows));
app.post('/orders', async (req, res) => {
  await pool.query('BEGIN');
  await pool.query('INSERT INTO orders DEFAULT VALUES');
  await pool.query('COMMIT');
  res.end();
});
`,
  }).filter((f) => f.rule === 'pool-transaction');
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].related.map(describeRelated), [
    'db.ts:2:21-2:29 pg Pool `pool` is created here',
    'routes.ts:6:9-6:28 Express handler POST /orders → pool',
  ]);
});

test('client-reuse relates the statement in the handler that calls the helper which connects', () => {
  const findings = runRule({
    'db.ts': `import { Client } from 'pg';
export const db = new Client();
export async function withDb<T>(work: () => Promise<T>): Promise<T> {
  await db.connect();
  try {
    return await work();
  } finally {
    await db.end();
  }
}
`,
    'routes.ts': `import express from 'express';
import { db, withDb } from './db';
const app = express();
app.get('/users', async (req, res) => {
  const rows = await withDb(async () => (await db.query('SELECT * FROM users')).rows);
  res.json(rows);
});
`,
  }).filter((f) => f.rule === 'client-reuse');
  assert.deepEqual(findings.map((f) => f.related.map(describeRelated)), [
    ['db.ts:2:19-2:29 pg Client `db` is created once here', 'routes.ts:5:3-5:87 runs per request in Express handler GET /users'],
    ['db.ts:2:19-2:29 pg Client `db` is created once here', 'routes.ts:5:3-5:87 runs per request in Express handler GET /users'],
  ]);
});

test('an injected service: the chain names the method the controller calls', () => {
  const [finding] = runRule({
    'db.service.ts': `import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
@Injectable()
export class UsersRepository {
  private readonly client = new Client();
  async insert(email: string) {
    await this.client.query('INSERT INTO users (email) VALUES ($1)', [email]);
  }
  async findAll() {
    return (await this.client.query('SELECT * FROM users')).rows;
  }
}
`,
    'users.controller.ts': `import { Controller, Get } from '@nestjs/common';
import { UsersRepository } from './db.service';
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersRepository) {}
  @Get()
  list() {
    return this.users.findAll();
  }
}
`,
  });
  assert.equal(finding.related.length, 1);
  assert.match(finding.related[0].message, /→ UsersRepository\.findAll → /);
  assert.equal(describeRelated(finding.related[0]).split(' ')[0], 'users.controller.ts:8:5-8:33');
});

// A BEGIN only startup code runs interleaves with nothing (the same rule keeps jest BEGIN/ROLLBACK hooks quiet):
// no finding at all, so in particular none relating some GET handler that never starts one.
test('a transaction no concurrent context runs is not reported (and relates no handler)', () => {
  const findings = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'migrate.ts': `import { db } from './db';
export async function migrate() {
  await db.query('BEGIN');
  await db.query('CREATE TABLE IF NOT EXISTS users (id serial)');
  await db.query('COMMIT');
}
`,
    'main.ts': `import express from 'express';
import { db } from './db';
import { migrate } from './migrate';
const app = express();
app.get('/users', async (req, res) => res.json((await db.query('SELECT * FROM users')).rows));
await migrate();
app.listen(3000);
`,
  }).filter((f) => f.rule === 'shared-client-transaction');
  assert.deepEqual(findings.map((f) => f.related.map(describeRelated)), []);
});
