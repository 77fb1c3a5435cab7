/**
 * The control-flow check behind pool-client-leak (facts/releaseFlow.ts): a
 * client checked out with connect() must be released on every path. Each case
 * is one function; `leak` is the kind of the first leak and the text of the
 * node it is reported at, or undefined for no leak.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { checkoutAt, findLeak, UNCHECKED } from '../../server/src/engine/facts/releaseFlow';

function connectCall(sf: ts.SourceFile): ts.CallExpression {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (!found && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'connect') found = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  assert.ok(found, 'no connect() call in the case');
  return found;
}

function leakOf(code: string): { kind: string; at: string } | undefined | 'not a checkout' | 'discarded' | 'ignored' {
  // Parsed as the engine parses: no parent pointers.
  const sf = ts.createSourceFile('case.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const checkout = checkoutAt(sf, connectCall(sf));
  if (!checkout) return 'not a checkout';
  if (checkout === 'discarded' || checkout === 'ignored') return checkout;
  const leak = findLeak(checkout.body, checkout.acquisition, checkout.client);
  if (!leak) return undefined;
  assert.notEqual(leak, UNCHECKED, 'no step limit given: every checkout is checked');
  if (leak === UNCHECKED) return undefined;
  const text = leak.kind === 'end' || leak.kind === 'never' ? '' : code.slice(leak.at.getStart(sf), leak.at.end).split('\n')[0];
  return { kind: leak.kind, at: text };
}

const cases: Array<{ name: string; code: string; leak: ReturnType<typeof leakOf> }> = [
  {
    name: 'release in finally',
    code: `async function f() { const c = await pool.connect(); try { await c.query('x'); } finally { c.release(); } }`,
    leak: undefined,
  },
  {
    name: 'release(err) in catch and release() at the end of try',
    code: `async function f() { const c = await pool.connect(); try { await c.query('x'); c.release(); } catch (err) { c.release(err); throw err; } }`,
    leak: undefined,
  },
  {
    name: 'acquire inside try, release in finally guarded by if (client)',
    code: `async function f() { let c; try { c = await pool.connect(); await c.query('x'); } finally { if (c) c.release(); } }`,
    leak: undefined,
  },
  {
    name: 'optional release in finally',
    code: `async function f() { let c; try { c = await pool.connect(); await c.query('x'); } catch (e) { next(e); } finally { c?.release(); } }`,
    leak: undefined,
  },
  {
    name: 'no release at all',
    code: `async function f() { const c = await pool.connect(); await c.query('x'); }`,
    leak: { kind: 'never', at: '' },
  },
  {
    name: 'release in try, no finally: a rejected query skips it',
    code: `async function f() { const c = await pool.connect(); try { await c.query('x'); c.release(); } catch (e) { console.error(e); } }`,
    leak: { kind: 'await', at: "await c.query('x')" },
  },
  {
    name: 'no try: a rejected query skips the release',
    code: `async function f() { const c = await pool.connect(); const r = await c.query('x'); c.release(); return r.rows; }`,
    leak: { kind: 'await', at: "await c.query('x')" },
  },
  {
    name: 'early return before release',
    code: `async function f(id) { const c = await pool.connect(); try { const r = await c.query('x'); if (!r.rows.length) { return null; } c.release(); return r.rows; } catch (e) { c.release(); throw e; } }`,
    leak: { kind: 'return', at: 'return null;' },
  },
  {
    name: 'throw before release',
    code: `async function f(id) { const c = await pool.connect(); try { if (!id) throw new Error('id'); await c.query('x'); } catch (e) { throw e; } finally { } c.release(); }`,
    leak: { kind: 'throw', at: "throw new Error('id');" },
  },
  {
    name: 'returns the client: the caller releases it',
    code: `async function getClient() { const c = await pool.connect(); await c.query("SET x = 1"); return c; }`,
    leak: undefined,
  },
  {
    name: 'passes the client on and never releases it here',
    code: `async function f() { const c = await pool.connect(); return work(c); }`,
    leak: undefined,
  },
  {
    name: 'release in a response listener',
    code: `async function f(req, res) { const c = await pool.connect(); res.on('finish', () => c.release()); await c.query('x'); }`,
    leak: undefined,
  },
  {
    name: 'callback form with done() after the query',
    code: `function f() { pool.connect((err, client, done) => { if (err) return console.error(err); client.query('x', (e, r) => { done(); }); }); }`,
    leak: undefined,
  },
  {
    name: 'callback form without done()',
    code: `function f() { pool.connect((err, client, done) => { if (err) throw err; client.query('x', (e, r) => { console.log(r); }); }); }`,
    leak: { kind: 'never', at: '' },
  },
  {
    name: 'callback form: an early return skips done()',
    code: `function f(ok) { pool.connect((err, client, done) => { if (err) return; if (!ok) return; client.query('x', () => done()); }); }`,
    leak: { kind: 'return', at: 'return;' },
  },
  {
    name: 'callback form that takes only the error: the client it is handed is never released',
    code: `pool.connect((err) => { if (err) console.error('no database', err); });`,
    leak: 'ignored',
  },
  {
    name: 'callback form with no parameters, as a function expression',
    code: `pool.connect(function () { console.log('connected'); });`,
    leak: 'ignored',
  },
  {
    name: 'callback form that reads its arguments is not judged',
    code: `pool.connect(function (err) { const done = arguments[2]; done(); });`,
    leak: 'not a checkout',
  },
  {
    name: 'callback form with a rest parameter is not judged',
    code: `pool.connect((...args) => args[2]());`,
    leak: 'not a checkout',
  },
  {
    name: 'release in both branches of an if',
    code: `async function f(a) { const c = await pool.connect(); if (a) { c.release(); } else { c.release(); } }`,
    leak: undefined,
  },
  {
    name: 'release in one branch only',
    code: `async function f(a) { const c = await pool.connect(); if (a) { c.release(); } }`,
    leak: { kind: 'end', at: '' },
  },
  {
    name: 'loop with release in finally',
    code: `async function f(items) { const c = await pool.connect(); try { for (const i of items) { await c.query('x', [i]); } } finally { c.release(); } }`,
    leak: undefined,
  },
  {
    name: 'not awaited: a promise handed on',
    code: `function f() { return pool.connect(); }`,
    leak: 'not a checkout',
  },
  {
    name: 'module level: a client checked out at load and never released',
    code: `export const c = await pool.connect();\nexport const q = (t) => c.query(t);`,
    leak: { kind: 'never', at: '' },
  },
  {
    name: 'module level: a script that releases in finally',
    code: `const c = await pool.connect();\ntry { await c.query('x'); } finally { c.release(); }\nawait pool.end();`,
    leak: undefined,
  },
  {
    name: 'a connect() whose client is dropped, at the top level',
    code: `if (!building) { await pool.connect(); }`,
    leak: 'discarded',
  },
  {
    name: 'a connect() whose client is dropped, in a function',
    code: `async function warm() { await (pool.connect()); }`,
    leak: 'discarded',
  },
  {
    name: 'connect().then(…) hands the client to the callback',
    code: `pool.connect().then((c) => c.release());`,
    leak: 'not a checkout',
  },
];

describe('releaseFlow: is a checked-out pool client released on every path?', () => {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(leakOf(c.code), c.leak));
  }
});
