/**
 * The fixture corpus format (test/fixtures/<NN-name>/expected.json) and the
 * comparison of expected findings against what the CLI reported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_REGISTRY } from '../../server/src/engine/rules/registry';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

const RULES = new Set<string>(RULE_REGISTRY.map((rule) => rule.id));
const SEVERITIES = new Set(['error', 'warning', 'info']);

/** One expected or reported finding, 1-based, end column exclusive (as ESLint/SARIF). */
export interface FindingTuple {
  rule: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Only checked when the expected item carries it. */
  severity?: string;
}

export interface FixtureResult {
  fixture: string;
  truePositives: FindingTuple[];
  falsePositives: FindingTuple[];
  falseNegatives: FindingTuple[];
}

export function listFixtures(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => /^\d+-/.test(name) && statSync(join(FIXTURES_DIR, name)).isDirectory())
    .sort();
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** Validates one item of expected.json or of the CLI's `findings`; returns why it is bad, or undefined. */
export function tupleProblem(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return 'not an object';
  const o = item as Record<string, unknown>;
  if (typeof o.rule !== 'string' || !RULES.has(o.rule)) return `bad rule ${JSON.stringify(o.rule)}`;
  if (typeof o.file !== 'string' || o.file.length === 0) return 'missing file';
  for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
    if (!isPositiveInt(o[key])) return `bad ${key} ${JSON.stringify(o[key])}`;
  }
  if (o.severity !== undefined && (typeof o.severity !== 'string' || !SEVERITIES.has(o.severity))) {
    return `bad severity ${JSON.stringify(o.severity)}`;
  }
  return undefined;
}

export function normalizeFile(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

export function toTuple(item: Record<string, unknown>): FindingTuple {
  const tuple: FindingTuple = {
    rule: String(item.rule),
    file: normalizeFile(String(item.file)),
    line: Number(item.line),
    column: Number(item.column),
    endLine: Number(item.endLine),
    endColumn: Number(item.endColumn),
  };
  if (typeof item.severity === 'string') tuple.severity = item.severity;
  return tuple;
}

export function readExpected(fixture: string): FindingTuple[] {
  const raw: unknown = JSON.parse(readFileSync(join(FIXTURES_DIR, fixture, 'expected.json'), 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${fixture}/expected.json is not an array`);
  return raw.map((item, i) => {
    const problem = tupleProblem(item);
    if (problem) throw new Error(`${fixture}/expected.json[${i}]: ${problem}`);
    return toTuple(item as Record<string, unknown>);
  });
}

/**
 * The corpus is about which findings exist: a finding is the rule, the file
 * and where the reported node starts. expected.json still spans the whole
 * node (fixtures-integrity.test.ts checks it), but how much of it a
 * diagnostic covers (`new Client` without its arguments) is the rules'
 * contract, checked with exact ranges by their table tests (test/rules).
 */
function sameFinding(expected: FindingTuple, actual: FindingTuple): boolean {
  return (
    expected.rule === actual.rule &&
    expected.file === actual.file &&
    expected.line === actual.line &&
    expected.column === actual.column &&
    (expected.severity === undefined || expected.severity === actual.severity)
  );
}

/** Multiset match: each reported finding can satisfy at most one expected item. */
export function compareFindings(fixture: string, expected: FindingTuple[], actual: FindingTuple[]): FixtureResult {
  const unmatched = [...actual];
  const result: FixtureResult = { fixture, truePositives: [], falsePositives: [], falseNegatives: [] };
  for (const want of expected) {
    const index = unmatched.findIndex((got) => sameFinding(want, got));
    if (index === -1) {
      result.falseNegatives.push(want);
    } else {
      result.truePositives.push(unmatched[index]);
      unmatched.splice(index, 1);
    }
  }
  result.falsePositives = unmatched;
  return result;
}

export function formatTuple(t: FindingTuple): string {
  const severity = t.severity ? ` [${t.severity}]` : '';
  return `${t.rule} ${t.file}:${t.line}:${t.column}-${t.endLine}:${t.endColumn}${severity}`;
}

export interface CorpusTotals {
  fixtures: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export function totals(results: FixtureResult[]): CorpusTotals {
  const tp = results.reduce((n, r) => n + r.truePositives.length, 0);
  const fp = results.reduce((n, r) => n + r.falsePositives.length, 0);
  const fn = results.reduce((n, r) => n + r.falseNegatives.length, 0);
  return {
    fixtures: results.length,
    tp,
    fp,
    fn,
    // No reports at all is vacuously precise; no expectations is vacuously complete.
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

export function formatTotals(t: CorpusTotals): string {
  return `corpus: ${t.fixtures} fixtures, TP ${t.tp}, FP ${t.fp}, FN ${t.fn}, precision ${t.precision.toFixed(3)}, recall ${t.recall.toFixed(3)}`;
}
