/**
 * Both threads of the language server load the TypeScript compiler with
 * V8's cached code from the temp directory (shared/typescript-code-cache.ts,
 * called by lsp/main.ts): the first start writes it, later starts use it as
 * it is (not rewritten), a damaged one is made again, and the findings are
 * the same every time. Node 22.1+ has its own compile cache, which the
 * server uses instead: then nothing is written there.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient, removeProject, waitFor, writeProject } from './harness';
import { DB_TS, ROUTES_TS } from './project';
import { codeCacheFiles, nodeHasCompileCache, tempDirEnv } from '../helpers/codeCache';

describe('the language server keeps the compiled TypeScript compiler', { skip: nodeHasCompileCache && 'Node has its own compile cache' }, () => {
  let project: string;
  let temp: string;
  before(() => {
    project = writeProject({ 'src/db.ts': DB_TS, 'src/routes.ts': ROUTES_TS });
    temp = writeProject({});
  });
  after(() => {
    removeProject(project);
    removeProject(temp);
  });

  const cacheFiles = () => codeCacheFiles(temp);
  /** A start and scan; the db.ts finding's message. */
  const scan = async (): Promise<string[]> => {
    const client = await LspTestClient.start({ workspaceDir: project, env: tempDirEnv(temp) });
    try {
      await client.waitForScan();
      const uri = fileUri(path.join(project, 'src/db.ts'));
      const diagnostics = await waitFor(() => client.diagnostics.get(uri)?.diagnostics.length === 1 && client.diagnostics.get(uri)!.diagnostics, 'the db.ts finding');
      return diagnostics.map((d) => d.message);
    } finally {
      await client.stop();
    }
  };

  it('writes it once, uses it as it is, makes a damaged one again, and reports the same', async () => {
    const first = await scan();
    const written = cacheFiles();
    assert.equal(written.length, 1, `one cache file (the worker parsed, so it loaded the compiler): ${JSON.stringify(written)}`);
    const bytes = fs.readFileSync(written[0]);
    assert.ok(bytes.length > 100_000, `V8 cached data: ${bytes.length} bytes`);
    const stamp = fs.statSync(written[0]).mtimeMs;

    assert.deepEqual(await scan(), first);
    assert.deepEqual(cacheFiles(), written, 'no temp files left, no second file');
    assert.equal(fs.statSync(written[0]).mtimeMs, stamp, 'used as it is, not rewritten');

    fs.writeFileSync(written[0], 'not V8 code');
    assert.deepEqual(await scan(), first);
    assert.ok(fs.readFileSync(written[0]).length > 100_000, 'the damaged one is made again');
  });
});
