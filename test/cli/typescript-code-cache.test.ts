/**
 * --cache keeps V8's compiled code of the TypeScript compiler in the temp
 * directory (shared/typescript-code-cache.ts): the built CLI writes it once,
 * later runs use it as it is (not rewritten), a damaged one is made again,
 * and the report is the same every time. Node 22.1+ has its own compile
 * cache, which the CLI uses instead: then nothing is written there.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, runBuiltCli } from './spawn';
import { makeProject, removeProject } from './tmp';
import { SHARED_CLIENT_PROJECT } from './projects';
import { codeCacheFiles, nodeHasCompileCache, tempDirEnv } from '../helpers/codeCache';

describe('--cache keeps the compiled TypeScript compiler', { skip: nodeHasCompileCache && 'Node has its own compile cache' }, () => {
  let project: string;
  let temp: string;
  before(async () => {
    await ensureBuilt();
    project = makeProject(SHARED_CLIENT_PROJECT);
    temp = makeProject({});
  });
  after(() => {
    removeProject(project);
    removeProject(temp);
  });

  const cacheFiles = () => codeCacheFiles(temp);
  const run = async (args: string[]) => {
    const result = await runBuiltCli(['--format', 'json', ...args], project, { env: tempDirEnv(temp) });
    assert.equal(result.code, 1, result.stderr);
    return JSON.parse(result.stdout).findings as unknown[];
  };

  it('writes it once, uses it as it is, makes a damaged one again, and reports the same', async () => {
    const plain = await run([]);
    assert.equal(plain.length, 1);
    assert.deepEqual(cacheFiles(), [], 'no --cache: nothing kept');

    // A changed file is parsed, so TypeScript is loaded (a run that reuses everything would not load it).
    const edit = () => fs.appendFileSync(path.join(project, 'db.ts'), '// edited\n');
    edit();
    assert.deepEqual(await run(['--cache']), plain);
    const [written] = cacheFiles();
    assert.ok(written, 'a code cache was written');
    const bytes = fs.readFileSync(written);
    const stamp = fs.statSync(written).mtimeMs;

    edit();
    assert.deepEqual(await run(['--cache']), plain);
    assert.equal(fs.statSync(written).mtimeMs, stamp, 'used as it is, not written again');

    fs.writeFileSync(written, bytes.subarray(0, 1000));
    edit();
    assert.deepEqual(await run(['--cache']), plain);
    assert.ok(fs.statSync(written).size > 1000, 'V8 rejected the damaged data: made again');
  });
});
