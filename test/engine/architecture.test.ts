/**
 * The engine's import structure (ARCHITECTURE.md): a library with no editor or
 * file-system imports, and no runtime import cycles between its modules.
 * Imports are read with the TypeScript parser; type-only imports are erased at
 * run time and do not count; `require('…')` calls (modules loaded on first use) do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ENGINE = resolve(__dirname, '../../server/src/engine');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out.sort();
}

/** Specifiers of the imports and re-exports that survive compilation. */
function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypeElements = clause && !clause.name && bindings && ts.isNamedImports(bindings)
        && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      if (onlyTypeElements) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  // A module required on first use (`require('./analyze')`) is a runtime import as much as a static one.
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require'
      && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) specifiers.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

const files = sourceFiles(ENGINE);
const graph = new Map(files.map((file) => [file, runtimeImports(file)]));

test('the engine imports no editor API and does no I/O of its own', () => {
  // picomatch (workspace globs) and js-yaml (pnpm-workspace.yaml) compute on the texts handed in; neither does I/O.
  const allowed = new Set(['typescript', 'path', 'node:path', 'picomatch', 'js-yaml']);
  const offending: string[] = [];
  for (const [file, specifiers] of graph) {
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.') && !allowed.has(specifier)) offending.push(`${relative(ENGINE, file)} imports ${specifier}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('engine modules have no runtime import cycles', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'active');
    stack.push(file);
    for (const specifier of graph.get(file) ?? []) {
      const target = resolveLocal(file, specifier);
      if (!target || !graph.has(target)) continue;
      if (state.get(target) === 'active') {
        cycles.push(stack.slice(stack.indexOf(target)).concat(target).map((f) => relative(ENGINE, f)).join(' → '));
      } else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});
