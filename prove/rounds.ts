/**
 * Scenario rounds on the original (shared-connection) app, until the corruption shows.
 *
 * Each scenario needs the harness's requests to reach the app within a window of tens of
 * milliseconds; on a machine with a load average of 20 a round can miss it. So after the
 * requested rounds, one more round at a time runs until the corruption is seen (a poll for the
 * condition, with a generous bound); the fixed app then runs as many rounds as the original did.
 */
export const MAX_EXTRA_ROUNDS_TO_SHOW_THE_BUG = 20;

export async function roundsUntil<R>(rounds: number, run: (n: number) => Promise<R>, merge: (a: R, b: R) => R, shows: (r: R) => boolean): Promise<R> {
  let result: R = await run(rounds);
  for (let extra = 0; extra < MAX_EXTRA_ROUNDS_TO_SHOW_THE_BUG && !shows(result); extra++) {
    const more: R = await run(1);
    result = merge(result, more);
  }
  return result;
}

/** Merges for results that count rounds and events. */
export function addCounts<R extends object>(a: R, b: R): R {
  const out = { ...a } as Record<string, unknown>;
  for (const [key, value] of Object.entries(b)) {
    const mine = out[key];
    if (typeof value === 'number' && typeof mine === 'number') out[key] = mine + value;
    else if (Array.isArray(value) && Array.isArray(mine)) out[key] = [...mine, ...value];
  }
  return out as R;
}
