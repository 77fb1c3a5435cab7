// Baseline (b) of the bench: read and parse every source file under a
// directory with the TypeScript parser and nothing else. Run as its own
// process so node startup and loading typescript are counted, as for the CLI.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { extname, join } = require('node:path');
const ts = require('typescript');

const KINDS = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS, '.jsx': ts.ScriptKind.JSX,
};

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full, out);
    } else if (KINDS[extname(entry.name)] !== undefined) {
      out.push(full);
    }
  }
  return out;
}

const root = process.argv[2];
let statements = 0;
const files = walk(root, []);
for (const file of files) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, KINDS[extname(file)]);
  statements += sf.statements.length;
}
process.stdout.write(JSON.stringify({ files: files.length, statements }) + '\n');
