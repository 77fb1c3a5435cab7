/**
 * The proof: the example app as written (one shared pg Client) and the same
 * app after `pg-pool-guard --fix` (a Pool), each on a fresh database of one
 * real PostgreSQL, under the same load and the same scenarios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { launchApp, withAppOutput, type AppUnderTest as ProofApp } from './app-process';
import { onEarlyExit } from './cleanup';
import { analyseApp, copyApp, makeFixedCopy, type ReportedFinding } from './fixed-app';
import { measureReadsAlternating, type LoadResult } from './load';
import { EXAMPLE_APP_DIR } from './paths';
import { connectPg, startPostgres, type RunningPostgres } from './postgres';
import { runS1, runS2, runS3, type S1Result, type S2Result, type S3Result } from './scenarios';
import { runPoolProof, type PoolProofResult } from './pool-harness';
import { runMysqlProof, type MysqlProofResult } from './mysql-harness';
import { addCounts, roundsUntil } from './rounds';

export interface ProofOptions {
  /** Measured read bursts per app (after one warm-up burst). */
  bursts: number;
  /** Concurrent requests per burst. */
  concurrency: number;
  /** Repetitions of each scenario per app. */
  rounds: number;
  /**
   * How many times the alternating load measurement may be taken when the
   * p50 ratio falls short of MIN_P50_SPEEDUP. On a busy shared machine the
   * Pool (CPU-bound) slows down far more than the shared Client (bound by
   * its serial 20 ms queries); every attempt is reported.
   */
  loadAttempts: number;
  log?: (message: string) => void;
}

export const DEFAULT_PROOF_OPTIONS: ProofOptions = { bursts: 5, concurrency: 50, rounds: 3, loadAttempts: 3 };

/** The fixed app's median read latency must be at least this many times lower. */
export const MIN_P50_SPEEDUP = 5;

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
  /** original p50 / fixed p50 of each load attempt, in order; the last one is reported. */
  p50Ratios: number[];
  /** CPU count and 1-minute load average when the load test started: latency depends on it. */
  machine: { cpus: number; loadAverage: number };
  options: ProofOptions;
  original: AppMeasurement;
  fixed: AppMeasurement;
  /** S4 and S5: examples/pool-orders on the same PostgreSQL. */
  pool: PoolProofResult;
  /** S1–S3 and the load on MariaDB: examples/mysql-ledger. */
  mysql: MysqlProofResult;
}

type AppUnderTest = ProofApp<Client>;

function launch(label: string, appDir: string, pg: RunningPostgres, database: string): Promise<AppUnderTest> {
  return launchApp(label, appDir, pg, database, connectPg);
}

async function shutDown(target: AppUnderTest): Promise<void> {
  await target.db.end().catch(() => undefined);
  await target.app.stop();
}

type Scenarios = Pick<AppMeasurement, 's1' | 's2' | 's3'>;

/** The original app: rounds until each corruption shows. `fixedRounds` then gives the fixed app as many. */
async function scenarios(target: AppUnderTest, options: ProofOptions, fixedRounds?: { s1: number; s2: number; s3: number }): Promise<Scenarios> {
  const log = options.log ?? (() => undefined);
  const ctx = { http: target.app.http, db: target.db };
  const adaptive = fixedRounds === undefined;
  return withAppOutput(target, async () => {
    log(`${target.label}: S1 transfers while another rolls back`);
    const s1 = adaptive
      ? await roundsUntil(options.rounds, (n) => runS1(ctx, n), addCounts, (r) => r.brokenRounds > 0)
      : await runS1(ctx, fixedRounds.s1);
    log(`${target.label}: S2 audit insert while another transaction rolls back`);
    const s2 = adaptive
      ? await roundsUntil(options.rounds, (n) => runS2(ctx, n), addCounts, (r) => r.lostAuditRows > 0)
      : await runS2(ctx, fixedRounds.s2);
    log(`${target.label}: S3 reads while a transaction is about to fail`);
    const s3 = adaptive
      ? await roundsUntil(
          options.rounds,
          (n) => runS3(ctx, n, 40, SEEDED_ACCOUNTS),
          addCounts,
          (r) => r.abortedReadErrors > 0,
        )
      : await runS3(ctx, fixedRounds.s3, 40, SEEDED_ACCOUNTS);
    return { s1, s2, s3 };
  });
}

async function measureBoth(pg: RunningPostgres, originalDir: string, fixedDir: string, fixedLabel: string, options: ProofOptions) {
  const log = options.log ?? (() => undefined);
  const launched: AppUnderTest[] = [];
  try {
    launched.push(await launch('shared Client', originalDir, pg, 'shop_original'));
    launched.push(await launch(fixedLabel, fixedDir, pg, 'shop_fixed'));
    const [original, fixed] = launched;
    const loadOptions = { bursts: options.bursts, concurrency: options.concurrency, accounts: SEEDED_ACCOUNTS };
    const machine = { cpus: availableParallelism(), loadAverage: loadavg()[0] };
    const p50Ratios: number[] = [];
    let loads: LoadResult[] = [];
    for (let attempt = 1; attempt <= Math.max(1, options.loadAttempts); attempt++) {
      log(`load: ${options.bursts} bursts × ${options.concurrency} per app, alternating apps (attempt ${attempt})`);
      // Both apps' output on failure: either may be the one that broke.
      loads = await withAppOutput(fixed, () =>
        withAppOutput(original, () => measureReadsAlternating([original.app.http, fixed.app.http], loadOptions)),
      );
      p50Ratios.push(loads[0].p50 / loads[1].p50);
      if (loads[1].p50 * MIN_P50_SPEEDUP <= loads[0].p50) break;
    }
    const [originalLoad, fixedLoad] = loads;
    const originalScenarios = await scenarios(original, options);
    const fixedScenarios = await scenarios(fixed, options, {
      s1: originalScenarios.s1.rounds.length,
      s2: originalScenarios.s2.rounds,
      s3: originalScenarios.s3.rounds,
    });
    return {
      p50Ratios,
      machine,
      original: { label: original.label, load: originalLoad, ...originalScenarios },
      fixed: { label: fixed.label, load: fixedLoad, ...fixedScenarios },
    };
  } finally {
    for (const target of launched.reverse()) await shutDown(target);
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
    // Analyse and fix first: if the CLI or --fix is unavailable we fail before starting anything.
    const originalFindings = analyseApp(originalDir);
    const fix = makeFixedCopy(EXAMPLE_APP_DIR, fixedDir);
    log(`fixed copy: ${fix.method}; changed ${fix.changedFiles.join(', ')}`);
    const pg = await startPostgres();
    log(`PostgreSQL: ${pg.kind} on port ${pg.port}`);
    const fixedLabel = 'Pool after --fix';
    let measured: Awaited<ReturnType<typeof measureBoth>>;
    let pool: PoolProofResult;
    try {
      measured = await measureBoth(pg, originalDir, fixedDir, fixedLabel, options);
      pool = await runPoolProof(pg, options.rounds, log);
    } finally {
      await pg.stop();
    }
    const mysql = await runMysqlProof({ bursts: options.bursts, concurrency: options.concurrency, rounds: options.rounds, log });
    return { postgres: pg.kind, fixMethod: fix.method, changedFiles: fix.changedFiles, originalFindings, options, ...measured, pool, mysql };
  } finally {
    removeWorkDir();
    unregister();
  }
}
