/**
 * The proof: the example app as written (one shared pg Client) and the same
 * app after `pg-pool-guard --fix` (a Pool), each run against a fresh
 * database on a real PostgreSQL, under the same load and the same scenarios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate, startApp } from './app-process';
import { onEarlyExit } from './cleanup';
import { analyseApp, copyApp, makeFixedCopy, type ReportedFinding } from './fixed-app';
import { measureReads, type LoadResult } from './load';
import { EXAMPLE_APP_DIR } from './paths';
import { startPostgres, type RunningPostgres } from './postgres';
import { runS1, runS2, runS3, type S1Result, type S2Result, type S3Result } from './scenarios';

export interface ProofOptions {
  /** Measured read bursts per app (after one warm-up burst). */
  bursts: number;
  /** Concurrent requests per burst. */
  concurrency: number;
  /** Repetitions of each scenario per app. */
  rounds: number;
  /** Development only: use the hand-written prove/dev-fixed instead of --fix. */
  useDevFixed: boolean;
  log?: (message: string) => void;
}

export const DEFAULT_PROOF_OPTIONS: ProofOptions = { bursts: 5, concurrency: 50, rounds: 3, useDevFixed: false };

/** Accounts seeded by examples/express-shop/migrate.js. */
const SEEDED_ACCOUNTS = 50;

export interface AppMeasurement {
  label: string;
  load: LoadResult;
  s1: S1Result;
  s2: S2Result;
  s3: S3Result;
}

export interface ProofResult {
  postgres: string;
  fixMethod: string;
  changedFiles: string[];
  /** pg-pool-guard's findings on the original app (not computed with --use-dev-fixed). */
  originalFindings?: ReportedFinding[];
  options: ProofOptions;
  original: AppMeasurement;
  fixed: AppMeasurement;
}

async function measureApp(
  label: string,
  appDir: string,
  pg: RunningPostgres,
  database: string,
  options: ProofOptions,
): Promise<AppMeasurement> {
  const log = options.log ?? (() => undefined);
  await pg.createDatabase(database);
  const url = pg.url(database);
  migrate(appDir, url);
  log(`${label}: starting app`);
  const app = await startApp(appDir, url);
  const db = new Client({ connectionString: url });
  try {
    await db.connect();
    const ctx = { http: app.http, db };
    log(`${label}: load (${options.bursts} bursts × ${options.concurrency})`);
    const load = await measureReads(app.http, { bursts: options.bursts, concurrency: options.concurrency, accounts: SEEDED_ACCOUNTS });
    log(`${label}: S1 transfers with one rollback`);
    const s1 = await runS1(ctx, options.rounds);
    log(`${label}: S2 audit insert during a rolled-back transaction`);
    const s2 = await runS2(ctx, options.rounds);
    log(`${label}: S3 reads around a failed statement`);
    const s3 = await runS3(ctx, options.rounds, 20, SEEDED_ACCOUNTS);
    return { label, load, s1, s2, s3 };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${label}: ${message}\n--- app output ---\n${app.output()}`);
  } finally {
    await db.end().catch(() => undefined);
    await app.stop();
  }
}

export async function runProof(options: ProofOptions): Promise<ProofResult> {
  const log = options.log ?? (() => undefined);
  const workDir = mkdtempSync('/tmp/pg-pool-guard-apps-');
  const removeWorkDir = (): void => rmSync(workDir, { recursive: true, force: true });
  const unregister = onEarlyExit(removeWorkDir);
  try {
    const originalDir = join(workDir, 'original');
    const fixedDir = join(workDir, 'fixed');
    copyApp(EXAMPLE_APP_DIR, originalDir);
    const originalFindings = options.useDevFixed ? undefined : analyseApp(originalDir);
    // Fix first: if --fix is unavailable we fail before starting anything.
    const fix = makeFixedCopy(EXAMPLE_APP_DIR, fixedDir, options.useDevFixed);
    log(`fixed copy: ${fix.method}; changed ${fix.changedFiles.join(', ')}`);
    const pg = await startPostgres();
    log(`PostgreSQL: ${pg.kind} on port ${pg.port}`);
    try {
      const original = await measureApp('shared Client', originalDir, pg, 'shop_original', options);
      const fixedLabel = options.useDevFixed ? 'Pool (dev-fixed)' : 'Pool after --fix';
      const fixed = await measureApp(fixedLabel, fixedDir, pg, 'shop_fixed', options);
      return { postgres: pg.kind, fixMethod: fix.method, changedFiles: fix.changedFiles, originalFindings, options, original, fixed };
    } finally {
      await pg.stop();
    }
  } finally {
    removeWorkDir();
    unregister();
  }
}
