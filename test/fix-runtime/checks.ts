/**
 * What a fixed server must do, checked against its own database:
 * - concurrent: 50 concurrent requests all answered, served by more than one
 *   backend (distinct pg_backend_pid()s), each backend reused (fewer backends than requests);
 * - transfers: concurrent transfers (some overdrafts, which must fail and
 *   roll back): money is conserved and every balance matches the
 *   acknowledged transfers; audit: the same, interleaved with autocommit
 *   audit inserts, every acknowledged one of which must be there;
 * - timezone: a per-connection SET reaches every pooled connection.
 * No timing is asserted: only results.
 */
import { HttpClient, type HttpResult } from '../../prove/http';
import { withClient } from '../../prove/postgres';
import type { ServerCheck } from './corpus';

export const ACCOUNTS = 10;
export const OPENING_BALANCE = 100;
/** The zone the timezone apps SET; the database default is another one (see the schema). */
export const APP_TIME_ZONE = 'America/Sao_Paulo';

export async function runCheck(check: ServerCheck, baseUrl: string, databaseUrl: string, database: string): Promise<string> {
  // A fresh client per check: no keep-alive socket the server may be closing after an idle spell.
  const http = new HttpClient(baseUrl);
  try {
    switch (check) {
      case 'concurrent': return await concurrent(http, databaseUrl, database);
      case 'transfers': return await transfers(http, databaseUrl, false);
      case 'audit': return await transfers(http, databaseUrl, true);
      case 'timezone': return await timezone(http);
    }
  } finally {
    http.close();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

async function concurrent(http: HttpClient, databaseUrl: string, database: string): Promise<string> {
  const results = await Promise.all(Array.from({ length: 50 }, () => http.request('GET', '/pid')));
  const bad = results.filter((r) => r.status !== 200 || typeof (r.body as { pid?: unknown })?.pid !== 'number');
  if (bad.length > 0) fail(`${bad.length}/50 GET /pid failed: ${describe(bad[0])}`);
  const pidsServed = results.map((r) => (r.body as { pid: number }).pid);
  const pids = new Set(pidsServed);
  if (pids.size < 2) fail(`50 concurrent requests were all served by one backend (pid ${[...pids][0]}): the app still runs on one connection`);
  // Reuse is what tells a pool from a connection per request. Counting the open connections after the burst
  // does not: the pool closes idle ones after idleTimeoutMillis, which a loaded machine can outlast.
  if (pids.size === pidsServed.length) fail(`each of the 50 requests was served by a backend of its own: connections are not reused`);
  const connections = await withClient(databaseUrl, async (c) => {
    const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    return rows[0].n as number;
  });
  return `50/50 answered by ${pids.size} backends, ${connections} connections open`;
}

interface Transfer {
  from: number;
  to: number;
  amount: number;
  overdraft: boolean;
}

/** 40 transfers, deterministic; every fifth one overdraws its account and must fail (no account holds 500). */
function transferPlan(): Transfer[] {
  return Array.from({ length: 40 }, (_, i) => {
    const from = ((i * 7) % ACCOUNTS) + 1;
    let to = ((i * 3 + 1) % ACCOUNTS) + 1;
    if (to === from) to = (from % ACCOUNTS) + 1;
    const overdraft = i % 5 === 0;
    return { from, to, amount: overdraft ? OPENING_BALANCE * 5 : 5 + (i % 7), overdraft };
  });
}

async function transfers(http: HttpClient, databaseUrl: string, withAudit: boolean): Promise<string> {
  const plan = transferPlan();
  const opening = await withClient(databaseUrl, async (c) => (await c.query('SELECT id, balance FROM accounts ORDER BY id')).rows as Array<{ id: number; balance: number }>);
  const openingTotal = opening.reduce((sum, a) => sum + a.balance, 0);
  const notes = withAudit ? Array.from({ length: 20 }, (_, i) => `audit-${i}-${Date.now()}`) : [];
  const transferResults = plan.map((t) => http.request('POST', '/transfer', { from: t.from, to: t.to, amount: t.amount }));
  const auditResults = notes.map((note) => http.request('POST', '/audit', { note }));
  const [done, audited] = await Promise.all([Promise.all(transferResults), Promise.all(auditResults)]);

  const wrong = plan.map((t, i) => ({ t, r: done[i] })).filter(({ t, r }) => (t.overdraft ? r.status < 400 : r.status !== 200));
  if (wrong.length > 0) fail(`${wrong.length}/40 transfers answered wrongly, e.g. ${JSON.stringify(wrong[0].t)} → ${describe(wrong[0].r)}`);

  const expected = new Map<number, number>(opening.map((a) => [a.id, a.balance]));
  for (const t of plan) {
    if (t.overdraft) continue;
    expected.set(t.from, expected.get(t.from)! - t.amount);
    expected.set(t.to, expected.get(t.to)! + t.amount);
  }
  const { balances, notesFound } = await withClient(databaseUrl, async (c) => {
    const accounts = await c.query('SELECT id, balance FROM accounts ORDER BY id');
    const found = notes.length > 0 ? await c.query('SELECT count(*)::int AS n FROM audit_log WHERE note = ANY($1)', [notes]) : { rows: [{ n: 0 }] };
    return { balances: accounts.rows as Array<{ id: number; balance: number }>, notesFound: found.rows[0].n as number };
  });
  const total = balances.reduce((sum, a) => sum + a.balance, 0);
  if (total !== openingTotal) fail(`money not conserved: total ${total}, expected ${openingTotal}`);
  const off = balances.filter((a) => a.balance !== expected.get(a.id));
  if (off.length > 0) fail(`${off.length} balances do not match the acknowledged transfers, e.g. account ${off[0].id}: ${off[0].balance}, expected ${expected.get(off[0].id)}`);
  let summary = `40 concurrent transfers (8 overdrafts rolled back): money conserved, ${ACCOUNTS}/${ACCOUNTS} balances right`;
  if (withAudit) {
    const failedAudits = audited.filter((r) => r.status < 200 || r.status >= 300);
    if (failedAudits.length > 0) fail(`${failedAudits.length}/20 audit inserts failed: ${describe(failedAudits[0])}`);
    if (notesFound !== notes.length) fail(`${notes.length - notesFound}/${notes.length} acknowledged audit rows are missing (rolled back by another request's transaction)`);
    summary += `, ${notesFound}/${notes.length} audit rows kept`;
  }
  return summary;
}

async function timezone(http: HttpClient): Promise<string> {
  const results = await Promise.all(Array.from({ length: 50 }, () => http.request('GET', '/tz')));
  const zones = new Set(results.map((r) => (r.status === 200 ? String((r.body as { tz?: unknown })?.tz) : `HTTP ${r.status}`)));
  if (zones.size !== 1 || !zones.has(APP_TIME_ZONE)) fail(`50 concurrent requests saw time zones ${[...zones].join(', ')}; expected only ${APP_TIME_ZONE}`);
  return `50/50 connections have TimeZone ${APP_TIME_ZONE}`;
}

function describe(r: HttpResult): string {
  const body = typeof r.body === 'string' ? r.body.slice(0, 200) : JSON.stringify(r.body)?.slice(0, 200);
  return `HTTP ${r.status} ${body}`;
}
