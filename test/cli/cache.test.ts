/**
 * --cache / --cache-location: a second run parses only what changed and
 * reports exactly what a run without the cache reports; a cache from
 * another engine build, with other pgModules, or corrupt, is ignored with a
 * notice and replaced. The CLI runs in-process with the real engine, whose
 * parses are counted.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type CliIo } from '../../server/src/cli/run';
import type { CliEngine } from '../../server/src/cli/engine';
import { analyzeText } from '../../server/src/engine/analyze';
import { RULE_REGISTRY } from '../../server/src/engine/rules/index';
import { Workspace } from '../../server/src/engine/workspace';
import { cachedPaths } from './cached-paths';
import { SHARED_CLIENT_PROJECT } from './projects';
import { makeProject, removeProject } from './tmp';

function countingEngine(identity = 'engine-a'): { engine: CliEngine; parsed: string[] } {
  const parsed: string[] = [];
  const engine: CliEngine = {
    createWorkspace: (options, displayRoot, host) =>
      new Workspace({ options, displayRoot, readText: host.readText, hashText: host.hashText, analyze: (p, t, o) => (parsed.push(path.basename(p)), analyzeText(p, t, o)) }),
    rules: RULE_REGISTRY,
    version: '0.0.0-test',
    identity,
  };
  return { engine, parsed };
}

async function run(args: string[], cwd: string, engine: CliEngine) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, env: { NO_COLOR: '1' }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, readStdin: async () => '' };
  const code = await runCli(['--format', 'json', ...args], io, engine);
  const report = JSON.parse(stdout) as { findings: unknown[]; stats: { files: number } };
  return { code, findings: report.findings, files: report.stats.files, stderr };
}

describe('--cache', () => {
  let root: string;
  before(() => (root = makeProject({ ...SHARED_CLIENT_PROJECT, 'util.ts': 'export const twice = (n: number) => n * 2;\n' })));
  after(() => removeProject(root));

  it('parses only changed files on the next run, with the same report', async () => {
    const plain = countingEngine();
    const expected = await run([], root, plain.engine);
    assert.equal(expected.findings.length, 1);

    const first = countingEngine();
    const cold = await run(['--cache'], root, first.engine);
    // util.ts is in no import component of db.ts: the file selection never parses it.
    assert.deepEqual(first.parsed.sort(), ['app.ts', 'db.ts']);
    assert.deepEqual(cold.findings, expected.findings);
    assert.ok(fs.existsSync(path.join(root, '.pgpoolguardcache')), 'default location: ./.pgpoolguardcache');
    assert.equal(cold.stderr, '');

    const second = countingEngine();
    const warm = await run(['--cache'], root, second.engine);
    assert.deepEqual(second.parsed, [], 'nothing changed, nothing parsed');
    assert.deepEqual(warm.findings, expected.findings);

    fs.appendFileSync(path.join(root, 'util.ts'), 'export const thrice = (n: number) => n * 3;\n');
    const third = countingEngine();
    const afterEdit = await run(['--cache'], root, third.engine);
    assert.deepEqual(third.parsed, [], 'util.ts changed, but still takes part in nothing: text-scanned, not parsed');
    assert.deepEqual(afterEdit.findings, expected.findings);

    fs.appendFileSync(path.join(root, 'db.ts'), '// edited\n');
    const dbEdit = countingEngine();
    assert.deepEqual((await run(['--cache'], root, dbEdit.engine)).findings, expected.findings);
    assert.deepEqual(dbEdit.parsed, ['db.ts'], 'a changed file the selection needs is parsed, the others come from the cache');

    // The edit that removes the finding is seen through the cache too (app.ts no longer imports the client: not even parsed).
    fs.writeFileSync(path.join(root, 'app.ts'), "export const app = 'no database here';\n");
    const fourth = countingEngine();
    assert.deepEqual((await run(['--cache'], root, fourth.engine)).findings, []);
    assert.deepEqual(fourth.parsed, []);
  });

  it('ignores, with a notice, a cache from another engine build, one written with other pgModules, and a corrupt one', async () => {
    const dir = makeProject(SHARED_CLIENT_PROJECT);
    try {
      await run(['--cache'], dir, countingEngine('engine-a').engine);
      const other = countingEngine('engine-b');
      const stale = await run(['--cache'], dir, other.engine);
      assert.match(stale.stderr, /^notice: \.pgpoolguardcache: cache written by another version of pg-pool-guard; ignored; analysing every file$/m);
      assert.deepEqual(other.parsed.sort(), ['app.ts', 'db.ts']);
      assert.equal(stale.findings.length, 1);

      fs.writeFileSync(path.join(dir, '.pgpoolguardrc.json'), JSON.stringify({ pgModules: ['pg', 'my-pg'] }));
      const otherOptions = countingEngine('engine-b');
      const withOptions = await run(['--cache'], dir, otherOptions.engine);
      assert.match(withOptions.stderr, /cache written with other pgModules; ignored/);
      assert.equal(otherOptions.parsed.length, 2);

      const again = countingEngine('engine-b');
      assert.equal((await run(['--cache'], dir, again.engine)).stderr, '', 'the cache was rewritten for these options');
      assert.deepEqual(again.parsed, []);

      const cacheFile = path.join(dir, '.pgpoolguardcache');
      fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile, 'utf8').slice(0, -40));
      const corrupt = countingEngine('engine-b');
      const fromCorrupt = await run(['--cache'], dir, corrupt.engine);
      assert.match(fromCorrupt.stderr, /^notice: \.pgpoolguardcache: cache corrupt \(.+\); ignored; analysing every file$/m);
      assert.equal(fromCorrupt.findings.length, 1);
      assert.equal(corrupt.parsed.length, 2);

      fs.writeFileSync(cacheFile, 'not a cache at all');
      const garbage = countingEngine('engine-b');
      assert.match((await run(['--cache'], dir, garbage.engine)).stderr, /cache corrupt/);
    } finally {
      removeProject(dir);
    }
  });

  it('--cache-location names the file, or a directory to keep .pgpoolguardcache in', async () => {
    const dir = makeProject(SHARED_CLIENT_PROJECT);
    try {
      await run(['--cache', '--cache-location', 'tmp/my-cache'], dir, countingEngine().engine);
      assert.ok(fs.statSync(path.join(dir, 'tmp/my-cache')).isFile());
      fs.mkdirSync(path.join(dir, 'cache-dir'));
      await run(['--cache', '--cache-location', 'cache-dir'], dir, countingEngine().engine);
      assert.ok(fs.existsSync(path.join(dir, 'cache-dir', '.pgpoolguardcache')));
      await run(['--cache', '--cache-location', 'new-dir/'], dir, countingEngine().engine);
      assert.ok(fs.existsSync(path.join(dir, 'new-dir', '.pgpoolguardcache')));
      const reuse = countingEngine();
      await run(['--cache', '--cache-location', 'tmp/my-cache'], dir, reuse.engine);
      assert.deepEqual(reuse.parsed, []);
      assert.equal(fs.existsSync(path.join(dir, '.pgpoolguardcache')), false, 'only where it was asked for');
    } finally {
      removeProject(dir);
    }
  });

  it('drops the entries of files that are gone, and keeps those of files not scanned this time', async () => {
    const dir = makeProject({ ...SHARED_CLIENT_PROJECT, 'sub/extra.ts': 'export const x = 1;\n' });
    try {
      await run(['--cache'], dir, countingEngine().engine);
      fs.rmSync(path.join(dir, 'db.ts'));
      await run(['--cache', 'sub'], dir, countingEngine().engine);
      const paths = cachedPaths(path.join(dir, '.pgpoolguardcache')).map((p) => path.basename(p));
      assert.ok(paths.includes('app.ts'), 'app.ts was not scanned but still exists');
      assert.ok(!paths.includes('db.ts'), 'db.ts is gone');
    } finally {
      removeProject(dir);
    }
  });

  it('writes the cache file even when no file needed parsing (a workspace without a driver)', async () => {
    const dir = makeProject({ 'a.ts': 'export const twice = (n: number) => n * 2;\n', 'b.ts': "import { twice } from './a';\nconsole.log(twice(2));\n" });
    try {
      const counting = countingEngine();
      assert.deepEqual((await run(['--cache'], dir, counting.engine)).findings, []);
      assert.deepEqual(counting.parsed, []);
      assert.ok(fs.existsSync(path.join(dir, '.pgpoolguardcache')), 'an empty cache is still a current cache');
    } finally {
      removeProject(dir);
    }
  });

  it('takes a file whose mtime and size are those recorded as unchanged, without reading it (ESLint\'s metadata strategy); another mtime is read and hashed', async () => {
    const dir = makeProject(SHARED_CLIENT_PROJECT);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const dbFile = path.join(dir, 'db.ts');
    const appFile = path.join(dir, 'app.ts');
    for (const file of [dbFile, appFile]) fs.utimesSync(file, hourAgo, hourAgo);
    try {
      const cold = await run(['--cache'], dir, countingEngine().engine);
      assert.equal(cold.findings.length, 1);
      // The same size and mtime, other content: the route no longer queries the Client. Trusted by its stat, the
      // cache still has the route's old facts — which proves the file was not read.
      const original = fs.readFileSync(appFile, 'utf8');
      const unused = original.replace("await db.query('SELECT code, name FROM countries')", "await Promise.resolve({ rows: [] as string[] })   ");
      assert.equal(Buffer.byteLength(unused), Buffer.byteLength(original));
      fs.writeFileSync(appFile, unused);
      fs.utimesSync(appFile, hourAgo, hourAgo);
      const trusted = countingEngine();
      assert.equal((await run(['--cache'], dir, trusted.engine)).findings.length, 1);
      assert.deepEqual(trusted.parsed, []);
      // Any other mtime: read, hashed, parsed.
      const now = new Date();
      fs.utimesSync(appFile, now, now);
      const touched = countingEngine();
      assert.deepEqual((await run(['--cache'], dir, touched.engine)).findings, []);
      assert.deepEqual(touched.parsed, ['app.ts']);
    } finally {
      removeProject(dir);
    }
  });

  it('does not trust the stat of a file modified as the cache was written (its mtime could stay the same through another write)', async () => {
    const dir = makeProject(SHARED_CLIENT_PROJECT);
    const appFile = path.join(dir, 'app.ts');
    try {
      // Just written: its mtime is within the racy margin of the run.
      assert.equal((await run(['--cache'], dir, countingEngine().engine)).findings.length, 1);
      const { mtime } = fs.statSync(appFile);
      const original = fs.readFileSync(appFile, 'utf8');
      fs.writeFileSync(appFile, original.replace("await db.query('SELECT code, name FROM countries')", "await Promise.resolve({ rows: [] as string[] })   "));
      fs.utimesSync(appFile, mtime, mtime);
      const next = countingEngine();
      assert.deepEqual((await run(['--cache'], dir, next.engine)).findings, [], 'same mtime and size, but checked by its hash');
      assert.deepEqual(next.parsed, ['app.ts']);
    } finally {
      removeProject(dir);
    }
  });

  it('keeps module resolutions only for the file set and configs they were computed with', async () => {
    const route = (specifier: string) => SHARED_CLIENT_PROJECT['app.ts'].replace("from './db'", `from '${specifier}'`);
    const dir = makeProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['lib/*'] } } }),
      'lib/client.ts': SHARED_CLIENT_PROJECT['db.ts'],
      'other/client.ts': 'export default { query: async (_sql: string) => ({ rows: [] }) };\n',
      'app.ts': route('@db/client'),
      'late.ts': route('./db'),
    });
    try {
      const cacheFile = path.join(dir, '.pgpoolguardcache');
      const plain = async () => (await run([], dir, countingEngine().engine)).findings;
      const cached = async () => (await run(['--cache'], dir, countingEngine().engine)).findings;
      assert.equal((await cached()).length, 1, 'app.ts shares lib/client.ts');
      assert.deepEqual(await cached(), await plain());
      const written = fs.readFileSync(cacheFile, 'utf8').split('\n')[1];
      assert.match(written, /^\{"resolutions":\{"fingerprint":"/, 'the resolutions are the line after the header');
      assert.ok(written.includes(JSON.stringify(path.join(dir, 'lib/client.ts'))), 'with the alias resolved to lib/client.ts');

      // A file appears that a specifier resolved to nothing before now names: the cached "nothing" no longer holds.
      fs.writeFileSync(path.join(dir, 'db.ts'), SHARED_CLIENT_PROJECT['db.ts']);
      const afterAdd = await cached();
      assert.equal(afterAdd.length, 2, 'late.ts now imports db.ts');
      assert.deepEqual(afterAdd, await plain());

      // A config changes what an alias resolves to: the cached resolution no longer holds.
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['other/*'] } } }));
      const afterConfig = await cached();
      assert.equal(afterConfig.length, 1, 'app.ts now imports other/client.ts, no Client');
      assert.deepEqual(afterConfig, await plain());

      // Nothing changed: the cache is not rewritten.
      const before = fs.statSync(cacheFile).mtimeMs;
      const text = fs.readFileSync(cacheFile, 'utf8');
      await cached();
      assert.equal(fs.readFileSync(cacheFile, 'utf8'), text);
      assert.equal(fs.statSync(cacheFile).mtimeMs, before, 'an unchanged cache is left as it is');
    } finally {
      removeProject(dir);
    }
  });

  it('--concurrency is accepted for old scripts, with a warning, and changes nothing', async () => {
    const dir = makeProject(SHARED_CLIENT_PROJECT);
    try {
      const result = await run(['--concurrency', 'auto'], dir, countingEngine().engine);
      assert.match(result.stderr, /^warning: --concurrency is no longer supported and is ignored/m);
      assert.equal(result.findings.length, 1);
    } finally {
      removeProject(dir);
    }
  });
});
