/**
 * Exit status from the reported findings:
 * 0 nothing reaches the --fail-on threshold, 1 something does (or more
 * warnings than --max-warnings), 2 usage/internal errors (decided elsewhere).
 */
import type { Severity } from '../engine/types';
import type { FailOn } from './args';
import type { SeverityCounts } from './report';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function reaches(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && RANK[severity] >= RANK[failOn];
}

export function exitCodeFor(counts: SeverityCounts, failOn: FailOn, maxWarnings: number | undefined): number {
  if (counts.error > 0 && reaches('error', failOn)) return EXIT_FINDINGS;
  // With --max-warnings, warnings are judged by their number alone (like ESLint).
  if (maxWarnings !== undefined) {
    if (counts.warning > maxWarnings) return EXIT_FINDINGS;
  } else if (counts.warning > 0 && reaches('warning', failOn)) {
    return EXIT_FINDINGS;
  }
  if (counts.info > 0 && reaches('info', failOn)) return EXIT_FINDINGS;
  return EXIT_OK;
}
