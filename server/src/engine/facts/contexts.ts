/**
 * Concurrent contexts registered by calls: route handlers and middleware,
 * HTTP servers, event listeners, Promise.all/fan-outs, timers, cron, queues.
 * An inline handler's code gets the context as its container; a handler
 * passed by reference gets a ref edge from the context.
 */
import ts from 'typescript';
import type { ContextKind, LocalId } from '../types';
import { HTTP_MODULES, TIMER_MODULES } from './modules';
import { resolveExprNode } from './resolve';
import { isAsyncFunction, isFunctionExpressionLike, literalText, propertyNameText, unwrap } from './syntax';
import type { VisitContext } from './visitContext';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use']);
const LISTENER_METHODS = new Set(['on', 'addListener', 'prependListener']);
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);
const FAN_OUT_METHODS = new Set(['map', 'forEach', 'flatMap']);
/** Lifecycle events: registered once, not per request. */
const NON_CONTEXT_EVENTS = new Set(['end', 'close', 'finish', 'exit', 'error', 'beforeExit', 'SIGINT', 'SIGTERM']);
/** Events only a pg Client emits. */
const PG_CLIENT_EVENTS = new Set(['notification', 'notice']);

export function addContext(walker: VisitContext, id: LocalId, contextKind: ContextKind, detail: string,
  rangeNode: ts.Node, perRequest: boolean): LocalId {
  walker.out.add({ id, kind: 'context', name: detail || contextKind, range: walker.range(rangeNode), contextKind, detail, perRequest });
  return id;
}

function frameworkKind(walker: VisitContext): ContextKind {
  const imports = (specifier: string): boolean => walker.importsModule(specifier);
  if (imports('express')) return 'Express handler';
  if (imports('koa') || imports('@koa/router') || imports('koa-router')) return 'Koa handler';
  if (imports('fastify')) return 'Fastify handler';
  if (imports('@hapi/hapi') || imports('hapi')) return 'Hapi handler';
  return 'route handler';
}

/** Text of a route path argument, or undefined when the argument is not a path. */
function pathText(walker: VisitContext, arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  const literal = literalText(e);
  if (literal !== undefined) return literal;
  if (ts.isTemplateExpression(e) || ts.isRegularExpressionLiteral(e)) return e.getText(walker.sourceFile);
  if (ts.isArrayLiteralExpression(e)) return e.elements.map((el) => literalText(el) ?? el.getText(walker.sourceFile)).join(', ');
  return undefined;
}

/** Handlers among call arguments: inline functions, wrapped inline functions, or references to functions/imports. */
function handlerArgs(walker: VisitContext, args: readonly ts.Expression[]): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const arg of args) {
    const e = unwrap(arg);
    if (isFunctionExpressionLike(e)) out.push(e);
    else if (ts.isCallExpression(e)) {
      // asyncHandler(async (req, res) => …)
      for (const inner of e.arguments) if (isFunctionExpressionLike(unwrap(inner))) out.push(unwrap(inner));
    } else if (ts.isIdentifier(e)) {
      const symbol = walker.lookup(e.text);
      if (symbol?.node && (symbol.isFunction || symbol.node.startsWith('i:'))) out.push(e);
    } else if (ts.isPropertyAccessExpression(e) && resolveExprNode(walker, e) !== undefined) out.push(e);
  }
  return out;
}

function attachHandler(walker: VisitContext, ctx: LocalId, handler: ts.Node): void {
  if (isFunctionExpressionLike(handler) || ts.isMethodDeclaration(handler)) {
    walker.setFrame(handler, { container: ctx });
    return;
  }
  if (ts.isExpression(handler)) {
    const target = resolveExprNode(walker, handler);
    if (target !== undefined) walker.edge(ctx, target, 'ref');
  }
}

/**
 * Context id for a registering call. Chained calls (`route('/x').get(a).post(b)`)
 * share their start, so the id is anchored on the method name.
 */
function contextIdFor(walker: VisitContext, call: ts.CallExpression | ts.NewExpression): LocalId {
  const callee = unwrap(call.expression);
  const anchor = ts.isPropertyAccessExpression(callee) ? callee.name : call;
  return `ctx:${anchor.getStart(walker.sourceFile)}`;
}

function contextFor(walker: VisitContext, call: ts.CallExpression | ts.NewExpression, kind: ContextKind, detail: string, perRequest: boolean,
  handlers: readonly ts.Node[]): void {
  if (handlers.length === 0) return;
  const ctx = addContext(walker, contextIdFor(walker, call), kind, detail, call, perRequest);
  for (const handler of handlers) attachHandler(walker, ctx, handler);
}

/** `router.route('/x').get(h).post(h2)`: the path of the chain, if the receiver is one. */
function routeChainPath(walker: VisitContext, receiver: ts.Expression): string | undefined {
  let e = unwrap(receiver);
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    if (method === 'route') return pathText(walker, e.arguments[0]);
    if (!ROUTE_METHODS.has(method)) return undefined;
    e = unwrap(e.expression.expression);
  }
  return undefined;
}

function routeCall(walker: VisitContext, call: ts.CallExpression, method: string, receiver: ts.Expression): void {
  const args = call.arguments;
  let path = pathText(walker, args[0]);
  let handlers: ts.Expression[];
  if (path !== undefined) handlers = handlerArgs(walker, args.slice(1));
  else {
    path = routeChainPath(walker, receiver);
    if (path === undefined && method !== 'use') return;
    handlers = handlerArgs(walker, args);
  }
  const framework = frameworkKind(walker);
  const isUse = method === 'use';
  const kind: ContextKind = isUse && framework !== 'Koa handler' ? 'middleware' : framework;
  const verb = method === 'del' ? 'DELETE' : method.toUpperCase();
  const detail = path === undefined ? verb : `${verb} ${path}`;
  contextFor(walker, call, kind, detail, true, handlers);
}

/** Fastify/Hapi `route({ method, url|path, handler })`, also arrays of such objects. */
function routeObjects(walker: VisitContext, call: ts.CallExpression): void {
  const arg = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!arg) return;
  const objects = ts.isArrayLiteralExpression(arg) ? arg.elements.map(unwrap) : [arg];
  for (const object of objects) {
    if (!ts.isObjectLiteralExpression(object)) continue;
    let method = '';
    let path = '';
    let handler: ts.Node | undefined;
    for (const property of object.properties) {
      const name = ts.isSpreadAssignment(property) ? undefined : propertyNameText(property.name);
      if (ts.isPropertyAssignment(property)) {
        const value = unwrap(property.initializer);
        if (name === 'method') method = literalText(value) ?? (ts.isArrayLiteralExpression(value) ? value.elements.map((el) => literalText(el) ?? '?').join('|') : '');
        else if (name === 'url' || name === 'path') path = literalText(value) ?? '';
        else if (name === 'handler') handler = isFunctionExpressionLike(value) ? value : handlerArgs(walker, [value])[0];
      } else if (ts.isMethodDeclaration(property) && name === 'handler') handler = property;
      else if (ts.isShorthandPropertyAssignment(property) && name === 'handler') handler = property.name;
    }
    if (!handler) continue;
    const detail = `${method.toUpperCase()} ${path}`.trim();
    const ctx = addContext(walker, `ctx:${object.getStart(walker.sourceFile)}`, frameworkKind(walker), detail, object, true);
    attachHandler(walker, ctx, handler);
  }
}

function isHttpModuleSymbol(walker: VisitContext, expression: ts.Expression): boolean {
  const e = unwrap(expression);
  if (!ts.isIdentifier(e)) return false;
  const from = walker.lookup(e.text)?.fromModule;
  return from !== undefined && HTTP_MODULES.has(from);
}

/** Is `receiver` something this file knows to be a pg Client (or its holder)? */
function isPgClientReceiver(walker: VisitContext, receiver: ts.Expression): boolean {
  const target = resolveExprNode(walker, receiver);
  return target !== undefined && walker.holdsClient(target);
}

function listenerCall(walker: VisitContext, call: ts.CallExpression, method: string, receiver: ts.Expression): void {
  const args = call.arguments;
  if (args.length < 2) return;
  const r = unwrap(receiver);
  if (ts.isIdentifier(r) && r.text === 'process' && walker.isGlobal('process')) return;
  const event = literalText(args[0]) ?? '';
  if (NON_CONTEXT_EVENTS.has(event) || PG_CLIENT_EVENTS.has(event) || isPgClientReceiver(walker, receiver)) return;
  let kind: ContextKind = 'event handler';
  if (event === 'request') kind = 'HTTP server handler';
  else if (walker.importsModule('socket.io')) kind = 'socket.io handler';
  else if (walker.importsModule('discord.js')) kind = 'discord.js handler';
  contextFor(walker, call, kind, `${method}("${event}")`, true, handlerArgs(walker, args.slice(1)));
}

function moduleOf(walker: VisitContext, expression: ts.Expression): string | undefined {
  const e = unwrap(expression);
  return ts.isIdentifier(e) ? walker.lookup(e.text)?.fromModule : undefined;
}

function lastHandler(walker: VisitContext, args: readonly ts.Expression[]): ts.Expression[] {
  const handlers = handlerArgs(walker, args);
  return handlers.length > 0 ? [handlers[handlers.length - 1]] : [];
}

function isGlobalPromise(walker: VisitContext, receiver: ts.Expression): boolean {
  const r = unwrap(receiver);
  return ts.isIdentifier(r) && r.text === 'Promise' && walker.isGlobal('Promise');
}

/** `Promise.all([a(), b()])` / `Promise.all(items.map(…))`: the argument's code runs concurrently. */
function promiseCombinator(walker: VisitContext, call: ts.CallExpression, method: string): void {
  const first = call.arguments[0];
  if (!first) return;
  const arg = unwrap(first);
  if (ts.isArrayLiteralExpression(arg)) {
    if (arg.elements.length < 2) return;
    for (const element of arg.elements) walker.markAwaited(unwrap(element));
  }
  const ctx = addContext(walker, contextIdFor(walker, call), `Promise.${method}` as ContextKind, '', call, false);
  walker.setFrame(first, { container: ctx });
}

export function detectCallContext(walker: VisitContext, call: ts.CallExpression): void {
  const callee = unwrap(call.expression);
  const args = call.arguments;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const receiver = callee.expression;
    if (PROMISE_COMBINATORS.has(method) && isGlobalPromise(walker, receiver)) promiseCombinator(walker, call, method);
    else if (ROUTE_METHODS.has(method)) routeCall(walker, call, method, receiver);
    else if (method === 'route') routeObjects(walker, call);
    else if (method === 'addHook') {
      const hook = literalText(args[0]);
      if (hook !== undefined) contextFor(walker, call, 'Fastify handler', `hook ${hook}`, true, handlerArgs(walker, args.slice(1)));
    } else if (method === 'createServer' && isHttpModuleSymbol(walker, receiver)) {
      contextFor(walker, call, 'HTTP server handler', 'request', true, handlerArgs(walker, args));
    } else if (LISTENER_METHODS.has(method)) listenerCall(walker, call, method, receiver);
    else if (FAN_OUT_METHODS.has(method)) {
      const fn = args[0] ? unwrap(args[0]) : undefined;
      if (fn && isFunctionExpressionLike(fn) && isAsyncFunction(fn)) contextFor(walker, call, 'async fan-out', method, false, [fn]);
    } else if (method === 'schedule' && moduleOf(walker, receiver) === 'node-cron') {
      contextFor(walker, call, 'cron job', literalText(args[0]) ?? '', false, handlerArgs(walker, args.slice(1)));
    } else if (method === 'scheduleJob' && moduleOf(walker, receiver) === 'node-schedule') {
      contextFor(walker, call, 'cron job', literalText(args[0]) ?? '', false, lastHandler(walker, args));
    }
    return;
  }
  if (!ts.isIdentifier(callee)) return;
  const symbol = walker.lookup(callee.text);
  const from = symbol?.fromModule;
  if (callee.text === 'setInterval' && (!symbol || (from !== undefined && TIMER_MODULES.has(from)))) {
    contextFor(walker, call, 'setInterval callback', '', false, handlerArgs(walker, args.slice(0, 1)));
  } else if (from !== undefined && HTTP_MODULES.has(from) && symbol?.importedName === 'createServer') {
    contextFor(walker, call, 'HTTP server handler', 'request', true, handlerArgs(walker, args));
  } else if (from === 'node-schedule' && symbol?.importedName === 'scheduleJob') {
    contextFor(walker, call, 'cron job', literalText(args[0]) ?? '', false, lastHandler(walker, args));
  } else if (from === 'node-cron' && symbol?.importedName === 'schedule') {
    contextFor(walker, call, 'cron job', literalText(args[0]) ?? '', false, handlerArgs(walker, args.slice(1)));
  }
}

/** `new CronJob(expr, fn)` (cron), `new Worker(name, fn)` (bullmq). */
export function detectNewContext(walker: VisitContext, node: ts.NewExpression): void {
  const args = node.arguments ?? [];
  const callee = unwrap(node.expression);
  let from: string | undefined;
  let name: string | undefined;
  if (ts.isIdentifier(callee)) {
    const symbol = walker.lookup(callee.text);
    from = symbol?.fromModule;
    name = symbol?.importedName;
  } else if (ts.isPropertyAccessExpression(callee)) {
    from = moduleOf(walker, callee.expression);
    name = callee.name.text;
  }
  if (from === 'cron' && name === 'CronJob') {
    contextFor(walker, node, 'cron job', literalText(args[0]) ?? '', false, handlerArgs(walker, args.slice(1, 2)));
  } else if (from === 'bullmq' && name === 'Worker') {
    contextFor(walker, node, 'queue worker', literalText(args[0]) ?? '', false, handlerArgs(walker, args.slice(1, 2)));
  }
}
