// LineMap remembers the last line it found (the walk asks mostly in source
// order); lookups in any order must still give the line a scan gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineMap } from '../../server/src/engine/facts/ranges';

function lineByScan(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') line++;
  }
  return line;
}

for (const [name, text] of [['\\n', 'a\nbb\n\nccc\nd'], ['\\r\\n and \\r', 'a\r\nbb\r\rccc\nd\r\n']] as const) {
  test(`LineMap.lineOf with ${name} line ends: every offset, forwards, backwards and jumping`, () => {
    const map = new LineMap(text);
    const offsets = [...Array(text.length + 1).keys()];
    const jumping = offsets.map((_, i) => (i * 7) % offsets.length);
    for (const order of [offsets, [...offsets].reverse(), jumping]) {
      for (const offset of order) assert.equal(map.lineOf(offset), lineByScan(text, offset), `offset ${offset}`);
    }
  });
}

test('LineMap.lines lists each noted line once, ascending, whatever the order of the notes', () => {
  const text = 'a\nb\nc\nd\n';
  const map = new LineMap(text);
  for (const offset of [6, 6, 2, 7, 0, 2, 4]) map.note(offset);
  assert.deepEqual(map.lines(), [0, 0, 1, 2, 2, 4, 3, 6]);
});
