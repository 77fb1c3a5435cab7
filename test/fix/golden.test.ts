/**
 * Golden tests: each test/fix/golden/*.txt case gives input files and the
 * exact expected output (or the refusal reason). Every case is also applied
 * twice: the second run must find nothing left to rewrite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseGolden } from './goldenFormat';
import { afterRewrite, rewriteFiles } from './harness';
import { hasSyntaxErrors } from '../../server/src/engine/fix/source';

const dir = join(__dirname, 'golden');

for (const entry of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
  const golden = parseGolden(join(dir, entry), entry.replace(/\.txt$/, ''));
  test(`golden: ${golden.name}`, () => {
    const result = rewriteFiles(golden.before, golden.creation, golden.marker);
    assert.ok(result.rewrite, 'a rewrite is offered');
    if (golden.preferred !== undefined) assert.equal(result.rewrite.preferred, golden.preferred, `preferred (reason: ${result.rewrite.reason})`);
    for (const reason of golden.reasons) assert.ok(result.rewrite.reason?.includes(reason), `reason mentions "${reason}"; got: ${result.rewrite.reason}`);
    const after = afterRewrite(golden.before, result);
    for (const path of Object.keys(golden.before)) {
      const expected = golden.after[path] ?? golden.before[path];
      assert.equal(after[path], expected, `${path} after the rewrite`);
      assert.equal(hasSyntaxErrors(path, after[path]), false, `${path} parses`);
    }
    // Idempotent: the creation is a Pool now, so there is nothing left to rewrite.
    const creationOffset = after[golden.creation].indexOf(golden.marker.replace('Client', 'Pool'));
    if (creationOffset >= 0) {
      const again = rewriteFiles(after, golden.creation, golden.marker.replace('Client', 'Pool'));
      assert.equal(again.rewrite, undefined, 'second run finds nothing to rewrite');
    }
  });
}
