/**
 * The Pool rewrite, verified by running the fixed code on a real PostgreSQL
 * (one server for everything, a database per app):
 * - every app of the corpus (apps/*, see corpus.ts) after `pg-pool-guard --fix`:
 *   it starts, serves concurrent requests on several connections, keeps its
 *   transactions' invariants, its scripts exit; refusal cases give their reason;
 * - every positive fixture of test/fixtures after the rewrite: each module
 *   that constructs the Pool is loaded with the real `pg` and a SELECT 1 goes
 *   through what it exports (fixtures-live.ts).
 * Prints `fix-runtime: N/N apps correct after --fix`. Needs PostgreSQL and
 * the built CLI; it fails, never skips, without them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CLI_BUNDLE } from '../../prove/paths';
import { startPostgres, type RunningPostgres } from '../../prove/postgres';
import { loadCorpus } from './corpus';
import { runApp, type AppResult } from './runner';
import { checkFixtures, NOT_LOADABLE, notLoadable, type FixtureResult } from './fixtures-live';

/** Apps run side by side: most of their time is spent waiting on the database and on child processes. */
const PARALLEL_APPS = 3;

async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

describe('fix-runtime: fixed code runs on a real PostgreSQL', { timeout: 600_000 }, () => {
  const apps = loadCorpus();
  let pg: RunningPostgres;
  let work: string;
  let results: AppResult[] = [];
  let fixtures: FixtureResult[] = [];

  before(async () => {
    assert.ok(existsSync(CLI_BUNDLE), `${CLI_BUNDLE} is missing: run \`node scripts/build.mjs\` first`);
    pg = await startPostgres();
    work = mkdtempSync('/tmp/pgpg-fix-runtime-');
    // The fixture modules load in one process of their own, alongside the apps.
    [results, fixtures] = await Promise.all([inParallel(apps, PARALLEL_APPS, (app, i) => runApp(app, work, pg, i)), checkFixtures(pg, work)]);
    const correct = results.filter((r) => r.ok).length;
    console.log(`fix-runtime: ${correct}/${results.length} apps correct after --fix`);
    for (const r of results) if (r.refusal) console.log(`fix-runtime: ${r.name} refused as expected: ${r.refusal}`);
    for (const r of results) if (!r.ok) console.log(`fix-runtime: ${r.name} FAILED: ${r.error?.split('\n')[0]}`);
    const loaded = fixtures.filter((f) => f.ok).length;
    console.log(`fix-runtime: ${loaded}/${fixtures.length} rewritten fixture modules construct a Pool that answers SELECT 1`);
    for (const name of notLoadable) console.log(`fix-runtime: ${name} rewritten, not loaded: ${NOT_LOADABLE[name]}`);
  }, { timeout: 600_000 });

  after(async () => {
    await pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has at least 25 apps, refusal cases among them', () => {
    assert.ok(apps.length >= 25, `only ${apps.length} apps`);
    assert.ok(apps.some((a) => a.manifest.refuse) && apps.some((a) => !a.manifest.refuse));
  });

  for (const app of apps) {
    it(`${app.name}: ${app.manifest.description}`, () => {
      const result = results.find((r) => r.name === app.name);
      assert.ok(result, 'the app was run');
      assert.ok(result.ok, `${result.error}\n(steps done: ${result.steps.join('; ')})`);
    });
  }

  it('every positive fixture: the rewritten modules that construct the Pool answer SELECT 1 through what they export', () => {
    assert.ok(fixtures.length >= 40, `only ${fixtures.length} fixture modules were loaded`);
    const failed = fixtures.filter((f) => !f.ok);
    assert.deepEqual(failed.map((f) => `${f.fixture}/${f.module}: ${f.detail}`), []);
  });

  it('every fixture listed as not loadable is still a rewritten positive fixture', () => {
    assert.deepEqual([...notLoadable].sort(), Object.keys(NOT_LOADABLE).sort());
  });
});
