/** Checking money movements against balances read before and after them: the S1/S5 conservation checks. */

export interface Movement {
  from: number;
  to: number;
  amount: number;
}

export interface LedgerRound {
  /** sum(balance) after − before: money created (+) or destroyed (−). */
  totalDelta: number;
  /** Accounts whose balance differs from before + the acknowledged movements. */
  accountsOff: number;
}

const sum = (balances: Map<number, number>): number => [...balances.values()].reduce((a, b) => a + b, 0);

/** Every acknowledged movement must show in the balances, and nothing else may have changed them. */
export function ledgerRound(before: Map<number, number>, after: Map<number, number>, acknowledged: readonly Movement[]): LedgerRound {
  const expected = new Map(before);
  for (const m of acknowledged) {
    expected.set(m.from, (expected.get(m.from) ?? 0) - m.amount);
    expected.set(m.to, (expected.get(m.to) ?? 0) + m.amount);
  }
  const accountsOff = [...expected].filter(([id, balance]) => after.get(id) !== balance).length;
  return { totalDelta: sum(after) - sum(before), accountsOff };
}

export function brokenRounds(rounds: readonly LedgerRound[]): number {
  return rounds.filter((r) => r.totalDelta !== 0 || r.accountsOff !== 0).length;
}
