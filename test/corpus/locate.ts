/**
 * Authoring aid: prints the 1-based range (end column exclusive) of every
 * occurrence of a marker substring, in the shape expected.json uses.
 * Usage: node --import tsx test/corpus/locate.ts <fixture-dir> <file> <marker>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function position(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

const [dir, file, marker] = process.argv.slice(2);
if (!dir || !file || !marker) {
  console.error('usage: locate.ts <fixture-dir> <file> <marker>');
  process.exit(2);
}
const text = readFileSync(join(dir, file), 'utf8');
let found = 0;
for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + 1)) {
  const a = position(text, i);
  const b = position(text, i + marker.length);
  console.log(JSON.stringify({ file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column }));
  found++;
}
if (found === 0) {
  console.error('marker not found');
  process.exit(1);
}
