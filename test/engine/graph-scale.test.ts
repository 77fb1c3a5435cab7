// Findings derivation over a 2,000-file graph (~30 nodes each) is a graph
// walk over cached per-file tables: it must stay far from the parse cost.
// The bound is loose on purpose (the test machine is shared); it catches
// accidental quadratic work, the measured time is printed for humans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleGraph } from '../../server/src/engine/graph/moduleGraph';
import { deriveFindings } from '../../server/src/engine/rules/index';
import { FactsBuilder } from '../helpers/factsBuilder';

const FILES = 2000;

/** File i: imports db and file i+1's fn0; ten chained functions; five handlers; ten plain constants. */
function fileFacts(i: number, withHandlers = true) {
  const f = new FactsBuilder(`/w/src/m${i % 20}/file${i}.ts`);
  const dbImport = f.import('db', '../db', 'db', 0);
  let previous = f.import('next', `../m${(i + 1) % 20}/file${(i + 1) % FILES}`, 'fn0', 1);
  for (let j = 0; j < 10; j++) {
    const fn = f.binding(`fn${j}`, 3 + j, 'function');
    f.edge(fn, previous).export(`fn${j}`, fn);
    if (j % 3 === 0) f.edge(fn, dbImport);
    previous = fn;
  }
  if (withHandlers) {
    for (let j = 0; j < 5; j++) {
      const handler = f.context('Express handler', `GET /f${i}/${j}`, 20 + j);
      f.edge(handler, previous).call(dbImport, handler, 'query', 20 + j, { sql: 'SELECT 1' });
    }
  }
  for (let j = 0; j < 10; j++) f.binding(`v${j}`, 30 + j);
  return f.build();
}

test(`derivation over ${FILES} files stays a cheap graph walk`, (t) => {
  const graph = new ModuleGraph();
  const db = new FactsBuilder('/w/src/db.ts');
  const client = db.binding('db', 4);
  db.creation('db', 4, 'module', { holder: client });
  db.export('db', client);
  graph.setFacts(db.build());
  for (let i = 0; i < FILES; i++) graph.setFacts(fileFacts(i));

  let findings = deriveFindings(graph, { rules: {} }, '/w');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].related.length, 5);

  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    // An edit that keeps imports/exports: the joins are reused.
    graph.setFacts(fileFacts(round * 7, round % 2 === 0));
    // CPU time, not wall time: other processes on a shared machine do not count against us.
    const started = process.cpuUsage();
    findings = deriveFindings(graph, { rules: {} }, '/w');
    const used = process.cpuUsage(started);
    samples.push((used.user + used.system) / 1000);
    assert.equal(findings.length, 1);
  }
  samples.sort((a, b) => a - b);
  const median = samples[2];
  t.diagnostic(`derive median ${median.toFixed(1)} ms CPU over ${FILES} files`);
  assert.ok(median < 1000, `derivation took ${median.toFixed(1)} ms`);
});
