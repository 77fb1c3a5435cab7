/** Unit tests for the corpus comparison and the CLI report parser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFindings, totals, type FindingTuple } from './expected';
import { mapLimited, parseReport } from './parse-report';

const at = (line: number, extra: Partial<FindingTuple> = {}): FindingTuple => ({
  rule: 'shared-client', file: 'src/db.ts', line, column: 3, endLine: line, endColumn: 20, ...extra,
});

test('compareFindings matches tuples as a multiset', () => {
  const r = compareFindings('f', [at(1), at(1), at(5)], [at(1), at(7)]);
  assert.deepEqual(r.truePositives, [at(1)]);
  assert.deepEqual(r.falseNegatives, [at(1), at(5)]);
  assert.deepEqual(r.falsePositives, [at(7)]);
});

test('a finding is matched by where it starts, not by how far its range reaches', () => {
  // expected.json spans the whole `new Client({ … })`; the diagnostic covers `new Client`.
  const whole = at(4, { endLine: 7, endColumn: 3 });
  assert.equal(compareFindings('f', [whole], [at(4, { endColumn: 17 })]).truePositives.length, 1);
  const elsewhere = compareFindings('f', [whole], [at(4, { column: 4 })]);
  assert.equal(elsewhere.falseNegatives.length, 1);
  assert.equal(elsewhere.falsePositives.length, 1);
  assert.equal(compareFindings('f', [whole], [at(5)]).truePositives.length, 0);
});

test('severity is compared only when the expected item has one', () => {
  assert.equal(compareFindings('f', [at(1)], [at(1, { severity: 'warning' })]).truePositives.length, 1);
  const strict = compareFindings('f', [at(1, { severity: 'info' })], [at(1, { severity: 'warning' })]);
  assert.equal(strict.falseNegatives.length, 1);
  assert.equal(strict.falsePositives.length, 1);
});

test('totals computes precision and recall', () => {
  const t = totals([compareFindings('a', [at(1), at(2)], [at(1), at(3), at(4)])]);
  assert.deepEqual(t, { fixtures: 1, tp: 1, fp: 2, fn: 1, precision: 1 / 3, recall: 1 / 2 });
  assert.deepEqual(totals([compareFindings('b', [], [])]), { fixtures: 1, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 });
});

test('parseReport accepts the CLI json shape and rejects garbage without throwing', () => {
  const good = parseReport(JSON.stringify({
    findings: [{ ...at(2), file: './src/db.ts', severity: 'warning', message: 'm', related: [] }],
    stats: { files: 2, ms: 5 },
  }));
  assert.deepEqual(good, { ok: true, findings: [at(2, { severity: 'warning' })] });
  assert.equal(parseReport('not json').ok, false);
  assert.equal(parseReport('null').ok, false);
  assert.equal(parseReport('{"findings":[{"rule":"nope"}]}').ok, false);
  assert.equal(parseReport('{"findings":[{"rule":"client-reuse","file":"a.ts","line":0,"column":1,"endLine":1,"endColumn":2}]}').ok, false);
});

test('mapLimited keeps order and never exceeds the limit', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapLimited([5, 1, 3, 2], 2, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise<void>((resolve) => setImmediate(resolve));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 30, 20]);
  assert.equal(peak, 2);
});
