/**
 * BEGIN … COMMIT/ROLLBACK through the shared client must run on one
 * checked-out connection. Each transaction becomes
 *   const client = await pool.connect(); try { … } catch { ROLLBACK; throw } finally { client.release() }
 * reusing an existing try/catch when there is one. When that catch handles the
 * error instead of rethrowing it (Express `next(err)`, `res.status(500)`), the
 * connect moves into the try so its failure reaches the same handler:
 *   let client; try { client = await pool.connect(); … } catch { await client?.query('ROLLBACK'); … } finally { client?.release() }
 * Helpers called between BEGIN and COMMIT get the checked-out client as an extra parameter (default:
 * the pool, so their other callers keep working). Anything that cannot be
 * done safely is left as it was, with the reason.
 */
import ts from 'typescript';
import { startsTransaction } from '../sql';
import type { FileRewrite } from './context';
import { clientMethodCall, exprText, lineOf, PG_POOL_API, refuse, sqlOf } from './context';
import { enclosingFunction, functionSymbol, outermost } from './clientRefs';
import { freeName } from './names';
import { indentOf, shiftIndentation } from './statements';
import { lineStart, quoted } from './style';
import { symbolOf } from './source';

const END = /^\s*(COMMIT|END|ROLLBACK(?!\s+TO\b))\b/i;
const ROLLBACK = /^\s*ROLLBACK(?!\s+TO\b)\b/i;

interface TxPlan {
  fn: ts.FunctionLikeDeclaration;
  block: ts.Block;
  first: number;
  last: number;
  /** The statement that already has try/catch (reused), if any. */
  existingTry?: ts.TryStatement;
  /**
   * The reused catch handles the error instead of always rethrowing it: the
   * acquire goes inside the try so a connect failure reaches that catch too.
   */
  acquireInTry?: boolean;
  poolText: string;
}

export function rewriteTransactions(ctx: FileRewrite): void {
  const begins = ctx.clientExprs.map((e) => ({ e, c: clientMethodCall(e) })).filter((x) => x.c?.method === 'query' && startsTransaction(sqlOf(x.c.call) ?? ''));
  if (begins.length === 0) return;
  const byFunction = new Map<ts.Node | undefined, typeof begins>();
  for (const b of begins) {
    const fn = enclosingFunction(b.c!.call);
    byFunction.set(fn, [...(byFunction.get(fn) ?? []), b]);
  }
  const checkedOutName = freeName(ctx.file.sf, ['client', 'txClient', 'conn'], new Set(ctx.renamedIds.keys()));
  const helpers = new HelperRewriter(ctx, checkedOutName);
  for (const [fn, list] of byFunction) {
    const begin = list[0].c!.call;
    if (!fn) {
      refuse(ctx, begin, 'BEGIN at module top level: with a Pool its statements would run on different connections. Move the transaction into an async function that checks out a client with pool.connect().');
      continue;
    }
    if (list.length > 1) {
      refuse(ctx, begin, `${list.length} BEGINs in one function: check out a client with pool.connect() for each transaction by hand.`);
      continue;
    }
    const plan = planTransaction(ctx, fn as ts.FunctionLikeDeclaration, list[0].e, begin);
    if (typeof plan === 'string') {
      refuse(ctx, begin, `this transaction cannot be moved onto one checked-out client: ${plan}`);
      continue;
    }
    const helperProblem = helpers.prepare(plan);
    if (helperProblem) {
      refuse(ctx, begin, `this transaction cannot be moved onto one checked-out client: ${helperProblem}`);
      continue;
    }
    applyPlan(ctx, plan, checkedOutName);
    helpers.apply();
  }
}

function planTransaction(ctx: FileRewrite, fn: ts.FunctionLikeDeclaration, beginExpr: ts.Expression, beginCall: ts.CallExpression): TxPlan | string {
  const isAsync = fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  if (!isAsync || !ts.isAwaitExpression(beginCall.parent)) {
    return 'the function is not async/await (callback or promise-chain style); check out a client with pool.connect() and release it by hand.';
  }
  const ends = ctx.clientExprs
    .map((e) => clientMethodCall(e))
    .filter((c): c is { method: string; call: ts.CallExpression } => c?.method === 'query' && END.test(sqlOf(c.call) ?? '') && enclosingFunction(c.call) === fn);
  if (ends.length === 0) {
    if (isTestSupportFile(ctx.file.path)) {
      return 'BEGIN here and ROLLBACK in another function of this test file look like test-isolation hooks (beforeEach/afterEach): they only isolate tests because every query runs on the one shared connection. Give the tests a single-connection client of their own (e.g. a Pool with max: 1 when NODE_ENV is "test"), or leave the test files out of the analysis ("exclude" in .pgpoolguardrc.json), then rewrite again.';
    }
    return 'BEGIN and COMMIT/ROLLBACK are in different functions; check out one client with pool.connect(), pass it to both and release it when the transaction ends.';
  }
  // The innermost block holding BEGIN and every COMMIT/ROLLBACK.
  let block: ts.Block | undefined;
  for (let n: ts.Node | undefined = beginCall.parent; n && n !== fn; n = n.parent) {
    if (ts.isBlock(n) && ends.every((e) => e.call.pos >= n!.pos && e.call.end <= n!.end)) {
      block = n;
      break;
    }
  }
  if (!block) return 'BEGIN and COMMIT/ROLLBACK are not in one block of the function.';
  // BEGIN … COMMIT inside an existing try/catch: reuse that try (add ROLLBACK and release to it).
  const enclosingTry = block.parent;
  if (ts.isTryStatement(enclosingTry) && enclosingTry.tryBlock === block && enclosingTry.catchClause && ts.isBlock(enclosingTry.parent)) {
    block = enclosingTry.parent;
  }
  const indexOf = (node: ts.Node): number => block!.statements.findIndex((s) => node.pos >= s.pos && node.end <= s.end);
  const first = indexOf(beginCall);
  let last = Math.max(...ends.map((e) => indexOf(e.call)));
  const beginStmt = block.statements[first];
  const direct = (s: ts.Node): boolean => ts.isExpressionStatement(s) && outermost(beginCall) === s.expression;
  const lastStmt = block.statements[last];
  const existingTry = ts.isTryStatement(lastStmt) && lastStmt.catchClause ? lastStmt : undefined;
  const beginInsideTry = ts.isTryStatement(beginStmt) && beginStmt.tryBlock.statements.some(direct);
  if (!direct(beginStmt) && !beginInsideTry) return 'BEGIN is sent conditionally (inside an if/loop); rewrite it by hand.';
  if (beginInsideTry && beginStmt !== existingTry) return 'BEGIN is inside a try statement that does not also end the transaction.';
  if (existingTry && first < last) {
    const tryLine = text(ctx).slice(lineStart(text(ctx), existingTry.getStart(ctx.file.sf)), nextLine(text(ctx), existingTry.tryBlock.getStart(ctx.file.sf)));
    if (!/^[ \t]*try[ \t]*\{[ \t]*\r?\n$/.test(tryLine)) return 'the try statement after BEGIN is not laid out as `try {` on its own line; move BEGIN into it by hand.';
    if (declaredNamesUsedAfter(ctx, block, first, last - 1, last + 1)) return 'a declaration between BEGIN and the try is used after the try.';
  }
  if (!existingTry) {
    // A declaration used after COMMIT must stay in scope: take the rest of the block into the try.
    if (declaredNamesUsedAfter(ctx, block, first, last)) last = block.statements.length - 1;
  }
  const foreign = foreignClientCall(ctx, block, first, last) ?? callbackWithoutClient(ctx, block, first, last);
  if (foreign) return foreign;
  const acquireInTry = !!existingTry && !alwaysRethrows(existingTry.catchClause!);
  if (acquireInTry) {
    // The checked-out client may be unset in the catch/finally (connect failed): only ROLLBACK can be guarded there.
    const other = ctx.clientExprs.find((e) => {
      if (!inCatchOrFinally(existingTry!, e)) return false;
      const m = clientMethodCall(e);
      if (m && (m.method === 'connect' || m.method === 'end')) return false; // removed by the lifecycle rewrite
      return !(m?.method === 'query' && ROLLBACK.test(sqlOf(m.call) ?? ''));
    });
    if (other) {
      return `the catch handles the error (it does not rethrow) and its catch/finally uses the client for more than ROLLBACK (${lineOf(ctx, other)}); check out a client with pool.connect() inside the try by hand.`;
    }
  }
  return { fn, block, first, last, existingTry, acquireInTry, poolText: exprText(ctx, beginExpr) };
}

/** `x.test.js`, `x.spec.ts`, `__tests__/…`, `_testCommon.js`, `test-helpers.js`: judged by the file name, the way test runners find them. */
function isTestSupportFile(path: string): boolean {
  const parts = path.split('/');
  const stem = parts[parts.length - 1].toLowerCase().replace(/\.[^.]+$/, '');
  return parts.includes('__tests__') || stem.endsWith('.test') || stem.endsWith('.spec') || stem.includes('testcommon') || stem.startsWith('test-') || stem.startsWith('test_') || stem.endsWith('-test') || stem.endsWith('_test');
}

/**
 * TypeScript does not keep `let client: PoolClient | undefined` narrowed (by
 * `client = await pool.connect()`) inside a function created in the try: such
 * uses, which only run once connect() succeeded, get a non-null assertion.
 */
function checkedOutText(ctx: FileRewrite, plan: TxPlan, node: ts.Node, name: string): string {
  if (!plan.acquireInTry || !ctx.file.isTypeScript) return name;
  const tryBlock = plan.existingTry!.tryBlock;
  if (node.pos < tryBlock.pos || node.end > tryBlock.end) return name;
  for (let n: ts.Node | undefined = node.parent; n && n !== tryBlock; n = n.parent) if (ts.isFunctionLike(n)) return `${name}!`;
  return name;
}

function inCatchOrFinally(tryStmt: ts.TryStatement, node: ts.Node): boolean {
  const within = (b: ts.Node | undefined): boolean => !!b && node.pos >= b.pos && node.end <= b.end;
  return within(tryStmt.catchClause?.block) || within(tryStmt.finallyBlock);
}

/**
 * Does the catch end in `throw <its error>` on every path (and never return,
 * break or continue)? Then a connect failure before the try propagates just
 * as the failing BEGIN did, and the acquire can stay before the try.
 */
function alwaysRethrows(clause: ts.CatchClause): boolean {
  const binding = clause.variableDeclaration?.name;
  if (!binding || !ts.isIdentifier(binding)) return false;
  const endsInThrow = (s: ts.Statement | undefined): boolean => {
    if (!s) return false;
    if (ts.isThrowStatement(s)) return ts.isIdentifier(s.expression) && s.expression.text === binding.text;
    if (ts.isBlock(s)) return endsInThrow(s.statements[s.statements.length - 1]);
    if (ts.isIfStatement(s)) return endsInThrow(s.thenStatement) && endsInThrow(s.elseStatement);
    return false;
  };
  let exits = false;
  const visit = (n: ts.Node): void => {
    if (exits || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) || ts.isBreakStatement(n) || ts.isContinueStatement(n)) exits = true;
    else ts.forEachChild(n, visit);
  };
  visit(clause.block);
  return !exits && endsInThrow(clause.block);
}

function applyPlan(ctx: FileRewrite, plan: TxPlan, name: string): void {
  const { sf, text } = { sf: ctx.file.sf, text: ctx.file.sf.text };
  const { style, edits } = ctx;
  const firstStmt = plan.block.statements[plan.first];
  const lastStmt = plan.block.statements[plan.last];
  const indent = indentOf(sf, firstStmt);
  const inner = indent + style.indentUnit;
  const nl = style.newline;
  const q = (s: string): string => quoted(style, s);
  const start = firstStmt.getStart(sf);
  const end = lastStmt.end;
  // In a catch that handles the error, the client is unset when connect() failed.
  const maybeUnset = (expr: ts.Node): boolean => !!plan.acquireInTry && inCatchOrFinally(plan.existingTry!, expr);
  // Every use of the client inside the transaction runs on the checked-out client.
  for (const expr of ctx.clientExprs) {
    if (expr.getStart(sf) < start || expr.end > end) continue;
    const m = clientMethodCall(expr);
    if (m && (m.method === 'connect' || m.method === 'end')) continue; // removed by the lifecycle rewrite
    edits.replace(expr.getStart(sf), expr.end, maybeUnset(expr) ? `${name}?` : checkedOutText(ctx, plan, expr, name));
    (ctx.checkedOut ??= new Set()).add(expr);
  }
  // A failed transaction may leave the connection broken (a failed ROLLBACK, a
  // dead socket): release(true) makes the pool discard it instead of reusing it.
  const failed = freeName(sf, ['failed', 'txFailed'], new Set(ctx.renamedIds.keys()));
  const flag = `let ${failed} = false${style.semi}`;
  const markFailed = `${failed} = true${style.semi}`;
  const api = ctx.poolApi ?? PG_POOL_API;
  const connect = `await ${plan.poolText}.${api.acquire}()`;
  const acquire = `const ${name} = ${connect}${style.semi}`;
  const optional = plan.acquireInTry ? '?' : '';
  const release = api.release === 'release(failed)'
    ? `${name}${optional}.release(${failed})${style.semi}`
    : `${failed} ? ${name}${optional}.destroy() : ${name}${optional}.release()${style.semi}`;
  const rollback = `await ${name}${plan.acquireInTry ? '?' : ''}.query(${q('ROLLBACK')})${style.semi}`;
  if (plan.existingTry) {
    const tryStmt = plan.existingTry;
    // Handled catch: `let client; try { client = await pool.connect(); …`.
    // Only TypeScript gets a type (and poolClientType() adds its import as it names it).
    const connectionType = (): string => (api.connectionType ? api.connectionType(plan.poolText) : ctx.pg.poolClientType());
    const declare = (): string => `let ${name}${ctx.file.isTypeScript ? `: ${connectionType()} | undefined` : ''}${style.semi}`;
    const assign = `${name} = ${connect}${style.semi}`;
    if (plan.first < plan.last) {
      // Statements before the try (BEGIN …) could throw after the acquire and leak
      // the client: the try now starts right after the acquire.
      const head = plan.acquireInTry ? `${declare()}${nl}${indent}${flag}${nl}${indent}try {${nl}${inner}${assign}${nl}${inner}` : `${acquire}${nl}${indent}${flag}${nl}${indent}try {${nl}${inner}`;
      edits.insert(start, head);
      shiftIndentation(edits, sf, nextLine(text, start), plan.block.statements[plan.last - 1].end, '', style.indentUnit);
      const tryStart = tryStmt.getStart(sf);
      edits.remove(lineStart(text, tryStart), nextLine(text, tryStmt.tryBlock.getStart(sf)));
    } else if (plan.acquireInTry) {
      edits.insert(start, `${declare()}${nl}${indent}${flag}${nl}${indent}`);
      insertFirstInBlock(ctx, tryStmt.tryBlock, assign);
    } else {
      edits.insert(start, `${acquire}${nl}${indent}${flag}${nl}${indent}`);
    }
    const catchBlock = tryStmt.catchClause!.block;
    const rollsBack = ctx.clientExprs.some((e) => {
      const m = clientMethodCall(e);
      return m?.method === 'query' && ROLLBACK.test(sqlOf(m.call) ?? '') && e.pos >= catchBlock.pos && e.end <= catchBlock.end;
    });
    insertFirstInBlock(ctx, catchBlock, markFailed);
    if (!rollsBack) insertFirstInBlock(ctx, catchBlock, rollback);
    if (tryStmt.finallyBlock) insertFirstInBlock(ctx, tryStmt.finallyBlock, release);
    else edits.insert(catchBlock.end, ` finally {${nl}${indentOf(sf, tryStmt)}${style.indentUnit}${release}${nl}${indentOf(sf, tryStmt)}}`);
    return;
  }
  edits.insert(start, `${acquire}${nl}${indent}${flag}${nl}${indent}try {${nl}${inner}`);
  shiftIndentation(edits, sf, nextLine(text, start), end, '', style.indentUnit);
  const err = freeName(sf, ['err', 'error', 'txError']);
  edits.insert(
    end,
    `${nl}${indent}} catch (${err}) {${nl}${inner}${markFailed}${nl}${inner}${rollback}${nl}${inner}throw ${err}${style.semi}${nl}${indent}} finally {${nl}${inner}${release}${nl}${indent}}`,
  );
}

function text(ctx: FileRewrite): string {
  return ctx.file.sf.text;
}

function nextLine(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

/** Insert a statement as the first of a block, right after its `{` (so removals inside the block cannot collide with it). */
function insertFirstInBlock(ctx: FileRewrite, block: ts.Block, statement: string): void {
  const sf = ctx.file.sf;
  const nl = ctx.style.newline;
  const first = block.statements[0];
  const indent = first ? indentOf(sf, first) : indentOf(sf, block) + ctx.style.indentUnit;
  ctx.keptBlocks.add(block);
  if (first && sf.text.slice(block.getStart(sf) + 1, first.getStart(sf)).includes('\n')) {
    ctx.edits.insert(block.getStart(sf) + 1, `${nl}${indent}${statement}`);
  } else if (first) {
    ctx.edits.insert(first.getStart(sf), `${statement}${nl}${indent}`);
  } else {
    ctx.edits.replace(block.getStart(sf), block.end, `{${nl}${indent}${statement}${nl}${indentOf(sf, block)}}`);
  }
}

/** Does a statement after `last` use a name declared by the statements first..last? */
function declaredNamesUsedAfter(ctx: FileRewrite, block: ts.Block, first: number, last: number, from = last + 1): boolean {
  const declared = new Set<ts.Symbol>();
  for (const stmt of block.statements.slice(first, last + 1)) {
    const names: ts.Identifier[] = [];
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) collectBindingNames(d.name, names);
    } else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) && stmt.name) {
      names.push(stmt.name);
    }
    for (const n of names) {
      const s = ctx.file.checker.getSymbolAtLocation(n);
      if (s) declared.add(s);
    }
  }
  if (declared.size === 0) return false;
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(node)) {
      const s = symbolOf(ctx.file, node);
      if (s && declared.has(s)) used = true;
    }
    ts.forEachChild(node, visit);
  };
  for (const stmt of block.statements.slice(from)) visit(stmt);
  return used;
}

function collectBindingNames(name: ts.BindingName, out: ts.Identifier[]): void {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectBindingNames(el.name, out);
}

/** A call inside the transaction to a function of another module that uses the shared client itself. */
function foreignClientCall(ctx: FileRewrite, block: ts.Block, first: number, last: number): string | undefined {
  let problem: string | undefined;
  const visit = (node: ts.Node): void => {
    if (problem) return;
    if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : node.expression;
      const onClient = ctx.clientExprSet.has(callee as ts.Expression) || ctx.clientExprSet.has(node.expression);
      if (ts.isIdentifier(callee) && !onClient) {
        const decl = symbolOf(ctx.file, callee)?.declarations?.[0];
        const spec = decl && importSpecifierOf(decl);
        if (spec && ctx.usesClientModule(spec)) {
          problem = `it calls ${node.expression.getText(ctx.file.sf)}() from '${spec}', which uses the shared client itself, so those queries would run outside the transaction; pass the checked-out client to it.`;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const stmt of block.statements.slice(first, last + 1)) visit(stmt);
  return problem;
}

/**
 * A call inside the transaction to a function the code was handed (a
 * parameter) without the client among its arguments: whatever it queries goes
 * through the pool it reaches by itself, on other connections. Moved onto a
 * checked-out client, the transaction would hold that connection while its
 * work waits for another: not atomic, and with every connection checked out,
 * stuck (`transaction(cb)` whose cb uses an imported pool).
 */
function callbackWithoutClient(ctx: FileRewrite, block: ts.Block, first: number, last: number): string | undefined {
  let problem: string | undefined;
  const visit = (node: ts.Node): void => {
    if (problem) return;
    // Awaited: the transaction waits for its work (`await work()`), unlike `next(err)` or `done()`.
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && isAwaited(node)) {
      const decl = symbolOf(ctx.file, node.expression)?.declarations?.[0];
      const passesClient = node.arguments.some((a) => ctx.clientExprSet.has(a));
      if (decl && ts.isParameter(decl) && !passesClient) {
        const name = node.expression.text;
        problem = `it calls ${name}(), a function it was handed, without the client: the queries ${name}() runs go through the pool on other connections, outside the transaction (and with every connection checked out they wait forever); pass the checked-out client to ${name}() and use it there.`;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const stmt of block.statements.slice(first, last + 1)) visit(stmt);
  return problem;
}

function isAwaited(call: ts.CallExpression): boolean {
  let n: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(n)) n = n.parent;
  return ts.isAwaitExpression(n);
}

export function importSpecifierOf(decl: ts.Declaration): string | undefined {
  let n: ts.Node | undefined = decl;
  while (n && !ts.isSourceFile(n)) {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) return n.moduleSpecifier.text;
    if (ts.isVariableDeclaration(n) && n.initializer) {
      let init = n.initializer;
      if (ts.isPropertyAccessExpression(init)) init = init.expression;
      if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments[0] && ts.isStringLiteralLike(init.arguments[0])) {
        return init.arguments[0].text;
      }
      return undefined;
    }
    n = n.parent;
  }
  return undefined;
}

/**
 * Same-file helper functions called between BEGIN and COMMIT that use the
 * client: they get a trailing parameter defaulting to the pool, and the calls
 * in the transaction pass the checked-out client.
 */
class HelperRewriter {
  private readonly done = new Map<ts.FunctionLikeDeclaration, string>();
  private readonly passed = new Set<ts.CallExpression>();
  private pending: Array<{ fn: ts.FunctionLikeDeclaration; calls: ts.CallExpression[] }> = [];
  private plan?: TxPlan;

  constructor(private readonly ctx: FileRewrite, private readonly argName: string) {}

  /** Find the helpers of this transaction; a reason string when one cannot be rewritten. */
  prepare(plan: TxPlan): string | undefined {
    this.pending = [];
    this.plan = plan;
    const seen = new Set<ts.FunctionLikeDeclaration>();
    const regions: ts.Node[] = plan.block.statements.slice(plan.first, plan.last + 1);
    while (regions.length > 0) {
      const region = regions.pop()!;
      for (const call of callsIn(region)) {
        const helper = this.helperFor(call);
        if (!helper || helper === plan.fn) continue;
        const problem = this.check(helper, call);
        if (problem) return problem;
        const entry = this.pending.find((p) => p.fn === helper);
        if (entry) entry.calls.push(call);
        else this.pending.push({ fn: helper, calls: [call] });
        if (!seen.has(helper)) {
          seen.add(helper);
          if (helper.body) regions.push(helper.body);
        }
      }
    }
    return undefined;
  }

  apply(): void {
    for (const { fn, calls } of this.pending) {
      if (!this.done.has(fn)) {
        this.addParameter(fn, this.argName);
        this.done.set(fn, this.argName);
      }
      for (const call of calls) {
        if (this.passed.has(call)) continue;
        this.passed.add(call);
        const padding = Array.from({ length: Math.max(0, fn.parameters.length - call.arguments.length) }, () => 'undefined');
        const args = [...padding, this.plan ? checkedOutText(this.ctx, this.plan, call, this.argName) : this.argName].join(', ');
        this.ctx.edits.insert(call.end - 1, call.arguments.length > 0 ? `, ${args}` : args);
      }
    }
  }

  private helperFor(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
    const callee = call.expression;
    let decl: ts.Declaration | undefined;
    if (ts.isIdentifier(callee)) decl = symbolOf(this.ctx.file, callee)?.declarations?.[0];
    else if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      decl = this.ctx.file.checker.getSymbolAtLocation(callee)?.declarations?.[0] ?? findMethod(callee);
    }
    if (!decl) return undefined;
    let fn: ts.FunctionLikeDeclaration | undefined;
    if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) fn = decl;
    else if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) fn = decl.initializer;
    if (!fn || !fn.body) return undefined;
    const usesClient = this.ctx.clientExprs.some((e) => e.pos >= fn!.body!.pos && e.end <= fn!.body!.end) || callsIn(fn.body).some((c) => {
      const h = c !== call ? this.helperForShallow(c) : undefined;
      return !!h && this.ctx.clientExprs.some((e) => e.pos >= h.pos && e.end <= h.end);
    });
    return usesClient ? fn : undefined;
  }

  private helperForShallow(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
    if (!ts.isIdentifier(call.expression)) return undefined;
    const decl = symbolOf(this.ctx.file, call.expression)?.declarations?.[0];
    if (decl && ts.isFunctionDeclaration(decl)) return decl;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
    return undefined;
  }

  private check(fn: ts.FunctionLikeDeclaration, call: ts.CallExpression): string | undefined {
    const name = call.expression.getText(this.ctx.file.sf);
    if (fn.parameters.some((p) => p.dotDotDotToken)) return `helper ${name}() has a rest parameter, so the checked-out client cannot be passed to it.`;
    if (call.arguments.some((a) => ts.isSpreadElement(a))) return `the call to ${name}() spreads its arguments, so the checked-out client cannot be appended.`;
    if (call.arguments.length > fn.parameters.length) return `the call to ${name}() passes more arguments than it declares.`;
    const symbol = functionSymbol(this.ctx.file, fn);
    if (symbol && this.isUsedAsValue(symbol)) return `helper ${name}() is also passed around as a value, so adding a parameter could change what it receives.`;
    return undefined;
  }

  private isUsedAsValue(symbol: ts.Symbol): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node) && symbolOf(this.ctx.file, node) === symbol) {
        const parent = node.parent;
        const callee = ts.isPropertyAccessExpression(parent) && parent.name === node ? parent : node;
        const isCallee = ts.isCallExpression(callee.parent) && callee.parent.expression === callee;
        const isDeclName = (ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === node;
        const isExport = ts.isExportSpecifier(parent) || ts.isExportAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent);
        if (!isCallee && !isDeclName && !isExport) found = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(this.ctx.file.sf);
    return found;
  }

  private addParameter(fn: ts.FunctionLikeDeclaration, name: string): void {
    const ctx = this.ctx;
    const sf = ctx.file.sf;
    // Inside the helper, every use of the client becomes the parameter.
    let poolText: string | undefined;
    for (const expr of ctx.clientExprs) {
      if (!fn.body || expr.pos < fn.body.pos || expr.end > fn.body.end) continue;
      const m = clientMethodCall(expr);
      if (m && (m.method === 'connect' || m.method === 'end')) continue;
      poolText ??= exprText(ctx, expr);
      ctx.edits.replace(expr.getStart(sf), expr.end, name);
    }
    poolText ??= this.ctx.clientExprs.length > 0 ? exprText(ctx, ctx.clientExprs[0]) : 'undefined';
    const api = ctx.poolApi ?? PG_POOL_API;
    const type = !ctx.file.isTypeScript ? '' : api.connectionType
      ? `: typeof ${poolText} | ${api.connectionType(poolText)}`
      : `: ${ctx.pg.poolTypeText()} | ${ctx.pg.poolClientType()}`;
    const param = `${name}${type} = ${poolText}`;
    const params = fn.parameters;
    const open = fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.OpenParenToken);
    if (!open && params.length === 1) {
      // `x => …` needs parentheses once it has two parameters.
      ctx.edits.insert(params[0].getStart(sf), '(');
      ctx.edits.insert(params[0].end, `, ${param})`);
    } else if (params.length > 0) ctx.edits.insert(params[params.length - 1].end, `, ${param}`);
    else if (open) ctx.edits.insert(open.end, param);
  }
}

function findMethod(access: ts.PropertyAccessExpression): ts.Declaration | undefined {
  let cls: ts.Node | undefined = access.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls) return undefined;
  return (cls as ts.ClassLikeDeclaration).members.find((m) => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === access.name.text);
}

function callsIn(node: ts.Node): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}
