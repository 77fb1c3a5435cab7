// Baseline of the bench: read and parse every file of a list with the
// TypeScript parser and nothing else (bare-parse.cjs).
// Run as its own process so node startup and loading typescript count, as
// for the CLI. Usage: node parse-only.cjs <file-list.txt>
// Prints {"files":N,"statements":N,"maxFileMs":N,"maxFile":"..."}.
'use strict';
const { readFileSync } = require('node:fs');
const { bareParse } = require('./bare-parse.cjs');

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let statements = 0;
let maxFileMs = 0;
let maxFile = '';
for (const file of files) {
  const started = performance.now();
  const sf = bareParse(file, readFileSync(file, 'utf8'));
  statements += sf.statements.length;
  const ms = performance.now() - started;
  if (ms > maxFileMs) [maxFileMs, maxFile] = [ms, file];
}
process.stdout.write(JSON.stringify({ files: files.length, statements, maxFileMs: Math.round(maxFileMs), maxFile }) + '\n');
