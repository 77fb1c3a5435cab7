/** Parsing the CLI's `--format json` report into comparable tuples, and a small concurrency helper. */
import { tupleProblem, toTuple, type FindingTuple } from './expected';

export type CliRun = { ok: true; findings: FindingTuple[] } | { ok: false; error: string };

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
