/**
 * `x.end()` where a script ends: a top-level statement (`await pool.end()`),
 * or a callback of a top-level promise chain (`main().then(() => pool.end())`,
 * `.finally(async () => { await pool.end() })`). A module that ends its own pool
 * this way is a script (migration, seed, cron job): its pool is short-lived.
 * A shutdown hook (`process.on('SIGTERM', () => pool.end())`, a `close()`
 * function) is not: the server runs until a signal comes.
 *
 * Read top-down from the file's statements: parsed files have no parent pointers.
 */
import ts from 'typescript';
import { unwrap } from './syntax';

const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'finally', 'catch']);

export function scriptEndCalls(sourceFile: ts.SourceFile): ReadonlySet<ts.CallExpression> {
  const found = new Set<ts.CallExpression>();
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    let e = bare(statement.expression);
    addIfEnd(e, found);
    // Down the chain `a().then(f).catch(g).finally(h)`: the callbacks of each link.
    while (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      if (!ts.isPropertyAccessExpression(callee) || !CHAIN_METHODS.has(callee.name.text)) break;
      for (const argument of e.arguments) {
        const fn = unwrap(argument);
        if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) collectBodyEnds(fn.body, found);
      }
      e = bare(callee.expression);
    }
  }
  return found;
}

/** `() => pool.end()`, or an expression statement of the callback's block. */
function collectBodyEnds(body: ts.ConciseBody, found: Set<ts.CallExpression>): void {
  if (!ts.isBlock(body)) {
    addIfEnd(bare(body), found);
    return;
  }
  for (const statement of body.statements) {
    if (ts.isExpressionStatement(statement)) addIfEnd(bare(statement.expression), found);
  }
}

function addIfEnd(e: ts.Expression, found: Set<ts.CallExpression>): void {
  if (!ts.isCallExpression(e)) return;
  const callee = unwrap(e.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'end') found.add(e);
}

/** Through parentheses, `await` and `void`. */
function bare(expression: ts.Expression): ts.Expression {
  let e = unwrap(expression);
  while (ts.isAwaitExpression(e) || ts.isVoidExpression(e)) e = unwrap(e.expression);
  return e;
}
