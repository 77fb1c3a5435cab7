/**
 * --concurrency: worker threads parse and extract facts, the main thread
 * installs them in source order, so the report is identical to the
 * sequential scan — findings, their order, and the notices. A worker that
 * dies loses no file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, removeProject } from './tmp';
import { ensureBuilt } from './spawn';
import { runCliInProcess, type InProcessRun } from './in-process';
import { badInputProject, SHARED_CLIENT_PROJECT } from './projects';
import { parseCliArgs } from '../../server/src/cli/args';
import { Workspace } from '../../server/src/engine/workspace';

/** 60 modules: shared Clients, re-exports, cross-file route handlers, a clean file and a syntax error. */
function multiFileProject(): Record<string, string> {
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
  };
  for (let i = 0; i < 20; i++) {
    files[`src/db/client${i}.ts`] = ["import { Client, Pool } from 'pg';", '', `export const client${i} = new Client();`, `export const pool${i} = new Pool();`, ''].join('\n');
    files[`src/routes/route${i}.ts`] = [
      "import express from 'express';",
      `import { client${i}, pool${i} } from '@db/client${i}';`,
      `import { helper${(i + 1) % 20} } from '../lib/helper${(i + 1) % 20}';`,
      '',
      'export const app = express();',
      `app.get('/r${i}', async (_req, res) => {`,
      i % 3 === 0 ? `  res.json((await pool${i}.query('SELECT 1')).rows);` : `  res.json((await client${i}.query('SELECT ${i}')).rows);`,
      `  await helper${(i + 1) % 20}();`,
      '});',
      '',
    ].join('\n');
    files[`src/lib/helper${i}.js`] =
      i === 7
        ? "import { client7 } from '../db/client7';\nexport async function helper7( {\n  return client7.query('SELECT'\n"
        : [`import { client${i} } from '../db/client${i}';`, `export async function helper${i}() {`, `  await Promise.all([client${i}.query('SELECT 1'), client${i}.query('SELECT 2')]);`, '}', ''].join('\n');
  }
  return { ...files, 'db.ts': SHARED_CLIENT_PROJECT['db.ts'], 'app.ts': SHARED_CLIENT_PROJECT['app.ts'] };
}

/** The report without the timing, and stderr, for comparison. */
function comparable(run: InProcessRun) {
  const report = JSON.parse(run.stdout) as { findings: unknown[]; stats: { files: number; ms?: number } };
  delete report.stats.ms;
  return { code: run.code, report, stderr: run.stderr };
}

async function scan(root: string, concurrency: string, env?: NodeJS.ProcessEnv) {
  // In-process, with the built scan worker: the same front end as the bundle, one Node start-up less per scan.
  return comparable(await runCliInProcess(['--format', 'json', '--concurrency', concurrency, '.'], root, { env }));
}

describe('--concurrency', () => {
  const roots: string[] = [];
  before(() => ensureBuilt());
  after(() => roots.forEach(removeProject));
  const project = (files: Record<string, string | Buffer>) => {
    const root = makeProject(files);
    roots.push(root);
    return root;
  };

  it('a multi-file project: --concurrency 2 and 3 report exactly what --concurrency off does', async () => {
    const root = project(multiFileProject());
    const off = await scan(root, 'off');
    assert.equal(off.code, 1, off.stderr);
    assert.equal(off.report.stats.files, 62);
    assert.ok(off.report.findings.length >= 10, JSON.stringify(off.report.findings));
    assert.match(off.stderr, /^notice: src\/lib\/helper7\.js: .*syntax error/m);
    assert.deepEqual(await scan(root, '2'), off);
    assert.deepEqual(await scan(root, '3'), off);
    assert.deepEqual(await scan(root, 'auto'), off);
  });

  it('bad input (binary, huge, deeply nested, broken files): identical report and notices', async () => {
    const root = project(badInputProject());
    const off = await scan(root, 'off');
    assert.equal(off.code, 1, off.stderr);
    assert.ok(off.stderr.includes('notice: '), off.stderr);
    assert.deepEqual(await scan(root, '2'), off);
  });

  it('a worker that dies loses no file: the main thread analyses the rest, with a notice', async () => {
    const root = project(multiFileProject());
    const off = await scan(root, 'off');
    for (const after of ['0', '1']) {
      const crashed = await scan(root, '2', { PG_POOL_GUARD_TEST_WORKER_CRASH_AFTER: after });
      assert.deepEqual(crashed.report, off.report, `crash after ${after} batches`);
      assert.equal(crashed.code, off.code);
      const workerNotice = /^notice: .*: worker thread failed \(exit code 3\); its \d+ files were analysed on the main thread\n/m;
      assert.match(crashed.stderr, workerNotice);
      assert.equal(crashed.stderr.replace(workerNotice, ''), off.stderr);
    }
  });

  it('option parsing: n, auto, off; default off; anything else is a usage error', () => {
    assert.equal(parseCliArgs([]).concurrency, 'off');
    assert.equal(parseCliArgs(['--concurrency', 'auto']).concurrency, 'auto');
    assert.equal(parseCliArgs(['--concurrency', 'off']).concurrency, 'off');
    assert.equal(parseCliArgs(['--concurrency', '3']).concurrency, 3);
    for (const bad of ['0', '-1', 'two', '1.5', '']) assert.throws(() => parseCliArgs([`--concurrency=${bad}`]), /--concurrency must be/, bad);
  });

  it('Workspace.analyzeFile + setFacts install what updateFile would', () => {
    const files: Array<[string, string]> = [
      ['/ws/db.ts', SHARED_CLIENT_PROJECT['db.ts']],
      ['/ws/app.ts', SHARED_CLIENT_PROJECT['app.ts']],
    ];
    const direct = new Workspace({ displayRoot: '/ws' });
    for (const [file, text] of files) direct.updateFile(file, text);
    const computed = new Workspace({ displayRoot: '/ws' });
    const installed = new Workspace({ displayRoot: '/ws' });
    for (const [file, text] of files) {
      const facts = computed.analyzeFile(file, text);
      assert.ok(!computed.hasFile(file), 'analyzeFile does not install');
      // Structured-cloned, as a worker thread hands them over.
      installed.setFacts(structuredClone(facts), text);
    }
    assert.ok(direct.getFindings().length > 0);
    assert.deepEqual(installed.getFindings(), direct.getFindings());
    assert.deepEqual(installed.notices(), direct.notices());
    assert.deepEqual(installed.files(), direct.files());
    assert.equal(installed.stats().reparsed, 2);
    // Unchanged text after setFacts is not re-parsed.
    assert.equal(installed.updateFile('/ws/db.ts', SHARED_CLIENT_PROJECT['db.ts']), installed.facts('/ws/db.ts'));
  });
});
