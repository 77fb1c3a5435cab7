// The bench's bare parse: ts.createSourceFile with the tool's own parse
// options (JSDoc skipped, no parent pointers, the script kind from the
// extension) and nothing else. Shared by parse-only.cjs (a whole file list,
// in its own process) and parse-baseline-worker.cjs (one edited text).
'use strict';
const ts = require('typescript');

const OPTIONS = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

function scriptKind(path) {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function bareParse(path, text) {
  return ts.createSourceFile(path, text, OPTIONS, false, scriptKind(path));
}

module.exports = { bareParse };
