/**
 * The README's sample output is the CLI's real output: the text report of
 * examples/express-shop must match the README block character for character,
 * and the JSON sample must be the real report, cut short. After a change to
 * the messages, regenerate the text block with
 *   UPDATE_README=1 node --import tsx --test test/cli/readme.test.ts
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCliInProcess } from './in-process';

const REPO = path.join(__dirname, '..', '..');
const README = path.join(REPO, 'README.md');
const COMMAND = '$ npx pg-pool-guard examples/express-shop';

/** The lines of the fenced block that starts with `firstLine`, and where they are. */
function fencedBlock(text: string, firstLine: string): { start: number; end: number; lines: string[] } {
  const lines = text.split('\n');
  const start = lines.indexOf(firstLine);
  assert.ok(start > 0 && lines[start - 1].startsWith('```'), `README has no fenced block starting with ${firstLine}`);
  const end = lines.indexOf('```', start);
  return { start, end, lines: lines.slice(start + 1, end) };
}

describe('README sample output', () => {
  it('the text report of examples/express-shop is the real one', async () => {
    const run = await runCliInProcess(['examples/express-shop'], REPO);
    assert.equal(run.code, 1, run.stderr);
    const real = run.stdout.replace(/\n$/, '').split('\n');
    const readme = fs.readFileSync(README, 'utf8');
    const block = fencedBlock(readme, COMMAND);
    if (process.env.UPDATE_README === '1' && block.lines.join('\n') !== real.join('\n')) {
      const all = readme.split('\n');
      all.splice(block.start + 1, block.end - block.start - 1, ...real);
      fs.writeFileSync(README, all.join('\n'));
      return;
    }
    assert.deepEqual(block.lines, real, 'README.md differs from the CLI output: run UPDATE_README=1 node --import tsx --test test/cli/readme.test.ts');
  });

  it('the JSON sample is the real report, cut short', async () => {
    const run = await runCliInProcess(['--format', 'json', 'examples/express-shop'], REPO);
    const real = JSON.parse(run.stdout);
    const readme = fs.readFileSync(README, 'utf8');
    const start = readme.indexOf('```json\n{\n  "findings"');
    assert.ok(start >= 0, 'README has no JSON report sample');
    const sample = JSON.parse(readme.slice(start + '```json\n'.length, readme.indexOf('```', start + 7)));
    assert.deepEqual(Object.keys(sample), Object.keys(real));
    assert.deepEqual(Object.keys(sample.stats), Object.keys(real.stats));
    assert.ok(sample.findings.length >= 1 && sample.findings.length <= real.findings.length);
    sample.findings.forEach((finding: { related: unknown[] }, i: number) => {
      assert.deepEqual(finding, { ...real.findings[i], related: real.findings[i].related.slice(0, finding.related.length) });
    });
    assert.equal(sample.stats.files, real.stats.files);
  });
});
