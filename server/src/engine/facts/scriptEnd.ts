/**
 * `x.end()` where a script ends: a top-level statement (`await pool.end()`),
 * or a callback of a top-level promise chain (`main().then(() => pool.end())`,
 * `.finally(async () => { await pool.end() })`), also in the body of a module-level
 * function that top-level code calls (`async function main() { …; await pool.end() } main()`). A module that ends its own pool
 * this way is a script (migration, seed, cron job): its pool is short-lived.
 * A shutdown hook (`process.on('SIGTERM', () => pool.end())`, a `close()`
 * function) is not: the server runs until a signal comes.
 *
 * Read top-down from the file's statements: parsed files have no parent pointers.
 */
import ts from 'typescript';
import { SK } from './kinds';
import { unwrap } from './syntax';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isArrowFunction, isAwaitExpression, isBinaryExpression, isBlock, isCallExpression, isExpressionStatement, isFunctionDeclaration, isFunctionExpression, isIdentifier, isIfStatement, isPropertyAccessExpression, isTryStatement, isVariableStatement, isVoidExpression } = ts;

const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'finally', 'catch']);

export function scriptEndCalls(sourceFile: ts.SourceFile): ReadonlySet<ts.CallExpression> {
  const found = new Set<ts.CallExpression>();
  const functions = moduleFunctions(sourceFile);
  const called = new Set<string>();
  collectStatementEnds(sourceFile.statements, found, called);
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
