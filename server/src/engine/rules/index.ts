/**
 * The rule registry and the one entry point that turns the joined graph into
 * findings: every rule runs, then severity overrides and suppression
 * comments are applied, then findings are sorted by file, line, column.
 */
import type { EngineOptions, Finding, RuleId } from '../types';
import type { ModuleGraph } from '../graph/moduleGraph';
import { RuleContext, type Rule, type RuleMeta } from './context';
import { sharedClientRule } from './sharedClient';
import { sharedClientTransactionRule } from './sharedClientTransaction';
import { clientReuseRule } from './clientReuse';

export const RULES: readonly Rule[] = [sharedClientRule, sharedClientTransactionRule, clientReuseRule];

/** Metadata of every rule, in a stable order (SARIF `tool.driver.rules`, LSP `codeDescription`). */
export const RULE_REGISTRY: readonly RuleMeta[] = RULES.map((r) => r.meta);

export function ruleMetaById(id: string): RuleMeta | undefined {
  return RULE_REGISTRY.find((m) => m.id === id);
}

export function deriveFindings(graph: ModuleGraph, options: Pick<EngineOptions, 'rules'>, displayRoot: string): Finding[] {
  const context = new RuleContext(graph, displayRoot);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const setting = options.rules[rule.meta.id as RuleId];
    if (setting === 'off') continue;
    for (const finding of rule.check(context)) {
      if (setting) finding.severity = setting;
      if (!isSuppressed(graph, finding)) findings.push(finding);
    }
  }
  return findings.sort(compareFindings);
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

export type { Rule, RuleMeta };
