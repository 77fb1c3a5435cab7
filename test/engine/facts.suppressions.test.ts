import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from './helpers/facts';

describe('suppression comments', () => {
  it('next-line, same line, file-wide; rule lists and reasons', () => {
    const source = [
      `/* pg-pool-guard-disable client-reuse */`,
      `import { Client } from 'pg';`,
      `// pg-pool-guard-disable-next-line`,
      `const a = new Client();`,
      `const b = new Client(); // pg-pool-guard-disable-line shared-client`,
      `function f() {`,
      `  // pg-pool-guard-disable-next-line shared-client, shared-client-transaction -- checked by hand`,
      `  return a.query('BEGIN');`,
      `}`,
      `const s = "// pg-pool-guard-disable-line not-a-comment";`,
      `/* pg-pool-guard-disable shared-client-transaction */`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(facts.suppressions.file, ['client-reuse', 'shared-client-transaction']);
    assert.deepEqual(facts.suppressions.lines, {
      3: ['*'],
      4: ['shared-client'],
      7: ['shared-client', 'shared-client-transaction'],
    });
  });

  it('files without directives have empty suppressions', () => {
    assert.deepEqual(analyze(`const x = 1; // eslint-disable-line`).suppressions, { file: [], lines: {} });
  });
});
