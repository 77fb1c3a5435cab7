import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, locate, startOf } from './helpers/facts';

describe('client calls', () => {
  it('method calls: sql forms, awaited, ranges, containers', () => {
    const source = [
      `import { Client } from 'pg';`,
      `const client = new Client();`,
      `export async function run(id: number) {`,
      `  await client.query('BEGIN');`,
      `  client.query(\`SELECT * FROM t WHERE id = \${id} AND x = \${id}\`);`,
      `  client.query({ text: 'UPDATE t SET a = 1', values: [] }).then(() => {});`,
      `  client.query(sqlVar);`,
      `  return client.query("COMMIT");`,
      `}`,
      `client.connect();`,
      `client.end().catch(() => {});`,
      `client.get('key');`,
      `client.exec('DELETE FROM t');`,
      `declare const sqlVar: string;`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(facts.calls.map((c) => [c.method, c.sql, c.awaited, c.container]), [
      ['query', 'BEGIN', true, 'b:run'],
      ['query', 'SELECT * FROM t WHERE id = $? AND x = $?', false, 'b:run'],
      ['query', 'UPDATE t SET a = 1', true, 'b:run'],
      ['query', undefined, false, 'b:run'],
      ['query', 'COMMIT', true, 'b:run'],
      ['connect', undefined, false, 'init'],
      ['end', undefined, true, 'init'],
      ['exec', 'DELETE FROM t', false, 'init'],
    ]);
    for (const call of facts.calls) assert.equal(call.via, 'method');
    const begin = facts.calls[0];
    const at = locate(source, `client.query('BEGIN')`);
    assert.deepEqual(startOf(facts, begin.range), { line: at.line, character: at.character });
    assert.equal(begin.range.length, `client.query('BEGIN')`.length);
    assert.equal(begin.range.offset, at.offset);
  });

  it('plain calls of module-level wrappers with SQL literals', () => {
    const source = [
      `import { query } from './db';`,
      `async function tx() { await query('START TRANSACTION'); await query('hello'); helper('BEGIN'); }`,
      `function helper(s: string) {}`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(facts.calls.map((c) => [c.via, c.method, c.sql, c.container]), [
      ['call', 'query', 'START TRANSACTION', 'b:tx'],
      ['call', 'helper', 'BEGIN', 'b:tx'],
    ]);
  });

  it('this.client inside class methods and namespace receivers', () => {
    const source = [
      `import * as db from './db';`,
      `export class Repo { constructor(private client: any) {} run() { return this.client.query('SELECT 1'); } }`,
      `export function f() { return db.query('SELECT 2'); }`,
    ].join('\n');
    const facts = analyze(source);
    assert.deepEqual(facts.calls.map((c) => [c.target, c.container]), [['m:Repo.client', 'm:Repo.run'], ['i:12', 'b:f']]);
  });
});
