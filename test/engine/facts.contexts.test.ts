import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, contextId, contexts, imports, locate, node, startOf } from './helpers/facts';
import { DEFAULT_PG_MODULES, type ContextNode } from '../../server/src/engine/types';
import {
  CONTEXT_CATALOGUE, HTTP_ROUTE_METHODS, LISTENER_IGNORED_EVENTS, LISTENER_METHODS,
  type CallEntry, type ContextEntry, type HookEntry, type RouterEntry,
} from '../../server/src/engine/catalogue/contexts';
import { compileContexts } from '../../server/src/engine/facts/contextIndex';
import { extractFacts } from '../../server/src/engine/facts/index';
import { parseFile } from '../../server/src/engine/parse';

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
    assert.deepEqual(startOf(facts, get.range), { line: at.line, character: at.character });
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
    assert.deepEqual(startOf(facts, users.range), { line: at.line, character: at.character });
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

describe('the catalogue drives the matchers', () => {
  const withCatalogue = (extra: readonly ContextEntry[], source: string, path = '/w/src/app.ts') => {
    const contexts = compileContexts([...extra, ...CONTEXT_CATALOGUE], LISTENER_METHODS, LISTENER_IGNORED_EVENTS);
    return extractFacts(parseFile(path, source).sourceFile!, { pgModules: [...DEFAULT_PG_MODULES], rules: {} }, { contexts });
  };

  it('records the entry that found each context', () => {
    const facts = analyze(`import express from 'express';\nconst app = express();\napp.get('/a', async () => {});\napp.use(async () => {});\nsetInterval(async () => {}, 10);`);
    assert.deepEqual(contexts(facts).map((c) => [c.entry, c.contextKind]), [
      ['express.route', 'Express handler'], ['express.route', 'middleware'], ['node.set-interval', 'setInterval callback'],
    ]);
  });

  it('one router entry adds a framework: its label wins in files that import it', () => {
    const acme: RouterEntry = { id: 'acme.route', framework: 'acme-web', convention: 'router', fileImports: ['acme-web'], methods: HTTP_ROUTE_METHODS,
      label: 'Acme handler', middlewareLabel: 'middleware', kind: 'http-route', runs: 'per-request' };
    const source = `import { App } from 'acme-web';\nconst app = new App();\napp.get('/users', async (c) => c.json([]));`;
    assert.deepEqual(contexts(withCatalogue([acme], source)).map((c) => [c.entry, c.contextKind, c.detail]), [['acme.route', 'Acme handler', 'GET /users']]);
    assert.deepEqual(contexts(analyze(source)).map((c) => c.contextKind), ['route handler'], 'without the entry: the fallback router');
  });

  it('a call entry resolves the module export in every import form, never the bare name', () => {
    const every: CallEntry = { id: 'acme.every', framework: 'acme-timer', convention: 'call', modules: ['acme-timer'], export: 'every',
      handlers: { from: 1 }, detail: 'arg0', label: 'cron job', kind: 'timer', runs: 'concurrently' };
    for (const source of [
      `import { every } from 'acme-timer';\nevery('5m', async () => {});`,
      `import { every as each } from 'acme-timer';\neach('5m', async () => {});`,
      `import timer from 'acme-timer';\ntimer.every('5m', async () => {});`,
      `const timer = require('acme-timer');\ntimer.every('5m', async () => {});`,
    ]) {
      assert.deepEqual(contexts(withCatalogue([every], source)).map((c) => [c.entry, c.detail, c.perRequest]), [['acme.every', '5m', false]], source);
    }
    assert.deepEqual(contexts(withCatalogue([every], `function every(s: string, f: () => void) {}\nevery('5m', async () => {});`)), []);
  });

  it("a 'once' entry is a context that runs once", () => {
    const ready: HookEntry = { id: 'acme.ready', framework: 'acme', convention: 'hook', methods: ['addHook'], names: ['onReady'],
      label: 'lifecycle hook', kind: 'lifecycle', runs: 'once' };
    const facts = withCatalogue([ready], `app.addHook('onReady', async () => {});\napp.addHook('onRequest', async () => {});`);
    assert.deepEqual(contexts(facts).map((c) => [c.entry, c.perRequest, c.once]), [['acme.ready', false, true], ['fastify.hook', true, undefined]]);
  });
});

describe('queue concurrency', () => {
  const sequential = (options: string) => contexts(analyze(`import { Worker } from 'bullmq';\nnew Worker('q', async () => {}${options});`))[0].sequential;
  it('a BullMQ Worker is sequential when its options leave concurrency at 1', () => {
    assert.equal(sequential(''), true);
    assert.equal(sequential(', { connection }'), true);
    assert.equal(sequential(', { concurrency: 1 }'), true);
  });
  it('and concurrent when they raise it, or when the extractor cannot read them', () => {
    assert.equal(sequential(', { concurrency: 4 }'), undefined);
    assert.equal(sequential(', { concurrency: n }'), undefined);
    assert.equal(sequential(', { ...defaults }'), undefined);
    assert.equal(sequential(', options'), undefined);
  });
});

describe('queue concurrency on call entries', () => {
  it('reads the options argument the entry names', () => {
    const consume: CallEntry = { id: 'acme.consume', framework: 'acme-queue', convention: 'call', modules: ['acme-queue'], export: 'consume',
      handlers: { from: 2 }, detail: 'arg0', concurrency: { optionsArg: 1, option: 'prefetch', default: 1 }, label: 'queue worker', kind: 'queue', runs: 'concurrently' };
    const contexts = compileContexts([consume, ...CONTEXT_CATALOGUE], LISTENER_METHODS, LISTENER_IGNORED_EVENTS);
    const sequential = (options: string) => extractFacts(parseFile('/w/q.ts', `import { consume } from 'acme-queue';\nconsume('jobs', ${options}, async () => {});`).sourceFile!,
      { pgModules: [...DEFAULT_PG_MODULES], rules: {} }, { contexts }).nodes.find((n): n is ContextNode => n.kind === 'context')?.sequential;
    assert.equal(sequential('{}'), true);
    assert.equal(sequential('{ prefetch: 10 }'), undefined);
  });
});

describe('HTTP and full-stack framework entries', () => {
  const kinds = (source: string, path?: string) => contexts(analyze(source, path)).map((c) => [c.entry, c.detail]);

  it('tRPC: query/mutation/subscription resolvers on a builder, never a client query or a tRPC client call', () => {
    const source = [
      `import { z } from 'zod';`,
      `import { publicProcedure, router } from '../trpc';`,
      `import { db } from '../db';`,
      `export const users = router({`,
      `  list: publicProcedure.query(async () => db.query('SELECT 1')),`,
      `  byId: publicProcedure.input(z.string()).query(({ input }) => db.query('SELECT 1 WHERE $1', [input])),`,
      `  rename: t.procedure.use(auth).input(z.string()).mutation(async () => 1),`,
      `});`,
      `db.query('SELECT 2');`,
      `trpcClient.users.list.query();`,
      `local.query(async () => 1);`,
    ].join('\n');
    assert.deepEqual(kinds(source).map(([e]) => e), ['trpc.procedure', 'trpc.procedure', 'trpc.procedure']);
  });

  it('Bun.serve / Deno.serve: the runtime global only, handlers in options objects', () => {
    assert.deepEqual(kinds(`Bun.serve({ port: 1, async fetch(req) { return new Response('x'); } });`), [['bun.serve', 'fetch']]);
    assert.deepEqual(kinds(`Deno.serve({ port: 1 }, async (req) => new Response('x'));`), [['deno.serve', '']]);
    assert.deepEqual(kinds(`Deno.serve({ handler: (req) => new Response('x') });`), [['deno.serve', '']]);
    assert.deepEqual(kinds(`const Bun = { serve(o: unknown) {} };\nBun.serve({ fetch() {} });`), []);
  });

  it('h3 / Nitro: imported or the auto-imported global, not a local function of that name', () => {
    assert.deepEqual(kinds(`export default defineEventHandler(async (event) => ({ ok: true }));`), [['h3.define-event-handler', '']]);
    assert.deepEqual(kinds(`import { eventHandler } from 'h3';\nexport default eventHandler({ handler: async () => 1 });`), [['h3.event-handler', '']]);
    assert.deepEqual(kinds(`function defineEventHandler(f: unknown) { return f; }\nexport default defineEventHandler(async () => 1);`), []);
  });

  it("inline require('http').createServer(handler)", () => {
    assert.deepEqual(kinds(`require('http').createServer((req, res) => res.end()).listen(80);`), [['node.http-server', 'request']]);
  });

  it('hapi route objects of another module: server.route(require(…)), server.route(imported)', () => {
    const source = [`const Hapi = require('@hapi/hapi');`, `const health = require('./routes/health');`, `const server = Hapi.server();`,
      `server.route(health);`, `server.route(require('./routes/users'));`, `server.route([...require('./routes/a'), { method: 'GET', path: '/x', handler: () => 1 }]);`].join('\n');
    assert.deepEqual(kinds(source), [
      ['hapi.route', 'routes of health'], ['hapi.route', 'routes of ./routes/users'], ['hapi.route', 'routes of ./routes/a'], ['hapi.route', 'GET /x'],
    ]);
    assert.deepEqual(kinds(`import express from 'express';\nconst app = express();\napp.route('/x').get((req, res) => res.end());`), [['express.route', 'GET /x']]);
  });

  it('file conventions: SvelteKit, Expo Router +api, Remix, Astro, Next.js middleware, Vercel, Workers', () => {
    const verbs = `export async function GET() {}\nexport const POST = async () => {};`;
    assert.deepEqual(kinds(verbs, '/w/src/routes/api/notes/+server.ts'), [['sveltekit.endpoint', 'GET /api/notes'], ['sveltekit.endpoint', 'POST /api/notes']]);
    assert.deepEqual(kinds(`export const load = async () => ({});\nexport const actions = { default: async () => {} };`, '/w/src/routes/(app)/todo/+page.server.ts'),
      [['sveltekit.server-load', '+page.server /todo'], ['sveltekit.form-actions', '/todo']]);
    assert.deepEqual(kinds(`export const init = async () => {};\nexport const handle = async ({ event, resolve }) => resolve(event);`, '/w/src/hooks.server.ts'),
      [['sveltekit.hooks', 'handle']]);
    assert.deepEqual(kinds(verbs, '/w/app/(api)/user+api.ts'), [['expo-router.api-route', 'GET /user'], ['expo-router.api-route', 'POST /user']]);
    assert.deepEqual(kinds(`export async function loader() {}\nexport async function action() {}`, '/w/app/routes/notes.$id.tsx'),
      [['remix.route-module', 'loader /notes.$id'], ['remix.route-module', 'action /notes.$id']]);
    assert.deepEqual(kinds(`export const GET = async () => new Response('x');`, '/w/src/pages/api/links.ts'), [['astro.endpoint', 'GET /api/links']]);
    assert.deepEqual(kinds(`export function middleware() {}`, '/w/src/middleware.ts'), [['nextjs.middleware', 'middleware']]);
    assert.deepEqual(kinds(`module.exports = async (req, res) => res.json([]);`, '/w/api/scores/index.js'), [['vercel.function', 'default /api/scores']]);
    assert.deepEqual(kinds(`export default { baseURL: '/api' };`, '/w/src/api/client.ts'), [], 'not a function: not a Vercel function');
    assert.deepEqual(kinds(`const express = require('express');\nmodule.exports = async function mount(app) { app.use(express.json()); };`, '/w/src/api/index.js'), [],
      'an Express app module under api/ registers routes: not a Vercel function');
    assert.deepEqual(kinds(`export default { async fetch(request: Request) { return new Response('x'); } };`, '/w/src/index.ts'), [['workers.fetch', 'fetch']]);
    assert.deepEqual(kinds(`export default { fetch: false, port: 3000 };`, '/w/src/index.ts'), []);
  });
});

describe('file-router detail (Nitro)', () => {
  it('names the route and method from the file below server/', async () => {
    const { fileRoute } = await import('../../server/src/engine/facts/contexts');
    assert.equal(fileRoute('/w/server/api/users/[id].get.ts', 'server'), 'GET /api/users/[id]');
    assert.equal(fileRoute('/w/server/api/orders/index.post.ts', 'server'), 'POST /api/orders');
    assert.equal(fileRoute('/w/server/routes/feed.xml.ts', 'server'), '/feed.xml');
    assert.equal(fileRoute('/w/server/middleware/auth.ts', 'server'), '/middleware/auth');
    assert.equal(fileRoute('/w/src/app.ts', 'server'), '');
  });
});
