/**
 * Session state kept on the shared connection. With a Pool each query may run
 * on a different connection, so state set on one connection stops applying.
 *
 * A plain `SET` sent once after connecting (module top level, right after
 * `connect()`, or in connect()'s `.then`) is per-connection setup: it moves to
 * `pool.on('connect', (client) => { client.query('SET …'); })`, which runs it on
 * every new connection before any query of its own (node-postgres documents
 * this). Anything else — SET in request code, RESET, TEMP tables, session
 * advisory locks, LISTEN, PREPARE — refuses the rewrite, saying what would change.
 * SQL is read as data (the literal's value) with the rules' tokenizer.
 */
import ts from 'typescript';
import { leadingWords } from '../sql';
import type { FileRewrite } from './context';
import { clientMethodCall, problemAt, sqlOf } from './context';
import { outermost } from './clientRefs';
import { isInStatementList } from './statements';

export interface SessionSetup {
  /** Statements (in this file) that move into the connect handler. */
  moved: Set<ts.Statement>;
  /** `.then(cb)` links of connect() whose callback only sent SETs: removed whole. */
  droppedLinks: Set<ts.CallExpression>;
  /** Argument texts of the moved queries, in source order. */
  queries: string[];
}

export function planSessionState(ctx: FileRewrite): SessionSetup {
  const setup: SessionSetup = { moved: new Set(), droppedLinks: new Set(), queries: [] };
  const sf = ctx.file.sf;
  for (const expr of ctx.clientExprs) {
    const m = clientMethodCall(expr);
    if (!m) continue;
    if (m.method === 'on') {
      const event = m.call.arguments[0];
      if (event && ts.isStringLiteralLike(event) && event.text === 'notification') {
        ctx.problems.push(problemAt(ctx.file.path, sf, m.call, "on('notification') listens on one dedicated connection: a Pool has no 'notification' event, so this listener would never fire. Keep a separate Client for LISTEN/notifications and pool the rest."));
      }
      continue;
    }
    if (m.method !== 'query') continue;
    const sql = sqlOf(m.call);
    if (sql === undefined) continue;
    const kind = sessionStatement(sql);
    if (!kind) continue;
    if (kind === 'set') {
      const place = onceAfterConnect(ctx, m.call);
      if (place) {
        if (place.link) setup.droppedLinks.add(place.link);
        else setup.moved.add(place.statement!);
        setup.queries.push(m.call.arguments.map((a) => a.getText(sf)).join(', '));
        continue;
      }
    }
    ctx.problems.push(problemAt(ctx.file.path, sf, m.call, WHAT_CHANGES[kind]));
  }
  // A `.then(() => { … })` of connect() left with nothing but moved SETs goes whole.
  for (const stmt of setup.moved) {
    const body = stmt.parent;
    const fn = ts.isBlock(body) ? body.parent : undefined;
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) continue;
    const link = thenLinkOfConnect(ctx, fn);
    if (link && (body as ts.Block).statements.every((s) => setup.moved.has(s))) {
      for (const s of (body as ts.Block).statements) setup.moved.delete(s);
      setup.droppedLinks.add(link);
    }
  }
  return setup;
}

type SessionKind = 'set' | 'reset' | 'temp' | 'lock' | 'listen' | 'prepare';

const WHAT_CHANGES: Record<SessionKind, string> = {
  set: "SET here changes a setting of whichever pooled connection runs it: later queries of this code may run on other connections without it, and the connection keeps it for whoever uses it next. Use SET LOCAL inside a transaction on one checked-out client (pool.connect()), or set it for every connection once in pool.on('connect').",
  reset: 'RESET here resets a setting of whichever pooled connection runs it, not of the connections the other queries use. Set it per transaction (SET LOCAL) on one checked-out client instead.',
  temp: 'a TEMP table exists only on the connection that created it: with a Pool, the queries that read it may run on another connection and not find it. Create and use it on one checked-out client (pool.connect() … release()).',
  lock: 'a session advisory lock belongs to the connection that took it: with a Pool the unlock may run on another connection and never release it. Use pg_advisory_xact_lock inside a transaction, or lock and unlock on one checked-out client.',
  listen: "LISTEN registers one connection: with a Pool it lands on a random pooled connection and a Pool has no 'notification' event. Keep a separate Client for LISTEN and pool the rest.",
  prepare: 'a PREPAREd statement exists only on the connection that prepared it: with a Pool, EXECUTE may run on another connection and fail. Use a named query config ({ name, text }) instead; node-postgres prepares it on each connection.',
};

function sessionStatement(sql: string): SessionKind | undefined {
  const [first, second, third] = leadingWords(sql, 3);
  if (first === 'set') {
    if (second === 'local' || second === 'transaction' || second === 'constraints') return undefined;
    if (second === 'session' && third === 'characteristics') return 'set';
    return 'set';
  }
  if (first === 'reset') return 'reset';
  if (first === 'listen') return 'listen';
  if (first === 'prepare') return 'prepare';
  if (first === 'create' && (second === 'temp' || second === 'temporary' || ((second === 'global' || second === 'local') && (third === 'temp' || third === 'temporary')))) return 'temp';
  if (/\bpg_(try_)?advisory_lock(_shared)?\s*\(/i.test(sql)) return 'lock';
  return undefined;
}

/**
 * Where a SET runs once right after connecting: a statement at module top
 * level or after a connect() statement in its block, or connect()'s `.then`
 * callback whose whole body is this SET. Only literal SQL with no parameters moves.
 */
function onceAfterConnect(ctx: FileRewrite, call: ts.CallExpression): { statement?: ts.Statement; link?: ts.CallExpression } | undefined {
  if (call.arguments.length !== 1 || !(ts.isStringLiteral(call.arguments[0]) || ts.isNoSubstitutionTemplateLiteral(call.arguments[0]))) return undefined;
  const value = outermost(call);
  // connect().then(() => client.query('SET …'))
  const fn = value.parent;
  if (ts.isArrowFunction(fn) && fn.body === value) {
    const link = thenLinkOfConnect(ctx, fn);
    return link ? { link } : undefined;
  }
  const stmt = value.parent;
  if (!ts.isExpressionStatement(stmt) || !isInStatementList(stmt)) return undefined;
  const list = (stmt.parent as ts.Block | ts.SourceFile).statements;
  if (ts.isSourceFile(stmt.parent)) return { statement: stmt };
  const before = list.slice(0, list.indexOf(stmt));
  if (before.some((s) => isConnectStatement(ctx, s))) return { statement: stmt };
  const owner = ts.isBlock(stmt.parent) ? stmt.parent.parent : undefined;
  if (owner && (ts.isArrowFunction(owner) || ts.isFunctionExpression(owner)) && thenLinkOfConnect(ctx, owner)) return { statement: stmt };
  return undefined;
}

/** `client.connect().then(fn)`: the `.then(fn)` call when `fn` is its first argument. */
function thenLinkOfConnect(ctx: FileRewrite, fn: ts.FunctionLikeDeclaration): ts.CallExpression | undefined {
  const link = fn.parent;
  if (!ts.isCallExpression(link) || link.arguments[0] !== fn || !ts.isPropertyAccessExpression(link.expression) || link.expression.name.text !== 'then') return undefined;
  const receiver = link.expression.expression;
  if (!ts.isCallExpression(receiver) || !ts.isPropertyAccessExpression(receiver.expression)) return undefined;
  return receiver.expression.name.text === 'connect' && ctx.clientExprSet.has(receiver.expression.expression) ? link : undefined;
}

function isConnectStatement(ctx: FileRewrite, stmt: ts.Statement): boolean {
  if (!ts.isExpressionStatement(stmt)) return false;
  let expr: ts.Expression = stmt.expression;
  if (ts.isAwaitExpression(expr) || ts.isVoidExpression(expr)) expr = expr.expression;
  return ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'connect' && ctx.clientExprSet.has(expr.expression.expression);
}
