/**
 * The one entry point that turns the joined graph into findings: every rule
 * runs, each report gets its rule id and severity (the registry default, or
 * the rule's own lower one, then the setting), suppression comments are
 * applied, and findings are sorted by file, line, column.
 */
import type { EngineOptions, FileFacts, Finding, RuleId, Span } from '../types';
import { FIRST_LINE_ONLY, lineOf, sourceRange } from '../positions';
import type { ModuleGraph } from '../graph/moduleGraph';
import { withLineMarks, type LineRef } from '../graph/pathText';
import type { PositionMap } from './remap';
import { RuleContext, type Rule, type RuleReport } from './context';
import { RULE_REGISTRY, ruleMetaById, type RuleMeta } from './registry';
import { severityUnder } from './severity';
import { compareFindings } from '../finding-order';
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
  return deriveReport(graph, options, displayRoot).findings;
}

/**
 * One finding as derived, before suppressions: whether a suppression applies,
 * and, when its messages name line numbers, the messages with markers in
 * their place (`lines`: the report's `LineRef`s they name), so
 * `remapReport` can write them again.
 */
export interface DerivedEntry {
  finding: Finding;
  suppressed: boolean;
  template?: { message: string; related: string[]; lines: number[] };
}

/** The findings (suppressed ones left out, sorted), every entry in derivation order, and the line numbers messages name. */
export interface DerivedReport {
  entries: DerivedEntry[];
  findings: Finding[];
  refs: LineRef[];
  /** The line number of each of `refs`, as messages write it (a remap recomputes only those of the moved file). */
  lineTexts: string[];
  /** Finds the markers of `refs` in a template (capture 1: the index). */
  pattern: RegExp;
}

/** What a remap reads of the moved file's new facts: where its lines start, and its suppressions. */
export type MovedFacts = Pick<FileFacts, 'lines' | 'suppressions'>;

export function deriveReport(graph: ModuleGraph, options: Pick<EngineOptions, 'rules'>, displayRoot: string): DerivedReport {
  const context = new RuleContext(graph, displayRoot);
  const { result: reports, refs, pattern } = withLineMarks(() => {
    const all: Array<{ meta: RuleMeta; report: RuleReport; severity: Finding['severity'] }> = [];
    for (const meta of RULE_REGISTRY) {
      const setting = options.rules[meta.id];
      if (setting === 'off') continue;
      for (const report of IMPLEMENTATIONS[meta.id].check(context)) all.push({ meta, report, severity: severityUnder(setting, report.severity ?? meta.defaultSeverity)! });
    }
    return all;
  });
  const lineTexts = refs.map((ref) => lineText(graph, ref));
  const entries = reports.map(({ meta, report, severity }): DerivedEntry => {
    const finding = toFinding(graph, meta, report, severity);
    const entry: DerivedEntry = { finding, suppressed: false };
    const messages = [finding.message, ...finding.related.map((r) => r.message)];
    const lines = new Set<number>();
    for (const m of messages) for (const match of m.matchAll(pattern)) lines.add(Number(match[1]));
    if (lines.size > 0) {
      entry.template = { message: finding.message, related: finding.related.map((r) => r.message), lines: [...lines] };
      writeMessages(entry, pattern, lineTexts);
    }
    entry.suppressed = isSuppressed(graph.index(finding.file)?.facts.suppressions, finding);
    return entry;
  });
  return { entries, findings: findingsOf(entries), refs, lineTexts, pattern };
}

function lineText(graph: ModuleGraph, ref: LineRef): string {
  return lineTextIn(graph.index(ref.file)?.facts.lines ?? FIRST_LINE_ONLY, ref.offset);
}

function lineTextIn(lines: readonly number[], offset: number): string {
  return String(lineOf(lines, offset) + 1);
}

/** The entry's messages from its template, with these line numbers (one per ref of the report). */
function writeMessages(entry: DerivedEntry, pattern: RegExp, lines: readonly string[]): void {
  const { template, finding } = entry;
  if (!template) return;
  const fill = (m: string) => m.replace(pattern, (_, i: string) => lines[Number(i)]);
  finding.message = fill(template.message);
  finding.related.forEach((r, i) => (r.message = fill(template.related[i])));
}

function findingsOf(entries: readonly DerivedEntry[]): Finding[] {
  const findings: Finding[] = [];
  for (const entry of entries) if (!entry.suppressed) findings.push(entry.finding);
  return findings.sort(compareFindings);
}

/**
 * The report a derivation would give after `file`'s facts were replaced by
 * ones that differ only in positions and offset-based ids (`positionMap`;
 * `facts`: the new ones): every span, line, message line number and
 * creation id that points into the file moves with it, and the file's
 * suppressions apply again. Reads nothing but the report and the new facts
 * (the other files' line numbers are the report's), so a report kept in a
 * cache can be moved by a process that never derived it. Undefined when a
 * position it needs is not one of the mapped offsets (derive instead).
 * Entries that point nowhere into the file are kept as they are.
 */
export function remapReport(report: DerivedReport, file: string, moved: PositionMap, facts: MovedFacts): DerivedReport | undefined {
  const lines = facts.lines;
  const refs: LineRef[] = [];
  const lineTexts: string[] = [];
  for (let i = 0; i < report.refs.length; i++) {
    const ref = report.refs[i];
    if (ref.file !== file) {
      refs.push(ref);
      lineTexts.push(report.lineTexts[i]);
      continue;
    }
    const offset = moved.offsets.get(ref.offset);
    if (offset === undefined) return undefined;
    refs.push({ file, offset });
    lineTexts.push(lineTextIn(lines, offset));
  }
  const position = (f: string, range: Finding['range']): Finding['range'] | undefined => {
    if (f !== file) return range;
    const start = moved.offsets.get(range.offset);
    const end = moved.offsets.get(range.offset + range.length);
    return start === undefined || end === undefined ? undefined : sourceRange(lines, { offset: start, length: end - start });
  };
  const entries: DerivedEntry[] = [];
  for (const entry of report.entries) {
    const { finding, template } = entry;
    const touches = finding.file === file || finding.creation?.file === file || finding.related.some((r) => r.file === file) || template?.lines.some((i) => refs[i].file === file);
    if (!touches) {
      entries.push(entry);
      continue;
    }
    const range = position(finding.file, finding.range);
    if (!range) return undefined;
    const related: Finding['related'] = [];
    for (const r of finding.related) {
      const at = position(r.file, r.range);
      if (!at) return undefined;
      related.push({ file: r.file, range: at, message: r.message });
    }
    const next: Finding = { rule: finding.rule, severity: finding.severity, file: finding.file, range, message: finding.message, related };
    if (finding.creation) {
      const id = finding.creation.file === file ? moved.ids.get(finding.creation.id) : finding.creation.id;
      if (id === undefined) return undefined;
      next.creation = { file: finding.creation.file, id };
    }
    const copy: DerivedEntry = { finding: next, suppressed: entry.suppressed };
    if (template) {
      copy.template = template;
      writeMessages(copy, report.pattern, lineTexts);
    }
    if (finding.file === file) copy.suppressed = isSuppressed(facts.suppressions, next);
    entries.push(copy);
  }
  return { entries, findings: findingsOf(entries), refs, lineTexts, pattern: report.pattern };
}

/** Line/character are made here, for the few spans a finding names, from each file's `lines`. */
function toFinding(graph: ModuleGraph, meta: RuleMeta, report: RuleReport, severity: Finding['severity']): Finding {
  const positioned = (file: string, span: Span) => sourceRange(graph.index(file)?.facts.lines ?? FIRST_LINE_ONLY, span);
  const related = report.related.map((r) => ({ file: r.file, range: positioned(r.file, r.range), message: r.message }));
  const finding: Finding = { rule: meta.id, severity, file: report.file, range: positioned(report.file, report.range), message: report.message, related };
  if (report.creation) finding.creation = report.creation;
  return finding;
}

function isSuppressed(suppressions: FileFacts['suppressions'] | undefined, finding: Finding): boolean {
  if (!suppressions) return false;
  const matches = (rules: readonly string[] | undefined): boolean =>
    rules !== undefined && (rules.includes('*') || rules.includes(finding.rule));
  return matches(suppressions.file) || matches(suppressions.lines[finding.range.start.line]);
}

export { RULE_REGISTRY, ruleMetaById, severityUnder, compareFindings };
export type { Rule, RuleMeta, RuleReport };
