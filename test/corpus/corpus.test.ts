/**
 * Runs the built CLI on every fixture in test/fixtures and checks the
 * reported findings against expected.json: precision and recall must be 1.0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  compareFindings,
  formatTotals,
  formatTuple,
  listFixtures,
  readExpected,
  totals,
  type FixtureResult,
} from './expected';
import { CLI_BUNDLE, mapLimited, runCliOnFixture } from './run-cli';

test('fixture corpus: precision and recall are 1.0', async () => {
  assert.ok(existsSync(CLI_BUNDLE), `CLI bundle ${CLI_BUNDLE} is missing: run \`node scripts/build.mjs\` first`);
  const fixtures = listFixtures();
  assert.ok(fixtures.length >= 40, `expected at least 40 fixtures, found ${fixtures.length}`);

  const crashed: string[] = [];
  const results: FixtureResult[] = await mapLimited(fixtures, 2, async (fixture) => {
    const expected = readExpected(fixture);
    const run = await runCliOnFixture(fixture);
    if (!run.ok) {
      // A crashed or malformed run reports nothing: every expectation is missed.
      console.log(`✗ ${fixture}: CLI failed: ${run.error}`);
      crashed.push(fixture);
      return compareFindings(fixture, expected, []);
    }
    return compareFindings(fixture, expected, run.findings);
  });

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
