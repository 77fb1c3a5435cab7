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
import { afterRewrite, rewriteEach, rewriteFiles, workspaceOf } from './harness';
import { hasSyntaxErrors } from '../../server/src/engine/fix/source';
import { isConnectionRule } from '../../server/src/engine/fix';
import { typeErrors } from './typecheck';

const dir = join(__dirname, 'golden');
// In-memory only, but under the repo so `pg`, `express` … resolve from its node_modules.
const virtualRoot = join(__dirname, '__golden__');
const typeScriptCases: Array<{ name: string; before: Record<string, string>; after: Record<string, string> }> = [];

for (const entry of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
  const golden = parseGolden(join(dir, entry), entry.replace(/\.txt$/, ''));
  test(`golden: ${golden.name}`, () => {
    const result = rewriteEach(golden.before, golden.creation, golden.markers);
    assert.ok(result.rewrite, 'a rewrite is offered');
    if (golden.preferred !== undefined) assert.equal(result.rewrite.preferred, golden.preferred, `preferred (reason: ${result.rewrite.reason})`);
    if (golden.preferred === false) {
      // A refusal changes nothing and says exactly why, one line per place.
      assert.equal(result.rewrite.edits.size, 0, 'a refused rewrite has no edits');
      assert.equal(result.rewrite.reason, golden.reasons.join('\n'));
    } else {
      assert.equal(result.rewrite.reason, undefined, 'an applicable rewrite has no refusal reason');
    }
    const after = afterRewrite(golden.before, result);
    for (const path of Object.keys(golden.before)) {
      const expected = golden.after[path] ?? golden.before[path];
      assert.equal(after[path], expected, `${path} after the rewrite`);
      if (!hasSyntaxErrors(path, golden.before[path])) assert.equal(hasSyntaxErrors(path, after[path]), false, `${path} parses`);
    }
    const ts = (files: Record<string, string>): Record<string, string> =>
      Object.fromEntries(Object.entries(files).filter(([p]) => p.endsWith('.ts')).map(([p, t]) => [`${virtualRoot}/${golden.name}${p}`, t]));
    // Not-preferred rewrites are allowed to change behaviour (that is why they are not preferred).
    if (result.rewrite.preferred && Object.keys(ts(golden.before)).length > 0) typeScriptCases.push({ name: golden.name, before: ts(golden.before), after: ts(after) });
    // Idempotent: the creation is a Pool now, so there is nothing left to rewrite.
    for (const marker of golden.markers) {
      const creationOffset = after[golden.creation].indexOf(marker.replace('Client', 'Pool'));
      if (creationOffset >= 0) {
        const again = rewriteFiles(after, golden.creation, marker.replace('Client', 'Pool'));
        assert.equal(again.rewrite, undefined, 'second run finds nothing to rewrite');
      }
    }
    // The analysis agrees: nothing is reported on the rewritten client any more.
    if (result.rewrite.preferred && result.analysed) {
      // The Pool rules (timeout, error listener …) are other rules with fixes of their own (poolFixes.test.ts).
      const left = workspaceOf(after).getFindings().filter((f) => f.creation?.file === golden.creation && isConnectionRule(f.rule));
      assert.deepEqual(left.map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`), [], 'no finding left on the client');
      // And the Pool it made is cared for as the Pool rules want it (timeout, 'error' listener): only Pools that
      // were there before the rewrite may have those findings.
      const careOf = (files: Record<string, string>): string[] => workspaceOf(files).getFindings()
        .filter((f) => f.rule === 'pool-connect-timeout' || f.rule === 'pool-error-listener').map((f) => `${f.rule} ${f.file}`).sort();
      assert.deepEqual(careOf(after), careOf(golden.before), 'the new Pool has its connectionTimeoutMillis and error listener');
    }
  });
}

/** Cases about the types themselves: they must type-check before, so that the check after cannot pass by being skipped. */
const TYPE_CASES = ['56-types-follow-private-field-branches-checkout', '57-types-follow-into-imported-parameter'];

// Batched: one program for every case before, one after.
test('golden TypeScript cases that type-checked before still type-check', () => {
  const before = typeErrors(Object.assign({}, ...typeScriptCases.map((c) => c.before)));
  const after = typeErrors(Object.assign({}, ...typeScriptCases.map((c) => c.after)));
  let checked = 0;
  for (const c of typeScriptCases) {
    const mine = (errors: string[]): string[] => errors.filter((e) => e.startsWith(`${virtualRoot}/${c.name}/`));
    if (TYPE_CASES.includes(c.name)) assert.deepEqual(mine(before), [], `${c.name} type-checks before the rewrite`);
    if (mine(before).length > 0) continue;
    checked++;
    assert.deepEqual(mine(after), [], `${c.name} still type-checks`);
  }
  assert.ok(checked >= 5, `only ${checked} golden TypeScript cases type-checked before`);
  for (const name of TYPE_CASES) assert.ok(typeScriptCases.some((c) => c.name === name), `${name} was type-checked`);
});
