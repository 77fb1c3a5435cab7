/**
 * The CLI's report lists findings in the engine's order (engine/finding-order.ts),
 * the order the language server publishes them in: at one position, errors first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReport } from '../../server/src/cli/report';
import { compareFindings } from '../../server/src/engine/rules/index';
import type { Finding } from '../../server/src/engine/types';
import { range } from './fakeEngine';

const at = (file: string, line: number, rule: Finding['rule'], severity: Finding['severity']): Finding => ({
  rule,
  severity,
  file,
  range: range(line, 2, line, 9),
  message: `${rule} at ${line}`,
  related: [],
});

const FINDINGS: Finding[] = [
  at('/app/src/routes.ts', 4, 'client-reuse', 'warning'),
  at('/app/src/routes.ts', 4, 'pool-client-leak', 'error'),
  at('/app/src/db.ts', 9, 'pool-error-listener', 'info'),
  at('/app/src/db.ts', 9, 'pool-connect-timeout', 'info'),
  at('/app/src/db.ts', 2, 'shared-client', 'warning'),
];
const EXPECTED = [
  ['src/db.ts', 'shared-client'],
  ['src/db.ts', 'pool-connect-timeout'],
  ['src/db.ts', 'pool-error-listener'],
  ['src/routes.ts', 'pool-client-leak'],
  ['src/routes.ts', 'client-reuse'],
];

describe('finding order', () => {
  it('the engine sorts by file, position, severity (errors first), rule', () => {
    const sorted = [...FINDINGS].sort(compareFindings).map((f) => [f.file.slice('/app/'.length), f.rule]);
    assert.deepEqual(sorted, EXPECTED);
  });

  it('the CLI report keeps that order', () => {
    const report = buildReport('/app', FINDINGS, [], { files: 2, ms: 1 }, false);
    assert.deepEqual(report.findings.map((f) => [f.file, f.rule]), EXPECTED);
  });
});
