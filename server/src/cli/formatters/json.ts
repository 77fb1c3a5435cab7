/** The JSON report: `{ findings: [...], stats: { files, ms } }`, nothing else (notices go to stderr). */
import type { Report } from '../report';

export function formatJson(report: Report): string {
  const findings = report.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    related: f.related.map((r) => ({ file: r.file, line: r.line, column: r.column, message: r.message })),
  }));
  return `${JSON.stringify({ findings, stats: { files: report.stats.files, ms: report.stats.ms } }, null, 2)}\n`;
}
