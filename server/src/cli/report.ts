/**
 * The front-end view of an analysis: findings with cwd-relative paths and
 * 1-based positions, which every output format renders.
 */
import * as path from 'node:path';
import { displayPath } from '../engine/graph/pathText';
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

/** The engine's name for a file: forward slashes only (it turns every `\\` into `/`, a Windows convenience). */
export function engineKey(file: string): string {
  return file.split('\\').join('/');
}

/**
 * Turns the engine's file keys back into the paths the user has, relative to
 * the current directory: a POSIX file name may contain a backslash, which the
 * engine's key has lost; and a message names its files relative to the
 * engine's display root (cwd), falling back to an absolute path outside it,
 * where the `↳` lines say `../dir/x.ts`.
 */
export class PathPresenter {
  private readonly realByKey = new Map<string, string>();
  private readonly cwdKey: string;

  constructor(private readonly cwd: string, realPaths: Iterable<string> = []) {
    this.cwdKey = engineKey(cwd);
    for (const real of realPaths) {
      const key = engineKey(real);
      if (key !== real) this.realByKey.set(key, real);
    }
  }

  /** cwd-relative, forward-slash (on Windows), backslashes of POSIX names kept. */
  file(key: string): string {
    return relativePath(this.cwd, this.realByKey.get(key) ?? key);
  }

  /** The message with each of `files` written as `file()` writes it. */
  message(text: string, files: readonly string[]): string {
    let out = text;
    for (const key of new Set(files)) {
      const engineText = displayPath(key, this.cwdKey);
      const ours = this.file(key);
      if (engineText !== ours) out = out.split(`${engineText}:`).join(`${ours}:`);
    }
    return out;
  }
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function toReportFinding(paths: PathPresenter, finding: Finding): ReportFinding {
  const mentioned = [finding.file, ...finding.related.map((r) => r.file)];
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: paths.file(finding.file),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    message: paths.message(finding.message, mentioned),
    related: finding.related.map((r) => ({
      file: paths.file(r.file),
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
      message: r.message,
    })),
  };
}

/** Stable order: file, then position, then severity and rule. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule);
}

/** `sources`: the real paths of the analysed files (to give back what the engine's keys lost). */
export function buildReport(cwd: string, findings: readonly Finding[], notices: readonly FileNotice[], stats: Report['stats'], quiet: boolean, sources: Iterable<string> = []): Report {
  const paths = new PathPresenter(cwd, sources);
  const shown = quiet ? findings.filter((f) => f.severity === 'error') : findings;
  return {
    findings: shown.map((f) => toReportFinding(paths, f)).sort(compareFindings),
    notices: notices.map((n) => ({ file: paths.file(n.file), message: n.message })),
    stats,
  };
}

export function countSeverities(findings: readonly ReportFinding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
