/**
 * ESLint "stylish"-like text report: per file a heading, aligned
 * `line:col  severity  message  rule` rows with related locations under
 * each, then one summary line.
 */
import type { Severity } from '../../engine/types';
import type { Palette } from '../colors';
import { countSeverities, type Report, type ReportFinding } from '../report';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function severityColor(palette: Palette, severity: Severity): (text: string) => string {
  return severity === 'error' ? palette.red : severity === 'warning' ? palette.yellow : palette.cyan;
}

/** One report line: a line break inside (say, from a file name in the message) is shown as \n, not obeyed. */
function oneLine(text: string): string {
  return escapeControlCharacters(text);
}

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A file may be named `a\n  1:1  error  fake.ts` or carry terminal escape
 * codes: shown raw, it would forge report lines or recolour the terminal.
 * C0 and C1 control characters and DEL are written as escapes instead.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => NAMED_ESCAPES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function groupByFile(findings: readonly ReportFinding[]): Map<string, ReportFinding[]> {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}

function fileSection(file: string, findings: readonly ReportFinding[], palette: Palette): string[] {
  // Widths from the plain text so ANSI codes never skew the alignment.
  const lineWidth = Math.max(...findings.map((f) => String(f.line).length));
  const columnWidth = Math.max(...findings.map((f) => String(f.column).length));
  const severityWidth = Math.max(...findings.map((f) => f.severity.length));
  const messageWidth = Math.max(...findings.map((f) => oneLine(f.message).length));
  const out = [palette.underline(palette.bold(escapeControlCharacters(file)))];
  for (const f of findings) {
    const position = `${String(f.line).padStart(lineWidth)}:${String(f.column).padEnd(columnWidth)}`;
    const severity = severityColor(palette, f.severity)(f.severity.padEnd(severityWidth));
    const message = oneLine(f.message).padEnd(messageWidth);
    out.push(`  ${palette.dim(position)}  ${severity}  ${message}  ${palette.dim(f.rule)}`);
    for (const r of f.related) {
      out.push(`    ${palette.dim('↳')} ${palette.dim(`${escapeControlCharacters(r.file)}:${r.line}:${r.column}`)} ${oneLine(r.message)}`);
    }
  }
  return out;
}

export function summaryLine(report: Report, palette: Palette): string {
  const counts = countSeverities(report.findings);
  const total = report.findings.length;
  if (total === 0) {
    return palette.green(`✔ No problems found in ${plural(report.stats.files, 'file')} (${report.stats.ms} ms)`);
  }
  const color = counts.error > 0 ? palette.red : counts.warning > 0 ? palette.yellow : palette.cyan;
  return palette.bold(color(`✖ ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')})`));
}

export function formatText(report: Report, palette: Palette): string {
  const lines: string[] = [];
  for (const [file, findings] of groupByFile(report.findings)) {
    lines.push('', ...fileSection(file, findings, palette));
  }
  lines.push('', summaryLine(report, palette), '');
  return lines.join('\n');
}
