/**
 * FactsWorker: the time budget is enforced while a file is analysed (the
 * worker is terminated, the next file gets a fresh one), a worker that dies
 * costs only the file it was on, and shutdown answers what is still queued.
 * The worker here is a stand-in script that hangs or exits on request.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/engine/analyze';
import { summarize } from '../../server/src/engine/selection/summary';
import { positionMap } from '../../server/src/engine/rules/remap';
import { KEPT_TREE_CHARS } from '../../server/src/engine/text-checks';
import { FactsWorker, PART_ITEMS, type FactsOutcome, type MovedAhead } from '../../server/src/lsp/facts-worker';

/** The built bundle is also the real worker's code (main.ts). */
const SERVER_JS = join(__dirname, '..', '..', 'server', 'out', 'server.js');

const dir = mkdtempSync(join(tmpdir(), 'pgpg-facts-worker-'));
const script = join(dir, 'worker.cjs');
writeFileSync(
  script,
  `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ ready: true });
parentPort.on('message', (request) => {
  if (request.path.endsWith('hang.ts')) for (;;) {}
  if (request.path.endsWith('crash.ts')) process.exit(7);
  const facts = { file: request.path, nodes: [], edges: [], exports: [], starExports: [], calls: [], suppressions: { file: [], lines: {} }, notices: [{ file: request.path, message: request.text + ' ' + request.options.pgModules.join(',') }] };
  parentPort.postMessage({ id: request.id, factsJson: JSON.stringify(facts) });
});
`,
);

/** Poll for a condition, with a generous bound (never a fixed sleep). */
async function until(condition: () => boolean, boundMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > boundMs) throw new Error(`condition not met within ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const job = (path: string) => ({ path, text: 'text', options: { pgModules: ['pg'] } });
const notice = (outcome: FactsOutcome) => (outcome.kind === 'facts' ? outcome.facts.notices[0]?.message : outcome.kind);

describe('FactsWorker', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('analyses files in order and hands back their facts', async () => {
    const worker = new FactsWorker(script, () => 10_000, () => {});
    try {
      const outcomes = await Promise.all(['/a.ts', '/b.ts', '/c.ts', '/d.ts', '/e.ts', '/f.ts'].map((p) => worker.analyse(job(p))));
      assert.deepEqual(outcomes.map((o) => (o.kind === 'facts' ? o.facts.file : o.kind)), ['/a.ts', '/b.ts', '/c.ts', '/d.ts', '/e.ts', '/f.ts']);
      assert.equal(notice(outcomes[0]), 'text pg');
    } finally {
      worker.dispose();
    }
  });

  it('abandons a file that runs past the budget, and analyses the next one in a fresh worker', async () => {
    const worker = new FactsWorker(script, () => 300, () => {});
    try {
      const [before, hung, afterwards] = await Promise.all([worker.analyse(job('/before.ts')), worker.analyse(job('/hang.ts')), worker.analyse(job('/after.ts'))]);
      assert.equal(before.kind, 'facts');
      assert.equal(hung.kind, 'over-budget');
      assert.ok(hung.kind === 'over-budget' && hung.ms >= 300, JSON.stringify(hung));
      assert.equal(afterwards.kind, 'facts', 'queued behind the hung file, analysed by the next worker');
    } finally {
      worker.dispose();
    }
  });

  it('a worker that dies fails only the file it was analysing', async () => {
    const logs: string[] = [];
    const worker = new FactsWorker(script, () => 10_000, (m) => logs.push(m));
    try {
      const [crashed, next] = await Promise.all([worker.analyse(job('/crash.ts')), worker.analyse(job('/next.ts'))]);
      assert.equal(crashed.kind, 'failed');
      assert.match(crashed.kind === 'failed' ? crashed.reason : '', /exit code 7/);
      assert.equal(next.kind, 'facts');
      assert.ok(logs.some((l) => l.includes('/crash.ts')), logs.join('\n'));
    } finally {
      worker.dispose();
    }
  });

  it('stops retrying a worker that cannot start, and fails its files', async () => {
    const worker = new FactsWorker(join(dir, 'missing.cjs'), () => 10_000, () => {});
    try {
      const outcomes = await Promise.all([worker.analyse(job('/a.ts')), worker.analyse(job('/b.ts')), worker.analyse(job('/c.ts')), worker.analyse(job('/d.ts'))]);
      assert.ok(outcomes.every((o) => o.kind === 'failed'), JSON.stringify(outcomes));
    } finally {
      worker.dispose();
    }
  });

  it('ends a worker that is idle for idleMs, and starts a new one for the next file', async () => {
    const worker = new FactsWorker(script, () => 10_000, () => {}, {}, 50);
    try {
      assert.equal(notice(await worker.analyse(job('/first.ts'))), 'text pg');
      assert.equal(worker.running, true, 'kept while there may be more work');
      await until(() => !worker.running);
      assert.equal(notice(await worker.analyse(job('/second.ts'))), 'text pg');
    } finally {
      worker.dispose();
    }
  });

  it('dispose answers what is still queued', async () => {
    const worker = new FactsWorker(script, () => 60_000, () => {});
    const pending = [worker.analyse(job('/hang.ts')), worker.analyse(job('/queued.ts'))];
    worker.dispose();
    const outcomes = await Promise.all(pending);
    assert.deepEqual(outcomes.map((o) => o.kind), ['failed', 'failed']);
    assert.equal((await worker.analyse(job('/late.ts'))).kind, 'failed');
  });

  it('the real worker sends a generated module\'s facts in parts, acknowledged one by one; they add up to the facts of analyzeText, with the text scan when asked', async () => {
    const functions = Array.from({ length: 2_000 }, (_, i) => `export async function row${i}(id: string) {\n  const { rows } = await reports.query('SELECT * FROM t${i % 40} WHERE id = $1', [id]);\n  return rows;\n}\n`);
    const text = `import { Client } from 'pg';\nexport const reports = new Client();\n${functions.join('')}`;
    const path = '/ws/generated/queries.ts';
    const options = { pgModules: ['pg'] };
    const expected = analyzeText(path, text, { ...options, rules: {} });
    assert.ok(Math.max(expected.nodes.length, expected.edges.length, expected.calls.length) > 3 * PART_ITEMS, 'big enough to need several parts');
    const worker = new FactsWorker(SERVER_JS, () => 600_000, () => {}, { pgPoolGuardFactsWorker: true });
    try {
      const [scanned, plain] = await Promise.all([worker.analyse({ path, text, options, summarize: true }), worker.analyse({ path: '/ws/small.ts', text: 'export const x = 1;\n', options })]);
      assert.equal(scanned.kind, 'facts');
      assert.deepEqual(scanned.kind === 'facts' && scanned.facts, expected);
      assert.deepEqual(scanned.kind === 'facts' && scanned.summary, summarize(path, text));
      assert.equal(plain.kind === 'facts' && plain.facts.file, '/ws/small.ts', 'the job queued behind the parts');
      assert.equal(plain.kind === 'facts' && plain.summary, undefined, 'no text scan unless asked');
    } finally {
      worker.dispose();
    }
  });
  it('the real worker sends no map ahead for a comment typed under other options than the last facts were made with', async () => {
    const path = '/ws/src/db.ts';
    const text = "import { Client } from 'acme-pg';\nexport const db = new Client();\n";
    const worker = new FactsWorker(SERVER_JS, () => 600_000, () => {}, { pgPoolGuardFactsWorker: true });
    try {
      const aheads: MovedAhead[] = [];
      await worker.analyse({ path, text, options: { pgModules: ['pg'] }, keepTree: true }, (ahead) => aheads.push(ahead));
      // The setting now names the wrapper as a driver: the same text has a creation the last facts lack.
      const outcome = await worker.analyse({ path, text: text + '// a note\n', options: { pgModules: ['pg', 'acme-pg'] }, keepTree: true }, (ahead) => aheads.push(ahead));
      assert.equal(outcome.kind, 'facts');
      assert.ok(outcome.kind === 'facts' && outcome.facts.nodes.some((n) => n.kind === 'creation'), 'the new options find the creation');
      assert.equal(aheads.length, 0, 'the facts changed: no map');
    } finally {
      worker.dispose();
    }
  });
  it('the real worker sends the position map ahead of an open document\'s facts that only moved from the last ones it sent, and only then', async () => {
    const path = '/ws/src/db.ts';
    const options = { pgModules: ['pg'] };
    const original = "import { Client } from 'pg';\nexport const db = new Client();\nexport async function byId(id: string) {\n  return db.query('SELECT * FROM users WHERE id = $1', [id]);\n}\n";
    const typedAbove = "const retries = 3;\n" + original;
    const newCall = original + "export async function count() {\n  return db.query('SELECT count(*) FROM users');\n}\n";
    const worker = new FactsWorker(SERVER_JS, () => 600_000, () => {}, { pgPoolGuardFactsWorker: true });
    const facts = (outcome: FactsOutcome) => {
      assert.equal(outcome.kind, 'facts');
      return outcome.kind === 'facts' ? outcome.facts : assert.fail();
    };
    try {
      const aheads: Array<{ ahead: MovedAhead; settled: boolean }> = [];
      const analyse = async (text: string, keepTree = true) => {
        let settled = false;
        const outcome = worker.analyse({ path, text, options, keepTree }, (ahead) => aheads.push({ ahead, settled }));
        return facts(await outcome.finally(() => (settled = true)));
      };
      const first = await analyse(original);
      assert.equal(aheads.length, 0, 'nothing to compare the first facts with');
      const second = await analyse(typedAbove);
      assert.equal(aheads.length, 1, 'the map came for facts that only moved');
      const [{ ahead, settled }] = aheads;
      assert.equal(settled, false, 'ahead of the facts');
      assert.equal(ahead.base, first, 'against the very facts this thread was handed last');
      assert.deepEqual(ahead.moved, positionMap(first, second));
      assert.deepEqual(ahead.facts, { lines: second.lines, suppressions: second.suppressions });
      // A comment typed after the last statement: the map goes out before the walk (inert-edit.ts), the same map.
      const commented = typedAbove + '// retried by the caller\n';
      const third = await analyse(commented);
      assert.equal(aheads.length, 2, 'a map for a comment typed between statements');
      assert.equal(aheads[1].settled, false, 'ahead of the facts');
      assert.deepEqual(aheads[1].ahead.moved, positionMap(second, third));
      assert.deepEqual(aheads[1].ahead.facts, { lines: third.lines, suppressions: third.suppressions });
      await analyse(typedAbove);
      await analyse(newCall);
      assert.equal(aheads.length, 3, 'no map when the structure changed');
      await analyse(original, false);
      await analyse(typedAbove);
      assert.equal(aheads.length, 3, 'no map against facts that were not kept');
      // A text too long to keep its tree (a generated module) keeps no facts either: no map for its next edit.
      const functions = Array.from({ length: 2_500 }, (_, i) => `export async function row${i}(id: string) {\n  return db.query('SELECT * FROM t${i % 40} WHERE id = $1', [id]);\n}\n`).join('');
      assert.ok(original.length + functions.length > KEPT_TREE_CHARS, 'longer than the kept-tree limit');
      await analyse(original + functions);
      await analyse(typedAbove + functions);
      assert.equal(aheads.length, 3, 'no map for a text over the kept-tree limit');
    } finally {
      worker.dispose();
    }
  });
});
