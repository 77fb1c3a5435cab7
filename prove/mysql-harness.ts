/**
 * The MySQL proof: examples/mysql-ledger as written (one shared mysql2
 * connection) and the same app after `pg-pool-guard --fix` (a mysql2 pool),
 * each on a fresh database of one real MariaDB, under the same read load
 * (alternating bursts, same run) and the same S1–S3 (mysql-scenarios.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { launchApp, withAppOutput, type AppUnderTest as ProofApp } from './app-process';
import { onEarlyExit } from './cleanup';
import { analyseApp, copyApp, makeFixedCopy, type ReportedFinding } from './fixed-app';
import { measureReadsAlternating, type LoadResult } from './load';
import { startMariadb, type RunningMariadb } from './mariadb';
import { runMysqlS1, runMysqlS2, runMysqlS3, type MysqlS1Result, type MysqlS2Result, type MysqlS3Result } from './mysql-scenarios';
import { MYSQL_EXAMPLE_APP_DIR } from './paths';
import { formatMs, moneyConservedCell, renderColumns } from './table';
import { addCounts, roundsUntil } from './rounds';

export interface MysqlProofOptions {
  bursts: number;
  concurrency: number;
  rounds: number;
  log?: (message: string) => void;
}

/** Wallets seeded by examples/mysql-ledger/migrate.js. */
const SEEDED_WALLETS = 50;

export interface MysqlAppMeasurement {
  label: string;
  load: LoadResult;
  s1: MysqlS1Result;
  s2: MysqlS2Result;
  s3: MysqlS3Result;
}

export interface MysqlProofResult {
  server: string;
  fixMethod: string;
  changedFiles: string[];
  originalFindings: ReportedFinding[];
  p50Ratio: number;
  options: MysqlProofOptions;
  original: MysqlAppMeasurement;
  fixed: MysqlAppMeasurement;
}

type AppUnderTest = ProofApp<Connection>;

function launch(label: string, appDir: string, server: RunningMariadb, database: string): Promise<AppUnderTest> {
  return launchApp(label, appDir, server, database, (url) => createConnection(url));
}

/** The original app: rounds until each corruption shows (prove/rounds.ts); `fixedRounds` gives the fixed app as many. */
async function scenarios(target: AppUnderTest, options: MysqlProofOptions, fixedRounds?: { s1: number; s2: number; s3: number }): Promise<Pick<MysqlAppMeasurement, 's1' | 's2' | 's3'>> {
  const log = options.log ?? (() => undefined);
  const ctx = { http: target.app.http, db: target.db };
  return withAppOutput(target, async () => {
    log(`MySQL ${target.label}: S1 payments while another rolls back`);
    const s1 = fixedRounds
      ? await runMysqlS1(ctx, fixedRounds.s1)
      : await roundsUntil(options.rounds, (n) => runMysqlS1(ctx, n), addCounts, (r) => r.brokenRounds > 0);
    log(`MySQL ${target.label}: S2 event insert while another transaction rolls back`);
    const s2 = fixedRounds
      ? await runMysqlS2(ctx, fixedRounds.s2)
      : await roundsUntil(options.rounds, (n) => runMysqlS2(ctx, n), addCounts, (r) => r.lostEventRows > 0);
    log(`MySQL ${target.label}: S3 reads while a payment is about to roll back`);
    const s3 = fixedRounds
      ? await runMysqlS3(ctx, fixedRounds.s3)
      : await roundsUntil(options.rounds, (n) => runMysqlS3(ctx, n), addCounts, (r) => r.uncommittedReads > 0);
    return { s1, s2, s3 };
  });
}

export async function runMysqlProof(options: MysqlProofOptions): Promise<MysqlProofResult> {
  const log = options.log ?? (() => undefined);
  const workDir = mkdtempSync('/tmp/pg-pool-guard-mysql-apps-');
  const unregister = onEarlyExit(() => rmSync(workDir, { recursive: true, force: true }));
  try {
    const originalDir = join(workDir, 'original');
    const fixedDir = join(workDir, 'fixed');
    copyApp(MYSQL_EXAMPLE_APP_DIR, originalDir);
    const originalFindings = analyseApp(originalDir);
    const fix = makeFixedCopy(MYSQL_EXAMPLE_APP_DIR, fixedDir);
    log(`MySQL fixed copy: ${fix.method}; changed ${fix.changedFiles.join(', ')}`);
    const server = await startMariadb();
    log(`MariaDB: ${server.kind} on port ${server.port}`);
    const launched: AppUnderTest[] = [];
    try {
      launched.push(await launch('shared mysql2 connection', originalDir, server, 'ledger_original'));
      launched.push(await launch('mysql2 pool after --fix', fixedDir, server, 'ledger_fixed'));
      const [original, fixed] = launched;
      log(`MySQL load: ${options.bursts} bursts × ${options.concurrency} per app, alternating apps`);
      const [originalLoad, fixedLoad] = await withAppOutput(fixed, () =>
        withAppOutput(original, () =>
          measureReadsAlternating([original.app.http, fixed.app.http], {
            bursts: options.bursts, concurrency: options.concurrency, accounts: SEEDED_WALLETS, readPath: '/wallets/',
          }),
        ),
      );
      const originalScenarios = await scenarios(original, options);
      const fixedScenarios = await scenarios(fixed, options, {
        s1: originalScenarios.s1.rounds.length,
        s2: originalScenarios.s2.rounds,
        s3: originalScenarios.s3.rounds,
      });
      return {
        server: server.kind,
        fixMethod: fix.method,
        changedFiles: fix.changedFiles,
        originalFindings,
        p50Ratio: originalLoad.p50 / fixedLoad.p50,
        options,
        original: { label: original.label, load: originalLoad, ...originalScenarios },
        fixed: { label: fixed.label, load: fixedLoad, ...fixedScenarios },
      };
    } finally {
      for (const target of launched.reverse()) {
        await target.db.end().catch(() => undefined);
        await target.app.stop();
      }
      await server.stop();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    unregister();
  }
}

/** Every broken correctness expectation of the MySQL proof; timing is printed, never judged here. */
export function mysqlProofFailures(result: MysqlProofResult): string[] {
  const { original, fixed } = result;
  const failures: string[] = [];
  const expect = (ok: boolean, message: string): void => {
    if (!ok) failures.push(message);
  };
  expect(result.originalFindings.some((f) => f.rule === 'shared-client'), 'MySQL: pg-pool-guard did not report the shared mysql2 connection');
  expect(!result.originalFindings.some((f) => f.file === 'migrate.js'), 'MySQL: pg-pool-guard flagged migrate.js, a sequential script');
  expect(original.s1.brokenRounds > 0, 'MySQL S1: the shared connection conserved money in every round (expected corruption)');
  expect(original.s2.lostEventRows > 0, 'MySQL S2: the shared connection kept every event row (expected lost rows)');
  expect(original.s3.uncommittedReads > 0, 'MySQL S3: no read of the shared connection saw an uncommitted balance (expected some)');
  expect(fixed.s1.brokenRounds === 0, `MySQL S1: the fixed app broke ${fixed.s1.brokenRounds} of ${fixed.s1.rounds.length} rounds`);
  expect(fixed.s2.lostEventRows === 0, `MySQL S2: the fixed app lost ${fixed.s2.lostEventRows} event rows`);
  expect(fixed.s3.uncommittedReads === 0, `MySQL S3: the fixed app returned ${fixed.s3.uncommittedReads} uncommitted balances`);
  expect(fixed.s3.failedReads === 0, `MySQL S3: the fixed app failed ${fixed.s3.failedReads} reads`);
  for (const app of [original, fixed]) expect(app.load.failed === 0, `MySQL load: ${app.label} failed ${app.load.failed} of ${app.load.requests} reads`);
  return failures;
}

function row(app: MysqlAppMeasurement): string[] {
  const s1 = moneyConservedCell(app.s1);
  const s2 = app.s2.lostEventRows === 0 ? `yes (${app.s2.rounds}/${app.s2.rounds})` : `NO: ${app.s2.lostEventRows}/${app.s2.rounds} lost`;
  const s3 = `${app.s3.uncommittedReads} of ${app.s3.reads}${app.s3.failedReads ? ` (+${app.s3.failedReads} failed)` : ''}`;
  return [app.label, formatMs(app.load.p50), formatMs(app.load.p95), formatMs(app.load.max), app.load.requestsPerSecond.toFixed(0), s1, s2, s3];
}

export function renderMysqlTable(result: MysqlProofResult): string {
  const header = ['MySQL app', 'p50', 'p95', 'max', 'req/s', 'S1 money conserved?', 'S2 event kept?', 'S3 uncommitted reads'];
  return [
    ...renderColumns([header, row(result.original), row(result.fixed)]),
    '',
    `load: ${result.options.bursts} bursts of ${result.options.concurrency} concurrent GET /wallets/:id (a ~20 ms procedure + a select); the apps alternate bursts`,
    `S1 = 19 good payments while another payment's transaction is open and rolls back; S2 = one autocommit event INSERT in that window;`,
    `S3 = 40 reads of the paying wallet in that window (a balance that was never committed counts). ${result.options.rounds} rounds each, more on the shared connection until it shows the corruption (the pool then runs as many).`,
    `p50 ratio (shared connection / pool): ${result.p50Ratio.toFixed(1)}× (printed, not judged)`,
    `MariaDB: ${result.server}; fixed copy: ${result.fixMethod} (changed ${result.changedFiles.join(', ')})`,
  ].join('\n');
}
