/** The language status item's wording, apart from the vscode API so tests can check it. */
import type { StatusParams } from '../../server/src/shared/protocol';

export type StatusUpdate = Pick<StatusParams, 'state'> & Partial<StatusParams>;

function count(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** "142 files · 2 problems", "… · 3 skipped" when files were left out; "analysing…"; "error". */
export function statusText(status: StatusUpdate): string {
  switch (status.state) {
    case 'analysing':
      return 'pg-pool-guard: analysing…';
    case 'error':
      return 'pg-pool-guard: error';
    default: {
      const parts = [count(status.files ?? 0, 'file'), count(status.problems ?? 0, 'problem')];
      if (status.skipped) parts.push(`${status.skipped} skipped`);
      return parts.join(' · ');
    }
  }
}
