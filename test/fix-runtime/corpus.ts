/**
 * The runtime-verified corpus: small runnable apps under apps/<name>/, each
 * with an app.json saying how to run it and what to check after --fix.
 *
 * Every server app listens on $PORT and speaks the same little protocol, so
 * one harness can check them all:
 *   GET  /health        200 once it can serve
 *   GET  /pid           { pid } from `SELECT pg_backend_pid()` after a short pg_sleep
 *   POST /transfer      { from, to, amount } → 200 { ok: true } or an error status,
 *                       in one transaction that locks both accounts in id order
 *                       (no deadlocks) and sleeps briefly between debit and credit
 *   POST /audit         { note } → 2xx after an autocommit INSERT INTO audit_log
 *   GET  /tz            { tz } = current_setting('TimeZone')
 * Scripts just run to completion. The schema (../schema.sql unless the app has
 * its own) is loaded by the harness.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export type ServerCheck = 'concurrent' | 'transfers' | 'audit' | 'timezone';

export interface ScriptRun {
  /** Command line; `tsx` runs TypeScript through `node --import tsx`. */
  run: string[];
  /** After it exits 0, this query's first column of the first row must equal `equals`. */
  expect?: { sql: string; equals: number | string };
}

export interface AppManifest {
  description: string;
  /** Files --fix must change (relative paths); every other file must stay byte-for-byte the same. */
  changes?: string[];
  /** TypeScript: the app type-checks (its tsconfig.json) before --fix and after it. */
  typecheck?: boolean;
  /** The rewrite must be refused with a reason containing this text (the app is then not run). */
  refuse?: string;
  /** Run after --fix, before the server starts; each must exit 0 within 15 s. */
  scripts?: ScriptRun[];
  server?: { run: string[]; checks: ServerCheck[] };
}

export interface CorpusApp {
  name: string;
  dir: string;
  manifest: AppManifest;
  schema: string;
}

export const APPS_DIR = join(__dirname, 'apps');
/** Accounts, transfers, audit_log, users, events; `:database` is the app's database. */
const DEFAULT_SCHEMA = join(__dirname, 'schema.sql');

export function loadCorpus(): CorpusApp[] {
  return readdirSync(APPS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(APPS_DIR, name);
      const manifest = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as AppManifest;
      const own = join(dir, 'schema.sql');
      return { name, dir, manifest, schema: readFileSync(existsSync(own) ? own : DEFAULT_SCHEMA, 'utf8') };
    });
}
