/**
 * The README's setups for other editors start the server as the VS Code
 * client does (server/src/shared/server-launch.ts), and a server started
 * that way runs with those settings.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/shared/server-launch';
import { LspTestClient, removeProject, writeProject } from './harness';
import { DB_TS } from './project';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const SERVER_PATH = '/path/to/pg-pool-guard/server/out/server.js';

/** Each fenced block of `language` that names the server, as its lines. */
function blocksNamingServer(language: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | undefined;
  for (const line of README.split('\n')) {
    if (current === undefined && line === '```' + language) current = [];
    else if (current !== undefined && line === '```') {
      if (current.some((l) => l.includes(SERVER_PATH))) blocks.push(current);
      current = undefined;
    } else current?.push(line);
  }
  return blocks;
}

describe('server launch', () => {
  it('the README shell command sets the same variables and flags, before the script', () => {
    const [block] = blocksNamingServer('sh');
    assert.ok(block, 'README has no sh block naming the server');
    const words = block.join(' ').split(/\s+/);
    const nodeAt = words.indexOf('node');
    const scriptAt = words.indexOf(SERVER_PATH);
    assert.ok(nodeAt >= 0 && scriptAt > nodeAt, block.join('\n'));
    assert.deepEqual(words.slice(nodeAt + 1, scriptAt), [...SERVER_EXEC_ARGV]);
    assert.deepEqual(words.slice(0, nodeAt), Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`));
  });

  it('both Neovim snippets pass the flags before the script and the variables in cmd_env', () => {
    const blocks = blocksNamingServer('lua');
    assert.equal(blocks.length, 2);
    const flags = SERVER_EXEC_ARGV.map((flag) => `'${flag}', `).join('');
    const env = Object.entries(SERVER_ENV)
      .map(([k, v]) => `${k} = '${v}'`)
      .join(', ');
    for (const block of blocks) {
      const text = block.join('\n');
      assert.ok(text.includes(`cmd = { 'node', ${flags}'${SERVER_PATH}', '--stdio' },`), text);
      assert.ok(text.includes(`cmd_env = { ${env} },`), text);
    }
  });

  it('the harness starts the server with them (so the bench measures what users run)', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const dir = writeProject({ 'db.ts': DB_TS });
    const client = await LspTestClient.start({ workspaceDir: dir });
    try {
      const pid = client.child.pid!;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      for (const flag of SERVER_EXEC_ARGV) assert.ok(argv.indexOf(flag) >= 1 && argv.indexOf(flag) < argv.findIndex((a) => a.endsWith('server.js')), argv.join(' '));
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      for (const [k, v] of Object.entries(SERVER_ENV)) assert.ok(environ.includes(`${k}=${v}`), `${k}=${v} missing`);
    } finally {
      await client.stop();
      removeProject(dir);
    }
  });
});
