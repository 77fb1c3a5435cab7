import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHash } from '../../server/src/engine/content-hash';

test('contentHash tells texts apart and is stable', () => {
  const texts = ['', 'a', 'b', 'ab', 'ba', 'a'.repeat(1000), 'a'.repeat(1001), "import { Client } from 'pg';\n", "import { Client } from 'pg';\r\n", '\u{1F600} é'];
  const hashes = texts.map(contentHash);
  assert.equal(new Set(hashes).size, texts.length);
  assert.deepEqual(texts.map(contentHash), hashes);
  for (const hash of hashes) assert.match(hash, /^[0-9a-f]{16}[0-9a-z]+$/);
});
