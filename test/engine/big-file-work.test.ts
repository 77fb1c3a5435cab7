// One big file must cost work linear in its size: each case builds a shape
// of bench/big-files.ts at n and 4n units and counts the work of the step
// that was once quadratic (never its time, which is `npm run bench`'s).
// Linear is about 4×; the old quadratic paths cost about 16×.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/engine/analyze';
import { ModuleGraph } from '../../server/src/engine/graph/moduleGraph';
import { deriveFindings } from '../../server/src/engine/rules/index';
import { countingGraph } from '../helpers/countingGraph';

/** Allowed growth for 4× the input: linear plus per-file constants; quadratic would be ~16×. */
const LINEAR_BOUND = 5;

function assertLinear(t: { diagnostic(message: string): void }, what: string, work: (n: number) => number, n: number): void {
  const small = work(n);
  const large = work(4 * n);
  t.diagnostic(`${what}: ${small} at n=${n}, ${large} at 4n (${(large / small).toFixed(2)}×)`);
  assert.ok(small >= n, `the count sees the work (${small} for n=${n})`);
  assert.ok(large <= small * LINEAR_BOUND, `${what}: 4× the input cost ${(large / small).toFixed(2)}× the work (${small} → ${large})`);
}

/** Graph reads of the findings derivation over one file. */
function derivationReads(path: string, text: string, expectedFindings: number): number {
  const facts = analyzeText(path, text);
  const graph = new ModuleGraph();
  graph.setFacts(facts);
  const { graph: counted, reads } = countingGraph(graph);
  const findings = deriveFindings(counted, { rules: {} }, '/w');
  assert.equal(findings.length, expectedFindings);
  return reads();
}

test('a BEGIN in every handler: each transaction finding walks what it reaches, not every node of the file', (t) => {
  const transactions = (n: number) => {
    const lines = ["import express from 'express';", "import { Client } from 'pg';", 'const db = new Client();', 'const app = express();'];
    for (let i = 0; i < n; i++) lines.push(`app.post('/t${i}', async (req, res) => { await db.query('BEGIN'); await db.query('UPDATE t SET v = $1', [${i}]); await db.query('COMMIT'); res.end(); });`);
    // shared-client, then one shared-client-transaction per handler.
    return derivationReads('/w/transactions.ts', lines.join('\n'), n + 1);
  };
  assertLinear(t, 'graph reads (idCount counts as its value)', transactions, 300);
});
