/**
 * What an expression stands for among this file's module-level nodes:
 * bindings, imports (incl. namespace members), class members (`this.x`,
 * `Cls.x`) and local aliases. Also the alias/new edges of initializers.
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { LocalId } from '../types';
import { classifySpecifier } from './modules';
import { addImportNode, namespaceMember } from './imports';
import { dynamicImportSpecifier, isFunctionExpressionLike, unwrap, unwrapAwait } from './syntax';
import type { ClassInfo, VisitContext } from './visitContext';
import { ACQUIRE_METHODS, BEGIN_METHODS, VIEW_METHODS } from '../catalogue/drivers';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isBinaryExpression, isCallExpression, isElementAccessExpression, isIdentifier, isNewExpression, isPropertyAccessExpression } = ts;

export function classInfoOf(walker: VisitContext, classId: LocalId): ClassInfo {
  return walker.classInfo(classId);
}

/** The member node `m:Class.name` (created on first use) with the class → member edge. */
export function memberNode(walker: VisitContext, cls: ClassInfo, name: string, isStatic: boolean, rangeNode: ts.Node): LocalId {
  const known = cls.members?.get(name);
  if (known !== undefined) return known;
  const id = `m:${cls.name}.${name}`;
  (cls.members ??= new Map()).set(name, id);
  if (!walker.out.byId.has(id)) {
    walker.out.add({ id, kind: 'member', name: `${cls.name}.${name}`, range: walker.range(rangeNode), owner: cls.id, isStatic });
    walker.edge(cls.id, id, 'ref');
  }
  return id;
}

export function diNode(walker: VisitContext, key: string, rangeNode: ts.Node): LocalId {
  const id = `di:${key}`;
  walker.out.add({ id, kind: 'di', name: key, key, range: walker.range(rangeNode) });
  return id;
}

export function creationId(walker: VisitContext, node: ts.Node): LocalId {
  return `new:${node.getStart(walker.sourceFile)}`;
}

/** `this.x`, `Cls.x`, `ns.x`, `require('./m').x` — the node for the whole access, if it has one. */
export function resolveMemberAccess(walker: VisitContext, access: ts.PropertyAccessExpression): LocalId | undefined {
  const object = unwrap(access.expression);
  const name = access.name.text;
  if (object.kind === SK.ThisKeyword) {
    return walker.thisClass ? memberNode(walker, walker.thisClass, name, walker.thisStatic, access.name) : undefined;
  }
  if (isIdentifier(object)) {
    const symbol = walker.lookup(object.text);
    if (symbol?.classId) return memberNode(walker, classInfoOf(walker, symbol.classId), name, true, access.name);
    if (symbol?.namespace) return namespaceMember(walker, symbol.namespace, name, access);
    return undefined;
  }
  const inner = unwrapAwait(object);
  const required = walker.requireOf(inner);
  const specifier = required ?? dynamicImportSpecifier(inner);
  if (specifier !== undefined && classifySpecifier(specifier, walker.drivers) === 'other') {
    return addImportNode(walker, `i:${inner.getStart(walker.sourceFile)}.${name}`, specifier, name, name,
      required !== undefined ? 'cjs' : 'dynamic', access);
  }
  return undefined;
}

/**
 * The module-level node an expression refers to; property/element accesses on
 * a plain object fall back to the object (`config.db` → `config`).
 */
export function resolveExprNode(walker: VisitContext, expression: ts.Expression): LocalId | undefined {
  let e = unwrap(expression);
  for (;;) {
    if (isIdentifier(e)) return walker.lookup(e.text)?.node;
    if (isPropertyAccessExpression(e)) {
      const direct = resolveMemberAccess(walker, e);
      if (direct !== undefined) return direct;
      e = unwrap(e.expression);
      continue;
    }
    if (isElementAccessExpression(e)) {
      e = unwrap(e.expression);
      continue;
    }
    return undefined;
  }
}

/** The node `x` a holder IS when initialised/assigned with `x` (identifier or property access). */
export function aliasTarget(walker: VisitContext, expression: ts.Expression): LocalId | undefined {
  let e = unwrap(expression);
  // `connection.promise()`: the same connection through another API (driver table `viewMethods`).
  while (isCallExpression(e) && e.arguments.length === 0 && isPropertyAccessExpression(e.expression) && VIEW_METHODS.has(e.expression.name.text)) {
    e = unwrap(e.expression.expression);
  }
  if (isIdentifier(e) || isPropertyAccessExpression(e)) return resolveExprNode(walker, e);
  return undefined;
}

/**
 * Edges from a holder to its initializer: `alias` when the initializer IS a
 * node, `new` for `new Cls()`; the remaining refs come from the walk.
 */
export function initializerEdges(walker: VisitContext, from: LocalId, initializer: ts.Expression): void {
  const e = unwrap(initializer);
  const target = aliasTarget(walker, e);
  if (target !== undefined) {
    walker.edge(from, target, 'alias');
    walker.markHandled(e);
    return;
  }
  // `store.pool = store.pool || db`: the holder may hold either side.
  if (isBinaryExpression(e) && (e.operatorToken.kind === SK.BarBarToken || e.operatorToken.kind === SK.QuestionQuestionToken)) {
    initializerEdges(walker, from, e.left);
    initializerEdges(walker, from, e.right);
    return;
  }
  // `export const db = await openDatabase()`: the holder holds what the module-level function returns.
  const called = unwrapAwait(e);
  if (isCallExpression(called) && isIdentifier(unwrap(called.expression))) {
    const fn = walker.lookup((unwrap(called.expression) as ts.Identifier).text)?.node;
    if (fn !== undefined && (walker.isFunctionNode(fn) || fn.startsWith('i:'))) walker.edge(from, fn, 'alias');
    return;
  }
  // `pool = await database.connect(config)`: an imported module's function (`i:` namespace member).
  if (isCallExpression(called) && isPropertyAccessExpression(unwrap(called.expression))) {
    const callee = unwrap(called.expression) as ts.PropertyAccessExpression;
    const fn = isModuleFunction(walker, callee) && !isPoolCheckout(called) ? resolveMemberAccess(walker, callee) : undefined;
    if (fn !== undefined) walker.edge(from, fn, 'alias');
    return;
  }
  if (isNewExpression(e)) {
    const cls = unwrap(e.expression);
    const constructed = aliasTarget(walker, cls);
    if (constructed !== undefined) {
      walker.edge(from, constructed, 'new');
      walker.markHandled(cls);
    }
  }
}

/**
 * `await pool.connect()`: a client checked out of a pool (its local aliases the pool, but is not it).
 * What a wrapper's method hands out (`await this.db.getClient()`) may be one too: the Pool rules
 * never treat it as the pool itself; the Client rules still follow it to a wrapped Client.
 */
export function isCheckout(walker: VisitContext, initializer: ts.Expression): boolean {
  const e = unwrapAwait(initializer);
  if (!isCallExpression(e) || !isPropertyAccessExpression(unwrap(e.expression))) return false;
  const callee = unwrap(e.expression) as ts.PropertyAccessExpression;
  if (callee.name.text === 'connect') return isPoolCheckout(e) || !isModuleFunction(walker, callee);
  // `await pg.open(url)`: what a required module's function returns, not a checkout.
  return isHandOutMethod(callee.name.text) && !isModuleFunction(walker, callee);
}

/** `ns.fn` where `ns` is a required module (a namespace import): that module's function. */
function isModuleFunction(walker: VisitContext, callee: ts.PropertyAccessExpression): boolean {
  const receiver = unwrap(callee.expression);
  return isIdentifier(receiver) && walker.lookup(receiver.text)?.namespace !== undefined;
}

/**
 * What a local variable stands for: `client`, `this.client`, `await getClient()`, `await pool.connect()`,
 * `await this.db.getClient()` (what a wrapper's method hands out is its client). Never a value derived
 * from a client's results: `await db.query(…)` (rows), a mysql2 `getConnection()` checkout.
 */
export function localAliasTarget(walker: VisitContext, initializer: ts.Expression): LocalId | undefined {
  let e = unwrapAwait(initializer);
  if (isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (isIdentifier(callee)) e = callee;
    else if (isPropertyAccessExpression(callee) && callee.name.text === 'connect') {
      // `await connection.connect(options)` on an imported module: its result, not a checkout.
      e = !isPoolCheckout(e) && isModuleFunction(walker, callee) ? callee : callee.expression;
    }
    else if (isPropertyAccessExpression(callee) && isHandOutMethod(callee.name.text)) {
      const receiver = unwrap(callee.expression);
      // Only a module-level wrapper's methods (`this.db.getClient()`, `database.getClient()`), not `req.get()`.
      if (!isPropertyAccessExpression(receiver) && !(isIdentifier(receiver) && walker.lookup(receiver.text)?.moduleLevel)) return undefined;
      // `await pg.open(url)` on a required module: that module's function `open` (an import of a
      // name it does not export falls back to its default export, the wrapper itself).
      e = isModuleFunction(walker, callee) ? callee : receiver;
    } else return undefined;
  }
  return aliasTarget(walker, e);
}

/**
 * `x.connect()` / `x.connect(callback)` is pg's checkout; `database.connect(config)` with
 * another argument is a module's own function (whose result may be a Pool it built).
 */
function isPoolCheckout(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!isPropertyAccessExpression(callee) || !ACQUIRE_METHODS.has(callee.name.text)) return false;
  return call.arguments.every((a) => isFunctionExpressionLike(unwrap(a)));
}

/** Method names that may hand out a wrapper's client: not a client's own API (`query` returns rows) nor a pool checkout. */
function isHandOutMethod(name: string): boolean {
  return !RESULT_METHODS.has(name) && !ACQUIRE_METHODS.has(name) && !BEGIN_METHODS.has(name);
}

const RESULT_METHODS: ReadonlySet<string> = new Set(['query', 'execute', 'end', 'on', 'release', 'then', 'catch', 'finally',
  'map', 'filter', 'find', 'reduce', 'json', 'text', 'toString', 'get', 'all', 'one', 'many', 'none', 'oneOrNone', 'any']);
