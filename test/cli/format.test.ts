/**
 * Report formats rendered by the real CLI code (runCli in-process) over a
 * fake engine with planted findings, so every position and path is known.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../server/src/engine/types';
import { fakeEngine, FAKE_RULES, range, runInProcess } from './fakeEngine';
import { sarifValidator } from './sarifSchema';
import { abs, makeProject, removeProject } from './tmp';

let root: string;

function planted(root: string): (file: string) => Finding[] {
  const db = abs(root, 'db.ts');
  const users = abs(root, 'routes/users.ts');
  return (file) => {
    if (file === db) {
      return [
        {
          rule: 'shared-client',
          severity: 'warning',
          file: db,
          range: range(3, 6, 3, 8),
          message: 'Client `db` is shared by concurrent code',
          related: [{ file: users, range: range(13, 2, 13, 20), message: 'Express handler GET /users → listUsers → db' }],
        },
      ];
    }
    if (file === users) {
      return [
        { rule: 'shared-client-transaction', severity: 'error', file: users, range: range(10, 4, 10, 20), message: 'BEGIN on a shared Client', related: [] },
        { rule: 'client-reuse', severity: 'info', file: users, range: range(1, 0, 1, 3), message: 'Client reused', related: [] },
      ];
    }
    return [];
  };
}

before(() => {
  root = makeProject({ 'db.ts': 'export {};\n', 'routes/users.ts': 'export {};\n', 'clean.js': 'module.exports = 1;\n' });
});
after(() => removeProject(root));

describe('text format', () => {
  it('prints a stylish report with aligned rows, related locations and a summary', async () => {
    const { engine } = fakeEngine(planted(root));
    const run = await runInProcess([], root, engine);
    const expected = [
      '',
      'db.ts',
      '  4:7  warning  Client `db` is shared by concurrent code  shared-client',
      '    ↳ routes/users.ts:14:3 Express handler GET /users → listUsers → db',
      '',
      'routes/users.ts',
      '   2:1  info   Client reused             client-reuse',
      '  11:5  error  BEGIN on a shared Client  shared-client-transaction',
      '',
      '✖ 3 problems (1 error, 1 warning, 1 info)',
      '',
    ].join('\n');
    assert.equal(run.stdout, expected);
    assert.equal(run.code, 1);
  });

  it('reports a clean run with the file count', async () => {
    const { engine } = fakeEngine(() => []);
    const run = await runInProcess([], root, engine);
    assert.match(run.stdout, /^\n✔ No problems found in 3 files \(\d+ ms\)\n$/);
    assert.equal(run.code, 0);
  });

  it('colors only on a TTY and not with --no-color or NO_COLOR', async () => {
    const { engine } = fakeEngine(planted(root));
    const tty = await runInProcess([], root, engine, { tty: true });
    assert.ok(tty.stdout.includes('\u001b[31merror'), 'error in red on a TTY');
    assert.ok(tty.stdout.includes('\u001b[4m'), 'file path underlined on a TTY');
    const noColor = await runInProcess(['--no-color'], root, engine, { tty: true });
    assert.ok(!noColor.stdout.includes('\u001b['));
    const envNoColor = await runInProcess([], root, engine, { tty: true, env: { NO_COLOR: '1' } });
    assert.ok(!envNoColor.stdout.includes('\u001b['));
    const pipe = await runInProcess([], root, engine);
    assert.ok(!pipe.stdout.includes('\u001b['));
  });

  it('--quiet reports errors only', async () => {
    const { engine } = fakeEngine(planted(root));
    const run = await runInProcess(['--quiet'], root, engine);
    assert.ok(!run.stdout.includes('warning  '));
    assert.ok(run.stdout.includes('  11:5  error  BEGIN on a shared Client  shared-client-transaction'));
    assert.ok(run.stdout.includes('✖ 1 problem (1 error, 0 warnings, 0 infos)'));
  });
});

describe('json format', () => {
  it('has exactly the documented shape with 1-based positions and relative paths', async () => {
    const { engine } = fakeEngine(planted(root));
    const run = await runInProcess(['--format', 'json'], root, engine);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), ['findings', 'stats']);
    assert.deepEqual(Object.keys(report.stats), ['files', 'ms']);
    assert.equal(report.stats.files, 3);
    assert.equal(typeof report.stats.ms, 'number');
    assert.deepEqual(report.findings, [
      {
        rule: 'shared-client',
        severity: 'warning',
        file: 'db.ts',
        line: 4,
        column: 7,
        endLine: 4,
        endColumn: 9,
        message: 'Client `db` is shared by concurrent code',
        related: [{ file: 'routes/users.ts', line: 14, column: 3, message: 'Express handler GET /users → listUsers → db' }],
      },
      { rule: 'client-reuse', severity: 'info', file: 'routes/users.ts', line: 2, column: 1, endLine: 2, endColumn: 4, message: 'Client reused', related: [] },
      { rule: 'shared-client-transaction', severity: 'error', file: 'routes/users.ts', line: 11, column: 5, endLine: 11, endColumn: 21, message: 'BEGIN on a shared Client', related: [] },
    ]);
    assert.equal(run.code, 1);
  });

  it('paths are relative to the current directory, not the scanned directory', async () => {
    const { engine } = fakeEngine(planted(root));
    const run = await runInProcess(['--format', 'json', 'routes'], root, engine);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.findings.map((f: { file: string }) => f.file), ['routes/users.ts', 'routes/users.ts']);
    assert.equal(report.stats.files, 1);
  });

  it('writes to --output and creates its directory', async () => {
    const { engine } = fakeEngine(planted(root));
    const run = await runInProcess(['--format', 'json', '--output', 'reports/out.json'], root, engine);
    assert.equal(run.stdout, '');
    const report = JSON.parse(fs.readFileSync(path.join(root, 'reports/out.json'), 'utf8'));
    assert.equal(report.findings.length, 3);
    fs.rmSync(path.join(root, 'reports'), { recursive: true });
  });

  it('puts notices on stderr only', async () => {
    const { engine } = fakeEngine(() => [], [{ file: abs(root, 'clean.js'), message: 'file looks binary' }]);
    const run = await runInProcess(['--format', 'json'], root, engine);
    assert.deepEqual(JSON.parse(run.stdout).findings, []);
    assert.equal(run.stderr, 'notice: clean.js: file looks binary\n');
  });
});

describe('sarif format', () => {
  it('validates against the SARIF 2.1.0 schema and carries rules, locations and fingerprints', async () => {
    const { engine } = fakeEngine(planted(root), [{ file: abs(root, 'clean.js'), message: 'file looks binary' }]);
    const run = await runInProcess(['--format', 'sarif'], root, engine);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    assert.deepEqual(validate(log), []);

    assert.equal(log.version, '2.1.0');
    const sarifRun = log.runs[0];
    const driver = sarifRun.tool.driver;
    assert.equal(driver.name, 'pg-pool-guard');
    assert.equal(driver.version, '9.8.7');
    assert.deepEqual(driver.rules.map((r: { id: string }) => r.id), FAKE_RULES.map((r) => r.id));
    assert.deepEqual(driver.rules[1], {
      id: 'shared-client-transaction',
      shortDescription: { text: 'A transaction on a shared Client.' },
      fullDescription: { text: 'A transaction on a shared Client.' },
      helpUri: 'https://example.test/docs/rules/shared-client-transaction.md',
      defaultConfiguration: { level: 'error' },
    });
    assert.deepEqual(sarifRun.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } });

    const [first, second, third] = sarifRun.results;
    assert.equal(first.ruleId, 'shared-client');
    assert.equal(first.ruleIndex, 0);
    assert.equal(first.level, 'warning');
    assert.deepEqual(first.locations[0].physicalLocation, {
      artifactLocation: { uri: 'db.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 7, endLine: 4, endColumn: 9 },
    });
    assert.deepEqual(first.relatedLocations[0].physicalLocation, {
      artifactLocation: { uri: 'routes/users.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 14, startColumn: 3 },
    });
    assert.equal(second.level, 'note');
    assert.equal(second.ruleIndex, 2);
    assert.equal(third.level, 'error');
    assert.equal(third.ruleIndex, 1);

    const prints = sarifRun.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['pgPoolGuard/v1']);
    assert.equal(new Set(prints).size, 3);
    const again = JSON.parse((await runInProcess(['--format', 'sarif'], root, engine)).stdout);
    assert.deepEqual(again.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['pgPoolGuard/v1']), prints);

    assert.equal(sarifRun.invocations[0].executionSuccessful, true);
    assert.deepEqual(sarifRun.invocations[0].toolExecutionNotifications, [
      { level: 'warning', message: { text: 'file looks binary' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'clean.js', uriBaseId: '%SRCROOT%' } } }] },
    ]);
  });

  it('an empty run is valid SARIF too', async () => {
    const { engine } = fakeEngine(() => []);
    const log = JSON.parse((await runInProcess(['--format', 'sarif'], root, engine)).stdout);
    const validate = sarifValidator();
    assert.deepEqual(validate(log), []);
    assert.deepEqual(log.runs[0].results, []);
    // The validator is not vacuous: a result without a message is rejected.
    const broken = structuredClone(log);
    broken.runs[0].results.push({ ruleId: 'shared-client', level: 'loud' });
    assert.notDeepEqual(validate(broken), []);
  });
});
