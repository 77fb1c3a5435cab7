/**
 * The built CLI loads the TypeScript compiler only when some file names a
 * driver module: a workspace without one is done after its text scan
 * (engine/workspace.ts, engine/lazy-typescript.ts). A preload reports
 * whether the process required `typescript`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ensureBuilt, runBuiltCli } from './spawn';
import { makeProject, removeProject } from './tmp';
import { SHARED_CLIENT_PROJECT } from './projects';

const PRELOAD = path.join(__dirname, 'report-typescript-load.cjs');
const env = { NODE_OPTIONS: `--require ${PRELOAD}` };

function typescriptLoaded(stderr: string): boolean {
  const match = /typescript loaded: (true|false)/.exec(stderr);
  assert.ok(match, `no report from the preload in: ${stderr}`);
  return match[1] === 'true';
}

describe('the CLI loads TypeScript only when a file names a driver module', () => {
  let pgFree: string;
  let pgUsing: string;
  before(async () => {
    await ensureBuilt();
    pgFree = makeProject({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }\n',
      'package.json': '{ "name": "front-end", "private": true }\n',
      'src/button.tsx': "import React from 'react';\nimport { theme } from '@/theme';\nexport const Button = () => <button style={theme}>Save</button>;\n",
      'src/theme.ts': "export const theme = { color: 'pg' };\n",
      'src/api.ts': "export const fetchUsers = () => fetch('/api/users').then((r) => r.json());\n",
    });
    pgUsing = makeProject(SHARED_CLIENT_PROJECT);
  });
  after(() => {
    removeProject(pgFree);
    removeProject(pgUsing);
  });

  it('not for a workspace without a driver module, with or without --cache', async () => {
    const cold = await runBuiltCli(['--format', 'json'], pgFree, { env });
    assert.equal(cold.code, 0, cold.stderr);
    assert.deepEqual(JSON.parse(cold.stdout).findings, []);
    assert.equal(JSON.parse(cold.stdout).stats.files, 3);
    assert.equal(typescriptLoaded(cold.stderr), false);
    for (let run = 0; run < 2; run++) {
      const cached = await runBuiltCli(['--format', 'json', '--cache'], pgFree, { env });
      assert.equal(cached.code, 0, cached.stderr);
      assert.equal(typescriptLoaded(cached.stderr), false);
    }
  });

  it('not for --help', async () => {
    const help = await runBuiltCli(['--help'], pgFree, { env });
    assert.equal(help.code, 0);
    assert.equal(typescriptLoaded(help.stderr), false);
  });

  it('as soon as a file names one', async () => {
    const run = await runBuiltCli(['--format', 'json'], pgUsing, { env });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(JSON.parse(run.stdout).findings[0].rule, 'shared-client');
    assert.equal(typescriptLoaded(run.stderr), true);
  });
});
