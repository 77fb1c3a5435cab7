/**
 * Every positive fixture of test/fixtures, rewritten as --fix would, then
 * each module holding a rewritten creation loaded in a child process with the
 * real `pg` against a live database (fixture-loader.cjs): the Pool it builds
 * must answer SELECT 1 through what the module exports. A Pool built from the
 * wrong config (a bare connection string) fails right there.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { dirname, join, relative } from 'node:path';
import { REPO_NODE_MODULES, REPO_ROOT } from '../../prove/paths';
import type { RunningPostgres } from '../../prove/postgres';
import { fixFixture, loadFixture, positiveFixtures, type Fixture } from '../fix/fixtureCorpus';
import { workspaceRoots } from '../../server/src/engine/graph/workspacePackages';
import { runToExit } from './processes';

export interface FixtureResult {
  fixture: string;
  module: string;
  ok: boolean;
  detail: string;
}

const LOADER = join(__dirname, 'fixture-loader.cjs');

/**
 * Fixtures whose rewritten module builds its Pool only when the app calls into it (a Fastify plugin,
 * an app factory), or that import a package not installed here:
 * loading the module alone constructs nothing, so the loader cannot judge them. test/fix checks their
 * rewrite (exact output, type-check); no app under test/fix-runtime/apps runs these shapes on a
 * database yet. The test fails when an entry is no longer a rewritten positive fixture.
 */
export const NOT_LOADABLE: Readonly<Record<string, string>> = {
  '303-registry-fastify-decorate': 'the Client is built inside the Fastify plugin the app registers',
  '550-registry-autoloaded-routes-and-driver-loader': 'the Client is built inside the Fastify plugin the app registers',
  '306-registry-express-app-set-locals': 'the Client is built by the app factory that stores it with app.set',
  '313-orm-drizzle-over-client': 'imports drizzle-orm, which is not installed here',
  '628-client-per-region-map-and-record': 'each Pool is built by a getter that takes the region (app 36-express-client-per-tenant-map runs that shape on a database)',
};

/** Filled by checkFixtures: the NOT_LOADABLE fixtures it met (rewritten, not loaded). */
export const notLoadable: string[] = [];

export async function checkFixtures(pg: RunningPostgres, workRoot: string): Promise<FixtureResult[]> {
  await pg.createDatabase('rt_fixtures');
  const url = pg.url('rt_fixtures');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, DATABASE_URL: url, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'postgres', PGDATABASE: 'rt_fixtures', NODE_NO_WARNINGS: '1' };
  const jobs: Job[] = [];
  for (const name of positiveFixtures()) {
    const fixture = loadFixture(name);
    const fixed = fixFixture(fixture);
    if (fixed.creationFiles.length === 0) continue; // refused (test/fix checks the reason)
    if (NOT_LOADABLE[name]) {
      notLoadable.push(name);
      continue;
    }
    const dir = join(workRoot, 'fixtures', name);
    // Manifests too: a module importing through package.json `imports` (`#lib/log`) needs them to load.
    for (const [file, text] of Object.entries({ ...fixed.texts, ...fixture.configs, ...fixture.manifests })) {
      const out = join(dir, relative(fixture.dir, file));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    }
    symlinkSync(REPO_NODE_MODULES, join(dir, 'node_modules'), 'dir');
    linkWorkspacePackages(fixture, dir);
    // Modules with top-level await are ES modules: load the fixture as one.
    if (Object.entries(fixed.texts).some(([file, text]) => hasTopLevelAwait(file, text))) writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const aliases = (fixture.pgModules ?? []).filter((m) => !m.startsWith('.') && m !== 'pg' && !m.startsWith('pg/'));
    for (const file of fixed.creationFiles) jobs.push({ fixture: name, dir, module: join(dir, relative(fixture.dir, file)), aliases });
  }
  let verdicts = await runJobs(jobs, workRoot, env);
  // A fixture whose config names its own database (`database: 'inventory'`) gets it, and one more try.
  const missing = new Set(verdicts.flatMap((v) => (v.missingDatabase ? [v.missingDatabase] : [])));
  if (missing.size > 0) {
    for (const database of missing) await pg.createDatabase(database);
    const retry = jobs.filter((j) => verdicts.find((v) => v.module === j.module)?.missingDatabase);
    const again = await runJobs(retry, workRoot, env);
    verdicts = verdicts.map((v) => again.find((a) => a.module === v.module) ?? v);
  }
  return jobs.map((job) => {
    const verdict = verdicts.find((v) => v.module === job.module);
    const module = relative(job.dir, job.module);
    if (!verdict) return { fixture: job.fixture, module, ok: false, detail: 'the loader gave no verdict' };
    return { fixture: job.fixture, module, ok: verdict.ok, detail: verdict.ok ? verdict.via ?? '' : verdict.detail ?? '' };
  });
}

interface Job {
  fixture: string;
  dir: string;
  module: string;
  aliases: string[];
}

interface Verdict {
  module: string;
  ok: boolean;
  via?: string;
  detail?: string;
  missingDatabase?: string;
}

/** All jobs in one loader process (tsx starts once). */
async function runJobs(jobs: Job[], workRoot: string, env: NodeJS.ProcessEnv): Promise<Verdict[]> {
  if (jobs.length === 0) return [];
  const jobsFile = join(workRoot, `fixture-jobs-${Date.now()}.json`);
  writeFileSync(jobsFile, JSON.stringify(jobs.map((j) => ({ module: j.module, aliases: j.aliases }))));
  const ran = await runToExit(['tsx', LOADER, jobsFile], REPO_ROOT, env, 20_000 + jobs.length * 5_000);
  const verdicts = ran.stdout.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice('RESULT '.length)) as Verdict);
  for (const job of jobs) {
    if (!verdicts.some((v) => v.module === job.module)) verdicts.push({ module: job.module, ok: false, detail: `no verdict (loader exit ${ran.code ?? ran.signal}${ran.timedOut ? ', timed out' : ''}): ${ran.stderr.slice(-500)}` });
  }
  return verdicts;
}

/**
 * What a package manager does for a monorepo fixture: each workspace package
 * gets `node_modules/<name>` links to the others (as pnpm lays them out; the
 * root node_modules is the repository's), so `@acme/logger` loads for real.
 */
function linkWorkspacePackages(fixture: Fixture, dir: string): void {
  const manifests = new Map<string, string>();
  const pnpm = new Map<string, string>();
  for (const [file, text] of Object.entries(fixture.manifests)) (file.endsWith('pnpm-workspace.yaml') ? pnpm : manifests).set(file, text);
  for (const root of workspaceRoots(manifests, pnpm)) {
    for (const from of root.packages.values()) {
      for (const to of root.packages.values()) {
        if (to === from) continue;
        const link = join(dir, relative(fixture.dir, from.dir), 'node_modules', to.name);
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(join(dir, relative(fixture.dir, to.dir)), link, 'dir');
      }
    }
  }
}

function hasTopLevelAwait(file: string, text: string): boolean {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  sf.statements.forEach(visit);
  return found;
}
