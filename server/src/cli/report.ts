/**
 * The front-end view of an analysis: findings with cwd-relative paths and
 * 1-based positions, which every output format renders.
 */
import * as path from 'node:path';
import { compareFindings } from '../engine/finding-order';
import type { FileNotice, Finding, RuleId, Severity } from '../engine/types';

export interface ReportRelated {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ReportFinding {
  rule: RuleId;
  severity: Severity;
  /** Relative to cwd, forward slashes. */
  file: string;
  /** 1-based; columns count UTF-16 code units, as editors do. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: ReportRelated[];
}

export interface ReportNotice {
  file: string;
  message: string;
}

export interface Report {
  findings: ReportFinding[];
  notices: ReportNotice[];
  stats: { files: number; ms: number };
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export function relativePath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file).split(path.sep).join('/');
  return rel === '' ? path.basename(file) : rel;
}

/**
 * The engine builds messages with paths relative to its display root, the
 * cwd (`../dir/x.ts` outside it), so they are shown as they are.
 */
export function toReportFinding(cwd: string, finding: Finding): ReportFinding {
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: relativePath(cwd, finding.file),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    message: finding.message,
    related: finding.related.map((r) => ({
      file: relativePath(cwd, r.file),
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
      message: r.message,
    })),
  };
}

/** The findings to show, in the engine's order (engine/finding-order.ts). */
export function buildReport(cwd: string, findings: readonly Finding[], notices: readonly FileNotice[], stats: Report['stats'], quiet: boolean): Report {
  const shown = quiet ? findings.filter((f) => f.severity === 'error') : findings;
  return {
    findings: [...shown].sort(compareFindings).map((f) => toReportFinding(cwd, f)),
    notices: notices.map((n) => ({ file: relativePath(cwd, n.file), message: n.message })),
    stats,
  };
}

export function countSeverities(findings: readonly ReportFinding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
