// Baseline of the bench: read and parse every file of a list with the
// TypeScript parser and nothing else, with the tool's own parse options
// (JSDoc skipped, no parent pointers, the script kind from the extension).
// Run as its own process so node startup and loading typescript count, as
// for the CLI. Usage: node parse-only.cjs <file-list.txt>
// Prints {"files":N,"statements":N,"maxFileMs":N,"maxFile":"..."}.
'use strict';
const { readFileSync } = require('node:fs');
const ts = require('typescript');

function scriptKind(path) {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const OPTIONS = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let statements = 0;
let maxFileMs = 0;
let maxFile = '';
for (const file of files) {
  const started = performance.now();
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), OPTIONS, false, scriptKind(file));
  statements += sf.statements.length;
  const ms = performance.now() - started;
  if (ms > maxFileMs) [maxFileMs, maxFile] = [ms, file];
}
process.stdout.write(JSON.stringify({ files: files.length, statements, maxFileMs: Math.round(maxFileMs), maxFile }) + '\n');
