/**
 * Options, config files, file discovery and exit codes, exercised through
 * runCli in-process over a fake engine (recording what it was handed).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, RuleId, Severity } from '../../server/src/engine/types';
import { DEFAULT_PG_MODULES } from '../../server/src/engine/types';
import { fakeEngine, range, runInProcess } from './fakeEngine';
import { abs, makeProject, removeProject } from './tmp';

function finding(file: string, rule: RuleId, severity: Severity, line: number): Finding {
  return { rule, severity, file, range: range(line, 0, line, 5), message: `${rule} here`, related: [] };
}

/** Plants the given findings in one file. */
function engineWith(file: string, findings: Array<[RuleId, Severity]>) {
  return fakeEngine((p) => (p === file ? findings.map(([rule, severity], i) => finding(file, rule, severity, i)) : []));
}

async function json(argv: string[], cwd: string, engine = fakeEngine(() => []).engine) {
  const run = await runInProcess(['--format', 'json', ...argv], cwd, engine);
  return { ...run, report: run.code === 2 ? undefined : JSON.parse(run.stdout) };
}

describe('exit codes', () => {
  let root: string;
  before(() => (root = makeProject({ 'a.ts': 'export {};\n' })));
  after(() => removeProject(root));

  it('0 when clean, 1 with findings at the default threshold (warning)', async () => {
    assert.equal((await json([], root)).code, 0);
    assert.equal((await json([], root, engineWith(abs(root, 'a.ts'), [['shared-client', 'warning']]).engine)).code, 1);
    assert.equal((await json([], root, engineWith(abs(root, 'a.ts'), [['shared-client', 'info']]).engine)).code, 0);
  });

  it('--fail-on moves the threshold', async () => {
    const warningOnly = engineWith(abs(root, 'a.ts'), [['shared-client', 'warning']]).engine;
    const infoOnly = engineWith(abs(root, 'a.ts'), [['client-reuse', 'info']]).engine;
    const withError = engineWith(abs(root, 'a.ts'), [['shared-client-transaction', 'error']]).engine;
    assert.equal((await json(['--fail-on', 'error'], root, warningOnly)).code, 0);
    assert.equal((await json(['--fail-on', 'error'], root, withError)).code, 1);
    assert.equal((await json(['--fail-on', 'info'], root, infoOnly)).code, 1);
    assert.equal((await json(['--fail-on', 'none'], root, withError)).code, 0);
  });

  it('--max-warnings fails only above n warnings; errors still fail', async () => {
    const twoWarnings = engineWith(abs(root, 'a.ts'), [['shared-client', 'warning'], ['client-reuse', 'warning']]).engine;
    assert.equal((await json(['--max-warnings', '2'], root, twoWarnings)).code, 0);
    assert.equal((await json(['--max-warnings', '1'], root, twoWarnings)).code, 1);
    assert.equal((await json(['--max-warnings', '0'], root, twoWarnings)).code, 1);
    const withError = engineWith(abs(root, 'a.ts'), [['shared-client-transaction', 'error']]).engine;
    assert.equal((await json(['--max-warnings', '10'], root, withError)).code, 1);
  });

  it('--quiet drops warnings from the report and the exit status', async () => {
    const mixed = engineWith(abs(root, 'a.ts'), [['shared-client', 'warning'], ['shared-client-transaction', 'error']]).engine;
    const quiet = await json(['--quiet'], root, mixed);
    assert.deepEqual(quiet.report.findings.map((f: { severity: string }) => f.severity), ['error']);
    const warningOnly = engineWith(abs(root, 'a.ts'), [['shared-client', 'warning']]).engine;
    assert.equal((await json(['--quiet'], root, warningOnly)).code, 0);
  });

  for (const [argv, pattern] of [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--format', 'xml'], /--format must be one of text, json, sarif \(got "xml"\)/],
    [['--fail-on', 'sometimes'], /--fail-on must be one of error, warning, info, none/],
    [['--max-warnings', 'many'], /--max-warnings must be a non-negative integer/],
    [['--max-warnings=-1'], /--max-warnings must be a non-negative integer/],
    [['missing-dir'], /no such file or directory: missing-dir/],
    [['--stdin-filename', 'x.ts'], /--stdin-filename needs --stdin/],
    [['--fix'], /--fix is not available yet/],
    [['--fix-dry-run'], /--fix is not available yet/],
    [['--config', 'nope.json'], /cannot read config file nope\.json/],
  ] as Array<[string[], RegExp]>) {
    it(`2 for usage error: ${argv.join(' ')}`, async () => {
      const run = await runInProcess(argv, root, fakeEngine(() => []).engine);
      assert.equal(run.code, 2);
      assert.match(run.stderr, pattern);
      assert.equal(run.stdout, '');
    });
  }

  it('2 with the message, and the stack only with DEBUG=pg-pool-guard, on an internal error', async () => {
    const { engine } = fakeEngine(() => {
      throw new Error('engine exploded');
    });
    const plain = await runInProcess([], root, engine);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /^pg-pool-guard: internal error: engine exploded\n/);
    assert.ok(!plain.stderr.includes('    at '));
    const debug = await runInProcess([], root, engine, { env: { DEBUG: 'pg-pool-guard' } });
    assert.equal(debug.code, 2);
    assert.match(debug.stderr, /engine exploded\n\s+at /);
  });

  it('--help and --version', async () => {
    const help = await runInProcess(['--help'], root, fakeEngine(() => []).engine);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: pg-pool-guard \[options\] \[paths\.\.\.\]/);
    for (const option of ['--format', '--output', '--config', '--max-warnings', '--fail-on', '--quiet', '--no-color', '--fix', '--stdin']) {
      assert.ok(help.stdout.includes(option), option);
    }
    const version = await runInProcess(['--version'], root, fakeEngine(() => []).engine);
    assert.deepEqual([version.code, version.stdout], [0, '9.8.7\n']);
  });
});

describe('config file', () => {
  let root: string;
  before(() => (root = makeProject({ 'a.ts': 'export {};\n', 'skip/b.ts': 'export {};\n' })));
  after(() => removeProject(root));

  function writeConfig(name: string, config: unknown): void {
    fs.writeFileSync(path.join(root, name), typeof config === 'string' ? config : JSON.stringify(config));
  }

  it('overrides severities, turns rules off and passes pgModules to the engine', async () => {
    writeConfig('custom.json', { rules: { 'shared-client': 'error', 'client-reuse': 'off' }, pgModules: ['pg', '@acme/pg'] });
    const { engine, record } = engineWith(abs(root, 'a.ts'), [['shared-client', 'warning'], ['client-reuse', 'warning']]);
    const run = await json(['--config', 'custom.json'], root, engine);
    assert.deepEqual(run.report.findings.map((f: { rule: string; severity: string }) => [f.rule, f.severity]), [['shared-client', 'error']]);
    assert.deepEqual(record.options, { pgModules: ['pg', '@acme/pg'], drivers: {}, rules: { 'shared-client': 'error', 'client-reuse': 'off' }, analyzeGeneratedFiles: false });
    assert.equal(record.displayRoot, root);
  });

  it('loads ./.pgpoolguardrc.json when no --config is given', async () => {
    writeConfig('.pgpoolguardrc.json', { exclude: ['skip/**'] });
    try {
      const { engine, record } = fakeEngine(() => []);
      await json([], root, engine);
      assert.deepEqual([...record.files.keys()], [abs(root, 'a.ts')]);
      assert.deepEqual(record.options?.pgModules, [...DEFAULT_PG_MODULES]);
    } finally {
      fs.rmSync(path.join(root, '.pgpoolguardrc.json'));
    }
  });

  for (const [name, config, pattern] of [
    ['unknown key', { rulez: {} }, /unknown key "rulez"/],
    ['unknown rule', { rules: { 'shared-clients': 'error' } }, /unknown rule "shared-clients"/],
    ['bad severity', { rules: { 'shared-client': 'fatal' } }, /rules\["shared-client"\] must be one of error, warning, info, off \(got "fatal"\)/],
    ['bad exclude', { exclude: 'dist' }, /"exclude" must be an array of non-empty strings/],
    ['empty pgModules', { pgModules: [] }, /"pgModules" must list at least one module/],
    ['not an object', [1, 2], /the config must be a JSON object/],
    ['invalid JSON', '{ "rules": ', /config file bad\.json is not valid JSON/],
  ] as Array<[string, unknown, RegExp]>) {
    it(`rejects a config with ${name} (exit 2)`, async () => {
      writeConfig('bad.json', config);
      const run = await runInProcess(['--config', 'bad.json'], root, fakeEngine(() => []).engine);
      assert.equal(run.code, 2);
      assert.match(run.stderr, pattern);
    });
  }
});

describe('file discovery', () => {
  let root: string;
  before(() => {
    root = makeProject({
      '.gitignore': 'generated/\n*.tmp.ts\n',
      'src/db.ts': '',
      'src/app.jsx': '',
      'src/types.d.ts': '',
      'src/notes.md': '',
      'src/scratch.tmp.ts': '',
      'src/legacy/old.cjs': '',
      'src/fixtures/f.ts': '',
      'generated/client.ts': '',
      'node_modules/pg/index.js': '',
      'dist/bundle.js': '',
      'lib/tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }',
      'lib/util.mts': '',
      'tsconfig.json': '{}',
    });
    fs.writeFileSync(path.join(root, '.pgpoolguardrc.json'), JSON.stringify({ exclude: ['src/fixtures/**'] }));
  });
  after(() => removeProject(root));

  it('scans source files, honouring .gitignore, exclude, skipped dirs and .d.ts', async () => {
    const { engine, record } = fakeEngine(() => []);
    const run = await json([], root, engine);
    assert.equal(run.code, 0);
    assert.deepEqual([...record.files.keys()], ['lib/util.mts', 'src/app.jsx', 'src/db.ts', 'src/legacy/old.cjs'].map((f) => abs(root, f)));
    assert.deepEqual([...record.projectConfigs.keys()], ['lib/tsconfig.json', 'tsconfig.json'].map((f) => abs(root, f)));
    assert.equal(run.report.stats.files, 4);
  });

  it('applies the root rules when a subdirectory is given', async () => {
    const { engine, record } = fakeEngine(() => []);
    await json(['src'], root, engine);
    assert.deepEqual([...record.files.keys()], ['src/app.jsx', 'src/db.ts', 'src/legacy/old.cjs'].map((f) => abs(root, f)));
  });

  it('scans a directory named explicitly even when it is itself ignored', async () => {
    const { engine, record } = fakeEngine(() => []);
    await json(['generated'], root, engine);
    assert.deepEqual([...record.files.keys()], [abs(root, 'generated/client.ts')]);
    const excluded = fakeEngine(() => []);
    await json(['src/fixtures'], root, excluded.engine);
    assert.deepEqual([...excluded.record.files.keys()], [abs(root, 'src/fixtures/f.ts')]);
  });

  it('scans a directory outside the current directory with its own ignore rules', async () => {
    const { engine, record } = fakeEngine(() => []);
    // From lib/ the root's .pgpoolguardrc.json is not loaded, so only .gitignore applies.
    await json([root], path.join(root, 'lib'), engine);
    assert.deepEqual([...record.files.keys()], ['lib/util.mts', 'src/app.jsx', 'src/db.ts', 'src/fixtures/f.ts', 'src/legacy/old.cjs'].map((f) => abs(root, f)));
  });

  it('warns about and skips explicit non-source or ignored files', async () => {
    const { engine, record } = fakeEngine(() => []);
    const run = await json(['src/notes.md', 'generated/client.ts', 'src/db.ts'], root, engine);
    assert.equal(run.code, 0);
    assert.deepEqual([...record.files.keys()], [abs(root, 'src/db.ts')]);
    assert.match(run.stderr, /warning: src\/notes\.md: not a JavaScript\/TypeScript source file, skipped/);
    assert.match(run.stderr, /warning: generated\/client\.ts: ignored by \.gitignore/);
  });

  it('--stdin analyses stdin as --stdin-filename, with given paths as context', async () => {
    const target = abs(root, 'src/db.ts');
    const other = abs(root, 'src/app.jsx');
    const { engine, record } = fakeEngine((p) => [finding(p, 'shared-client', 'warning', 0)]);
    const run = await runInProcess(['--format', 'json', '--stdin', '--stdin-filename', 'src/db.ts', 'src'], root, engine, { stdin: 'const edited = 1;\n' });
    assert.equal(record.files.get(target), 'const edited = 1;\n');
    assert.ok(record.files.has(other));
    assert.deepEqual(JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file), ['src/db.ts']);
  });

  it('--stdin alone analyses only the stdin text', async () => {
    const { engine, record } = fakeEngine(() => []);
    const run = await runInProcess(['--stdin'], root, engine, { stdin: 'export {};\n' });
    assert.equal(run.code, 0);
    assert.deepEqual([...record.files.keys()], [abs(root, 'stdin.ts')]);
  });
});
