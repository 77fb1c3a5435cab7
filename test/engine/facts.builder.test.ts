import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FactsBuilder } from '../../server/src/engine/facts/builder';
import { analyze } from './helpers/facts';

describe('FactsBuilder', () => {
  it('a later export of the same name replaces the earlier one in place', () => {
    const out = new FactsBuilder();
    out.exportAs('a', 'b:a');
    out.exportAs('default', 'b:x');
    out.exportAs('a', 'b:a2');
    assert.deepEqual(out.exports, [{ name: 'a', target: 'b:a2' }, { name: 'default', target: 'b:x' }]);
    assert.equal(out.exported('a'), 'b:a2');
    assert.equal(out.exported('missing'), undefined);
  });

  it('star exports are recorded once, in order', () => {
    const out = new FactsBuilder();
    for (const s of ['./a', './b', './a']) out.starExport(s);
    assert.deepEqual(out.starExports, ['./a', './b']);
  });

  it('many exports: every one kept, CommonJS reassignment wins (linear, see issue 10)', () => {
    const count = 5_000;
    const source = Array.from({ length: count }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\nexports.v7 = 1;\n';
    const facts = analyze(source);
    assert.equal(facts.exports.length, count);
    assert.deepEqual(facts.exports[7], { name: 'v7', target: 'x:v7' });
    assert.deepEqual(facts.exports[8], { name: 'v8', target: 'b:v8' });
  });
});
