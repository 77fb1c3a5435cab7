/**
 * The CLI with the real engine on small projects written to temp dirs. The
 * smoke tests run the built bundle (`node bin/pg-pool-guard.js`: argv,
 * streams, stdin, exit code, --fix writing files); the rest run the same
 * front end in-process, which tests the same code without a Node start-up each.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RULE_REGISTRY } from '../../server/src/engine/rules/registry';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sarifValidator } from './sarifSchema';
import { makeProject, removeProject } from './tmp';
import { ensureBuilt, runBuiltCli } from './spawn';
import { runCliInProcess } from './in-process';
import { SHARED_CLIENT_PROJECT } from './projects';

before(ensureBuilt);

describe('CLI with the real engine', () => {
  let project: string;
  let clean: string;
  before(() => {
    project = makeProject({
      ...SHARED_CLIENT_PROJECT,
      // The same code under node_modules and a gitignored directory must not be analysed.
      'node_modules/lib/db.ts': SHARED_CLIENT_PROJECT['db.ts'],
      'node_modules/lib/app.ts': SHARED_CLIENT_PROJECT['app.ts'],
      '.gitignore': 'vendored/\n',
      'vendored/db.ts': SHARED_CLIENT_PROJECT['db.ts'],
      'vendored/app.ts': SHARED_CLIENT_PROJECT['app.ts'],
    });
    clean = makeProject({ 'index.ts': "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000 });\npool.on('error', (err) => console.error(err));\n" });
  });
  after(() => {
    removeProject(project);
    removeProject(clean);
  });

  it('built bundle: json: reports the shared Client at its exact position, with the route as related', async () => {
    const run = await runBuiltCli(['--format', 'json'], project);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.stats.files, 2);
    assert.equal(report.findings.length, 1);
    const [finding] = report.findings;
    assert.deepEqual(
      [finding.rule, finding.severity, finding.file, finding.line, finding.column, finding.endLine, finding.endColumn],
      ['shared-client', 'warning', 'db.ts', 3, 16, 3, 26],
    );
    assert.equal(finding.related.length, 1);
    // The statement in the handler that uses the client, not the route registration.
    assert.deepEqual([finding.related[0].file, finding.related[0].line, finding.related[0].column], ['app.ts', 7, 3]);
  });

  it('built bundle: text: stylish rows and summary', async () => {
    const run = await runBuiltCli([], project);
    assert.equal(run.code, 1);
    const lines = run.stdout.split('\n');
    assert.equal(lines[1], 'db.ts');
    assert.match(lines[2], /^ {2}3:16 {2}warning {2}pg Client .* {2}shared-client$/);
    assert.match(lines[3], /^ {4}↳ app\.ts:7:3 /);
    assert.equal(lines.at(-2), '✖ 1 problem (0 errors, 1 warning, 0 infos)');
  });

  it('sarif: one result with the region of the creation', async () => {
    const run = await runCliInProcess(['--format', 'sarif'], project);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout);
    assert.deepEqual(sarifValidator()(log), []);
    const ids = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    assert.deepEqual([...ids].sort(), RULE_REGISTRY.map((r) => r.id).sort());
    const [result] = log.runs[0].results;
    assert.equal(ids[result.ruleIndex], 'shared-client');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 3, startColumn: 16, endLine: 3, endColumn: 26 });
  });

  it('exit 0 and a clean summary for a Pool', async () => {
    const run = await runCliInProcess([], clean);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /✔ No problems found in 1 file \(\d+ ms\)/);
  });

  it('config severity override and "off"', async () => {
    const asError = await runCliInProcess(['--format', 'json', '--fail-on', 'error'], project);
    assert.equal(asError.code, 0, 'a warning does not reach --fail-on error');
    const override = makeProject({ ...SHARED_CLIENT_PROJECT, '.pgpoolguardrc.json': JSON.stringify({ rules: { 'shared-client': 'error' } }) });
    const off = makeProject({ ...SHARED_CLIENT_PROJECT, '.pgpoolguardrc.json': JSON.stringify({ rules: { 'shared-client': 'off' } }) });
    try {
      const errorRun = await runCliInProcess(['--format', 'json', '--fail-on', 'error'], override);
      assert.equal(errorRun.code, 1);
      assert.equal(JSON.parse(errorRun.stdout).findings[0].severity, 'error');
      const offRun = await runCliInProcess(['--format', 'json'], off);
      assert.equal(offRun.code, 0);
      assert.deepEqual(JSON.parse(offRun.stdout).findings, []);
    } finally {
      removeProject(override);
      removeProject(off);
    }
  });

  it('--max-warnings 1 lets one warning pass', async () => {
    assert.equal((await runCliInProcess(['--max-warnings', '1'], project)).code, 0);
    assert.equal((await runCliInProcess(['--max-warnings', '0'], project)).code, 1);
  });

  it('built bundle: --stdin lints the piped text in the context of the project', async () => {
    const run = await runBuiltCli(['--format', 'json', '--stdin', '--stdin-filename', 'db.ts', '.'], project, {
      input: SHARED_CLIENT_PROJECT['db.ts'].replace('export default new Client', '\n\nexport default new Client'),
    });
    assert.equal(run.code, 1, run.stderr);
    const findings = JSON.parse(run.stdout).findings;
    assert.deepEqual(findings.map((f: { file: string; line: number }) => [f.file, f.line]), [['db.ts', 5]]);
  });

  it('exclude globs from the config are honoured; a bad config exits 2', async () => {
    const excluded = makeProject({ ...SHARED_CLIENT_PROJECT, '.pgpoolguardrc.json': JSON.stringify({ exclude: ['db.ts'] }) });
    const bad = makeProject({ ...SHARED_CLIENT_PROJECT, '.pgpoolguardrc.json': JSON.stringify({ rules: { 'shared-client': 'loud' } }) });
    try {
      const run = await runCliInProcess(['--format', 'json'], excluded);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), { findings: [], stats: { files: 1, ms: JSON.parse(run.stdout).stats.ms } });
      const badRun = await runCliInProcess([], bad);
      assert.equal(badRun.code, 2);
      assert.match(badRun.stderr, /invalid config file \.pgpoolguardrc\.json:\n {2}- rules\["shared-client"\] must be one of error, warning, info, off \(got "loud"\)/);
      assert.equal(badRun.stdout, '');
    } finally {
      removeProject(excluded);
      removeProject(bad);
    }
  });

  it('built bundle: usage errors exit 2 with a message', async () => {
    const missing = await runBuiltCli(['no-such-dir'], project);
    assert.deepEqual([missing.code, missing.stderr], [2, 'pg-pool-guard: no such file or directory: no-such-dir\n']);
    const badOption = await runBuiltCli(['--formatt', 'json'], project);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /Unknown option '--formatt'/);
  });

  it('built bundle: --fix-dry-run prints a patch and changes nothing; --fix rewrites to a Pool', async () => {
    const target = makeProject(SHARED_CLIENT_PROJECT);
    try {
      const dry = await runBuiltCli(['--fix-dry-run'], target);
      assert.equal(dry.code, 1, dry.stderr);
      assert.match(dry.stdout, /^--- a\/db\.ts\n\+\+\+ b\/db\.ts\n/m);
      // The rewrite gives the Pool it makes a connectionTimeoutMillis itself (no pool-connect-timeout fix after it).
      assert.ok(dry.stdout.includes('+const pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 10000 });\n'), dry.stdout);
      assert.match(dry.stdout, /would rewrite 1 client to a Pool in 1 file\.\n$/);
      assert.equal(fs.readFileSync(path.join(target, 'db.ts'), 'utf8'), SHARED_CLIENT_PROJECT['db.ts']);

      const fixed = await runBuiltCli(['--format', 'json', '--fix'], target);
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.deepEqual(JSON.parse(fixed.stdout).findings, []);
      assert.ok(fs.readFileSync(path.join(target, 'db.ts'), 'utf8').includes('export default pool;'));
      const again = await runBuiltCli(['--fix-dry-run'], target);
      assert.deepEqual([again.code, again.stdout], [0, '']);
    } finally {
      removeProject(target);
    }
  });
});
