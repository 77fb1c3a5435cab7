import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { leadingWords, listenKeyword, startsTransaction, startsWithSqlKeyword } from '../../server/src/engine/sql';

describe('SQL tokenizer', () => {
  it('reads leading keywords past whitespace and nested comments', () => {
    assert.deepEqual(leadingWords('  -- note\n/* a /* b */ c */ begin   ISOLATION level', 3), ['begin', 'isolation', 'level']);
    assert.deepEqual(leadingWords('SELECT$1 x', 2), ['select$1', 'x']);
    assert.deepEqual(leadingWords('BEGIN; COMMIT', 2), ['begin']);
    assert.deepEqual(leadingWords('/* never closed', 1), []);
  });

  it('knows what starts a transaction', () => {
    for (const sql of ['BEGIN', 'begin;', 'BEGIN TRANSACTION', '  start transaction isolation level serializable', '-- x\nBEGIN']) {
      assert.equal(startsTransaction(sql), true, sql);
    }
    for (const sql of ['BEGIN_X', 'START', 'START SLAVE', 'SELECT 1', 'COMMIT', '']) assert.equal(startsTransaction(sql), false, sql);
  });

  it('LISTEN / UNLISTEN', () => {
    assert.equal(listenKeyword('LISTEN jobs'), 'listen');
    assert.equal(listenKeyword('unlisten *'), 'unlisten');
    assert.equal(listenKeyword('NOTIFY jobs'), undefined);
  });

  it('a first word that is an SQL keyword marks a string as SQL', () => {
    for (const sql of ['SELECT 1', '  insert into t', 'with x as (select 1) select * from x', 'BEGIN']) assert.equal(startsWithSqlKeyword(sql), true, sql);
    for (const sql of ['hello world', '', '   ', 'selected', '/users', 'SELECTION']) assert.equal(startsWithSqlKeyword(sql), false, sql);
  });
});
