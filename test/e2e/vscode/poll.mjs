// Polling with a deadline: the e2e tests never sleep a fixed time.

/**
 * Calls `check` every `interval` ms until it returns a truthy value (which is
 * returned) or `timeout` ms pass (rejects, naming `what`). Errors thrown by
 * `check` abort the wait.
 */
export async function pollUntil(check, { timeout = 30_000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
