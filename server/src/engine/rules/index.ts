/**
 * The one entry point that turns the joined graph into findings: every rule
 * runs, each report gets its rule id and severity (the registry default, or
 * the rule's own lower one, then the setting), suppression comments are
 * applied, and findings are sorted by file, line, column.
 */
import type { EngineOptions, Finding, RuleId, Span } from '../types';
import { FIRST_LINE_ONLY, sourceRange } from '../positions';
import type { ModuleGraph } from '../graph/moduleGraph';
import { RuleContext, type Rule, type RuleReport } from './context';
import { RULE_REGISTRY, ruleMetaById, type RuleMeta } from './registry';
import { severityUnder } from './severity';
import { sharedClientRule } from './sharedClient';
import { sharedClientTransactionRule } from './sharedClientTransaction';
import { clientReuseRule } from './clientReuse';
import { poolTransactionRule } from './poolTransaction';
import { poolClientLeakRule } from './poolClientLeak';
import { poolPerRequestRule } from './poolPerRequest';
import { poolErrorListenerRule } from './poolErrorListener';
import { poolConnectTimeoutRule } from './poolConnectTimeout';

/** One implementation per registry row (a missing or misnamed one does not compile). */
const IMPLEMENTATIONS = {
  'shared-client': sharedClientRule,
  'shared-client-transaction': sharedClientTransactionRule,
  'client-reuse': clientReuseRule,
  'pool-transaction': poolTransactionRule,
  'pool-client-leak': poolClientLeakRule,
  'pool-per-request': poolPerRequestRule,
  'pool-error-listener': poolErrorListenerRule,
  'pool-connect-timeout': poolConnectTimeoutRule,
} as const satisfies { [K in RuleId]: Rule<K> };

/** The rules in registry order. */
export const RULES: readonly Rule[] = RULE_REGISTRY.map((meta) => IMPLEMENTATIONS[meta.id]);

export function deriveFindings(graph: ModuleGraph, options: Pick<EngineOptions, 'rules'>, displayRoot: string): Finding[] {
  const context = new RuleContext(graph, displayRoot);
  const findings: Finding[] = [];
  for (const meta of RULE_REGISTRY) {
    const setting = options.rules[meta.id];
    if (setting === 'off') continue;
    for (const report of IMPLEMENTATIONS[meta.id].check(context)) {
      const finding = toFinding(graph, meta, report, severityUnder(setting, report.severity ?? meta.defaultSeverity)!);
      if (!isSuppressed(graph, finding)) findings.push(finding);
    }
  }
  return findings.sort(compareFindings);
}

/** Line/character are made here, for the few spans a finding names, from each file's `lines`. */
function toFinding(graph: ModuleGraph, meta: RuleMeta, report: RuleReport, severity: Finding['severity']): Finding {
  const positioned = (file: string, span: Span) => sourceRange(graph.index(file)?.facts.lines ?? FIRST_LINE_ONLY, span);
  const related = report.related.map((r) => ({ file: r.file, range: positioned(r.file, r.range), message: r.message }));
  const finding: Finding = { rule: meta.id, severity, file: report.file, range: positioned(report.file, report.range), message: report.message, related };
  if (report.creation) finding.creation = report.creation;
  return finding;
}

function isSuppressed(graph: ModuleGraph, finding: Finding): boolean {
  const suppressions = graph.index(finding.file)?.facts.suppressions;
  if (!suppressions) return false;
  const matches = (rules: readonly string[] | undefined): boolean =>
    rules !== undefined && (rules.includes('*') || rules.includes(finding.rule));
  return matches(suppressions.file) || matches(suppressions.lines[finding.range.start.line]);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

export { RULE_REGISTRY, ruleMetaById, severityUnder };
export type { Rule, RuleMeta, RuleReport };
