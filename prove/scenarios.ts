/**
 * The three correctness scenarios. Each fires real HTTP requests at the app
 * and checks the database directly through the harness's own connection.
 * Windows are held open by the app's own slow queries (sent_today ≈ 50 ms,
 * recent_activity ≈ 20 ms, see examples/express-shop/migrate.js); S1 and S2
 * wait for the open transaction by polling pg_stat_activity, not by sleeping.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { errorCode, type HttpClient, type HttpResult } from './http';
import { pollUntil } from './wait';

/** An account id that does not exist: the credit UPDATE hits 0 rows and the route rolls back. */
const MISSING_ACCOUNT = 999_999;

export interface ScenarioContext {
  http: HttpClient;
  /** The harness's own connection to the app's database. */
  db: Client;
}

export interface TransferRound {
  /** sum(balance) after − before: money created (+) or destroyed (−). */
  totalDelta: number;
  /** Accounts whose balance differs from what the acknowledged (200) transfers imply. */
  accountsOff: number;
}

export interface S1Result {
  rounds: TransferRound[];
  /** Rounds where money was created/destroyed or acknowledged transfers were lost. */
  brokenRounds: number;
}

export interface S2Result {
  rounds: number;
  /** Audit rows acknowledged with 201 that are not in audit_log afterwards. */
  lostAuditRows: number;
}

export interface S3Result {
  rounds: number;
  reads: number;
  /** Reads that failed with 25P02 (current transaction is aborted). */
  abortedReadErrors: number;
  /** Reads that failed with anything else. */
  otherReadErrors: number;
}

async function balances(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ id: number; balance: string }>('SELECT id, balance FROM accounts');
  return new Map(rows.map((row) => [row.id, Number(row.balance)]));
}

function expectStatus(what: string, result: HttpResult, status: number, code?: string): void {
  if (result.status !== status || (code !== undefined && errorCode(result.body) !== code)) {
    throw new Error(
      `${what}: expected ${status}${code ? ` with code ${code}` : ''}, got ${result.status} ${JSON.stringify(result.body)} — ` +
        'the scenario did not run as designed',
    );
  }
}

interface Transfer {
  from: number;
  to: number;
  amount: number;
}

/** True once some other backend on this database is inside a transaction that has written. */
async function writingTransactionOpen(db: Client): Promise<boolean> {
  const { rows } = await db.query<{ open: boolean }>(
    `SELECT count(*) > 0 AS open FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND backend_xid IS NOT NULL AND xact_start IS NOT NULL`,
  );
  return rows[0].open;
}

const MAX_ATTEMPTS_TO_CATCH_THE_WINDOW = 5;

/**
 * Start `failing` (a transfer to a missing account: debit, ~50 ms limit check,
 * credit hits 0 rows, ROLLBACK) and, once its transaction has written and is
 * still open, run `during`. The transaction is observed in pg_stat_activity;
 * if the transfer finishes before we see it, the attempt is repeated (bounded).
 */
async function whileTransferIsOpen<T>(ctx: ScenarioContext, failing: Transfer, during: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let failingDone = false;
    const failingRequest = ctx.http.request('POST', '/transfer', failing);
    void failingRequest.finally(() => (failingDone = true)).catch(() => undefined);
    const windowOpen = await pollUntil(
      'the failing transfer to open its transaction',
      async () => ((await writingTransactionOpen(ctx.db)) ? true : failingDone ? false : undefined),
      { timeoutMs: 10_000, intervalMs: 1 },
    );
    if (windowOpen) {
      const result = await during();
      expectStatus('failing transfer', await failingRequest, 404);
      return result;
    }
    expectStatus('failing transfer', await failingRequest, 404);
    if (attempt >= MAX_ATTEMPTS_TO_CATCH_THE_WINDOW) throw new Error('never observed the failing transfer\'s transaction open');
  }
}

/**
 * S1: while one transfer's transaction is open (it has debited and is about
 * to fail and roll back), 19 good transfers between disjoint account pairs
 * run. Total money must not change and every acknowledged transfer must be
 * reflected in the balances.
 */
export async function runS1(ctx: ScenarioContext, rounds: number): Promise<S1Result> {
  const good: Transfer[] = Array.from({ length: 19 }, (_, i) => ({ from: i + 1, to: i + 21, amount: 10 }));
  const failing: Transfer = { from: 41, to: MISSING_ACCOUNT, amount: 7 };
  const results: TransferRound[] = [];
  const sum = (m: Map<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  for (let round = 0; round < rounds; round++) {
    const before = await balances(ctx.db);
    const goodResults = await whileTransferIsOpen(ctx, failing, () =>
      Promise.all(good.map((t) => ctx.http.request('POST', '/transfer', t))),
    );
    const expected = new Map(before);
    good.forEach((transfer, i) => {
      if (goodResults[i].status !== 200) return; // not acknowledged: must have had no effect
      expected.set(transfer.from, (expected.get(transfer.from) ?? 0) - transfer.amount);
      expected.set(transfer.to, (expected.get(transfer.to) ?? 0) + transfer.amount);
    });
    const after = await balances(ctx.db);
    const accountsOff = [...expected].filter(([id, balance]) => after.get(id) !== balance).length;
    results.push({ totalDelta: sum(after) - sum(before), accountsOff });
  }
  return { rounds: results, brokenRounds: results.filter((r) => r.totalDelta !== 0 || r.accountsOff !== 0).length };
}

/**
 * S2: while a transfer's transaction is open (debit done, slow limit check
 * running, about to fail and roll back), POST /audit — an autocommit INSERT.
 * The acknowledged audit row must survive the other request's ROLLBACK.
 */
export async function runS2(ctx: ScenarioContext, rounds: number): Promise<S2Result> {
  let lost = 0;
  for (let round = 0; round < rounds; round++) {
    const action = `prove-s2-${randomUUID()}`;
    const audit = await whileTransferIsOpen(ctx, { from: 42, to: MISSING_ACCOUNT, amount: 5 }, () =>
      ctx.http.request('POST', '/audit', { action, detail: `round ${round}` }),
    );
    expectStatus('S2 audit insert', audit, 201);
    const { rows } = await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE action = $1', [action]);
    if (Number(rows[0].n) === 0) lost++;
  }
  return { rounds, lostAuditRows: lost };
}

/**
 * S3: a transfer whose debit violates CHECK (balance >= 0) — a failing
 * statement inside a transaction, rolled back only after an await — with
 * reads in flight around it. Reads must not see `current transaction is aborted`.
 */
export async function runS3(ctx: ScenarioContext, rounds: number, readsPerSide = 20, accounts = 50): Promise<S3Result> {
  let reads = 0;
  let aborted = 0;
  let other = 0;
  const read = (i: number): Promise<HttpResult> => ctx.http.request('GET', `/accounts/${(i % accounts) + 1}`);
  for (let round = 0; round < rounds; round++) {
    const before = Array.from({ length: readsPerSide }, (_, i) => read(i));
    const overdraft = ctx.http.request('POST', '/transfer', { from: 43, to: 44, amount: 900_000 });
    const after = Array.from({ length: readsPerSide }, (_, i) => read(i + readsPerSide));
    const results = await Promise.all([...before, ...after]);
    expectStatus('S3 overdraft transfer', await overdraft, 400, '23514');
    reads += results.length;
    for (const result of results) {
      if (result.status === 200) continue;
      if (errorCode(result.body) === '25P02') aborted++;
      else other++;
    }
  }
  return { rounds, reads, abortedReadErrors: aborted, otherReadErrors: other };
}
