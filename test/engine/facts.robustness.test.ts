import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, creations, endOf, locate, startOf } from './helpers/facts';
import { MAX_PARSE_CHARS, parseFile, scriptKindFor } from '../../server/src/engine/parse';
import { analyzeText } from '../../server/src/engine/analyze';
import * as ts from 'typescript';

describe('robustness', () => {
  it('10,000-deep binary expression is walked without recursion', () => {
    const source = `import { Client } from 'pg';\nconst client = new Client();\nexport const x = ${Array(10000).fill('client').join(' + ')};`;
    // One 60 KB line would be skipped as minified: this is about the walker, so analyse it anyway.
    const facts = analyzeText('/work/app/src/file.ts', source, { analyzeGeneratedFiles: true });
    assert.deepEqual(facts.notices, []);
    assertEdge(facts, 'b:x', 'b:client', 'ref');
  });

  it('10,000-deep nested parentheses/calls become a notice, not a crash', () => {
    for (const source of ['const x = ' + '('.repeat(10000) + '1' + ')'.repeat(10000) + ';',
      'const y = ' + 'f('.repeat(10000) + ')'.repeat(10000) + ';']) {
      const facts = analyzeText('/w/deep.ts', source, { analyzeGeneratedFiles: true });
      assert.equal(facts.nodes.length, 1); // just init
      assert.equal(facts.notices.length, 1);
      assert.equal(facts.notices[0].file, '/w/deep.ts');
      assert.match(facts.notices[0].message, /too deep/);
    }
  });

  it('syntax error in the middle: notice, and the rest is still analysed', () => {
    const source = [
      `import { Client } from 'pg';`,
      `const before = new Client();`,
      `function broken() {`,
      `  const x = (1 + ) * ;`,
      `}`,
      `export const after = new Client();`,
    ].join('\n');
    const facts = analyze(source);
    assert.equal(facts.notices.length, 1);
    assert.match(facts.notices[0].message, /^\d+ syntax errors?; analysed what parsed$/);
    assert.deepEqual(creations(facts).map((c) => [c.holderName, c.shape, startOf(facts, c.range).line]),
      [['before', 'module', 1], ['after', 'module', 5]]);
  });

  it('binary text is skipped with a notice', () => {
    const facts = analyze('const a = 1;\u0000\u0001\u0002binary', '/w/blob.js');
    assert.deepEqual(facts.notices.map((n) => n.message), ['binary file skipped']);
    const noisy = analyze(Array.from({ length: 400 }, (_, i) => String.fromCharCode(i % 31 + 1)).join(''), '/w/noise.js');
    assert.deepEqual(noisy.notices.map((n) => n.message), ['binary file skipped']);
  });

  it('oversized text is skipped with a notice', () => {
    const facts = analyze('//' + 'x'.repeat(MAX_PARSE_CHARS), '/w/huge.js');
    assert.equal(facts.notices.length, 1);
    assert.match(facts.notices[0].message, /larger than 2 MB/);
  });

  it('BOM and CRLF: ranges index the given text', () => {
    const source = '\uFEFFimport { Client } from "pg";\r\nconst db = new Client();\r\n';
    const facts = analyze(source);
    const [c] = creations(facts);
    const at = locate(source, 'new Client');
    assert.equal(c.range.offset, at.offset);
    assert.deepEqual(startOf(facts, c.range), { line: 1, character: 11 });
    assert.deepEqual(endOf(facts, c.range), { line: 1, character: 23 });
  });

  it('script kinds from extensions; JSX in .js', () => {
    assert.equal(scriptKindFor('/a/b.tsx'), ts.ScriptKind.TSX);
    assert.equal(scriptKindFor('/a/b.mjs'), ts.ScriptKind.JS);
    assert.equal(scriptKindFor('/a/b.cts'), ts.ScriptKind.TS);
    const parsed = parseFile('/a/view.js', 'export const V = () => <div a="1">{x}</div>;');
    assert.deepEqual(parsed.notices, []);
  });

  it('odd inputs never throw', () => {
    for (const source of ['', '}}}}', '<<<<', 'export default', 'class { constructor(@Inject() x) {} }', 'new', 'module.exports = ;',
      'import {', `const { Client } = require();`, 'this.x = new (require("pg").Client)();']) {
      assert.doesNotThrow(() => analyze(source, '/w/odd.ts'));
    }
  });
});
