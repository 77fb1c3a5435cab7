/**
 * A synthetic workspace graph of any size, for the derivation's scale test
 * (test/engine/graph-scale.test.ts, which counts its work) and the bench
 * (bench/derive.ts, which times it): one shared Client in db.ts; per file,
 * ten chained functions (some use the Client), five handlers, ten constants.
 */
import { ModuleGraph } from '../../server/src/engine/graph/moduleGraph';
import { FactsBuilder } from './factsBuilder';

/** File i of `files`: imports db and file i+1's fn0; ten chained functions; five handlers; ten plain constants. */
export function scaleFileFacts(i: number, files: number, withHandlers = true) {
  const f = new FactsBuilder(`/w/src/m${i % 20}/file${i}.ts`);
  const dbImport = f.import('db', '../db', 'db', 0);
  let previous = f.import('next', `../m${(i + 1) % 20}/file${(i + 1) % files}`, 'fn0', 1);
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

/** The graph of `files` files plus db.ts; `scaleFileFacts(i, files, …)` edits file i. */
export function scaleGraph(files: number): ModuleGraph {
  const graph = new ModuleGraph();
  const db = new FactsBuilder('/w/src/db.ts');
  const client = db.binding('db', 4);
  db.creation('db', 4, 'module', { holder: client });
  db.export('db', client);
  graph.setFacts(db.build());
  for (let i = 0; i < files; i++) graph.setFacts(scaleFileFacts(i, files));
  return graph;
}
