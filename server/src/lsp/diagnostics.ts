/**
 * Engine findings → LSP diagnostics, with the resource's severity overrides
 * applied (the engine runs with default severities so one analysis serves
 * every workspace folder).
 */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { Finding, Severity, SourceRange } from '../engine/types';
import { severityUnder } from '../engine/rules/severity';
import type { PgPoolGuardSettings } from '../shared/settings';
import { pathToUri } from './paths';

export const DIAGNOSTIC_SOURCE = 'pg-pool-guard';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspRange(range: SourceRange): Range {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

/** The severity this finding has under `settings`, or undefined when its rule is off. */
export function effectiveSeverity(finding: Finding, settings: PgPoolGuardSettings): Severity | undefined {
  return severityUnder(settings.rules[finding.rule], finding.severity);
}

/** Findings that should be shown for a file under `settings`. */
export function visibleFindings(findings: readonly Finding[], settings: PgPoolGuardSettings): Finding[] {
  if (!settings.enable) return [];
  return findings.filter((f) => effectiveSeverity(f, settings) !== undefined);
}

export function toDiagnostic(
  finding: Finding,
  settings: PgPoolGuardSettings,
  docsUrl: (rule: string) => string | undefined,
  uriOf: (path: string) => string = pathToUri,
): Diagnostic {
  const url = docsUrl(finding.rule);
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITIES[effectiveSeverity(finding, settings) ?? finding.severity],
    code: finding.rule,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  if (url) diagnostic.codeDescription = { href: url };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: uriOf(r.file), range: toLspRange(r.range) },
      message: r.message,
    }));
  }
  return diagnostic;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  // Touching ranges count: a cursor at the end of a diagnostic still gets its actions.
  return !before(a.end, b.start) && !before(b.end, a.start);
}
