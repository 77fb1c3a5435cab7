/**
 * S1–S3 on MariaDB, against examples/mysql-ledger: the same three
 * transaction scenarios as on PostgreSQL (scenarios.ts), with MySQL's
 * semantics. Each fires a payment that opens a transaction, runs the ~50 ms
 * paid_today() limit check, debits, finds no wallet to credit and rolls back;
 * the harness waits by polling information_schema.PROCESSLIST (not by
 * sleeping) until that limit check is running — the statement right after
 * START TRANSACTION — and only then sends the other requests.
 *
 * S3 differs from PostgreSQL's: a failed statement does not abort a MySQL
 * transaction (no 25P02), but a shared connection shows every caller the
 * open transaction's uncommitted writes. Reads of the paying wallet sent into
 * the window see its debit, which the ROLLBACK then undoes: a balance that
 * was never committed (the queue order is the one described in scenarios.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import type { HttpClient, HttpResult } from './http';
import { GENEROUS_TIMEOUT_MS, pollUntil } from './wait';
import { brokenRounds, ledgerRound } from './ledger';

const MISSING_WALLET = 999_999;
const MAX_ATTEMPTS_TO_CATCH_THE_WINDOW = 5;

export interface MysqlScenarioContext {
  http: HttpClient;
  /** The harness's own connection to the app's database. */
  db: Connection;
}

export interface MysqlTransferRound {
  totalDelta: number;
  accountsOff: number;
}

export interface MysqlS1Result {
  rounds: MysqlTransferRound[];
  brokenRounds: number;
}

export interface MysqlS2Result {
  rounds: number;
  lostEventRows: number;
}

export interface MysqlS3Result {
  rounds: number;
  reads: number;
  /** Reads that returned a balance of the paying wallet that was never committed. */
  uncommittedReads: number;
  /** Reads that failed. */
  failedReads: number;
}

interface Payment {
  from: number;
  to: number;
  amount: number;
}

async function balances(db: Connection): Promise<Map<number, number>> {
  const [rows] = await db.query('SELECT id, balance FROM wallets');
  return new Map((rows as Array<{ id: number; balance: number | string }>).map((row) => [row.id, Number(row.balance)]));
}

function expectStatus(what: string, result: HttpResult, status: number): void {
  if (result.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${result.status} ${JSON.stringify(result.body)} — the scenario did not run as designed`);
  }
}

/**
 * Another connection of this database is running a payment's paid_today()
 * limit check (right after START TRANSACTION). While a stored function runs,
 * PROCESSLIST shows the statement inside it: paid_today's `DO SLEEP(0.05)`.
 */
async function paymentInLimitCheck(db: Connection): Promise<boolean> {
  const [rows] = await db.query(
    `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
      WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND = 'Query'
        AND (INFO LIKE 'SELECT paid_today(%' OR INFO = 'DO SLEEP(0.05)')`,
  );
  return Number((rows as Array<{ n: number }>)[0].n) > 0;
}

/** Start `failing` and, while its transaction is open (limit check running), run `during`. Bounded retries. */
async function whilePaymentIsOpen<T>(ctx: MysqlScenarioContext, failing: Payment, during: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let failingDone = false;
    const failingRequest = ctx.http.request('POST', '/payments', failing);
    void failingRequest.finally(() => (failingDone = true)).catch(() => undefined);
    const windowOpen = await pollUntil(
      "the failing payment's limit check inside its transaction",
      async () => ((await paymentInLimitCheck(ctx.db)) ? true : failingDone ? false : undefined),
      { timeoutMs: GENEROUS_TIMEOUT_MS, intervalMs: 1 },
    );
    if (windowOpen) {
      const result = await during();
      expectStatus('failing payment', await failingRequest, 404);
      return result;
    }
    expectStatus('failing payment', await failingRequest, 404);
    if (attempt >= MAX_ATTEMPTS_TO_CATCH_THE_WINDOW) throw new Error("never observed the failing payment's transaction open");
  }
}

/** S1: 19 good payments between disjoint wallets while another payment's transaction is open and rolls back. */
export async function runMysqlS1(ctx: MysqlScenarioContext, rounds: number): Promise<MysqlS1Result> {
  const good: Payment[] = Array.from({ length: 19 }, (_, i) => ({ from: i + 1, to: i + 21, amount: 10 }));
  const failing: Payment = { from: 41, to: MISSING_WALLET, amount: 7 };
  const results: MysqlTransferRound[] = [];
  for (let round = 0; round < rounds; round++) {
    const before = await balances(ctx.db);
    const goodResults = await whilePaymentIsOpen(ctx, failing, () => Promise.all(good.map((p) => ctx.http.request('POST', '/payments', p))));
    const acknowledged = good.filter((_, i) => goodResults[i].status === 200);
    results.push(ledgerRound(before, await balances(ctx.db), acknowledged));
  }
  return { rounds: results, brokenRounds: brokenRounds(results) };
}

/** S2: an autocommit event INSERT while another payment's transaction is open and rolls back. */
export async function runMysqlS2(ctx: MysqlScenarioContext, rounds: number): Promise<MysqlS2Result> {
  let lost = 0;
  for (let round = 0; round < rounds; round++) {
    const kind = `prove-s2-${randomUUID()}`;
    const event = await whilePaymentIsOpen(ctx, { from: 42, to: MISSING_WALLET, amount: 5 }, () =>
      ctx.http.request('POST', '/events', { kind, note: `round ${round}` }),
    );
    expectStatus('S2 event insert', event, 201);
    const [rows] = await ctx.db.query('SELECT COUNT(*) AS n FROM events WHERE kind = ?', [kind]);
    if (Number((rows as Array<{ n: number }>)[0].n) === 0) lost++;
  }
  return { rounds, lostEventRows: lost };
}

/** S3: reads of the paying wallet while its payment's transaction is open; the debit is rolled back. */
export async function runMysqlS3(ctx: MysqlScenarioContext, rounds: number, readsPerRound = 40): Promise<MysqlS3Result> {
  const failing: Payment = { from: 43, to: MISSING_WALLET, amount: 7 };
  let reads = 0;
  let uncommitted = 0;
  let failed = 0;
  for (let round = 0; round < rounds; round++) {
    const committed = (await balances(ctx.db)).get(failing.from);
    const results = await whilePaymentIsOpen(ctx, failing, () =>
      Promise.all(Array.from({ length: readsPerRound }, () => ctx.http.request('GET', `/wallets/${failing.from}`))),
    );
    reads += results.length;
    for (const result of results) {
      if (result.status !== 200) failed++;
      else if (Number((result.body as { balance: unknown }).balance) !== committed) uncommitted++;
    }
    const after = (await balances(ctx.db)).get(failing.from);
    if (after !== committed) throw new Error(`S3: the rolled-back payment changed wallet ${failing.from} (${committed} → ${after})`);
  }
  return { rounds, reads, uncommittedReads: uncommitted, failedReads: failed };
}
