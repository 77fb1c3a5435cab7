/** The proof's verdict (what must hold) and its printed table. */
import { MIN_P50_SPEEDUP, type AppMeasurement, type ProofResult } from './harness';
import { formatMs, moneyConservedCell, renderColumns } from './table';

export { MIN_P50_SPEEDUP };

/**
 * Every broken correctness expectation, as a sentence; empty when they hold.
 * Timing is not among them: see latencyShortfall.
 */
export function proofFailures(result: ProofResult): string[] {
  const { original, fixed } = result;
  const failures: string[] = [];
  const expect = (ok: boolean, message: string): void => {
    if (!ok) failures.push(message);
  };
  if (result.originalFindings) {
    expect(result.originalFindings.length > 0, 'pg-pool-guard reported nothing on the original app');
    expect(
      !result.originalFindings.some((f) => f.file === 'migrate.js'),
      'pg-pool-guard flagged migrate.js, a sequential script with its own short-lived Client',
    );
  }
  // The demonstration must stay honest: the original really corrupts data…
  expect(original.s1.brokenRounds > 0, 'S1: the shared-Client app conserved money in every round (expected corruption)');
  expect(original.s2.lostAuditRows > 0, 'S2: the shared-Client app kept every audit row (expected lost rows)');
  expect(original.s3.abortedReadErrors > 0, 'S3: the shared-Client app had no 25P02 read errors (expected some)');
  // …and the fixed one does not.
  expect(fixed.s1.brokenRounds === 0, `S1: the fixed app broke ${fixed.s1.brokenRounds} of ${fixed.s1.rounds.length} rounds`);
  expect(fixed.s2.lostAuditRows === 0, `S2: the fixed app lost ${fixed.s2.lostAuditRows} audit rows`);
  expect(fixed.s3.abortedReadErrors === 0, `S3: the fixed app had ${fixed.s3.abortedReadErrors} 25P02 read errors`);
  expect(fixed.s3.otherReadErrors === 0, `S3: the fixed app had ${fixed.s3.otherReadErrors} other read errors`);
  for (const app of [original, fixed]) {
    expect(app.load.failed === 0, `load: ${app.label} failed ${app.load.failed} of ${app.load.requests} reads`);
  }
  return failures;
}

/**
 * The latency claim, checked by `npm run prove` only: a ratio measured on a
 * shared machine is a benchmark figure, and `npm test` must not flake on it.
 */
export function latencyShortfall(result: ProofResult): string | undefined {
  const { original, fixed } = result;
  if (fixed.load.p50 * MIN_P50_SPEEDUP <= original.load.p50) return undefined;
  return `latency: fixed p50 ${formatMs(fixed.load.p50)} is not ${MIN_P50_SPEEDUP}× lower than shared-Client p50 ${formatMs(original.load.p50)}`;
}

function row(app: AppMeasurement): string[] {
  const s1 = moneyConservedCell(app.s1);
  const s2 = app.s2.lostAuditRows === 0 ? `yes (${app.s2.rounds}/${app.s2.rounds})` : `NO: ${app.s2.lostAuditRows}/${app.s2.rounds} lost`;
  const s3 = `${app.s3.abortedReadErrors} of ${app.s3.reads}${app.s3.otherReadErrors ? ` (+${app.s3.otherReadErrors} other)` : ''}`;
  return [app.label, formatMs(app.load.p50), formatMs(app.load.p95), formatMs(app.load.max), app.load.requestsPerSecond.toFixed(0), s1, s2, s3];
}

export function renderTable(result: ProofResult): string {
  const header = ['app', 'p50', 'p95', 'max', 'req/s', 'S1 money conserved?', 'S2 audit kept?', 'S3 25P02 errors'];
  const { options } = result;
  return [
    ...renderColumns([header, row(result.original), row(result.fixed)]),
    '',
    `load: ${options.bursts} bursts of ${options.concurrency} concurrent GET /accounts/:id (each ~20 ms on the server) after a warm-up burst; the two apps alternate bursts`,
    `scenarios: ${options.rounds} rounds each, more on the shared Client until it shows the corruption (the fixed app then runs as many). S1 and S2 fire while another transfer's transaction is open and about to roll back:`,
    '  S1 = 19 good transfers (Δ = money created/destroyed per round); S2 = one autocommit audit INSERT.',
    '  S3 = 40 reads around a transfer whose debit violates CHECK (balance >= 0).',
    'reference (2-core dev machine, load average ≈ 4): shared Client p50 ≈ 1.2 s, ≈ 41 req/s; Pool p50 ≈ 155 ms, ≈ 265 req/s (7.5×).',
    '  Bounds: the shared Client runs 50 × 20 ms one after another (p50 ≈ 1 s, ≤ 50 req/s); pg\'s default Pool of 10',
    '  connections runs them 10 at a time (p50 ≈ 100 ms, ≤ 500 req/s).',
    `p50 ratio (shared Client / Pool): ${result.p50Ratios.map((r, i) => `${r.toFixed(1)}× (attempt ${i + 1})`).join(', ')}; npm run prove requires ≥ ${MIN_P50_SPEEDUP}× (npm test does not check it)`,
    `machine: ${result.machine.cpus} CPUs, 1-min load average ${result.machine.loadAverage.toFixed(1)} when the load test started` +
      ' (the Pool is CPU-bound, so a busy machine narrows the ratio)',
    findingsLine(result),
    `PostgreSQL: ${result.postgres}; fixed copy: ${result.fixMethod} (changed ${result.changedFiles.join(', ')})`,
  ].join('\n');
}

function findingsLine(result: ProofResult): string {
  const findings = result.originalFindings;
  if (!findings) return 'pg-pool-guard on the original: not run';
  const perFile = new Map<string, number>();
  for (const f of findings) perFile.set(f.file, (perFile.get(f.file) ?? 0) + 1);
  const files = [...perFile].map(([file, n]) => `${file} ×${n}`).join(', ');
  return `pg-pool-guard on the original: ${findings.length} findings (${files || 'none'}); after --fix: none`;
}
