/**
 * Bad input never crashes the CLI: broken, huge, binary, deeply nested and
 * oddly encoded files are analysed or turned into notices while the other
 * files still get their findings, at exact positions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, removeProject } from './tmp';
import { ensureBuilt, runBuiltCli, type SpawnResult } from './spawn';
import { badInputProject } from './projects';

describe('bad input', () => {
  let root: string;
  let run: SpawnResult;
  let report: { findings: Array<{ rule: string; file: string; line: number; column: number; endLine: number; endColumn: number }>; stats: { files: number } };

  before(async () => {
    await ensureBuilt();
    root = makeProject(badInputProject());
    run = await runBuiltCli(['--format', 'json'], root);
    report = JSON.parse(run.stdout);
  });
  after(() => removeProject(root));

  it('completes with findings, not an internal error', () => {
    assert.equal(run.code, 1, run.stderr);
    assert.ok(!run.stderr.includes('internal error'), run.stderr);
    assert.equal(report.stats.files, 10);
  });

  it('other files still get their findings at exact positions', () => {
    const at = (file: string) => report.findings.filter((f) => f.file === file).map((f) => [f.rule, f.line, f.column, f.endLine, f.endColumn]);
    assert.deepEqual(at('db.ts'), [['shared-client', 3, 16, 3, 26]]);
    assert.deepEqual(at('crlf.ts'), [['shared-client', 4, 16, 4, 26]]);
    assert.deepEqual(at('bom.ts'), [['shared-client', 4, 16, 4, 26]]);
    assert.deepEqual(at('invalid-utf8.ts'), [['shared-client', 4, 16, 4, 26]]);
  });

  it('a file typed halfway is analysed as far as it parses, with a notice', () => {
    assert.deepEqual(
      report.findings.filter((f) => f.file === 'mid-typing.ts').map((f) => [f.rule, f.line, f.column]),
      [['shared-client', 3, 16]],
    );
    assert.match(run.stderr, /^notice: mid-typing\.ts: .*syntax error.*$/m);
  });

  it('binary junk is a notice, not a finding', () => {
    assert.ok(!report.findings.some((f) => f.file === 'junk.js'));
    assert.match(run.stderr, /^notice: junk\.js: .+$/m);
  });

  it('deeply nested files and a 5 MB file (over the 2 MB limit) are notices, not findings', () => {
    for (const file of ['huge.js', 'deep.ts', 'deep-parens.js']) {
      assert.ok(!report.findings.some((f) => f.file === file), file);
    }
    assert.match(run.stderr, /^notice: deep\.ts: .+$/m);
    assert.match(run.stderr, /^notice: deep-parens\.js: .+$/m);
    assert.match(run.stderr, /^notice: huge\.js: file larger than 2 MB skipped$/m);
  });
});
