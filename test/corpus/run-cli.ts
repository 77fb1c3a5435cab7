/**
 * Runs the built CLI once per fixture (cwd = the fixture, so its
 * .pgpoolguardrc.json applies) and returns the reported findings.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES_DIR, tupleProblem, toTuple, type FindingTuple } from './expected';

export const REPO_ROOT = join(__dirname, '..', '..');
export const CLI_BIN = join(REPO_ROOT, 'bin', 'pg-pool-guard.js');
export const CLI_BUNDLE = join(REPO_ROOT, 'server', 'out', 'cli.js');

const TIMEOUT_MS = 60_000;

export type CliRun = { ok: true; findings: FindingTuple[] } | { ok: false; error: string };

export function runCliOnFixture(fixture: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, '--format', 'json', '.'], {
      cwd: join(FIXTURES_DIR, fixture),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, error: `spawn failed: ${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return resolve({ ok: false, error: `killed by ${signal} (timeout ${TIMEOUT_MS} ms?)` });
      if (code !== 0 && code !== 1) return resolve({ ok: false, error: `exit ${code}: ${stderr.trim().slice(0, 500)}` });
      resolve(parseReport(stdout));
    });
  });
}

/** Parses the `--format json` report; anything malformed is an error, never a crash. */
export function parseReport(stdout: string): CliRun {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { ok: false, error: `stdout is not JSON: ${stdout.slice(0, 200)}` };
  }
  const findings = (report as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings)) return { ok: false, error: 'report has no findings array' };
  const tuples: FindingTuple[] = [];
  for (const [i, item] of findings.entries()) {
    const problem = tupleProblem(item);
    if (problem) return { ok: false, error: `findings[${i}]: ${problem}` };
    tuples.push(toTuple(item as Record<string, unknown>));
  }
  return { ok: true, findings: tuples };
}

/** Maps over items with at most `limit` in flight, keeping input order. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
