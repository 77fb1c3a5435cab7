/**
 * S4 and S5 on PostgreSQL: examples/pool-orders as written, with only its
 * Pool's acquisition timeout fixed (--fix with the other Pool rules off), and
 * after the full `pg-pool-guard --fix`. Each variant gets a fresh database
 * and app process; S5 runs first because S4 leaves the original's pool empty.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchApp, withAppOutput } from './app-process';
import { onEarlyExit } from './cleanup';
import { analyseApp, copyApp, makeFixedCopy, type ReportedFinding } from './fixed-app';
import { POOL_EXAMPLE_APP_DIR } from './paths';
import { runS4, runS5, type S4Result, type S5Result } from './pool-scenarios';
import { connectPg, type RunningPostgres } from './postgres';
import { moneyConservedCell, renderColumns } from './table';
import { addCounts, roundsUntil } from './rounds';

/** The timeout the timeout-only variant's fix writes (the setting's default is 10,000 ms; shorter keeps the proof quick). */
export const PROVE_CONNECT_TIMEOUT_MS = 2_000;

export interface PoolVariantResult {
  label: string;
  changedFiles: string[];
  s4: S4Result;
  s5: S5Result;
}

export interface PoolProofResult {
  originalFindings: ReportedFinding[];
  variants: { original: PoolVariantResult; timeoutOnly: PoolVariantResult; fixed: PoolVariantResult };
}

async function measure(label: string, appDir: string, changedFiles: string[], pg: RunningPostgres, database: string, rounds: number, log: (m: string) => void, untilBroken = false): Promise<PoolVariantResult> {
  const target = await launchApp(label, appDir, pg, database, connectPg);
  const { app, db } = target;
  try {
    return await withAppOutput(target, async () => {
      const ctx = { http: app.http, db };
      // Warm the pool (all 10 connections open), as a running app's would be.
      await Promise.all(Array.from({ length: 20 }, () => app.http.request('GET', '/health')));
      log(`pool ${label}: S5 transfers through the pool.query transaction helper`);
      // The app as written: rounds until it loses credit (prove/rounds.ts); the others run as many.
      const s5 = untilBroken ? await roundsUntil(rounds, (n) => runS5(ctx, n), addCounts, (r) => r.brokenRounds > 0) : await runS5(ctx, rounds);
      log(`pool ${label}: S4 leaked clients, then healthy requests`);
      const s4 = await runS4(ctx);
      return { label, changedFiles, s4, s5 };
    });
  } finally {
    await db.end().catch(() => undefined);
    await app.stop();
  }
}

export async function runPoolProof(pg: RunningPostgres, rounds: number, log: (m: string) => void = () => undefined): Promise<PoolProofResult> {
  const workDir = mkdtempSync('/tmp/pg-pool-guard-pool-apps-');
  const unregister = onEarlyExit(() => rmSync(workDir, { recursive: true, force: true }));
  try {
    const originalDir = join(workDir, 'original');
    copyApp(POOL_EXAMPLE_APP_DIR, originalDir);
    const originalFindings = analyseApp(originalDir);
    const config = join(workDir, 'timeout-only.json');
    writeFileSync(config, JSON.stringify({
      rules: { 'pool-client-leak': 'off', 'pool-transaction': 'off' },
      connectionTimeoutMillis: PROVE_CONNECT_TIMEOUT_MS,
    }));
    const timeoutDir = join(workDir, 'timeout-only');
    const timeoutFix = makeFixedCopy(POOL_EXAMPLE_APP_DIR, timeoutDir, { cliArgs: ['-c', config], expectClean: false });
    const fixedDir = join(workDir, 'fixed');
    const fix = makeFixedCopy(POOL_EXAMPLE_APP_DIR, fixedDir);
    log(`pool fixed copy: changed ${fix.changedFiles.join(', ')}; timeout-only copy: changed ${timeoutFix.changedFiles.join(', ')}`);
    const original = await measure('Pool as written', originalDir, [], pg, 'orders_original', rounds, log, true);
    const roundsRun = original.s5.rounds.length;
    return {
      originalFindings,
      variants: {
        original,
        timeoutOnly: await measure(`+ connectionTimeoutMillis ${PROVE_CONNECT_TIMEOUT_MS} (--fix, timeout only)`, timeoutDir, timeoutFix.changedFiles, pg, 'orders_timeout', roundsRun, log),
        fixed: await measure('after --fix', fixedDir, fix.changedFiles, pg, 'orders_fixed', roundsRun, log),
      },
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    unregister();
  }
}

function healthyText(s4: S4Result): string {
  const h = s4.healthy;
  if (h.kind === 'hung') return `HANG: no answer while all ${h.idleConnections} connections sat idle`;
  if (h.kind === 'failed-fast') return `fails fast: "${h.message}" after ${(h.ms / 1000).toFixed(1)} s`;
  return `${h.ok}/${h.of} answered 200`;
}

export function renderPoolTable(result: PoolProofResult): string {
  const header = ['pool-orders', `S4 after ${result.variants.original.s4.failingRequests} leaking requests, a healthy request…`, 'S5 credit conserved?'];
  const variants = [result.variants.original, result.variants.timeoutOnly, result.variants.fixed];
  const rows = [header, ...variants.map((v) => [v.label, healthyText(v.s4), moneyConservedCell(v.s5)])];
  const findings = result.originalFindings.map((f) => `${f.rule}@${f.file}:${f.line}`).join(', ');
  return [
    ...renderColumns(rows),
    '',
    'S4: GET /orders/<missing> returns before release() (pg default max 10, connectionTimeoutMillis 0 = wait forever); a request counts as',
    '  hung when it is unanswered 3 s after pg_stat_activity shows every connection of the app idle. S5: 10 good + 10 failing transfers',
    `  at once through inTransaction() (BEGIN/COMMIT via pool.query), ${variants[0].s5.rounds.length} rounds on fresh accounts.`,
    `pg-pool-guard on the original: ${findings || 'no findings'}`,
    `fixed copy changed ${result.variants.fixed.changedFiles.join(', ')}; timeout-only copy changed ${result.variants.timeoutOnly.changedFiles.join(', ')}`,
  ].join('\n');
}

export function poolProofFailures(result: PoolProofResult): string[] {
  const { original, timeoutOnly, fixed } = result.variants;
  const failures: string[] = [];
  const expect = (ok: boolean, message: string): void => {
    if (!ok) failures.push(message);
  };
  for (const rule of ['pool-client-leak', 'pool-transaction', 'pool-connect-timeout']) {
    expect(result.originalFindings.some((f) => f.rule === rule), `pool-orders: pg-pool-guard did not report ${rule}`);
  }
  expect(original.s4.healthy.kind === 'hung', `S4: with the default config a healthy request did not hang (${healthyText(original.s4)})`);
  expect(timeoutOnly.s4.healthy.kind === 'failed-fast', `S4: with the timeout a healthy request did not fail fast (${healthyText(timeoutOnly.s4)})`);
  expect(fixed.s4.healthy.kind === 'answered' && fixed.s4.healthy.ok === fixed.s4.healthy.of, `S4: after --fix healthy requests did not all succeed (${healthyText(fixed.s4)})`);
  expect(original.s5.brokenRounds > 0, 'S5: transfers through the pool.query transaction helper conserved credit in every round (expected loss)');
  expect(fixed.s5.brokenRounds === 0, `S5: after --fix ${fixed.s5.brokenRounds} rounds lost or created credit`);
  return failures;
}
