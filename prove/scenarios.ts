/**
 * The three correctness scenarios. Each fires real HTTP requests at the app
 * and checks the database directly through the harness's own connection.
 * Windows are held open by the app's own slow queries (sent_today ≈ 50 ms,
 * recent_activity ≈ 20 ms, see examples/express-shop/migrate.js). Every
 * scenario fires a transfer, waits by polling pg_stat_activity (not by
 * sleeping) until that transfer's transaction is open and running its ~50 ms
 * sent_today() limit check — the route's first statement after BEGIN — and only
 * then sends the other requests.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { errorCode, type HttpClient, type HttpResult } from './http';
import { GENEROUS_TIMEOUT_MS, pollUntil } from './wait';
import { brokenRounds, ledgerRound } from './ledger';

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

/**
 * True once some other backend on this database is running a transfer's
 * sent_today() limit check inside an explicit transaction (the transaction
 * started before the statement did, i.e. after a BEGIN).
 */
async function transferInLimitCheck(db: Client): Promise<boolean> {
  const { rows } = await db.query<{ open: boolean }>(
    `SELECT count(*) > 0 AS open FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND state = 'active' AND query LIKE 'SELECT sent_today(%'
        AND xact_start < query_start`,
  );
  return rows[0].open;
}

const MAX_ATTEMPTS_TO_CATCH_THE_WINDOW = 5;

/**
 * Start `failing` (a transfer that ends in ROLLBACK: BEGIN, ~50 ms limit
 * check, then a debit or credit that fails) and, while its limit check is
 * running inside the open transaction, run `during`. The limit check is
 * observed in pg_stat_activity; if the transfer finishes before we see it,
 * the attempt is repeated (bounded). `status`/`code`: the failing transfer's
 * expected answer.
 */
async function whileTransferIsOpen<T>(
  ctx: ScenarioContext,
  failing: Transfer,
  during: () => Promise<T>,
  status = 404,
  code?: string,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let failingDone = false;
    const failingRequest = ctx.http.request('POST', '/transfer', failing);
    void failingRequest.finally(() => (failingDone = true)).catch(() => undefined);
    const windowOpen = await pollUntil(
      "the failing transfer's limit check inside its transaction",
      async () => ((await transferInLimitCheck(ctx.db)) ? true : failingDone ? false : undefined),
      { timeoutMs: GENEROUS_TIMEOUT_MS, intervalMs: 1 },
    );
    if (windowOpen) {
      const result = await during();
      expectStatus('failing transfer', await failingRequest, status, code);
      return result;
    }
    expectStatus('failing transfer', await failingRequest, status, code);
    if (attempt >= MAX_ATTEMPTS_TO_CATCH_THE_WINDOW) throw new Error('never observed the failing transfer\'s transaction open');
  }
}

/**
 * S1: while one transfer's transaction is open (limit check running; it will
 * debit, find no account to credit and roll back), 19 good transfers between
 * disjoint account pairs run. Total money must not change and every
 * acknowledged transfer must be reflected in the balances.
 */
export async function runS1(ctx: ScenarioContext, rounds: number): Promise<S1Result> {
  const good: Transfer[] = Array.from({ length: 19 }, (_, i) => ({ from: i + 1, to: i + 21, amount: 10 }));
  const failing: Transfer = { from: 41, to: MISSING_ACCOUNT, amount: 7 };
  const results: TransferRound[] = [];
  for (let round = 0; round < rounds; round++) {
    const before = await balances(ctx.db);
    const goodResults = await whileTransferIsOpen(ctx, failing, () =>
      Promise.all(good.map((t) => ctx.http.request('POST', '/transfer', t))),
    );
    // A transfer that was not acknowledged must have had no effect.
    const acknowledged = good.filter((_, i) => goodResults[i].status === 200);
    results.push(ledgerRound(before, await balances(ctx.db), acknowledged));
  }
  return { rounds: results, brokenRounds: brokenRounds(results) };
}

/**
 * S2: while a transfer's transaction is open (slow limit check running; it
 * will debit, find no account to credit and roll back), POST /audit — an
 * autocommit INSERT.
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
 * reads sent while it is open. Reads must not see `current transaction is
 * aborted` (25P02).
 *
 * On the shared Client the outcome follows from the order of the queue, not
 * from timing. The reads are sent once pg_stat_activity shows the transfer's
 * sent_today() running inside its transaction; at that point the route has
 * not queued its debit yet (it does so only when sent_today's result is back,
 * up to ~50 ms later; a loopback request needs ~1 ms — the only timing this
 * relies on, as S1 and S2 do). pg's Client runs queries one at a time in the
 * order they were queued, so:
 *   1. each read's first query (recent_activity) queues behind sent_today;
 *   2. sent_today returns and the route queues the debit behind those;
 *   3. each read queues its second query when its first returns: behind the
 *      debit;
 *   4. the debit fails, the transaction is aborted, and the route's catch
 *      queues ROLLBACK only now — behind every second query, which therefore
 *      all fail with 25P02. Reads arriving later still land between the
 *      debit and the ROLLBACK, or after it (and then succeed).
 * One read in time is enough for a 25P02; in practice all of them fail.
 *
 * The Pool app cannot show 25P02: the transfer holds its own pooled client
 * from connect() to release(), sends nothing on it between the failed debit
 * and its ROLLBACK, and the reads run on other connections (pool.query), whose
 * transactions are never aborted.
 */
export async function runS3(ctx: ScenarioContext, rounds: number, readsPerRound = 40, accounts = 50): Promise<S3Result> {
  let reads = 0;
  let aborted = 0;
  let other = 0;
  const read = (i: number): Promise<HttpResult> => ctx.http.request('GET', `/accounts/${(i % accounts) + 1}`);
  const overdraft: Transfer = { from: 43, to: 44, amount: 900_000 };
  for (let round = 0; round < rounds; round++) {
    const results = await whileTransferIsOpen(
      ctx,
      overdraft,
      () => Promise.all(Array.from({ length: readsPerRound }, (_, i) => read(i))),
      400,
      '23514',
    );
    reads += results.length;
    for (const result of results) {
      if (result.status === 200) continue;
      if (errorCode(result.body) === '25P02') aborted++;
      else other++;
    }
  }
  return { rounds, reads, abortedReadErrors: aborted, otherReadErrors: other };
}
