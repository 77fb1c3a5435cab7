/**
 * Runs the CLI front end in-process with the real engine on every fixture in
 * test/fixtures and checks the reported findings against expected.json:
 * precision and recall must be 1.0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareFindings,
  formatTotals,
  formatTuple,
  listFixtures,
  readExpected,
  totals,
  type FixtureResult,
} from './expected';
import { runEngineOnFixture } from './run-engine';

test('fixture corpus: precision and recall are 1.0', async () => {
  const fixtures = listFixtures();
  assert.ok(fixtures.length >= 40, `expected at least 40 fixtures, found ${fixtures.length}`);

  const crashed: string[] = [];
  const results: FixtureResult[] = [];
  for (const fixture of fixtures) {
    const expected = readExpected(fixture);
    const run = await runEngineOnFixture(fixture);
    if (!run.ok) {
      // A crashed or malformed run reports nothing: every expectation is missed.
      console.log(`✗ ${fixture}: CLI failed: ${run.error}`);
      crashed.push(fixture);
      results.push(compareFindings(fixture, expected, []));
      continue;
    }
    results.push(compareFindings(fixture, expected, run.findings));
  }

  const failing = results.filter((r) => r.falsePositives.length > 0 || r.falseNegatives.length > 0);
  for (const r of failing) {
    console.log(`✗ ${r.fixture}`);
    for (const t of r.falseNegatives) console.log(`    missed    ${formatTuple(t)}`);
    for (const t of r.falsePositives) console.log(`    unexpected ${formatTuple(t)}`);
  }
  const summary = totals(results);
  console.log(`${failing.length} of ${results.length} fixtures mismatch`);
  console.log(formatTotals(summary));
  assert.deepEqual(crashed, [], 'the CLI must not fail on any fixture');
  assert.equal(summary.precision, 1, formatTotals(summary));
  assert.equal(summary.recall, 1, formatTotals(summary));
});
