/**
 * Rewrites computed ahead of the code action list (rewrite-precompute.ts):
 * in the background once an analysis settles, one per event-loop turn, stopped
 * by the next revision; a list waits for its own findings within a bound and
 * falls back to the unresolved action past it. Deterministic: the rewrite is a
 * stand-in that the test lets finish (or not).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/engine/types';
import { RewritePrecompute } from '../../server/src/lsp/rewrite-precompute';

function finding(n: number): Finding {
  return { rule: 'shared-client', file: `/w/db${n}.js`, range: { offset: n } } as unknown as Finding;
}

/** A rewrite service whose computations are recorded; `block` makes compute() wait for nothing but counts. */
function service() {
  const computed: Finding[] = [];
  return {
    computed,
    isComputed: (f: Finding) => computed.includes(f),
    compute: (f: Finding) => {
      computed.push(f);
      return undefined;
    },
  };
}

function precompute(state: { revision: number; settled: boolean }) {
  return new RewritePrecompute({ revision: () => state.revision, isSettled: () => state.settled, getText: () => () => undefined, log: () => undefined });
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RewritePrecompute', () => {
  it('computes the scheduled rewrites one per event-loop turn, in order', async () => {
    const state = { revision: 1, settled: true };
    const s = service();
    const [a, b, c] = [finding(1), finding(2), finding(3)];
    precompute(state).schedule([a, b, c].map((f) => ({ service: s, finding: f })));
    assert.deepEqual(s.computed, [], 'nothing during the call itself');
    await turn();
    assert.deepEqual(s.computed, [a]);
    await turn();
    await turn();
    assert.deepEqual(s.computed, [a, b, c]);
  });

  it('stops when the revision moves on (the next edit)', async () => {
    const state = { revision: 1, settled: true };
    const s = service();
    const [a, b, c] = [finding(1), finding(2), finding(3)];
    precompute(state).schedule([a, b, c].map((f) => ({ service: s, finding: f })));
    await turn();
    state.revision = 2;
    for (let i = 0; i < 5; i++) await turn();
    assert.deepEqual(s.computed, [a]);
  });

  it('a list moves its findings to the front and resolves once they are computed', async () => {
    const state = { revision: 1, settled: true };
    const s = service();
    const jobs = [1, 2, 3, 4].map((n) => ({ service: s, finding: finding(n) }));
    const p = precompute(state);
    p.schedule(jobs);
    const ready = await p.whenComputed([jobs[3]], 60_000);
    assert.equal(ready, true);
    assert.equal(s.computed[0], jobs[3].finding, 'the listed finding went first');
  });

  it('nothing is computed against an analysis that has not settled: the list answers at once', async () => {
    const state = { revision: 1, settled: false };
    const s = service();
    const job = { service: s, finding: finding(1) };
    const p = precompute(state);
    assert.equal(await p.whenComputed([job], 60_000), false, 'not settled: answer at once');
    assert.deepEqual(s.computed, []);
  });

  it('past the bound, or cancelled, the list stops waiting while the background work goes on', async () => {
    const state = { revision: 1, settled: true };
    let calls = 0;
    // compute() never makes the listed rewrite computed: only the bound or the cancellation ends the wait.
    const s = { isComputed: () => false, compute: () => void calls++ };
    const many = Array.from({ length: 1000 }, (_, n) => ({ service: s, finding: finding(n) }));
    const p = precompute(state);
    p.schedule(many);
    assert.equal(await p.whenComputed([many[999]], 5), false, 'past the bound');
    const listeners: Array<() => void> = [];
    const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => (listeners.push(l), { dispose: () => undefined }) };
    const waiting = p.whenComputed([many[998]], 60_000, token as never);
    const before = calls;
    listeners.forEach((l) => l());
    const callsWhenAnswered = await waiting.then((ready) => (assert.equal(ready, false), calls));
    assert.equal(callsWhenAnswered, before, 'answered on the cancellation, before another rewrite ran');
  });
});
