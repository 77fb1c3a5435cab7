import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCounts, MAX_EXTRA_ROUNDS_TO_SHOW_THE_BUG, roundsUntil } from '../../prove/rounds';

interface Result {
  rounds: number;
  broken: number;
  deltas: number[];
}

/** A scenario whose corruption shows only in the round numbered `showsIn` (1-based), or never. */
function scenario(showsIn: number | undefined) {
  const asked: number[] = [];
  let played = 0;
  const run = async (n: number): Promise<Result> => {
    asked.push(n);
    const deltas = Array.from({ length: n }, () => (++played === showsIn ? 5 : 0));
    return { rounds: n, broken: deltas.filter((d) => d !== 0).length, deltas };
  };
  return { run, asked };
}

test('the requested rounds run first, then one at a time until the corruption shows', async () => {
  const { run, asked } = scenario(5);
  const result = await roundsUntil(2, run, addCounts, (r) => r.broken > 0);
  assert.deepEqual(asked, [2, 1, 1, 1]);
  assert.deepEqual(result, { rounds: 5, broken: 1, deltas: [0, 0, 0, 0, 5] });
});

test('no extra round when the requested rounds already show it', async () => {
  const { run, asked } = scenario(1);
  await roundsUntil(3, run, addCounts, (r) => r.broken > 0);
  assert.deepEqual(asked, [3]);
});

test('bounded: a corruption that never shows stops after the extra rounds, unseen', async () => {
  const { run, asked } = scenario(undefined);
  const result = await roundsUntil(2, run, addCounts, (r) => r.broken > 0);
  assert.equal(asked.length, 1 + MAX_EXTRA_ROUNDS_TO_SHOW_THE_BUG);
  assert.equal(result.rounds, 2 + MAX_EXTRA_ROUNDS_TO_SHOW_THE_BUG);
  assert.equal(result.broken, 0);
});
