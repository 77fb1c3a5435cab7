// Rules over hand-built facts: checks the graph-side logic independently of the fact extractor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleGraph } from '../../server/src/engine/graph/moduleGraph';
import { deriveFindings, RULE_REGISTRY } from '../../server/src/engine/rules/index';
import type { ContextNode, EngineOptions } from '../../server/src/engine/types';
import { FactsBuilder } from '../helpers/factsBuilder';

function workspace(build: (db: FactsBuilder, routes: FactsBuilder, ids: { dbImport: string; handler: string; client: string }) => void) {
  const db = new FactsBuilder('/w/db.ts');
  const client = db.binding('db', 4);
  db.creation('db', 4, 'module', { holder: client });
  db.export('db', client);
  const routes = new FactsBuilder('/w/routes/users.ts');
  const dbImport = routes.import('db', '../db', 'db', 0);
  const handler = routes.context('Express handler', 'GET /users', 13);
  build(db, routes, { dbImport, handler, client });
  const graph = new ModuleGraph();
  graph.setFacts(db.build());
  graph.setFacts(routes.build());
  return graph;
}

const noOptions: Pick<EngineOptions, 'rules'> = { rules: {} };

test('shared-client message names the nearest context with a relative path', () => {
  const graph = workspace((_db, routes, { dbImport, handler }) => {
    routes.edge(handler, dbImport).call(dbImport, handler, 'query', 14, { sql: 'SELECT 1' });
  });
  const findings = deriveFindings(graph, noOptions, '/w');
  assert.equal(findings.length, 1);
  assert.equal(
    findings[0].message,
    'pg Client `db` is shared by concurrent callers (Express handler, routes/users.ts:14): their queries run one at a time. Use a Pool.',
  );
  assert.equal(findings[0].severity, 'warning');
  assert.deepEqual(findings[0].related.map((r) => [r.file, r.message]), [['/w/routes/users.ts', 'Express handler GET /users → db']]);
  assert.deepEqual(findings[0].range.start, { line: 4, character: 11 });
});

test('LISTEN-only clients are exempt; a single other query makes them shared', () => {
  const listenOnly = workspace((db, routes, { dbImport, handler, client }) => {
    db.call(client, 'init', 'query', 6, { sql: '  /* chan */ LISTEN jobs' }).call(client, 'init', 'on', 7, { event: 'notification' });
    routes.edge(handler, dbImport).call(dbImport, handler, 'query', 14, { sql: 'unlisten jobs' });
  });
  assert.deepEqual(deriveFindings(listenOnly, noOptions, '/w'), []);
  const mixed = workspace((db, routes, { dbImport, handler, client }) => {
    db.call(client, 'init', 'query', 6, { sql: 'LISTEN jobs' });
    routes.edge(handler, dbImport).call(dbImport, handler, 'query', 14, { sql: 'SELECT 1' });
  });
  assert.deepEqual(deriveFindings(mixed, noOptions, '/w').map((f) => f.rule), ['shared-client']);
});

test('transactions through a wrapper function and per-request connect/end', () => {
  const graph = workspace((db, routes, { dbImport, handler, client }) => {
    const query = db.binding('query', 8, 'function');
    db.edge(query, client).export('query', query);
    const queryImport = routes.import('query', '../db', 'query', 1);
    routes.edge(handler, dbImport).edge(handler, queryImport);
    routes.call(queryImport, handler, 'query', 15, { via: 'call', sql: 'begin;' });
    routes.call(dbImport, handler, 'connect', 16);
    routes.call(dbImport, handler, 'connect', 17, { inLazyInit: true });
    routes.call(queryImport, handler, 'query', 18, { via: 'call', sql: 'BEGIN_X' });
  });
  const findings = deriveFindings(graph, noOptions, '/w');
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, f.range.start.line, f.severity]),
    [
      ['shared-client', '/w/db.ts', 4, 'warning'],
      ['shared-client-transaction', '/w/routes/users.ts', 15, 'error'],
      ['client-reuse', '/w/routes/users.ts', 16, 'warning'],
    ],
  );
  assert.match(findings[2].message, /^`db\.connect\(\)` runs per request on a module-level pg Client/);
});

test('severity overrides, off, suppressions and pipeline', () => {
  const build = (pipeline: boolean) => {
    const db = new FactsBuilder('/w/db.ts');
    const client = db.binding('db', 4);
    db.creation('db', 4, 'module', { holder: client, pipeline });
    const handler = db.context('Express handler', 'GET /', 9);
    db.edge(handler, client).call(client, handler, 'query', 10, { sql: 'BEGIN' });
    return db;
  };
  const graph = new ModuleGraph();
  graph.setFacts(build(true).build());
  let findings = deriveFindings(graph, { rules: { 'shared-client-transaction': 'off' } }, '/w');
  assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['shared-client', 'info']]);
  assert.match(findings[0].message, /one slow query still blocks all the others\)\. Use a Pool\.$/);
  findings = deriveFindings(graph, { rules: { 'shared-client': 'error', 'shared-client-transaction': 'warning' } }, '/w');
  assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['shared-client', 'error'], ['shared-client-transaction', 'warning']]);
  graph.setFacts(build(false).suppressLine(4, 'shared-client').build());
  // The transaction is still reported when the creation's warning is suppressed.
  assert.deepEqual(deriveFindings(graph, noOptions, '/w').map((f) => f.rule), ['shared-client-transaction']);
});

test('the registry carries metadata for every rule', () => {
  assert.deepEqual(RULE_REGISTRY.map((r) => [r.id, r.defaultSeverity]), [
    ['shared-client', 'warning'],
    ['shared-client-transaction', 'error'],
    ['client-reuse', 'warning'],
    ['pool-transaction', 'error'],
    ['pool-client-leak', 'warning'],
    ['pool-per-request', 'warning'],
    ['pool-error-listener', 'warning'],
    ['pool-connect-timeout', 'info'],
  ]);
  for (const meta of RULE_REGISTRY) {
    assert.equal(meta.docsUrl, `https://github.com/pg-pool-guard/pg-pool-guard/blob/main/docs/rules/${meta.id}.md`);
    assert.match(meta.description, /^\S.*\.$/);
  }
});

/** db.ts with a module-level Client, and a jobs file whose contexts (marked by `mark`) use it. */
function jobsGraph(contextCount: number, mark: (node: ContextNode) => void) {
  const db = new FactsBuilder('/w/db.ts');
  const client = db.binding('db', 4);
  db.creation('db', 4, 'module', { holder: client });
  db.export('db', client);
  const jobs = new FactsBuilder('/w/jobs.ts');
  const dbImport = jobs.import('db', './db', 'db', 0);
  for (let i = 0; i < contextCount; i++) {
    const ctx = jobs.context('queue worker', `queue-${i}`, 10 + i * 5, false);
    jobs.edge(ctx, dbImport).call(dbImport, ctx, 'query', 11 + i * 5, { sql: 'SELECT 1' }).call(dbImport, ctx, 'end', 12 + i * 5);
  }
  const facts = jobs.build();
  for (const node of facts.nodes) if (node.kind === 'context') mark(node);
  const graph = new ModuleGraph();
  graph.setFacts(db.build());
  graph.setFacts(facts);
  return graph;
}

test('a context that runs once (a lifecycle hook) shares nothing, and connect()/end() in it is not per request', () => {
  const once = (node: ContextNode) => { node.once = true; };
  assert.deepEqual(deriveFindings(jobsGraph(1, once), noOptions, '/w'), []);
  const perRequest = (node: ContextNode) => { node.perRequest = true; };
  assert.deepEqual(deriveFindings(jobsGraph(1, perRequest), noOptions, '/w').map((f) => f.rule), ['shared-client', 'client-reuse']);
});

test('a sequential context (a queue consumer with concurrency 1) shares a Client only together with another context', () => {
  const sequential = (node: ContextNode) => { node.sequential = true; };
  assert.deepEqual(deriveFindings(jobsGraph(1, sequential), noOptions, '/w'), []);
  const two = deriveFindings(jobsGraph(2, sequential), noOptions, '/w');
  assert.deepEqual(two.map((f) => [f.rule, f.related.map((r) => r.message)]), [['shared-client', ['queue worker queue-0 → db', 'queue worker queue-1 → db']]]);
  assert.deepEqual(deriveFindings(jobsGraph(1, () => undefined), noOptions, '/w').map((f) => f.rule), ['shared-client']);
});
