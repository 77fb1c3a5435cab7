/**
 * Table tests for rules, in the typescript-eslint RuleTester style:
 * every case is a small workspace (file name → source text) run through the
 * real engine (fact extractor + graph + rules). Positions are 1-based.
 *
 *   ruleTester('shared-client', { valid: [{ name, files }], invalid: [{ name, files, errors }] })
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/workspace';
import type { EngineOptions, Finding, RuleId, Severity } from '../../server/src/engine/types';

/** Files live under this directory; `file` in expectations is relative to it. */
export const TEST_ROOT = '/ws';

export interface ExpectedError {
  rule: RuleId;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  messageIncludes?: string;
  /** The message, exactly. */
  message?: string;
}

export interface ValidCase {
  name: string;
  files: Record<string, string>;
  options?: Partial<EngineOptions>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

/** Analyse a small workspace; tsconfig.json / jsconfig.json entries are registered as project configs. */
export function runRule(files: Record<string, string>, options: Partial<EngineOptions> = {}): Finding[] {
  const workspace = new Workspace({ options, displayRoot: TEST_ROOT });
  for (const [name, text] of Object.entries(files)) {
    const path = `${TEST_ROOT}/${name}`;
    if (/(^|\/)[tj]sconfig(\.[\w-]+)?\.json$/.test(name)) workspace.setProjectConfig(path, text);
  }
  for (const [name, text] of Object.entries(files)) {
    if (!name.endsWith('.json')) workspace.updateFile(`${TEST_ROOT}/${name}`, text);
  }
  return workspace.getFindings();
}

/** A finding in the 1-based shape tests compare against. */
export function toExpected(finding: Finding): ExpectedError {
  return {
    rule: finding.rule,
    file: finding.file.startsWith(TEST_ROOT + '/') ? finding.file.slice(TEST_ROOT.length + 1) : finding.file,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    severity: finding.severity,
  };
}

export function ruleTester(rule: RuleId, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        test(c.name, () => {
          const found = runRule(c.files, c.options).filter((f) => f.rule === rule);
          assert.deepEqual(found.map(describeFinding), []);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        test(c.name, () => {
          const expectedRules = new Set(c.errors.map((e) => e.rule));
          expectedRules.add(rule);
          const found = runRule(c.files, c.options).filter((f) => expectedRules.has(f.rule));
          assert.deepEqual(
            found.map(toExpected),
            c.errors.map(({ messageIncludes: _m, message: _x, ...position }) => position),
            found.map(describeFinding).join('\n'),
          );
          c.errors.forEach((expected, i) => {
            if (expected.messageIncludes !== undefined) assert.ok(found[i].message.includes(expected.messageIncludes), found[i].message);
            if (expected.message !== undefined) assert.equal(found[i].message, expected.message);
          });
        });
      }
    });
  });
}

function describeFinding(f: Finding): string {
  const e = toExpected(f);
  return `${e.rule} ${e.file}:${e.line}:${e.column}-${e.endLine}:${e.endColumn} ${e.severity} ${f.message}`;
}
