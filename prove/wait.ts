/** Polling helpers: wait for a condition with a deadline instead of sleeping a fixed time. */

/**
 * Bound for start-ups (PostgreSQL, the example app) and for catching a
 * scenario's window. Only a failure waits this long; it is generous so a
 * machine at load average 20 (node's start-up alone then takes seconds)
 * still passes.
 */
export const GENEROUS_TIMEOUT_MS = 120_000;

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Call `probe` every `intervalMs` until it returns a value other than
 * undefined, or throw after `timeoutMs` with `what` and the last error.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 15_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await delay(intervalMs);
  }
}
