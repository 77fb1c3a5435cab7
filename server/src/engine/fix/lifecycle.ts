/**
 * `connect()` and `end()` on the shared client. A Pool connects lazily, so
 * every `connect()` of the shared client goes (with a `.then` callback's side
 * effects kept when they are more than logging). `end()` stays when it shuts
 * the process down (signal/exit handlers, module top level, a function that
 * does nothing else with the client) and goes when it closes the client after
 * per-request work.
 */
import ts from 'typescript';
import type { FileEdits } from './edits';
import type { ParsedFile } from './source';
import { enclosingFunction, outermost } from './clientRefs';
import { indentOf, isInStatementList, removeStatement, shiftIndentation } from './statements';
import type { CodeStyle } from './style';
import { lineEndAfterNewline, lineIndent } from './style';

export interface LifecycleContext {
  file: ParsedFile;
  edits: FileEdits;
  style: CodeStyle;
  problems: string[];
  /** Client expressions of this file (to decide whether a function also queries the client). */
  clientExprs: ReadonlySet<ts.Expression>;
  /** Blocks that receive a new statement (never collapsed when emptied). */
  keptBlocks: ReadonlySet<ts.Block>;
}

export function handleConnect(ctx: LifecycleContext, call: ts.CallExpression): void {
  const { sf } = ctx.file;
  const { top, callbacks } = chainOf(call);
  const value = outermost(top);
  // `void client.connect()` only marks the promise as deliberately ignored.
  const stmt = ts.isVoidExpression(value.parent) ? value.parent.parent : value.parent;
  const where = `${ctx.file.path}:${sf.getLineAndCharacterOfPosition(call.getStart(sf)).line + 1}`;
  if (!ts.isExpressionStatement(stmt) || !isInStatementList(stmt)) {
    ctx.problems.push(`${where}: the result of connect() is used, so it was left as is (with a Pool it would check out a client that is never released); remove it by hand.`);
    return;
  }
  if (callbacks.every((cb) => isLogOnlyCallback(ctx.file, cb))) {
    removeStatement(ctx.edits, sf, stmt, ctx.keptBlocks);
    return;
  }
  if (inlineThenBody(ctx, call, stmt)) return;
  ctx.problems.push(`${where}: connect() callbacks do more than log, so the call was left as is; a Pool connects lazily — move that code out and remove the connect() call.`);
}

export function handleEnd(ctx: LifecycleContext, call: ts.CallExpression): 'kept' | 'removed' | 'left' {
  const fn = enclosingFunction(call);
  if (!fn || isShutdownHandler(fn) || !functionQueriesClient(ctx, fn, call)) return 'kept';
  const stmt = outermost(call).parent;
  if (ts.isExpressionStatement(stmt) && isInStatementList(stmt)) {
    removeStatement(ctx.edits, ctx.file.sf, stmt, ctx.keptBlocks);
    return 'removed';
  }
  const { sf } = ctx.file;
  ctx.problems.push(`${ctx.file.path}:${sf.getLineAndCharacterOfPosition(call.getStart(sf)).line + 1}: end() after per-request work is used as a value, so it was left as is; with a Pool it would close the whole pool — remove it by hand.`);
  return 'left';
}

/** `x.connect(cb).then(a).catch(b)` → the outermost call of the chain and every callback in it. */
function chainOf(call: ts.CallExpression): { top: ts.Expression; callbacks: ts.Expression[] } {
  const callbacks: ts.Expression[] = [...call.arguments];
  let top: ts.Expression = call;
  for (;;) {
    const access = top.parent;
    if (ts.isPropertyAccessExpression(access) && access.expression === top && ['then', 'catch', 'finally'].includes(access.name.text) && ts.isCallExpression(access.parent) && access.parent.expression === access) {
      callbacks.push(...access.parent.arguments);
      top = access.parent;
    } else {
      return { top, callbacks };
    }
  }
}

/** A callback that only logs, exits or rethrows: dropping it with the connect() loses nothing the app depends on. */
function isLogOnlyCallback(file: ParsedFile, cb: ts.Expression): boolean {
  if (!ts.isArrowFunction(cb) && !ts.isFunctionExpression(cb)) return false;
  if (ts.isBlock(cb.body)) return cb.body.statements.every((s) => isLogOnlyStatement(file, s));
  return isLogCall(file, cb.body);
}

function isLogOnlyStatement(file: ParsedFile, stmt: ts.Statement): boolean {
  if (ts.isExpressionStatement(stmt)) return isLogCall(file, stmt.expression) || isExitCodeAssignment(file, stmt.expression);
  if (ts.isBlock(stmt)) return stmt.statements.every((s) => isLogOnlyStatement(file, s));
  if (ts.isIfStatement(stmt)) return isLogOnlyStatement(file, stmt.thenStatement) && (!stmt.elseStatement || isLogOnlyStatement(file, stmt.elseStatement));
  if (ts.isReturnStatement(stmt)) return !stmt.expression;
  if (ts.isThrowStatement(stmt)) return ts.isIdentifier(stmt.expression);
  return ts.isEmptyStatement(stmt);
}

/** `console.x(...)` or `process.exit(...)` on the real globals (no local of that name). */
function isLogCall(file: ParsedFile, expr: ts.Expression): boolean {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return false;
  const target = expr.expression.expression;
  if (!ts.isIdentifier(target) || file.checker.getSymbolAtLocation(target)) return false;
  return target.text === 'console' || (target.text === 'process' && expr.expression.name.text === 'exit');
}

function isExitCodeAssignment(file: ParsedFile, expr: ts.Expression): boolean {
  return ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(expr.left) &&
    ts.isIdentifier(expr.left.expression) && expr.left.expression.text === 'process' && !file.checker.getSymbolAtLocation(expr.left.expression) &&
    expr.left.name.text === 'exitCode';
}

/**
 * `client.connect().then(() => { start(); })` (with at most a log-only
 * `.catch`) → `start();`: the success path's code, now run right away.
 */
function inlineThenBody(ctx: LifecycleContext, call: ts.CallExpression, stmt: ts.ExpressionStatement): boolean {
  if (call.arguments.length > 0) return false;
  const thenAccess = call.parent;
  if (!ts.isPropertyAccessExpression(thenAccess) || thenAccess.name.text !== 'then') return false;
  const thenCall = thenAccess.parent as ts.CallExpression;
  const [onFulfilled, onRejected] = thenCall.arguments;
  if (!onFulfilled || (onRejected && !isLogOnlyCallback(ctx.file, onRejected))) return false;
  if (!ts.isArrowFunction(onFulfilled) && !ts.isFunctionExpression(onFulfilled)) return false;
  if (onFulfilled.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  if (onFulfilled.parameters.length > 0 || containsReturnOrThis(onFulfilled.body)) return false;
  const { callbacks } = chainOf(call);
  const rest = callbacks.slice(thenCall.arguments.length);
  if (!rest.every((cb) => isLogOnlyCallback(ctx.file, cb))) return false;
  const { sf } = ctx.file;
  const body = onFulfilled.body;
  // Keep the body's own text (so renames inside it still apply); drop what surrounds it.
  if (!ts.isBlock(body)) {
    ctx.edits.remove(stmt.getStart(sf), body.getStart(sf));
    ctx.edits.replace(body.end, stmt.end, ctx.style.semi);
    return true;
  }
  const statements = body.statements;
  if (statements.length === 0) return false;
  const first = statements[0];
  const last = statements[statements.length - 1];
  ctx.edits.remove(stmt.getStart(sf), first.getStart(sf));
  ctx.edits.remove(last.end, stmt.end);
  const indent = indentOf(sf, stmt);
  shiftIndentation(ctx.edits, sf, lineEndAfterNewline(sf.text, first.getStart(sf)), last.end, lineIndent(sf.text, first.getStart(sf)), indent);
  return true;
}

function containsReturnOrThis(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isReturnStatement(n) || n.kind === ts.SyntaxKind.ThisKeyword || n.kind === ts.SyntaxKind.AwaitExpression) {
      found = true;
      return;
    }
    if (ts.isFunctionLike(n) && !ts.isArrowFunction(n)) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** A callback given to `process.on/once('SIGTERM' | 'exit' …)`, or a NestJS shutdown hook. */
function isShutdownHandler(fn: ts.FunctionLikeDeclaration): boolean {
  for (let current: ts.Node | undefined = fn; current; current = current.parent) {
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
      const target = current.expression.expression;
      if (ts.isIdentifier(target) && target.text === 'process' && ['on', 'once', 'addListener', 'prependListener'].includes(current.expression.name.text)) return true;
    }
    if (ts.isMethodDeclaration(current) && ts.isIdentifier(current.name) && ['onModuleDestroy', 'onApplicationShutdown', 'beforeApplicationShutdown'].includes(current.name.text)) return true;
  }
  return false;
}

/** Does the function (not counting nested functions) use the client for anything besides this end()? */
function functionQueriesClient(ctx: LifecycleContext, fn: ts.FunctionLikeDeclaration, endCall: ts.CallExpression): boolean {
  for (const expr of ctx.clientExprs) {
    if (enclosingFunction(expr) !== fn) continue;
    const access = expr.parent;
    if (ts.isPropertyAccessExpression(access) && access.parent === endCall) continue;
    if (ts.isPropertyAccessExpression(access) && ['query', 'connect'].includes(access.name.text)) return true;
  }
  return false;
}
