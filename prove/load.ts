/** Read-endpoint load: bursts of concurrent GET /accounts/:id, timed per request. */
import type { HttpClient } from './http';

export interface LoadOptions {
  /** Requests in flight at once in each burst. */
  concurrency: number;
  /** Measured bursts, after one unmeasured warm-up burst. */
  bursts: number;
  /** Account ids 1..accounts are read round-robin. */
  accounts: number;
  /** The read endpoint, before the id (default `/accounts/`). */
  readPath?: string;
}

export interface LoadResult {
  requests: number;
  failed: number;
  p50: number;
  p95: number;
  max: number;
  requestsPerSecond: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

async function burst(http: HttpClient, options: LoadOptions): Promise<{ latencies: number[]; failed: number }> {
  const results = await Promise.all(
    Array.from({ length: options.concurrency }, (_, i) => http.request('GET', `${options.readPath ?? '/accounts/'}${(i % options.accounts) + 1}`)),
  );
  return {
    latencies: results.map((r) => r.ms),
    failed: results.filter((r) => r.status !== 200).length,
  };
}

/**
 * Measure several apps under the same read load, alternating their bursts
 * (A, B, A, B …) so background load on a shared machine hits them alike.
 * req/s is each app's requests over the time its own bursts took.
 */
export async function measureReadsAlternating(clients: readonly HttpClient[], options: LoadOptions): Promise<LoadResult[]> {
  for (const http of clients) await burst(http, options); // warm-up: connections, JIT, plan caches
  const perApp = clients.map(() => ({ latencies: [] as number[], failed: 0, seconds: 0 }));
  for (let i = 0; i < options.bursts; i++) {
    for (const [index, http] of clients.entries()) {
      const started = process.hrtime.bigint();
      const result = await burst(http, options);
      perApp[index].seconds += Number(process.hrtime.bigint() - started) / 1e9;
      perApp[index].latencies.push(...result.latencies);
      perApp[index].failed += result.failed;
    }
  }
  return perApp.map(({ latencies, failed, seconds }) => {
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      failed,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: latencies[latencies.length - 1],
      requestsPerSecond: latencies.length / seconds,
    };
  });
}
