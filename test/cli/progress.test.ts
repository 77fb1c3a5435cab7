/** The progress line: TTY only, after a second, throttled, cleared at the end. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../../server/src/cli/progress';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('progress', () => {
  it('stays silent for the first second, then redraws one line at most every 100 ms and clears it', () => {
    let now = 1_000;
    const out = stream(true);
    const progress = new Progress(out, 2000, () => now);
    now += 999;
    progress.update(10);
    assert.deepEqual(out.writes, []);
    now += 1;
    progress.update(1200);
    now += 50;
    progress.update(1300);
    now += 50;
    progress.update(1400);
    progress.done();
    assert.deepEqual(out.writes, ['\r\u001b[KAnalysing 1200/2000 files…', '\r\u001b[KAnalysing 1400/2000 files…', '\r\u001b[K']);
  });

  it('never writes to a non-TTY', () => {
    let now = 0;
    const out = stream(false);
    const progress = new Progress(out, 10, () => now);
    now += 5_000;
    progress.update(5);
    progress.done();
    assert.deepEqual(out.writes, []);
  });

  it('does not clear a line it never drew', () => {
    const out = stream(true);
    const progress = new Progress(out, 10, () => 0);
    progress.update(5);
    progress.done();
    assert.deepEqual(out.writes, []);
  });
});
