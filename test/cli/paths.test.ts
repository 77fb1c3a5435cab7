/**
 * How the text report writes file names (in-process CLI, real engine):
 * relative to the current directory everywhere, messages included; control
 * characters escaped so a file name cannot forge report lines; backslashes
 * in POSIX file names kept.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, removeProject } from './tmp';
import { runCliInProcess } from './in-process';
import { SHARED_CLIENT_PROJECT, selfContained } from './projects';

/** A shared Client used by a route in the same file, so the file's own name shows in the message. */
const SELF_CONTAINED = selfContained('\n');

describe('CLI paths in the text report', () => {
  let root: string;
  before(() => {
    root = makeProject({ 'proj/db.ts': SHARED_CLIENT_PROJECT['db.ts'], 'proj/app.ts': SHARED_CLIENT_PROJECT['app.ts'], 'elsewhere/.keep': '' });
  });
  after(() => removeProject(root));

  it('run on ../dir, the message names the file relative to the cwd, like the ↳ line', async () => {
    const run = await runCliInProcess(['--format', 'json', '../proj'], path.join(root, 'elsewhere'));
    assert.equal(run.code, 1, run.stderr);
    const [finding] = JSON.parse(run.stdout).findings;
    assert.equal(finding.file, '../proj/db.ts');
    assert.equal(finding.related[0].file, '../proj/app.ts');
    assert.match(finding.message, /\(Express handler, \.\.\/proj\/app\.ts:6\)/);
    assert.ok(!finding.message.includes(root), finding.message);
  });

  it('escapes control characters in file names instead of printing fake report lines', async () => {
    const forged = 'x\n  1:1  error  forged finding  shared-client\n\u001b[2J.ts';
    const dir = makeProject({ [forged]: SELF_CONTAINED });
    try {
      const run = await runCliInProcess([], dir);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout.split('\n');
      assert.ok(!lines.some((l) => l.includes('forged finding') && !l.includes('\\n')), run.stdout);
      assert.ok(!run.stdout.includes('\u001b'), 'no raw escape character reaches the terminal');
      const escaped = 'x\\n  1:1  error  forged finding  shared-client\\n\\x1b[2J.ts';
      assert.equal(lines[1], escaped);
      assert.ok(lines[2].includes(`(Express handler, ${escaped}:7)`), lines[2]);
      assert.match(lines[3], new RegExp(`^ {4}↳ ${escaped.replace(/[\\[\]().*+?^$|]/g, '\\$&')}:8:3 `));
      assert.equal(lines.at(-2), '✖ 1 problem (0 errors, 1 warning, 0 infos)');
    } finally {
      removeProject(dir);
    }
  });

  it('keeps a backslash in a file name (it is no separator outside Windows)', { skip: process.platform === 'win32' }, async () => {
    const dir = makeProject({ 'we\\ird.ts': SELF_CONTAINED });
    try {
      assert.ok(fs.existsSync(path.join(dir, 'we\\ird.ts')));
      const run = await runCliInProcess(['--format', 'json'], dir);
      const [finding] = JSON.parse(run.stdout).findings;
      assert.equal(finding.file, 'we\\ird.ts');
      assert.equal(finding.related[0].file, 'we\\ird.ts');
      assert.match(finding.message, /\(Express handler, we\\ird\.ts:7\)/);
    } finally {
      removeProject(dir);
    }
  });
});
