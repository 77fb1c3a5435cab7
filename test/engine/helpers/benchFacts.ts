/**
 * Ad-hoc micro-benchmark (not a test): cost of parse + extractFacts relative to a
 * bare ts.createSourceFile, over source files found under node_modules.
 * Usage: node --import tsx test/engine/helpers/benchFacts.ts [maxFiles=2000] [rounds=3]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { parseFile, scriptKindFor } from '../../../server/src/engine/parse';
import { extractFacts } from '../../../server/src/engine/facts/index';
import { DEFAULT_PG_MODULES } from '../../../server/src/engine/types';

const maxFiles = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 3);
const roots = ['node_modules/express', 'node_modules/pg', 'node_modules/vscode-languageserver', 'node_modules/vscode-languageclient',
  'node_modules/ajv', 'node_modules/@typescript-eslint', 'node_modules/eslint', 'node_modules/esbuild', 'node_modules/diff', 'node_modules'];
const files: { path: string; text: string }[] = [];
const seen = new Set<string>();
function walk(dir: string): void {
  if (files.length >= maxFiles) return;
  let entries: fs.Dirent[];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const entry of entries) {
    if (files.length >= maxFiles) return;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(js|ts|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !seen.has(full)) {
      const text = fs.readFileSync(full, 'utf8');
      if (text.length < 400_000) { seen.add(full); files.push({ path: full, text }); }
    }
  }
}
for (const root of roots) walk(root);
const options = { pgModules: [...DEFAULT_PG_MODULES], rules: {} };
const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
// Interleaved per file so load changes on a shared machine hit both sides alike.
let bare = 0;
let extract = 0;
let parse = 0;
for (let round = 0; round < rounds; round++) {
  for (const f of files) {
    bare += time(() => { ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, false, scriptKindFor(f.path)); });
    let sourceFile: ts.SourceFile | undefined;
    parse += time(() => { sourceFile = parseFile(f.path, f.text).sourceFile; });
    if (sourceFile) {
      const parsed = sourceFile;
      extract += time(() => { extractFacts(parsed, options, ''); });
    }
  }
}
console.log(`${files.length} files, ${lines} lines, ${rounds} rounds: createSourceFile ${bare.toFixed(0)} ms, parseFile ${parse.toFixed(0)} ms, extractFacts ${extract.toFixed(0)} ms; (parse+facts)/createSourceFile = ${((parse + extract) / bare).toFixed(2)}`);
