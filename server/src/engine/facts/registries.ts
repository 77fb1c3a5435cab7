/**
 * Framework registries and context objects: a value stored under a name on
 * an app-wide object and read back by that name elsewhere, never imported.
 *
 * Providers (`reg:<name>` DI-like token, merged workspace-wide by the graph):
 * - Fastify `instance.decorate('db', client)`
 * - Koa / Telegraf `app.context.db = client`, `bot.context.db = client`
 * - Express `app.locals.db = client`, `app.set('db', client)`
 * - GraphQL servers' `context: { db }` / `context: (…) => ({ db, user })`
 *   (Apollo, express-graphql, graphql-http, Mercurius, Yoga: an object
 *   literal property named `context` in a call or `new` argument)
 * and `global.db = client` / `globalThis.db = client` (`global:<name>`).
 *
 * Consumers — only where the value is used as a client (the receiver of a
 * client method or of SQL), so an ordinary `req.body.x` never makes a node:
 * `fastify.db.query()`, `this.db.query()` (Fastify handlers), `request.server.db`,
 * `ctx.db`, `context.db`, `req.app.locals.db`, `req.app.get('db')`, a
 * destructured `({ db })` / `const { db } = ctx` / `const db = fastify.db`,
 * and for globals a bare undeclared `db` or `global.db`.
 *
 * Reachability: a consumer's container gets a ref edge to the token; the
 * provider's token gets an alias edge to the stored value, which makes a
 * Client built in a local of the registering function long-lived.
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { LocalId } from '../types';
import { aliasTarget } from './resolve';
import { createdThroughChain } from './driverValues';
import { ARG_KEY_PREFIX } from './arguments';
import { isFunctionExpressionLike, literalText, propertyNameText, unwrap, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isBlock, isCallExpression, isElementAccessExpression, isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isReturnStatement, isShorthandPropertyAssignment } = ts;

const GLOBAL_OBJECTS = new Set(['global', 'globalThis']);

export function registryKey(name: string): string {
  return `reg:${name}`;
}

export function globalKey(name: string): string {
  return `global:${name}`;
}

/** Records `key` as holding `value`; false when `value` is nothing the graph knows (a literal, a call result). */
/** The token node; named after the code that reads or stores it (`fastify.db`, `ctx.db`), for paths in messages. */
function tokenNode(walker: VisitContext, key: string, at: ts.Node, label: ts.Node): LocalId {
  const id = `di:${key}`;
  const text = label.getText(walker.sourceFile);
  const name = text.length <= 40 && !text.includes('\n') ? text : key.slice(key.indexOf(':') + 1);
  walker.out.add({ id, kind: 'di', name, key, range: walker.range(at) });
  return id;
}

function provide(walker: VisitContext, key: string, at: ts.Node, value: ts.Expression, label: ts.Node = at): boolean {
  const creation = createdThroughChain(walker, value);
  if (creation) {
    const id = tokenNode(walker, key, at, label);
    walker.claim(creation, { shape: walker.functionDepth > 0 ? 'lazy' : 'module', holder: id, holderName: key.slice(key.indexOf(':') + 1) });
    return true;
  }
  // `globalThis.metricsDb = global.client`: one token stored under another name.
  const target = aliasTarget(walker, value) ?? registryConsumer(walker, value) ?? factoryCalled(walker, value);
  if (target === undefined) return false;
  walker.edge(tokenNode(walker, key, at, label), target, 'alias');
  return true;
}

/**
 * `globalThis.pool = createPool()`: the token holds what the module-level function (or an imported one)
 * returns, as `const pool = createPool()` does (resolve.ts initializerEdges).
 */
function factoryCalled(walker: VisitContext, value: ts.Expression): LocalId | undefined {
  const called = unwrapAwait(value);
  if (!isCallExpression(called) || !isIdentifier(unwrap(called.expression))) return undefined;
  const fn = walker.lookup((unwrap(called.expression) as ts.Identifier).text)?.node;
  return fn !== undefined && (walker.isFunctionNode(fn) || fn.startsWith('i:')) ? fn : undefined;
}

/** `x.decorate('db', v)`, `app.set('db', v)`: a registry provider call. */
export function visitRegistryCall(walker: VisitContext, call: ts.CallExpression): void {
  const callee = unwrap(call.expression);
  if (!isPropertyAccessExpression(callee) || call.arguments.length !== 2) return;
  const method = callee.name.text;
  if (method !== 'decorate' && method !== 'set') return;
  // `handles.set('main', client)` on a `new Map()`: a keyed collection (assignments.ts visitCollectionStore), not `app.set`.
  const receiver = unwrap(callee.expression);
  if (isIdentifier(receiver) && walker.lookup(receiver.text)?.keyedCollection) return;
  const name = literalText(unwrap(call.arguments[0]));
  if (name === undefined) return;
  provide(walker, registryKey(name), call.arguments[0], call.arguments[1], call);
}

/**
 * `app.context.db = v`, `app.locals.db = v`, `global.db = v`. `res.locals.db = v`
 * in a middleware is per request: it provides only a module-level value (the
 * middleware itself already uses it), never a Client built per request.
 */
export function visitRegistryAssignment(walker: VisitContext, left: ts.Expression, right: ts.Expression): boolean {
  const slot = globalSlotName(walker, left);
  if (slot !== undefined) return provide(walker, globalKey(slot.name), slot.at, right, left);
  if (!isPropertyAccessExpression(left)) return false;
  const holder = unwrap(left.expression);
  const name = left.name.text;
  if (!isPropertyAccessExpression(holder)) return false;
  const registry = holder.name.text;
  if (registry === 'context') return provide(walker, registryKey(name), left.name, right, left);
  if (registry === 'locals' && !createdThroughChain(walker, right)) {
    const target = aliasTarget(walker, right);
    if (target !== undefined && !target.startsWith('new:')) return provide(walker, registryKey(name), left.name, right, left);
  }
  return false;
}

/**
 * A slot of the global object: `global.db`, `globalThis.db`, `globalThis['db']`,
 * `globalThis[POOL_KEY]` (named after the key's identifier: a `Symbol.for` key
 * is one slot per process), also through a local alias (`const g = globalThis`).
 */
export function globalSlotName(walker: VisitContext, left: ts.Expression): { name: string; at: ts.Node } | undefined {
  const e = unwrap(left);
  if (!isPropertyAccessExpression(e) && !isElementAccessExpression(e)) return undefined;
  if (!isGlobalObject(walker, e.expression)) return undefined;
  if (isPropertyAccessExpression(e)) return { name: e.name.text, at: e.name };
  const key = unwrap(e.argumentExpression);
  const literal = literalText(key);
  if (literal !== undefined) return { name: literal, at: key };
  return isIdentifier(key) ? { name: `[${key.text}]`, at: key } : undefined;
}

/** `global` / `globalThis` (not shadowed), or a local bound to it. */
function isGlobalObject(walker: VisitContext, expression: ts.Expression): boolean {
  const e = unwrap(expression);
  if (!isIdentifier(e)) return false;
  if (GLOBAL_OBJECTS.has(e.text) && walker.isGlobal(e.text)) return true;
  return walker.lookup(e.text)?.globalObject === true;
}

/** `const g = globalThis` (also `/** @type {any} *\/ (globalThis)`): g's members are globals. */
export function isGlobalObjectExpression(walker: VisitContext, expression: ts.Expression): boolean {
  const e = unwrap(expression);
  return isIdentifier(e) && GLOBAL_OBJECTS.has(e.text) && walker.isGlobal(e.text);
}

/**
 * `{ typeDefs, resolvers, context: { db } }` / `context: async ({ req }) => ({ db, user })`: in the server's
 * options or in a config module the server is built from.
 */
export function visitContextProperty(walker: VisitContext, property: ts.PropertyAssignment): void {
  let value = unwrap(property.initializer);
  if (isFunctionExpressionLike(value)) {
    const body = (value as ts.ArrowFunction | ts.FunctionExpression).body;
    const returned = returnedObject(body);
    if (!returned) return;
    value = returned;
  }
  if (!isObjectLiteralExpression(value)) return;
  for (const element of value.properties) {
    if (isShorthandPropertyAssignment(element)) provide(walker, registryKey(element.name.text), element.name, element.name);
    else if (isPropertyAssignment(element)) {
      const name = propertyNameText(element.name);
      if (name !== undefined) provide(walker, registryKey(name), element.name, element.initializer);
    }
  }
}

function returnedObject(body: ts.ConciseBody): ts.ObjectLiteralExpression | undefined {
  if (!isBlock(body)) {
    const e = unwrap(body);
    return isObjectLiteralExpression(e) ? e : undefined;
  }
  for (const statement of body.statements) {
    if (isReturnStatement(statement) && statement.expression) {
      const e = unwrap(statement.expression);
      if (isObjectLiteralExpression(e)) return e;
    }
  }
  return undefined;
}

/**
 * An object a registry can hang off: a parameter or local the walk does not
 * resolve (`fastify`, `ctx`, `request`), `this` outside a class (a Fastify
 * handler's instance), or a module-level variable (`const app = fastify()`).
 */
function isUnresolvedRoot(walker: VisitContext, e: ts.Expression): boolean {
  if (e.kind === SK.ThisKeyword) return walker.thisClass === undefined;
  if (!isIdentifier(e)) return false;
  const symbol = walker.lookup(e.text);
  if (symbol === undefined || (symbol.registry !== undefined && !symbol.registry.startsWith(ARG_KEY_PREFIX)) || symbol.classId || symbol.namespace || symbol.driverValue) return false;
  // A parameter passed a value (`registerRoutes(fastify)`) is still the object registries hang off.
  if (!symbol.moduleLevel) return symbol.node === undefined;
  return symbol.node !== undefined && symbol.node.startsWith('b:') && !symbol.isFunction;
}

/**
 * The registry token a client receiver reads, if it is one: `P.db`,
 * `P.server.db`, `P.app.locals.db`, `P.app.get('db')`, `global.db`, a local
 * bound from one (`symbol.registry`), or a bare undeclared global.
 */
export function registryConsumer(walker: VisitContext, receiver: ts.Expression): LocalId | undefined {
  const e = unwrap(receiver);
  if (isIdentifier(e)) {
    const symbol = walker.lookup(e.text);
    if (symbol?.registry !== undefined) return consume(walker, symbol.registry, e);
    if (symbol === undefined && walker.isGlobal(e.text)) return consume(walker, globalKey(e.text), e);
    return undefined;
  }
  const key = registryKeyOf(walker, e);
  return key === undefined ? undefined : consume(walker, key, e);
}

/** The key `P.db` / `global.db` / `P.app.get('db')` reads, for receivers and local aliases. */
export function registryKeyOf(walker: VisitContext, expression: ts.Expression): string | undefined {
  const e = unwrap(expression);
  if (isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (!isPropertyAccessExpression(callee) || callee.name.text !== 'get' || e.arguments.length !== 1) return undefined;
    const name = literalText(unwrap(e.arguments[0]));
    return name !== undefined && rootIsUnresolved(walker, callee.expression) ? registryKey(name) : undefined;
  }
  if (!isPropertyAccessExpression(e)) return undefined;
  const prefix = registryPrefixOf(walker, e.expression);
  return prefix === undefined ? undefined : prefix + e.name.text;
}

/** What the members of `holder` are: `global:` for global/globalThis, `reg:` for a context object or registry, else undefined. */
export function registryPrefixOf(walker: VisitContext, holder: ts.Expression): string | undefined {
  const e = unwrap(holder);
  if (isGlobalObject(walker, e)) return globalKey('');
  return rootIsUnresolved(walker, e) ? registryKey('') : undefined;
}

function rootIsUnresolved(walker: VisitContext, expression: ts.Expression): boolean {
  let e = unwrap(expression);
  while (isPropertyAccessExpression(e)) e = unwrap(e.expression);
  return isUnresolvedRoot(walker, e);
}

function consume(walker: VisitContext, key: string, at: ts.Node): LocalId {
  const id = tokenNode(walker, key, at, at);
  walker.ref(id);
  return id;
}
