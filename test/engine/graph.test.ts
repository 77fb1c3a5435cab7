import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleGraph } from '../../server/src/engine/graph/moduleGraph';
import { ReachAnalysis } from '../../server/src/engine/graph/reach';
import { formatPath } from '../../server/src/engine/graph/pathText';
import { FactsBuilder } from '../helpers/factsBuilder';

/** db.ts: `export const db = new Client()`; the creation's workspace key. */
function dbModule(file = '/w/db.ts') {
  const f = new FactsBuilder(file);
  const db = f.binding('db', 4);
  const creation = f.creation('db', 4, 'module', { holder: db });
  f.export('db', db);
  return { facts: f.build(), key: `${file}\0${creation}` };
}

test('a route handler reaches the client through an imported service function', () => {
  const graph = new ModuleGraph();
  const { facts, key } = dbModule();
  graph.setFacts(facts);
  const svc = new FactsBuilder('/w/services/users.ts');
  const dbImport = svc.import('db', '../db', 'db', 0);
  const listUsers = svc.binding('listUsers', 2, 'function');
  svc.edge(listUsers, dbImport).export('listUsers', listUsers);
  graph.setFacts(svc.build());
  const routes = new FactsBuilder('/w/routes/users.ts');
  const imp = routes.import('listUsers', '../services/users', 'listUsers', 0);
  const handler = routes.context('Express handler', 'GET /users', 13);
  routes.edge(handler, imp);
  graph.setFacts(routes.build());

  const reaches = new ReachAnalysis(graph).contextsReaching(key);
  assert.equal(reaches.length, 1);
  assert.equal(reaches[0].context.file, '/w/routes/users.ts');
  assert.equal(formatPath(reaches[0].path), 'Express handler GET /users → listUsers → db');
  assert.equal(
    formatPath(reaches[0].path, '/w'),
    'Express handler GET /users (routes/users.ts:14) → listUsers (services/users.ts:3) → db (db.ts:5)',
  );
});

test('namespace and CommonJS default fallback joins', () => {
  const graph = new ModuleGraph();
  const f = new FactsBuilder('/w/db.js');
  const client = f.binding('client', 1);
  const creation = f.creation('client', 1, 'module', { holder: client });
  f.export('default', client);
  graph.setFacts(f.build());
  const app = new FactsBuilder('/w/app.js');
  const required = app.import('db', './db', '*', 0, 'cjs');
  const named = app.import('query', './db', 'query', 1, 'cjs');
  const ctx1 = app.context('Express handler', 'GET /a', 3);
  const ctx2 = app.context('Express handler', 'GET /b', 5);
  app.edge(ctx1, required).edge(ctx2, named);
  graph.setFacts(app.build());
  const reach = new ReachAnalysis(graph);
  const contexts = reach.contextsReaching(`/w/db.js\0${creation}`).map((r) => r.context.node.name);
  assert.deepEqual(contexts, ['GET /a', 'GET /b']);
  // require() of module.exports *is* the client; a missing named export falls back to it too.
  const aliases = reach.aliasesOf(`/w/db.js\0${creation}`);
  assert.ok(aliases.has(`/w/app.js\0${required}`));
  assert.ok(aliases.has(`/w/app.js\0${named}`));
});

test('export * chains are followed with cycle protection', () => {
  const graph = new ModuleGraph();
  const { facts, key } = dbModule('/w/lib/db.ts');
  graph.setFacts(facts);
  graph.setFacts(new FactsBuilder('/w/lib/index.ts').starExport('./db').starExport('./index').build());
  const app = new FactsBuilder('/w/app.ts');
  const imp = app.import('db', './lib', 'db', 0);
  const ctx = app.context('Promise.all', '', 2, false);
  app.edge(ctx, imp);
  graph.setFacts(app.build());
  assert.equal(new ReachAnalysis(graph).contextsReaching(key).length, 1);
});

test('DI tokens with the same key are one node across files', () => {
  const graph = new ModuleGraph();
  const provider = new FactsBuilder('/w/db.module.ts');
  const token = provider.di('PG', 3);
  const creation = provider.creation('PG', 4, 'diFactory', { holder: token });
  graph.setFacts(provider.build());
  const controller = new FactsBuilder('/w/users.controller.ts');
  const cls = controller.binding('UsersController', 2, 'class', true);
  const field = controller.member(cls, 'UsersController.db', 3);
  const injected = controller.di('PG', 3);
  controller.edge(field, injected, 'alias');
  const handler = controller.context('NestJS handler', 'GET /users', 6);
  controller.edge(handler, field);
  graph.setFacts(controller.build());
  const reaches = new ReachAnalysis(graph).contextsReaching(`/w/db.module.ts\0${creation}`);
  assert.deepEqual(reaches.map((r) => formatPath(r.path)), ['NestJS handler GET /users → UsersController.db → PG']);
});

test('class fields are shared only when a module-level binding instantiates the class', () => {
  const graph = new ModuleGraph();
  const f = new FactsBuilder('/w/db.ts');
  const cls = f.binding('Db', 1, 'class');
  const field = f.member(cls, 'Db.client', 2);
  const creation = f.creation('Db.client', 2, 'classField', { holder: field, classId: cls });
  f.export('Db', cls);
  graph.setFacts(f.build());
  const key = `/w/db.ts\0${creation}`;
  const perRequest = new FactsBuilder('/w/routes.ts');
  const imp = perRequest.import('Db', './db', 'Db', 0);
  const handler = perRequest.context('Express handler', 'GET /', 2);
  perRequest.edge(handler, imp, 'new');
  graph.setFacts(perRequest.build());
  let reach = new ReachAnalysis(graph);
  assert.equal(reach.isLongLived(graph.node(key) as never), false);
  assert.equal(reach.contextsReaching(key).length, 0);

  const singleton = new FactsBuilder('/w/instance.ts');
  const imp2 = singleton.import('Db', './db', 'Db', 0);
  const instance = singleton.binding('db', 1);
  singleton.edge(instance, imp2, 'new').export('db', instance);
  graph.setFacts(singleton.build());
  reach = new ReachAnalysis(graph);
  assert.equal(reach.isLongLived(graph.node(key) as never), true);
  // The per-request `new Db()` is a fresh instance: still no context reaches the shared one.
  assert.equal(reach.contextsReaching(key).length, 0);
});

test('lifecycle-only uses (a shutdown hook) do not reach the client', () => {
  const graph = new ModuleGraph();
  const { facts, key } = dbModule();
  graph.setFacts(facts);
  const server = new FactsBuilder('/w/server.ts');
  const imp = server.import('db', './db', 'db', 0);
  const shutdown = server.context('event handler', 'on("SIGTERM")', 3, false);
  server.edge(shutdown, imp).call(imp, shutdown, 'end', 3);
  graph.setFacts(server.build());
  assert.equal(new ReachAnalysis(graph).contextsReaching(key).length, 0);
});

test('joins follow a changed export without re-adding the importer', () => {
  const graph = new ModuleGraph();
  const app = new FactsBuilder('/w/app.ts');
  const imp = app.import('db', './db', 'db', 0);
  const ctx = app.context('Express handler', 'GET /', 2);
  app.edge(ctx, imp);
  graph.setFacts(app.build());
  const { facts, key } = dbModule();
  graph.setFacts(facts);
  assert.equal(new ReachAnalysis(graph).contextsReaching(key).length, 1);
  const renamed = new FactsBuilder('/w/db.ts');
  const other = renamed.binding('other', 4);
  const creation = renamed.creation('other', 4, 'module', { holder: other });
  renamed.export('other', other);
  graph.setFacts(renamed.build());
  assert.equal(new ReachAnalysis(graph).contextsReaching(`/w/db.ts\0${creation}`).length, 0);
  graph.removeFile('/w/db.ts');
  assert.equal(graph.node(`/w/db.ts\0${creation}`), undefined);
});

test('ids of edited-away nodes are reclaimed, and the graph still answers the same', () => {
  const graph = new ModuleGraph();
  const { facts, key } = dbModule();
  graph.setFacts(facts);
  // Simulate an editor session: every edit shifts offset-based ids of the route file's nodes.
  for (let edit = 0; edit < 600; edit++) {
    const routes = new FactsBuilder('/w/routes.ts', edit * 30);
    for (let i = 0; i < 25; i++) routes.binding(`v${i}`, 2);
    const imp = routes.import('db', './db', 'db', 0);
    const handler = routes.context('Express handler', 'GET /', 3);
    routes.edge(handler, imp);
    graph.setFacts(routes.build());
  }
  // 600 edits × 28 nodes were interned; compaction keeps the table near the live size.
  assert.ok(graph.idCount <= 4 * 31 + 10_000, `ids kept growing: ${graph.idCount}`);
  const reaches = new ReachAnalysis(graph).contextsReaching(key);
  assert.deepEqual(reaches.map((r) => formatPath(r.path)), ['Express handler GET / → db']);
});
