/**
 * `x.end()` where a script ends: a top-level statement (`await pool.end()`),
 * or a callback of a top-level promise chain (`main().then(() => pool.end())`,
 * `.finally(async () => { await pool.end() })`), also in the body of a module-level
 * function that top-level code calls (`async function main() { …; await pool.end() } main()`). A module that ends its own pool
 * this way is a script (migration, seed, cron job): its pool is short-lived.
 * A shutdown hook (`process.on('SIGTERM', () => pool.end())`, a `close()`
 * function) is not: the server runs until a signal comes.
 *
 * A test file ends too: in a test runner's teardown hook (`afterAll` of
 * Jest/Vitest/Bun, `after` of Mocha/node:test, `test.afterAll` of
 * Playwright, `test.after` of AVA), at the top level or in a `describe`
 * block. The hook runs once, when the file's tests are done. Its name counts
 * only as the runner's: a global the file does not declare, or imported from
 * a runner's module.
 *
 * Read top-down from the file's statements: parsed files have no parent pointers.
 */
import ts from 'typescript';
import { SK } from './kinds';
import { unwrap } from './syntax';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isArrowFunction, isAwaitExpression, isBinaryExpression, isBlock, isCallExpression, isClassDeclaration, isExpressionStatement, isFunctionDeclaration, isFunctionExpression, isIdentifier, isIfStatement, isImportDeclaration, isNamedImports, isObjectBindingPattern, isPropertyAccessExpression, isStringLiteral, isTryStatement, isVariableStatement, isVoidExpression } = ts;

const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'finally', 'catch']);
/** Test runners' once-per-file teardown hooks, and the blocks that group tests (hooks inside them count too). */
const TEARDOWN_HOOKS: ReadonlySet<string> = new Set(['afterAll', 'after']);
const SUITE_BLOCKS: ReadonlySet<string> = new Set(['describe', 'suite', 'context']);
/** Modules whose exports are those hooks (`import { afterAll } from 'vitest'`, `import test from '@playwright/test'`). */
const TEST_RUNNER_MODULES: ReadonlySet<string> = new Set(['vitest', '@jest/globals', 'bun:test', 'node:test', 'mocha', '@playwright/test', 'ava']);

export function scriptEndCalls(sourceFile: ts.SourceFile): ReadonlySet<ts.CallExpression> {
  const found = new Set<ts.CallExpression>();
  const functions = moduleFunctions(sourceFile);
  const called = new Set<string>();
  collectStatementEnds(sourceFile.statements, found, called);
  collectTeardownEnds(sourceFile.statements, testRunnerNames(sourceFile), found);
  // `function dropTables() { …then(() => pool.end()) } dropTables();`, `async function main() { try { … } finally { await pool.end() } } main()`:
  // a module-level function that top-level code calls runs as the script's own code (one level deep).
  for (const name of called) {
    const body = functions.get(name);
    if (body) collectStatementEnds(body.statements, found, new Set());
  }
  return found;
}

/** Expression statements that end a pool or are a promise chain ending one; `called` gets the names the chains start with. */
function collectStatementEnds(statements: readonly ts.Statement[], found: Set<ts.CallExpression>, called: Set<string>): void {
  for (const statement of statements) {
    if (isTryStatement(statement)) {
      collectStatementEnds(statement.tryBlock.statements, found, called);
      if (statement.finallyBlock) collectStatementEnds(statement.finallyBlock.statements, found, called);
      continue;
    }
    const guarded = guardedEnd(statement);
    if (guarded) {
      found.add(guarded);
      continue;
    }
    if (!isExpressionStatement(statement)) continue;
    let e = bare(statement.expression);
    addIfEnd(e, found);
    // Down the chain `a().then(f).catch(g).finally(h)`: the callbacks of each link.
    while (isCallExpression(e)) {
      const callee = unwrap(e.expression);
      if (isIdentifier(callee)) called.add(callee.text);
      if (!isPropertyAccessExpression(callee) || !CHAIN_METHODS.has(callee.name.text)) break;
      for (const argument of e.arguments) {
        const fn = unwrap(argument);
        if (isArrowFunction(fn) || isFunctionExpression(fn)) collectBodyEnds(fn.body, found);
      }
      e = bare(callee.expression);
    }
  }
}

/**
 * What the file's own top-level names say about the runner's names: `runner`
 * for a name imported from a test runner's module, `other` for any other
 * top-level declaration or import (a project's own `after()` is not a hook).
 */
function testRunnerNames(sourceFile: ts.SourceFile): Map<string, 'runner' | 'other'> {
  const names = new Map<string, 'runner' | 'other'>();
  for (const statement of sourceFile.statements) {
    if (isImportDeclaration(statement)) {
      const from = isStringLiteral(statement.moduleSpecifier) && TEST_RUNNER_MODULES.has(statement.moduleSpecifier.text) ? 'runner' : 'other';
      const clause = statement.importClause;
      if (clause?.name) names.set(clause.name.text, from);
      const bindings = clause?.namedBindings;
      if (bindings && isNamedImports(bindings)) for (const element of bindings.elements) names.set(element.name.text, from);
      else if (bindings) names.set(bindings.name.text, from);
    } else if ((isFunctionDeclaration(statement) || isClassDeclaration(statement)) && statement.name) names.set(statement.name.text, 'other');
    else if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        // `const { after, describe } = require('node:test')`: the runner's names.
        const from = declaration.initializer && requiresTestRunner(declaration.initializer) ? 'runner' : 'other';
        if (isIdentifier(declaration.name)) names.set(declaration.name.text, from);
        else if (isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) if (isIdentifier(element.name)) names.set(element.name.text, from);
        }
      }
    }
  }
  return names;
}

function requiresTestRunner(initializer: ts.Expression): boolean {
  const e = unwrap(initializer);
  if (!isCallExpression(e) || !isIdentifier(e.expression) || e.expression.text !== 'require' || e.arguments.length !== 1) return false;
  const specifier = e.arguments[0];
  return isStringLiteral(specifier) && TEST_RUNNER_MODULES.has(specifier.text);
}

/** Ends in the teardown hooks among `statements`, and in the `describe(…, () => {…})` blocks there. */
function collectTeardownEnds(statements: readonly ts.Statement[], names: ReadonlyMap<string, 'runner' | 'other'>, found: Set<ts.CallExpression>): void {
  for (const statement of statements) {
    if (!isExpressionStatement(statement)) continue;
    const call = bare(statement.expression);
    if (!isCallExpression(call)) continue;
    const name = runnerFunctionName(unwrap(call.expression), names);
    if (name === undefined || call.arguments.length === 0) continue;
    const fn = unwrap(call.arguments[call.arguments.length - 1]);
    if (!isArrowFunction(fn) && !isFunctionExpression(fn)) continue;
    if (TEARDOWN_HOOKS.has(name)) collectBodyEnds(fn.body, found);
    else if (SUITE_BLOCKS.has(name) && isBlock(fn.body)) collectTeardownEnds(fn.body.statements, names, found);
  }
}

/**
 * `afterAll` / `describe` as the runner's (undeclared global or imported from a runner),
 * also `test.afterAll` / `test.describe` and `describe.serial` on a runner's name.
 */
function runnerFunctionName(callee: ts.Expression, names: ReadonlyMap<string, 'runner' | 'other'>): string | undefined {
  if (isIdentifier(callee)) return names.get(callee.text) === 'other' ? undefined : callee.text;
  if (!isPropertyAccessExpression(callee)) return undefined;
  const object = unwrap(callee.expression);
  if (!isIdentifier(object) || names.get(object.text) === 'other') return undefined;
  // `describe.serial(…)`, `describe.only(…)`: still the block; `test.afterAll(…)`, `test.describe(…)`: the member is the function.
  if (SUITE_BLOCKS.has(object.text)) return object.text;
  return names.get(object.text) === 'runner' ? callee.name.text : undefined;
}

/** Module-level `function f() {…}` and `const f = (async) () => {…}` bodies by name. */
function moduleFunctions(sourceFile: ts.SourceFile): Map<string, ts.Block> {
  const functions = new Map<string, ts.Block>();
  for (const statement of sourceFile.statements) {
    if (isFunctionDeclaration(statement) && statement.name && statement.body) functions.set(statement.name.text, statement.body);
    else if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrap(declaration.initializer);
        if (isIdentifier(declaration.name) && init && (isArrowFunction(init) || isFunctionExpression(init)) && isBlock(init.body)) {
          functions.set(declaration.name.text, init.body);
        }
      }
    }
  }
  return functions;
}

/** `() => pool.end()`, or an expression statement of the callback's block. */
function collectBodyEnds(body: ts.ConciseBody, found: Set<ts.CallExpression>): void {
  if (!isBlock(body)) {
    addIfEnd(bare(body), found);
    return;
  }
  for (const statement of body.statements) {
    const guarded = guardedEnd(statement);
    if (guarded) found.add(guarded);
    else if (isExpressionStatement(statement)) addIfEnd(bare(statement.expression), found);
  }
}

/**
 * An end behind a check that the pool exists: `if (pool) await pool.end()`
 * (the branch a statement or a block of one), `pool && pool.end()` — the
 * end a script writes when its pool may not have been made.
 */
function guardedEnd(statement: ts.Statement): ts.CallExpression | undefined {
  if (isIfStatement(statement) && !statement.elseStatement) {
    const branch = isBlock(statement.thenStatement) && statement.thenStatement.statements.length === 1 ? statement.thenStatement.statements[0] : statement.thenStatement;
    return isExpressionStatement(branch) ? endCall(bare(branch.expression)) : undefined;
  }
  if (!isExpressionStatement(statement)) return undefined;
  const e = bare(statement.expression);
  return isBinaryExpression(e) && e.operatorToken.kind === SK.AmpersandAmpersandToken ? endCall(bare(e.right)) : undefined;
}

function endCall(e: ts.Expression): ts.CallExpression | undefined {
  if (!isCallExpression(e)) return undefined;
  const callee = unwrap(e.expression);
  return isPropertyAccessExpression(callee) && callee.name.text === 'end' ? e : undefined;
}

function addIfEnd(e: ts.Expression, found: Set<ts.CallExpression>): void {
  const call = endCall(e);
  if (call) found.add(call);
}

/** Through parentheses, `await` and `void`. */
function bare(expression: ts.Expression): ts.Expression {
  let e = unwrap(expression);
  while (isAwaitExpression(e) || isVoidExpression(e)) e = unwrap(e.expression);
  return e;
}
