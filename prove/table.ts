/** Text-table pieces shared by the proof's reports (PostgreSQL, pool misuse, MySQL). */

export function formatMs(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

/** Header, a dashed rule, then the rows; columns padded to their widest cell. */
export function renderColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

export interface MoneyRounds {
  rounds: readonly { totalDelta: number; accountsOff: number }[];
  brokenRounds: number;
}

/** "yes (n/n)", or how much money each broken round created or destroyed. */
export function moneyConservedCell({ rounds, brokenRounds }: MoneyRounds): string {
  const n = rounds.length;
  if (brokenRounds === 0) return `yes (${n}/${n})`;
  const deltas = rounds.map((r) => (r.totalDelta > 0 ? `+${r.totalDelta}` : `${r.totalDelta}`)).join(' ');
  const off = rounds.reduce((total, r) => total + r.accountsOff, 0);
  return `NO ${brokenRounds}/${n}: Δ ${deltas}; ${off} balances wrong`;
}
