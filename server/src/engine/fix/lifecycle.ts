/**
 * `connect()` and `end()` on the shared client.
 *
 * A Pool connects lazily, so `connect()` goes when nothing depends on it:
 * per-request connects, a bare `client.connect();` inside a function, a connect whose next
 * statement queries the client anyway, a connect inside a getter that returns
 * the client (not a DI factory: that one runs at bootstrap). Everywhere else its outcome is observed — awaited before the
 * app listens, `.then(log).catch(exit)`, a callback, a returned promise, or an un-awaited module-level `client.connect();`
 * whose rejection (unhandled) stops the process — and
 * it becomes `pool.query('SELECT 1')` with the same callbacks: a bad URL still
 * fails at startup, and a "connected" log line stays true. Nothing is left
 * holding a checked-out client.
 *
 * `end()` goes when the analysis found it running per request (on a Pool it
 * would close the pool for every later request); elsewhere — a script's end,
 * a shutdown handler, a close() helper — it stays and ends the pool.
 */
import ts from 'typescript';
import type { FileEdits } from './edits';
import type { ParsedFile } from './source';
import type { RewriteProblem } from './problems';
import { problemAt } from './context';
import { enclosingFunction, functionSymbol, outermost } from './clientRefs';
import { isInStatementList, removeStatement } from './statements';
import type { CodeStyle } from './style';
import { quoted } from './style';

export interface LifecycleContext {
  file: ParsedFile;
  edits: FileEdits;
  style: CodeStyle;
  problems: RewriteProblem[];
  /** Client expressions of this file. */
  clientExprs: ReadonlySet<ts.Expression>;
  /** Functions (by symbol) that return the client. */
  getters: ReadonlySet<ts.Symbol>;
  /** Blocks that receive a new statement (never collapsed when emptied). */
  keptBlocks: ReadonlySet<ts.Block>;
  /** Statements another part of the rewrite removes (SETs moved to pool.on('connect')). */
  removedStatements: ReadonlySet<ts.Statement>;
  /** `.then(cb)` links of connect() chains that go (their callback only sent SETs, now in pool.on('connect')). */
  droppedLinks: ReadonlySet<ts.CallExpression>;
  /**
   * Offsets of the connect()/end() calls the analysis reported as running per
   * request; undefined when the rewrite runs without an analysis.
   */
  perRequest: ReadonlySet<number> | undefined;
}

export function handleConnect(ctx: LifecycleContext, call: ts.CallExpression): void {
  const { top, links } = chainOf(call);
  const value = outermost(top);
  const awaited = value !== top;
  const holder = ts.isVoidExpression(value.parent) ? value.parent : value;
  const stmt = holder.parent;
  const observed = call.arguments.length > 0 || links.some((link) => !ctx.droppedLinks.has(link));
  if (!observed && ts.isExpressionStatement(stmt) && isInStatementList(stmt) && canDrop(ctx, call, stmt, awaited)) {
    removeStatement(ctx.edits, ctx.file.sf, stmt, ctx.keptBlocks);
    return;
  }
  toStartupCheck(ctx, call);
  for (const link of links) {
    if (ctx.droppedLinks.has(link)) ctx.edits.remove((link.expression as ts.PropertyAccessExpression).expression.end, link.end);
  }
}

/** Is this statement-level connect() one a Pool does not need? */
function canDrop(ctx: LifecycleContext, call: ts.CallExpression, stmt: ts.ExpressionStatement, awaited: boolean): boolean {
  if (ctx.perRequest?.has(call.getStart(ctx.file.sf))) return true;
  const fn = enclosingFunction(call);
  // A getter's first caller queries right away; a DI factory runs at bootstrap, where a bad URL should still stop the app.
  if (fn && returnsClient(ctx, fn) && !isDiFactory(fn)) return true;
  // A module-level `client.connect();` nobody awaits made a down database exit the process (an unhandled
  // rejection): the un-awaited `pool.query('SELECT 1')` it becomes rejects the same way.
  if (!fn && !awaited) return false;
  if (nextStatementQueries(ctx, stmt)) return true;
  // `client.connect();` on its own: nothing waits for it. Kept as a check only
  // when it is all its function does (an empty function would be left).
  if (!awaited) return !(fn && isOnlyStatement(ctx, fn, stmt));
  return false;
}

/** `x.connect(args)` → `x.query('SELECT 1', args)`: same promise/callback shape, no client left checked out. */
function toStartupCheck(ctx: LifecycleContext, call: ts.CallExpression): void {
  const sf = ctx.file.sf;
  const access = call.expression as ts.PropertyAccessExpression;
  ctx.edits.replace(access.name.getStart(sf), access.name.end, 'query');
  ctx.edits.insert(call.arguments.pos, quoted(ctx.style, 'SELECT 1') + (call.arguments.length > 0 ? ', ' : ''));
  // connect() resolves to nothing, query() to a result: where TypeScript holds the promise
  // under a declared type (`#ready: Promise<void> = client.connect()`), keep it resolving to nothing.
  if (ctx.file.isTypeScript && call.arguments.length === 0 && landsInDeclaredType(call)) ctx.edits.insert(call.end, '.then(() => undefined)');
}

/** `ready = …`, and the memos `ready ??= …` / `ready ||= …`: the value lands in what the left side was declared as. */
const ASSIGNING: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** Is the call's value assigned, initialised or returned where a type annotation decides what it must be? */
function landsInDeclaredType(call: ts.CallExpression): boolean {
  let expr: ts.Node = call;
  while (ts.isParenthesizedExpression(expr.parent)) expr = expr.parent;
  const parent = expr.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === expr) return !!parent.type;
  if (ts.isBinaryExpression(parent) && ASSIGNING.has(parent.operatorToken.kind) && parent.right === expr) return true;
  let fn: ts.Node | undefined = ts.isReturnStatement(parent) ? parent.parent : ts.isArrowFunction(parent) && parent.body === expr ? parent : undefined;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  return !!fn && !!(fn as ts.SignatureDeclaration).type;
}

export function handleEnd(ctx: LifecycleContext, call: ts.CallExpression): void {
  const fn = enclosingFunction(call);
  // A shutdown handler ends the pool once, whatever reaches it.
  if (fn && isShutdownHandler(fn)) return;
  const perRequest = ctx.perRequest ? ctx.perRequest.has(call.getStart(ctx.file.sf)) : !!fn && functionQueriesClient(ctx, fn, call);
  if (!perRequest) return;
  const stmt = outermost(call).parent;
  if (ts.isExpressionStatement(stmt) && isInStatementList(stmt)) {
    removeStatement(ctx.edits, ctx.file.sf, stmt, ctx.keptBlocks);
    return;
  }
  ctx.problems.push(problemAt(ctx.file.path, ctx.file.sf, call, 'end() runs per request and its result is used, so it cannot simply be removed; on a Pool it would close the pool for every later request — remove it by hand.'));
}

/** `x.connect(cb).then(a).catch(b)` → the outermost call of the chain and its links. */
function chainOf(call: ts.CallExpression): { top: ts.Expression; links: ts.CallExpression[] } {
  const links: ts.CallExpression[] = [];
  let top: ts.Expression = call;
  for (;;) {
    const access = top.parent;
    if (ts.isPropertyAccessExpression(access) && access.expression === top && ['then', 'catch', 'finally'].includes(access.name.text) && ts.isCallExpression(access.parent) && access.parent.expression === access) {
      links.push(access.parent);
      top = access.parent;
    } else {
      return { top, links };
    }
  }
}

/** A getter: some return (or the arrow body) in the function is the client itself. */
function returnsClient(ctx: LifecycleContext, fn: ts.FunctionLikeDeclaration): boolean {
  const symbol = functionSymbol(ctx.file, fn);
  if (symbol && ctx.getters.has(symbol)) return true;
  if (fn.body && !ts.isBlock(fn.body)) return ctx.clientExprs.has(fn.body as ts.Expression);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (ts.isFunctionLike(node) && node !== fn)) return;
    if (ts.isReturnStatement(node) && node.expression && ctx.clientExprs.has(outermost(node.expression))) found = true;
    else if (ts.isReturnStatement(node) && node.expression && ctx.clientExprs.has(node.expression)) found = true;
    ts.forEachChild(node, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return found;
}

/** The next statement that stays sends a query on the client (it connects just as early and fails just as fast). */
function nextStatementQueries(ctx: LifecycleContext, stmt: ts.Statement): boolean {
  const list = (stmt.parent as ts.Block | ts.SourceFile).statements;
  const rest = list.slice(list.indexOf(stmt) + 1).filter((s) => !ctx.removedStatements.has(s) && !ts.isEmptyStatement(s));
  const next = rest[0];
  if (!next) return false;
  let queries = false;
  const visit = (node: ts.Node): void => {
    if (queries || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'query' && ctx.clientExprs.has(node.expression.expression)) {
      queries = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  // Only code that runs straight away counts: not a function declared there, not a branch that may be skipped.
  if (ts.isExpressionStatement(next) || ts.isVariableStatement(next) || ts.isReturnStatement(next)) visit(next);
  return queries;
}

/** `useFactory: async () => { … }` / `useFactory() { … }` of a DI provider. */
function isDiFactory(fn: ts.FunctionLikeDeclaration): boolean {
  const named = ts.isMethodDeclaration(fn) ? fn.name : ts.isPropertyAssignment(fn.parent) ? fn.parent.name : undefined;
  return !!named && ts.isIdentifier(named) && named.text === 'useFactory';
}

function isOnlyStatement(ctx: LifecycleContext, fn: ts.FunctionLikeDeclaration, stmt: ts.Statement): boolean {
  const body = fn.body;
  return !!body && ts.isBlock(body) && body.statements.filter((s) => !ctx.removedStatements.has(s)).every((s) => s === stmt);
}

/**
 * A callback given to `process.on/once(...)` (`SIGTERM`, `exit` …), a server's
 * close hook (Fastify `addHook('onClose', …)`, `server.on('close', …)`), or a
 * NestJS shutdown hook.
 */
function isShutdownHandler(fn: ts.FunctionLikeDeclaration): boolean {
  for (let current: ts.Node | undefined = fn; current; current = current.parent) {
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
      const target = current.expression.expression;
      const method = current.expression.name.text;
      if (ts.isIdentifier(target) && target.text === 'process' && ['on', 'once', 'addListener', 'prependListener'].includes(method)) return true;
      const event = current.arguments[0];
      const eventName = event && ts.isStringLiteralLike(event) ? event.text : undefined;
      if (method === 'addHook' && eventName === 'onClose') return true;
      if ((method === 'on' || method === 'once') && eventName === 'close') return true;
    }
    if (ts.isMethodDeclaration(current) && ts.isIdentifier(current.name) && ['onModuleDestroy', 'onApplicationShutdown', 'beforeApplicationShutdown'].includes(current.name.text)) return true;
  }
  return false;
}

/** Without an analysis: does the function (not counting nested functions) use the client for anything besides this end()? */
function functionQueriesClient(ctx: LifecycleContext, fn: ts.FunctionLikeDeclaration, endCall: ts.CallExpression): boolean {
  for (const expr of ctx.clientExprs) {
    if (enclosingFunction(expr) !== fn) continue;
    const access = expr.parent;
    if (ts.isPropertyAccessExpression(access) && access.parent === endCall) continue;
    if (ts.isPropertyAccessExpression(access) && ['query', 'connect'].includes(access.name.text)) return true;
  }
  return false;
}
