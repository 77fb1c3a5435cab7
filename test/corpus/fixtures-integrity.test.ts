/**
 * Checks the corpus data itself (no CLI needed): every expected range must
 * cover exactly the AST node its rule reports — a `new` expression for
 * shared-client, a call expression for the other rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { RULE_REGISTRY } from '../../server/src/engine/rules/registry';
import { FIXTURES_DIR, listFixtures, readExpected, type FindingTuple } from './expected';

const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE_FILE.test(name)) out.push(full);
  }
  return out;
}

function scriptKind(file: string): ts.ScriptKind {
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(file)) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The node whose trimmed span is exactly [start, end), if any. */
function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getStart(sf) > start || node.getEnd() < end) return;
    if (node.getStart(sf) === start && node.getEnd() === end) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function describe(item: FindingTuple): string {
  return `${item.rule} ${item.file}:${item.line}:${item.column}`;
}

const fixtures = listFixtures();

// Small projects, but shaped like real apps (issue 8: several files, config, logging, unrelated code).
test('the corpus has at least 40 fixtures of 2–10 source files', () => {
  assert.ok(fixtures.length >= 40, `found ${fixtures.length}`);
  for (const fixture of fixtures) {
    const count = sourceFiles(join(FIXTURES_DIR, fixture)).length;
    assert.ok(count >= 2 && count <= 10, `${fixture} has ${count} source files`);
  }
});

/** Rules that report the creation (the rest report a call). */
const CREATION_RULES = new Set(['shared-client', 'pool-per-request', 'pool-error-listener', 'pool-connect-timeout']);

test('every expected range covers exactly the node its rule reports', () => {
  for (const fixture of fixtures) {
    for (const item of readExpected(fixture)) {
      const path = join(FIXTURES_DIR, fixture, item.file);
      const text = readFileSync(path, 'utf8');
      const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
      const start = sf.getPositionOfLineAndCharacter(item.line - 1, item.column - 1);
      const end = sf.getPositionOfLineAndCharacter(item.endLine - 1, item.endColumn - 1);
      const node = nodeAt(sf, start, end);
      assert.ok(node, `${fixture}: no node spans ${describe(item)} (${relative(FIXTURES_DIR, path)})`);
      // Creations: `new Client()`, or a driver factory call (`mysql.createConnection()`); calls otherwise.
      const reportsCreation = CREATION_RULES.has(item.rule);
      const wanted = reportsCreation ? [ts.SyntaxKind.NewExpression, ts.SyntaxKind.CallExpression] : [ts.SyntaxKind.CallExpression];
      // A span can be shared by nested nodes (e.g. a parenthesised callee); accept any of them.
      let match: ts.Node | undefined = node;
      while (match && !wanted.includes(match.kind) && match.getStart(sf) === start && match.getEnd() === end) match = match.parent;
      assert.ok(match && wanted.includes(match.kind), `${fixture}: ${describe(item)} is a ${ts.SyntaxKind[node.kind]}`);
    }
  }
});

test('positives and negatives are both represented', () => {
  const counts = fixtures.map((f) => readExpected(f).length);
  assert.ok(counts.filter((n) => n === 0).length >= 10, 'at least 10 negative fixtures');
  const rules = new Set(fixtures.flatMap((f) => readExpected(f).map((i) => i.rule)));
  assert.deepEqual([...rules].sort(), RULE_REGISTRY.map((r) => r.id).sort(), 'every rule has a positive fixture');
});
