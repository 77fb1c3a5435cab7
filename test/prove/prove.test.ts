/**
 * The proof on a real PostgreSQL (see prove/): the example app as written
 * must show each corruption, and the same app after `pg-pool-guard --fix`
 * must show none. Correctness only: the latency ratio is a benchmark figure
 * on a shared machine, printed here and checked by `npm run prove`, never
 * asserted by `npm test`. Needs PostgreSQL (Debian's postgresql package) and
 * the built CLI; it fails — it does not skip — when either is missing.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runProof, type ProofResult } from '../../prove/harness';
import { percentile } from '../../prove/load';
import { proofFailures, renderTable } from '../../prove/report';
import { poolProofFailures, renderPoolTable } from '../../prove/pool-harness';
import { mysqlProofFailures, renderMysqlTable } from '../../prove/mysql-harness';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 95), 100);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile([7], 50), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });
});

describe('proof on a real PostgreSQL: shared Client vs Pool after --fix', { timeout: 600_000 }, () => {
  let result: ProofResult;
  let table = '';

  before(async () => {
    // One load attempt: its figures are printed, not judged, so nothing is gained by measuring again.
    result = await runProof({ bursts: 2, concurrency: 50, rounds: 2, loadAttempts: 1 });
    table = [renderTable(result), renderPoolTable(result.pool), renderMysqlTable(result.mysql)].join('\n\n');
    console.log(table);
  }, { timeout: 600_000 });

  it('the fixed copy was made by --fix and rewrites db.js', () => {
    assert.equal(result.fixMethod, 'pg-pool-guard --fix');
    assert.ok(result.changedFiles.includes('db.js'), `changed: ${result.changedFiles.join(', ')}`);
  });

  it('pg-pool-guard reports the original app but not its sequential migrate.js', () => {
    const files = (result.originalFindings ?? []).map((f) => f.file);
    assert.ok(files.includes('db.js') || files.some((f) => f.startsWith('routes/')), `findings in: ${files.join(', ')}`);
    assert.ok(!files.includes('migrate.js'), `findings in: ${files.join(', ')}`);
  });

  it('S1: the shared Client loses or creates money when one transfer rolls back', () => {
    assert.ok(result.original.s1.brokenRounds > 0, table);
  });

  it('S1: the Pool conserves money and keeps every acknowledged transfer', () => {
    assert.deepEqual(result.fixed.s1.rounds.map((r) => [r.totalDelta, r.accountsOff]), result.fixed.s1.rounds.map(() => [0, 0]), table);
  });

  it("S2: the shared Client loses acknowledged audit rows to another request's ROLLBACK", () => {
    assert.ok(result.original.s2.lostAuditRows > 0, table);
  });

  it('S2: the Pool keeps every audit row', () => {
    assert.equal(result.fixed.s2.lostAuditRows, 0, table);
  });

  it("S3: reads on the shared Client fail with 25P02 after another request's failed statement", () => {
    assert.ok(result.original.s3.abortedReadErrors > 0, table);
  });

  it('S3: reads on the Pool never fail', () => {
    assert.equal(result.fixed.s3.abortedReadErrors, 0, table);
    assert.equal(result.fixed.s3.otherReadErrors, 0, table);
  });

  it('every read under load succeeds on both apps', () => {
    assert.equal(result.original.load.failed, 0, table);
    assert.equal(result.fixed.load.failed, 0, table);
  });

  it('the verdict npm run prove prints agrees: no correctness failure', () => {
    assert.deepEqual(proofFailures(result), [], table);
  });
  it('pg-pool-guard reports the pool misuse in pool-orders', () => {
    const rules = new Set(result.pool.originalFindings.map((f) => f.rule));
    for (const rule of ['pool-client-leak', 'pool-transaction', 'pool-connect-timeout']) assert.ok(rules.has(rule), `${rule}: ${table}`);
  });

  it('S4: after max leaking requests a healthy request hangs with the default config', () => {
    assert.equal(result.pool.variants.original.s4.healthy.kind, 'hung', table);
  });

  it('S4: with the acquisition timeout --fix adds, the healthy request fails fast with pg\'s timeout error', () => {
    const healthy = result.pool.variants.timeoutOnly.s4.healthy;
    assert.equal(healthy.kind, 'failed-fast', table);
    assert.match(healthy.kind === 'failed-fast' ? healthy.message : '', /timeout exceeded when trying to connect/, table);
  });

  it('S4: after --fix (release in finally) healthy requests keep succeeding', () => {
    assert.deepEqual(result.pool.variants.fixed.s4.healthy, { kind: 'answered', ok: 20, of: 20 }, table);
  });

  it('S5: transfers through a pool.query transaction helper lose or create credit', () => {
    assert.ok(result.pool.variants.original.s5.brokenRounds > 0, table);
  });

  it('S5: after --fix every transfer is all or nothing', () => {
    assert.equal(result.pool.variants.fixed.s5.brokenRounds, 0, table);
  });

  it('MySQL: pg-pool-guard reports the shared mysql2 connection, not migrate.js', () => {
    assert.ok(result.mysql.originalFindings.some((f) => f.rule === 'shared-client' && f.file === 'lib/db.js'), table);
    assert.ok(!result.mysql.originalFindings.some((f) => f.file === 'migrate.js'), table);
  });

  it('MySQL S1–S3: the shared connection corrupts payments, loses events and shows uncommitted balances', () => {
    assert.ok(result.mysql.original.s1.brokenRounds > 0, table);
    assert.ok(result.mysql.original.s2.lostEventRows > 0, table);
    assert.ok(result.mysql.original.s3.uncommittedReads > 0, table);
  });

  it('MySQL S1–S3: the pool produced by --fix shows none of it', () => {
    assert.equal(result.mysql.fixed.s1.brokenRounds, 0, table);
    assert.equal(result.mysql.fixed.s2.lostEventRows, 0, table);
    assert.equal(result.mysql.fixed.s3.uncommittedReads, 0, table);
    assert.equal(result.mysql.fixed.s3.failedReads, 0, table);
    assert.equal(result.mysql.fixed.load.failed, 0, table);
  });

  it('the pool and MySQL verdicts npm run prove prints agree', () => {
    assert.deepEqual([...poolProofFailures(result.pool), ...mysqlProofFailures(result.mysql)], [], table);
  });
});
