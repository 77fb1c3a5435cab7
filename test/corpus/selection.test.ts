/**
 * The pre-pass file selection (engine/selection/) must not change what is
 * found: the CLI runs in-process on every fixture of the corpus and every
 * example app twice — the engine parsing only the files its selection
 * chose, and parsing every file — and the JSON reports must be identical
 * (findings with their messages, positions and related locations). The
 * bench workspaces get the same check in `npm run bench` (bench/selection-check.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSelectionBothWays } from '../../bench/selection-check';
import { FIXTURES_DIR, listFixtures } from './expected';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

test('every fixture and example app: the same report with and without the file selection', async () => {
  const dirs = [
    ...listFixtures().map((fixture) => join(FIXTURES_DIR, fixture)),
    ...readdirSync(EXAMPLES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(EXAMPLES_DIR, e.name)),
  ].filter((dir) => existsSync(dir));
  assert.ok(dirs.length >= 40, `expected at least 40 fixture directories, found ${dirs.length}`);

  let files = 0;
  let parsed = 0;
  let findings = 0;
  const differing: string[] = [];
  for (const dir of dirs) {
    const run = await runSelectionBothWays(dir);
    files += run.files;
    parsed += run.parsedWithSelection;
    findings += run.findings;
    if (!run.same) differing.push(`${dir}:\n${run.difference}`);
  }
  assert.deepEqual(differing, [], 'reports that differ with the selection on');
  assert.ok(findings > 100, `the corpus should report findings (got ${findings})`);
  // Not a vacuous check: the selection did leave files out somewhere (pg-free helpers, unrelated modules).
  assert.ok(parsed < files, `the selection parsed ${parsed} of ${files} files`);
});
