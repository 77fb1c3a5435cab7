/**
 * S4 and S5 against examples/pool-orders, an app that already has a Pool
 * and misuses it.
 *
 * S4, leak → hang: `max` requests for a missing order each leak their
 * checked-out client (the 404 `return` skips release()). Then a healthy
 * request: with pg's default connectionTimeoutMillis (0 = wait forever) it
 * never gets a connection. The harness shows that it is a hang, not a slow
 * answer: every connection of the app sits idle in pg_stat_activity (polled
 * until so), nothing runs, and the request is still unanswered after
 * HANG_OBSERVATION_MS. With a timeout it fails with pg's "timeout exceeded
 * when trying to connect"; with the leak fixed, healthy requests succeed.
 *
 * S5, pool-transaction: concurrent credit transfers through a helper that
 * sends BEGIN / the work / COMMIT or ROLLBACK through pool.query. Half of them
 * fail on the credit and roll back. Each statement may run on another pooled
 * connection, so a failed transfer's debit is often committed on its own (or
 * an acknowledged one sits in another connection's never-committed
 * transaction). Every round uses accounts no other round touches, so rows
 * locked by a transaction left open on a pooled connection block nothing.
 */
import type { Client } from 'pg';
import type { HttpClient, HttpResult } from './http';
import { GENEROUS_TIMEOUT_MS, pollUntil } from './wait';
import { brokenRounds, ledgerRound } from './ledger';

/** pg's default Pool size: the number of leaks that empties the pool. */
export const PG_DEFAULT_POOL_MAX = 10;
/** How long a healthy request must stay unanswered, with the pool's connections all idle, to count as hung. */
export const HANG_OBSERVATION_MS = 3_000;
const MISSING_ORDER = 999_999;
const MISSING_CUSTOMER = 999_999;
const HEALTHY_REQUESTS = 20;

export interface PoolScenarioContext {
  http: HttpClient;
  db: Client;
}

export type HealthyOutcome =
  | { kind: 'hung'; idleConnections: number }
  | { kind: 'failed-fast'; ms: number; message: string }
  | { kind: 'answered'; ok: number; of: number };

export interface S4Result {
  failingRequests: number;
  /** The app's connections idle in pg_stat_activity after the failing requests. */
  idleAfterFailures: number;
  healthy: HealthyOutcome;
}

export interface S5Round {
  totalDelta: number;
  accountsOff: number;
}

export interface S5Result {
  rounds: S5Round[];
  brokenRounds: number;
}

async function appConnections(db: Client): Promise<{ total: number; idle: number }> {
  const { rows } = await db.query<{ total: string; idle: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE state = 'idle') AS idle FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
  );
  return { total: Number(rows[0].total), idle: Number(rows[0].idle) };
}

function errorMessage(result: HttpResult): string {
  const body = result.body as { error?: unknown } | string;
  return typeof body === 'object' && body && typeof body.error === 'string' ? body.error : String(body);
}

export async function runS4(ctx: PoolScenarioContext, max = PG_DEFAULT_POOL_MAX): Promise<S4Result> {
  for (let i = 0; i < max; i++) {
    const result = await ctx.http.request('GET', `/orders/${MISSING_ORDER}`);
    if (result.status !== 404) throw new Error(`S4: a request for a missing order answered ${result.status} ${JSON.stringify(result.body)}, not 404`);
  }
  const { idle: idleAfterFailures } = await appConnections(ctx.db);
  let answer: HttpResult | undefined;
  let failure: unknown;
  const started = Date.now();
  const healthy = ctx.http.request('GET', '/orders/1').then((r) => (answer = r), (err) => (failure = err));
  // Either it answers, or the pool is exhausted: `max` connections, all idle, and it waits.
  const exhausted = await pollUntil(
    'the healthy request to be answered or the pool to be exhausted',
    async () => {
      if (answer || failure) return false;
      const { total, idle } = await appConnections(ctx.db);
      return total >= max && idle === total ? true : undefined;
    },
    { timeoutMs: GENEROUS_TIMEOUT_MS, intervalMs: 20 },
  );
  if (exhausted) {
    const observedUntil = Date.now() + HANG_OBSERVATION_MS;
    // A bounded observation, not a sleep: it ends as soon as the request answers.
    await pollUntil('the observation window', async () => (answer || failure || Date.now() >= observedUntil ? true : undefined), {
      timeoutMs: HANG_OBSERVATION_MS * 2, intervalMs: 20,
    });
  }
  if (!answer && !failure) {
    const { idle } = await appConnections(ctx.db);
    void healthy;
    return { failingRequests: max, idleAfterFailures, healthy: { kind: 'hung', idleConnections: idle } };
  }
  await healthy;
  if (failure) throw failure;
  if (answer!.status !== 200) {
    return { failingRequests: max, idleAfterFailures, healthy: { kind: 'failed-fast', ms: Date.now() - started, message: errorMessage(answer!) } };
  }
  const more = await Promise.all(Array.from({ length: HEALTHY_REQUESTS - 1 }, (_, i) => ctx.http.request('GET', `/orders/${(i % 20) + 1}`)));
  const ok = 1 + more.filter((r) => r.status === 200).length;
  return { failingRequests: max, idleAfterFailures, healthy: { kind: 'answered', ok, of: HEALTHY_REQUESTS } };
}

async function balances(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ customer: number; balance: string }>('SELECT customer, balance FROM credits');
  return new Map(rows.map((row) => [row.customer, Number(row.balance)]));
}

export async function runS5(ctx: PoolScenarioContext, rounds: number): Promise<S5Result> {
  const results: S5Round[] = [];
  for (let round = 0; round < rounds; round++) {
    const base = round * 40;
    const good = Array.from({ length: 10 }, (_, i) => ({ from: base + i + 1, to: base + i + 11, amount: 10 }));
    const failing = Array.from({ length: 10 }, (_, i) => ({ from: base + i + 21, to: MISSING_CUSTOMER, amount: 10 }));
    const before = await balances(ctx.db);
    const answers = await Promise.all([...good, ...failing].map((t) => ctx.http.request('POST', '/credits/transfer', t)));
    const wrongRefusal = answers.slice(good.length).find((answer) => answer.status !== 404);
    if (wrongRefusal) throw new Error(`S5: a transfer to a missing customer answered ${wrongRefusal.status}`);
    const acknowledged = [...good, ...failing].filter((_, i) => answers[i].status === 200);
    results.push(ledgerRound(before, await balances(ctx.db), acknowledged));
  }
  return { rounds: results, brokenRounds: brokenRounds(results) };
}
