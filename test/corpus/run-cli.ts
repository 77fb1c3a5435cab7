/**
 * Runs the built CLI once per fixture (cwd = the fixture, so its
 * .pgpoolguardrc.json applies) and returns the reported findings.
 */
import { runBuiltCli } from '../cli/spawn';
import { join } from 'node:path';
import { FIXTURES_DIR, tupleProblem, toTuple, type FindingTuple } from './expected';

export const REPO_ROOT = join(__dirname, '..', '..');
export const CLI_BUNDLE = join(REPO_ROOT, 'server', 'out', 'cli.js');

export type CliRun = { ok: true; findings: FindingTuple[] } | { ok: false; error: string };

export async function runCliOnFixture(fixture: string): Promise<CliRun> {
  let run;
  try {
    run = await runBuiltCli(['--format', 'json', '.'], join(FIXTURES_DIR, fixture));
  } catch (err) {
    return { ok: false, error: `spawn failed: ${(err as Error).message}` };
  }
  if (run.code === null) return { ok: false, error: 'killed (timeout?)' };
  if (run.code !== 0 && run.code !== 1) return { ok: false, error: `exit ${run.code}: ${run.stderr.trim().slice(0, 500)}` };
  return parseReport(run.stdout);
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
