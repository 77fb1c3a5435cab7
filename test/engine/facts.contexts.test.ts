import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, contextId, contexts, imports, locate, node } from './helpers/facts';
import type { ContextNode } from '../../server/src/engine/types';

function ctx(facts: ReturnType<typeof analyze>, detail: string): ContextNode {
  return node(facts, contextId(facts, detail)) as ContextNode;
}

describe('route handlers and middleware', () => {
  it('express: inline, by reference, imported, chained route(), use(), wrapped handlers', () => {
    const source = [
      `import express from 'express';`,
      `import { Client } from 'pg';`,
      `import { getOrders } from './orders';`,
      `const client = new Client();`,
      `const app = express();`,
      `const router = express.Router();`,
      `function listUsers(res: any) { return client.query('SELECT * FROM users'); }`,
      `app.get('/users', (req, res) => listUsers(res));`,
      `app.post('/users', listUsers);`,
      `router.get(\`/orders\`, getOrders);`,
      `router.route('/items').get(async (req, res) => client.query('SELECT 1')).post(listUsers);`,
      `app.use(async (req, res, next) => { await client.query('SELECT 2'); next(); });`,
      `app.delete(/^\\/x/, asyncHandler(async (req: any) => client.query('DELETE FROM x')));`,
      `app.get('setting');`,
      `declare function asyncHandler(fn: unknown): any;`,
    ].join('\n');
    const facts = analyze(source);
    const get = ctx(facts, 'GET /users');
    assert.equal(get.contextKind, 'Express handler');
    assert.equal(get.perRequest, true);
    const at = locate(source, `app.get('/users'`);
    assert.deepEqual(get.range.start, { line: at.line, character: at.character });
    assertEdge(facts, get.id, 'b:listUsers', 'ref');
    assertEdge(facts, 'b:listUsers', 'b:client', 'ref');
    assertEdge(facts, contextId(facts, 'POST /users'), 'b:listUsers', 'ref');
    const orders = imports(facts).find((i) => i.localName === 'getOrders')!;
    assertEdge(facts, contextId(facts, 'GET /orders'), orders.id, 'ref');
    const items = ctx(facts, 'GET /items');
    assert.equal(facts.calls.find((c) => c.sql === 'SELECT 1')?.container, items.id);
    assertEdge(facts, contextId(facts, 'POST /items'), 'b:listUsers', 'ref');
    const use = ctx(facts, 'USE');
    assert.equal(use.contextKind, 'middleware');
    assert.equal(facts.calls.find((c) => c.sql === 'SELECT 2')?.container, use.id);
    assert.equal(facts.calls.find((c) => c.sql === 'DELETE FROM x')?.container, contextId(facts, 'DELETE /^\\/x/'));
    assert.equal(contexts(facts).length, 7);
  });

  it('framework kinds from the file imports; unknown app parameter → route handler', () => {
    assert.equal(contexts(analyze(`import Koa from 'koa';\nconst app = new Koa();\napp.use(async (ctx) => {});`))[0].contextKind, 'Koa handler');
    assert.equal(contexts(analyze(`import Fastify from 'fastify';\nconst f = Fastify();\nf.get('/a', async () => 1);`))[0].contextKind, 'Fastify handler');
    const routes = analyze(`module.exports = (app) => { app.get('/a', (req, res) => res.end()); };`, '/w/routes.js');
    assert.deepEqual(contexts(routes).map((c) => [c.contextKind, c.detail]), [['route handler', 'GET /a']]);
  });

  it('fastify/hapi route objects and hooks', () => {
    const source = [
      `import Fastify from 'fastify';`,
      `const app = Fastify();`,
      `async function h() {}`,
      `app.route({ method: 'GET', url: '/a', handler: async () => 1 });`,
      `app.route([{ method: 'POST', url: '/b', handler: h }, { method: 'PUT', url: '/c', async handler() {} }]);`,
      `app.addHook('onRequest', async () => {});`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(contexts(facts).map((c) => c.detail).sort(), ['GET /a', 'POST /b', 'PUT /c', 'hook onRequest'].sort());
    assertEdge(facts, contextId(facts, 'POST /b'), 'b:h', 'ref');
  });
});

describe('other concurrent contexts', () => {
  it('http servers, event listeners, exclusions', () => {
    const source = [
      `import http from 'node:http';`,
      `import { createServer } from 'https';`,
      `import { Client } from 'pg';`,
      `import { EventEmitter } from 'events';`,
      `const client = new Client();`,
      `const bus = new EventEmitter();`,
      `const server = http.createServer(async (req, res) => {});`,
      `createServer({}, async (req, res) => {});`,
      `server.on('request', async () => {});`,
      `bus.on('job', async () => {});`,
      `bus.once('job', async () => {});`,
      `bus.on('close', () => {});`,
      `process.on('SIGTERM', () => {});`,
      `client.on('notification', (msg) => {});`,
      `client.on('error', (err) => {});`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(contexts(facts).map((c) => [c.contextKind, c.detail]), [
      ['HTTP server handler', 'request'], ['HTTP server handler', 'request'],
      ['HTTP server handler', 'on("request")'], ['event handler', 'on("job")'],
    ]);
    const onCalls = facts.calls.filter((c) => c.method === 'on' && c.target === 'b:client');
    assert.deepEqual(onCalls.map((c) => c.event), ['notification', 'error']);
  });

  it('socket.io and discord.js listeners', () => {
    const io = analyze(`import { Server } from 'socket.io';\nconst io = new Server();\nio.on('connection', (socket) => { socket.on('msg', async () => {}); });`);
    assert.deepEqual(contexts(io).map((c) => [c.contextKind, c.detail]), [['socket.io handler', 'on("connection")'], ['socket.io handler', 'on("msg")']]);
    const bot = analyze(`import { Client } from 'discord.js';\nconst bot = new Client({ intents: [] });\nbot.on('messageCreate', async (m) => {});`);
    assert.deepEqual(contexts(bot).map((c) => c.contextKind), ['discord.js handler']);
  });

  it('Promise combinators, async fan-out, timers, cron, queues', () => {
    const source = [
      `import { Client } from 'pg';`,
      `import cron from 'node-cron';`,
      `import { CronJob } from 'cron';`,
      `import schedule from 'node-schedule';`,
      `import { Worker } from 'bullmq';`,
      `const client = new Client();`,
      `export async function run(ids: number[]) {`,
      `  await Promise.all([client.query('SELECT 1'), client.query('SELECT 2')]);`,
      `  await Promise.allSettled(ids.map((id) => client.query('SELECT 3')));`,
      `  await Promise.race([client.query('SELECT 4')]);`,
      `  ids.forEach(async (id) => { await client.query('SELECT 5'); });`,
      `  ids.map((id) => id + 1);`,
      `}`,
      `setInterval(async () => { await client.query('SELECT 6'); }, 1000);`,
      `cron.schedule('* * * * *', async () => {});`,
      `new CronJob('0 * * * *', async () => {});`,
      `schedule.scheduleJob('0 0 * * *', async () => {});`,
      `new Worker('emails', async (job) => {});`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(contexts(facts).map((c) => [c.contextKind, c.detail, c.perRequest]), [
      ['Promise.all', '', false], ['Promise.allSettled', '', false], ['async fan-out', 'forEach', false],
      ['setInterval callback', '', false], ['cron job', '* * * * *', false], ['cron job', '0 * * * *', false],
      ['cron job', '0 0 * * *', false], ['queue worker', 'emails', false],
    ]);
    const [all, settled, , interval] = contexts(facts);
    const containerOf = (sql: string) => facts.calls.find((c) => c.sql === sql)?.container;
    assert.equal(containerOf('SELECT 1'), all.id);
    assert.equal(containerOf('SELECT 3'), settled.id);
    assert.equal(containerOf('SELECT 4'), 'b:run');
    assert.equal(containerOf('SELECT 6'), interval.id);
    assert.equal(facts.calls.find((c) => c.sql === 'SELECT 1')?.awaited, true);
  });

  it('GraphQL resolver maps and rootValue', () => {
    const source = [
      `import { client } from './db';`,
      `async function posts() { return client.query('SELECT 1'); }`,
      `export const resolvers = {`,
      `  Query: { users: async () => client.query('SELECT 2'), posts, async me() { return null; } },`,
      `  Mutation: { addUser: posts },`,
      `  User: { friends: () => [] },`,
      `};`,
      `const options = { rootValue: { hello: () => 'hi' } };`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(contexts(facts).map((c) => c.detail).sort(),
      ['Mutation.addUser', 'Query.me', 'Query.posts', 'Query.users', 'User.friends', 'rootValue.hello'].sort());
    const users = ctx(facts, 'Query.users');
    assert.equal(users.contextKind, 'GraphQL resolver');
    const at = locate(source, 'users:');
    assert.deepEqual(users.range.start, { line: at.line, character: at.character });
    assert.equal(facts.calls.find((c) => c.sql === 'SELECT 2')?.container, users.id);
    assertEdge(facts, contextId(facts, 'Mutation.addUser'), 'b:posts', 'ref');
  });
});

describe('Next.js', () => {
  it('pages/api default export', () => {
    const facts = analyze(`import { client } from '../../lib/db';\nexport default async function handler(req, res) { await client.query('SELECT 1'); }`,
      '/w/app/pages/api/users/index.ts');
    const [c] = contexts(facts);
    assert.deepEqual([c.contextKind, c.detail], ['Next.js API route', 'API /api/users']);
    assertEdge(facts, c.id, 'b:handler', 'ref');
  });

  it('app router route handlers, server components and server actions', () => {
    const route = analyze(`export async function GET() {}\nexport const POST = async () => {};\nexport function helper() {}`,
      '/w/src/app/(shop)/users/route.ts');
    assert.deepEqual(contexts(route).map((c) => [c.contextKind, c.detail]),
      [['Next.js route handler', 'GET /users'], ['Next.js route handler', 'POST /users']]);
    const page = analyze(`export default async function Page() { return null; }`, '/w/app/users/page.tsx');
    assert.deepEqual(contexts(page).map((c) => c.contextKind), ['Next.js server component']);
    const syncPage = analyze(`export default function Page() { return null; }`, '/w/app/users/page.tsx');
    assert.equal(contexts(syncPage).length, 0);
    const actions = analyze(`'use server';\nexport async function save() {}\nexport const n = 1;`, '/w/app/actions.ts');
    assert.deepEqual(contexts(actions).map((c) => [c.contextKind, c.detail]), [['Next.js server action', 'save']]);
    const inline = analyze(`export function Form() { async function act() { 'use server'; } return act; }`, '/w/app/form.tsx');
    assert.deepEqual(contexts(inline).map((c) => c.contextKind), ['Next.js server action']);
  });
});
