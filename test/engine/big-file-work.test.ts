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
import ts from 'typescript';
import { checkoutAt, findLeak, UNCHECKED, type CheckSteps } from '../../server/src/engine/facts/releaseFlow';

/** Allowed growth for 4× the input: linear plus per-file constants; quadratic would be ~16×. */
const LINEAR_BOUND = 5;

function assertLinear(t: { diagnostic(message: string): void }, what: string, work: (n: number) => number, n: number, bound = LINEAR_BOUND): void {
  const small = work(n);
  const large = work(4 * n);
  t.diagnostic(`${what}: ${small} at n=${n}, ${large} at 4n (${(large / small).toFixed(2)}×)`);
  assert.ok(small >= n, `the count sees the work (${small} for n=${n})`);
  assert.ok(large <= small * bound, `${what}: 4× the input cost ${(large / small).toFixed(2)}× the work (${small} → ${large})`);
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

/** Every `pool.connect()` call of a file, in source order. */
function connectCalls(sourceFile: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'connect') calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

test('finding what surrounds each pool.connect() of a file searches the statement list, not every statement per call', (t) => {
  const statementReads = (n: number) => {
    const lines = ["import { Pool } from 'pg';", 'const pool = new Pool();'];
    for (let i = 0; i < n; i++) lines.push(`export async function t${i}(id) { const c = await pool.connect(); try { return await c.query('SELECT ${i}', [id]); } finally { c.release(); } }`);
    const sourceFile = ts.createSourceFile('/w/checkouts.js', lines.join('\n'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const calls = connectCalls(sourceFile);
    let reads = 0;
    const statements = sourceFile.statements;
    // Count reads of the file's statement list (the part of the descent that was a scan per call).
    (sourceFile as { statements: ts.NodeArray<ts.Statement> }).statements = new Proxy(statements, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    for (const call of calls) assert.equal(typeof checkoutAt(sourceFile, call), 'object');
    return reads;
  };
  // n log n: about 4.7× here; a scan per call would be 16×.
  assertLinear(t, 'statement list reads', statementReads, 1000, 6);
});

test('a script of top-level checkouts: each check steps through what its client is held for, not the whole file', (t) => {
  const steps = (n: number) => {
    const lines = ["import { Pool } from 'pg';", 'const pool = new Pool();', 'if (!process.env.DATABASE_URL) throw new Error("no database");'];
    for (let i = 0; i < n; i++) lines.push(`const c${i} = await pool.connect();`, `await c${i}.query('SELECT ${i}');`, `c${i}.release();`);
    const sourceFile = ts.createSourceFile('/w/script.mjs', lines.join('\n'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const budget: CheckSteps = { left: 1e12 };
    let leaks = 0;
    for (const call of connectCalls(sourceFile)) {
      const checkout = checkoutAt(sourceFile, call);
      assert.ok(typeof checkout === 'object');
      const leak = findLeak(checkout.body, checkout.acquisition, checkout.client, budget);
      assert.notEqual(leak, UNCHECKED);
      if (leak) leaks++;
    }
    // The query between connect and release may reject: every checkout leaks.
    assert.equal(leaks, n);
    return 1e12 - budget.left;
  };
  assertLinear(t, 'release-check steps', steps, 500);
});

test('a file whose checks would step past their budget leaves the rest unchecked, with a notice', () => {
  const lines = ["import { Pool } from 'pg';", 'const pool = new Pool();'];
  // Every client is held to the end of the script: each check steps through the rest of the file.
  for (let i = 0; i < 2500; i++) lines.push(`const c${i} = await pool.connect();`, `await c${i}.query('SELECT ${i}');`);
  for (let i = 0; i < 2500; i++) lines.push(`c${i}.release();`);
  const facts = analyzeText('/w/held.mjs', lines.join('\n'));
  const leaks = (facts.fileRuleFacts ?? []).filter((fact) => fact.rule === 'pool-client-leak');
  const notice = facts.notices.find((n) => n.message.startsWith('pool-client-leak:'));
  assert.ok(notice, `a notice says checkouts went unchecked (${facts.notices.map((n) => n.message).join('; ')})`);
  const unchecked = Number(/(\d+) pool checkouts? not checked/.exec(notice.message)?.[1]);
  assert.ok(leaks.length > 0 && unchecked > 0, `some checked (${leaks.length}), some not (${unchecked})`);
  assert.equal(leaks.length + unchecked, 2500, 'every checkout is either checked (and leaks) or counted as unchecked');
});
