/**
 * Concurrent contexts registered by calls and `new`: the matchers of the
 * catalogue's call conventions (router, hook, listener, call, new,
 * promise-combinator, fan-out), driven by the compiled catalogue
 * (contextIndex.ts). An inline handler's code gets the context as its
 * container; a handler passed by reference gets a ref edge from the context.
 */
import ts from 'typescript';
import type { ContextNode, LocalId } from '../types';
import type { CallEntry, ContextEntry, HandlerArgs, HookEntry, MethodEntry, NewEntry, ProcedureEntry, QueueConcurrency, RouterEntry } from '../catalogue/contexts';
import { addImportNode } from './imports';
import { classifySpecifier } from './modules';
import { resolveExprNode } from './resolve';
import { dynamicImportSpecifier, isAsyncFunction, isFunctionExpressionLike, literalText, propertyNameText, unwrap, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { forEachChild, isArrayLiteralExpression, isCallExpression, isExpression, isFunctionDeclaration, isIdentifier, isMethodDeclaration, isNumericLiteral, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isRegularExpressionLiteral, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isTemplateExpression } = ts;

/** Adds the context node an entry describes (once per id). */
export function addContext(walker: VisitContext, id: LocalId, entry: ContextEntry, detail: string, rangeNode: ts.Node,
  label: string = entry.label, sequential = false): LocalId {
  const node: ContextNode = {
    id, kind: 'context', name: detail || label, range: walker.range(rangeNode),
    contextKind: label as ContextNode['contextKind'], detail, perRequest: entry.runs === 'per-request', entry: entry.id,
  };
  if (entry.runs === 'once') node.once = true;
  if (sequential) node.sequential = true;
  walker.out.add(node);
  return id;
}

/** Does the file import one of `modules` (at the top)? */
function importsAny(walker: VisitContext, modules: readonly string[] | undefined): boolean {
  return modules !== undefined && modules.some((m) => walker.importsModule(m));
}

/** The router entry for this file: the first whose fileImports the file imports, else the fallback. */
function routerFor(walker: VisitContext): RouterEntry | undefined {
  const routers = walker.contexts.routers;
  for (const router of routers) if (!router.fileImports || importsAny(walker, router.fileImports)) return router;
  return undefined;
}

/** Text of a route path argument, or undefined when the argument is not a path. */
function pathText(walker: VisitContext, arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  const literal = literalText(e);
  if (literal !== undefined) return literal;
  if (isTemplateExpression(e) || isRegularExpressionLiteral(e)) return e.getText(walker.sourceFile);
  if (isArrayLiteralExpression(e)) return e.elements.map((el) => literalText(el) ?? el.getText(walker.sourceFile)).join(', ');
  return undefined;
}

/** Handlers among call arguments: inline functions, wrapped inline functions, or references to functions/imports. */
function handlerArgs(walker: VisitContext, args: readonly ts.Expression[]): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const arg of args) {
    const e = unwrap(arg);
    if (isFunctionExpressionLike(e)) out.push(e);
    else if (isCallExpression(e)) {
      // asyncHandler(async (req, res) => …)
      for (const inner of e.arguments) if (isFunctionExpressionLike(unwrap(inner))) out.push(unwrap(inner));
    } else if (isIdentifier(e)) {
      const symbol = walker.lookup(e.text);
      if (symbol?.node && (symbol.isFunction || symbol.node.startsWith('i:'))) out.push(e);
    } else if (isPropertyAccessExpression(e) && resolveExprNode(walker, e) !== undefined) out.push(e);
  }
  return out;
}

/** Members of an options object that are handlers (`{ fetch(req) {} }`, `{ handler: fn }`, `{ fetch }`). */
function memberHandlers(walker: VisitContext, object: ts.ObjectLiteralExpression, names: readonly string[]): ts.Node[] {
  const out: ts.Node[] = [];
  for (const property of object.properties) {
    if (isSpreadAssignment(property) || !names.includes(propertyNameText(property.name) ?? '')) continue;
    if (isMethodDeclaration(property)) out.push(property);
    else if (isPropertyAssignment(property)) out.push(...handlerArgs(walker, [property.initializer]));
    else if (isShorthandPropertyAssignment(property)) out.push(...handlerArgs(walker, [property.name]));
  }
  return out;
}

function selectHandlers(walker: VisitContext, args: readonly ts.Expression[], selection: HandlerArgs): ts.Node[] {
  if (selection === 'last') {
    const handlers = handlerArgs(walker, args);
    return handlers.length > 0 ? [handlers[handlers.length - 1]] : [];
  }
  const selected = args.slice(selection.from, selection.to);
  const handlers: ts.Node[] = handlerArgs(walker, selected);
  const properties = selection.properties;
  if (properties) {
    for (const arg of selected) {
      const e = unwrap(arg);
      if (isObjectLiteralExpression(e)) handlers.push(...memberHandlers(walker, e, properties));
    }
  }
  return handlers;
}

const FILE_ROUTE_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** `server/api/users/[id].get.ts` below `server` → `GET /api/users/[id]`; '' outside `root`. */
export function fileRoute(file: string, root: string): string {
  const segments = file.split('/');
  const at = segments.lastIndexOf(root);
  if (at < 0) return '';
  const parts = segments.slice(at + 1);
  if (parts[0] === 'routes') parts.shift();
  const name = parts.pop() ?? '';
  const pieces = name.split('.');
  pieces.pop(); // the extension
  const verb = pieces.length > 1 && FILE_ROUTE_VERBS.has(pieces[pieces.length - 1]) ? pieces.pop()!.toUpperCase() : '';
  const base = pieces.join('.');
  if (base !== 'index') parts.push(base);
  const route = '/' + parts.join('/');
  return verb ? `${verb} ${route}` : route;
}

function detailOf(walker: VisitContext, detail: CallEntry['detail'], args: readonly ts.Expression[]): string {
  if (detail === 'arg0') return literalText(args[0]) ?? '';
  return 'text' in detail ? detail.text : fileRoute(walker.file, detail.fileRoute);
}

export function attachHandler(walker: VisitContext, ctx: LocalId, handler: ts.Node): void {
  if (isFunctionExpressionLike(handler) || isMethodDeclaration(handler)) {
    walker.setFrame(handler, { container: ctx });
    return;
  }
  if (isExpression(handler)) {
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
  const anchor = isPropertyAccessExpression(callee) ? callee.name : call;
  return `ctx:${anchor.getStart(walker.sourceFile)}`;
}

function contextFor(walker: VisitContext, call: ts.CallExpression | ts.NewExpression, entry: ContextEntry, detail: string,
  handlers: readonly ts.Node[], label?: string, sequential = false): void {
  if (handlers.length === 0) return;
  // The context's range is its callee (`app.get`): one line to point at, not the whole handler.
  const ctx = addContext(walker, contextIdFor(walker, call), entry, detail, call.expression, label, sequential);
  for (const handler of handlers) attachHandler(walker, ctx, handler);
}

// ── router ──────────────────────────────────────────────────────────────

/** `router.route('/x').get(h).post(h2)`: the path of the chain, if the receiver is one. */
function routeChainPath(walker: VisitContext, receiver: ts.Expression): string | undefined {
  let e = unwrap(receiver);
  while (isCallExpression(e) && isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    if (method === 'route') return pathText(walker, e.arguments[0]);
    if (!walker.contexts.routeMethods.has(method)) return undefined;
    e = unwrap(e.expression.expression);
  }
  return undefined;
}

function routeCall(walker: VisitContext, call: ts.CallExpression, method: string, receiver: ts.Expression): void {
  const router = routerFor(walker);
  if (!router || !router.methods.includes(method)) return;
  const args = call.arguments;
  let path = pathText(walker, args[0]);
  let handlers: ts.Expression[];
  if (path !== undefined) handlers = handlerArgs(walker, args.slice(1));
  else {
    path = routeChainPath(walker, receiver);
    if (path === undefined && method !== 'use') return;
    handlers = handlerArgs(walker, args);
  }
  const label = method === 'use' ? router.middlewareLabel ?? router.label : router.label;
  const verb = method === 'del' ? 'DELETE' : method.toUpperCase();
  const detail = path === undefined ? verb : `${verb} ${path}`;
  contextFor(walker, call, router, detail, handlers, label);
}

/**
 * Route objects defined elsewhere: `server.route(require('./routes/users'))`, `server.route(routes)` with
 * `routes` imported or a module-level array, `...require('./x')` in an array. The context refers to the
 * module (or binding), whose handlers are its code.
 */
function routeObjectSource(walker: VisitContext, call: ts.CallExpression, element: ts.Expression): void {
  const e = unwrapAwait(isSpreadElement(element) ? unwrap(element.expression) : element);
  let target: LocalId | undefined;
  let detail: string | undefined;
  const required = walker.requireOf(e);
  const specifier = required ?? dynamicImportSpecifier(e);
  if (specifier !== undefined) {
    if (classifySpecifier(specifier, walker.drivers) !== 'other') return;
    // The same import node the walk records for the call (ids are per position).
    target = addImportNode(walker, `i:${e.getStart(walker.sourceFile)}`, specifier, '*', '', required !== undefined ? 'cjs' : 'dynamic', e);
    detail = `routes of ${specifier}`;
  } else if (isIdentifier(e) || isPropertyAccessExpression(e)) {
    target = resolveExprNode(walker, e);
    detail = `routes of ${e.getText(walker.sourceFile)}`;
  }
  if (target === undefined || detail === undefined) return;
  const router = routerFor(walker);
  if (!router) return;
  const ctx = addContext(walker, `ctx:${e.getStart(walker.sourceFile)}`, router, detail, e);
  walker.edge(ctx, target, 'ref');
}

/** `route({ method, url|path, handler })` (Fastify, hapi), also arrays of such objects, and route objects of other modules. */
function routeObjects(walker: VisitContext, call: ts.CallExpression): void {
  const arg = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!arg) return;
  const objects = isArrayLiteralExpression(arg) ? arg.elements.map((el) => (isSpreadElement(el) ? el : unwrap(el))) : [arg];
  for (const object of objects) {
    if (!isObjectLiteralExpression(object)) {
      // `route('/x')` (an Express route chain) is a path, not route objects.
      if (call.arguments.length === 1 && literalText(object) === undefined) routeObjectSource(walker, call, object);
      continue;
    }
    let method = '';
    let path = '';
    let handler: ts.Node | undefined;
    for (const property of object.properties) {
      const name = isSpreadAssignment(property) ? undefined : propertyNameText(property.name);
      if (isPropertyAssignment(property)) {
        const value = unwrap(property.initializer);
        if (name === 'method') method = literalText(value) ?? (isArrayLiteralExpression(value) ? value.elements.map((el) => literalText(el) ?? '?').join('|') : '');
        else if (name === 'url' || name === 'path') path = literalText(value) ?? '';
        else if (name === 'handler') handler = isFunctionExpressionLike(value) ? value : handlerArgs(walker, [value])[0];
      } else if (isMethodDeclaration(property) && name === 'handler') handler = property;
      else if (isShorthandPropertyAssignment(property) && name === 'handler') handler = property.name;
    }
    if (!handler) continue;
    const router = routerFor(walker);
    if (!router) return;
    const detail = `${method.toUpperCase()} ${path}`.trim();
    const ctx = addContext(walker, `ctx:${object.getStart(walker.sourceFile)}`, router, detail, object);
    attachHandler(walker, ctx, handler);
  }
}

// ── hooks and listeners ─────────────────────────────────────────────────

function hookCall(walker: VisitContext, call: ts.CallExpression, entries: readonly HookEntry[]): void {
  const name = literalText(call.arguments[0]);
  if (name === undefined) return;
  const entry = entries.find((e) => !e.names || e.names.includes(name));
  if (entry) contextFor(walker, call, entry, `hook ${name}`, handlerArgs(walker, call.arguments.slice(1)));
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
  if (isIdentifier(r) && r.text === 'process' && walker.isGlobal('process')) return;
  const literal = literalText(args[0]);
  const event = literal ?? '';
  if (walker.contexts.ignoredEvents.has(event) || isPgClientReceiver(walker, receiver)) return;
  const entry = walker.contexts.listeners.find((l) => (!l.events || l.events.includes(event)) && (!l.fileImports || importsAny(walker, l.fileImports)));
  // `on(Events.InteractionCreate)`: the expression names the event.
  const named = unwrap(args[0]);
  const name = literal !== undefined ? `"${event}"`
    : isIdentifier(named) || isPropertyAccessExpression(named) ? named.getText(walker.sourceFile) : '""';
  if (entry) contextFor(walker, call, entry, `${method}(${name})`, handlerArgs(walker, args.slice(1)));
}

// ── module exports: calls and `new` ─────────────────────────────────────

/** The module an identifier was imported from; also an inline `require('http')` / `(await import('http'))`. */
function moduleOf(walker: VisitContext, expression: ts.Expression): string | undefined {
  const e = unwrapAwait(expression);
  if (isIdentifier(e)) return walker.lookup(e.text)?.fromModule;
  return walker.requireOf(e) ?? dynamicImportSpecifier(e);
}

/** `Bun.serve(…)`: the receiver is the unshadowed global namespace an entry names. */
function globalNamespaceEntry(walker: VisitContext, receiver: ts.Expression, entries: readonly CallEntry[]): CallEntry | undefined {
  const r = unwrap(receiver);
  if (!isIdentifier(r) || !walker.isGlobal(r.text)) return undefined;
  return entries.find((e) => e.globalNamespace === r.text);
}

// ── procedures (tRPC) ───────────────────────────────────────────────────

/** Is `receiver` a procedure builder: `t.procedure`, `x.input(…).use(…)`, or an imported / module-level builder? */
function isProcedureBuilder(walker: VisitContext, receiver: ts.Expression, entry: ProcedureEntry): boolean {
  let e = unwrap(receiver);
  let builderCalls = 0;
  while (isCallExpression(e) && isPropertyAccessExpression(unwrap(e.expression))) {
    const access = unwrap(e.expression) as ts.PropertyAccessExpression;
    if (!entry.builderMethods.includes(access.name.text)) return false;
    builderCalls++;
    e = unwrap(access.expression);
  }
  if (isPropertyAccessExpression(e)) return e.name.text === entry.builderProperty;
  if (!isIdentifier(e)) return false;
  const symbol = walker.lookup(e.text);
  if (!symbol) return false;
  if (builderCalls > 0) return true;
  return symbol.fromModule !== undefined || (symbol.moduleLevel && !symbol.isFunction && !symbol.classId);
}

function procedureCall(walker: VisitContext, call: ts.CallExpression, method: string, receiver: ts.Expression, entry: ProcedureEntry): void {
  if (call.arguments.length !== 1) return;
  const handlers = handlerArgs(walker, call.arguments);
  if (handlers.length === 0 || isPgClientReceiver(walker, receiver) || !isProcedureBuilder(walker, receiver, entry)) return;
  contextFor(walker, call, entry, method, handlers);
}

function moduleCall(walker: VisitContext, call: ts.CallExpression, entry: CallEntry): void {
  const args = call.arguments;
  const sequential = entry.concurrency !== undefined && runsOneAtATime(args, entry.concurrency);
  contextFor(walker, call, entry, detailOf(walker, entry.detail, args), selectHandlers(walker, args, entry.handlers), undefined, sequential);
}

// ── instance methods ────────────────────────────────────────────────────

/** The functions under `keys` of an object literal argument (`run({ eachMessage: async (…) => … })`). */
function keyedHandlers(walker: VisitContext, arg: ts.Expression | undefined, keys: readonly string[]): ts.Node[] {
  const object = arg ? unwrap(arg) : undefined;
  if (!object || !isObjectLiteralExpression(object)) return [];
  const out: ts.Node[] = [];
  for (const property of object.properties) {
    if (isSpreadAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined || !keys.includes(name)) continue;
    if (isMethodDeclaration(property)) out.push(property);
    else if (isPropertyAssignment(property)) out.push(...handlerArgs(walker, [property.initializer]));
    else if (isShorthandPropertyAssignment(property)) out.push(...handlerArgs(walker, [property.name]));
  }
  return out;
}

function hasKey(arg: ts.Expression | undefined, key: string): boolean {
  const object = arg ? unwrap(arg) : undefined;
  return object !== undefined && isObjectLiteralExpression(object)
    && object.properties.some((p) => !isSpreadAssignment(p) && propertyNameText(p.name) === key);
}

/** `bot.command('start', h)`, `agenda.define('job', h)`, `consumer.run({ eachMessage })`: true when the entry owns the call. */
function methodCall(walker: VisitContext, call: ts.CallExpression, method: string, entries: readonly MethodEntry[]): boolean {
  const args = call.arguments;
  for (const entry of entries) {
    let handlers: ts.Node[];
    let detail: string;
    if (entry.handlerKeys) {
      handlers = keyedHandlers(walker, args[0], entry.handlerKeys);
      if (handlers.length === 0 && !importsAny(walker, entry.fileImports)) continue;
      detail = `${method}({ ${entry.handlerKeys.filter((k) => hasKey(args[0], k)).join(', ')} })`;
    } else {
      if (!importsAny(walker, entry.fileImports)) continue;
      handlers = selectHandlers(walker, args, entry.handlers);
      const name = literalText(args[0]);
      detail = name === undefined ? method : `${method}("${name}")`;
    }
    const concurrency = entry.concurrency;
    const sequential = concurrency !== undefined && (concurrency.receiverCall
      ? receiverCallConcurrency(walker, call, args, concurrency) <= 1
      : runsOneAtATime(args, concurrency));
    contextFor(walker, call, entry, detail, handlers, undefined, sequential);
    return true;
  }
  return false;
}

const isFunctionNode = (node: ts.Node): boolean =>
  isFunctionExpressionLike(node) || isFunctionDeclaration(node) || isMethodDeclaration(node);

/** The innermost function around `target`, or the file (the walk keeps no parent pointers: descend by position). */
function enclosingFunction(sourceFile: ts.SourceFile, target: ts.Node): ts.Node {
  let found: ts.Node = sourceFile;
  let current: ts.Node | undefined = sourceFile;
  while (current && current !== target) {
    const parent: ts.Node = current;
    current = forEachChild(parent, (child) => (child.pos <= target.pos && target.end <= child.end ? child : undefined));
    if (current && current !== target && isFunctionNode(current)) found = current;
  }
  return found;
}

/**
 * `channel.prefetch(1)` in the function (or module code) that calls
 * `channel.consume(…)`: the number literal of the last such call on the same
 * identifier before it; the default without one; Infinity when it is not a
 * literal or the options set `unlessOption` (`noAck: true`) or cannot be read.
 */
function receiverCallConcurrency(walker: VisitContext, call: ts.CallExpression, args: readonly ts.Expression[], concurrency: QueueConcurrency): number {
  const setter = concurrency.receiverCall!;
  const callee = unwrap(call.expression);
  if (!isPropertyAccessExpression(callee)) return Infinity;
  const receiver = unwrap(callee.expression);
  if (!isIdentifier(receiver)) return Infinity;
  const options = args[concurrency.optionsArg] ? unwrap(args[concurrency.optionsArg]) : undefined;
  if (options && setter.unlessOption) {
    if (!isObjectLiteralExpression(options)) return Infinity;
    for (const property of options.properties) {
      if (isSpreadAssignment(property)) return Infinity;
      if (propertyNameText(property.name) !== setter.unlessOption) continue;
      if (!isPropertyAssignment(property) || unwrap(property.initializer).kind !== ts.SyntaxKind.FalseKeyword) return Infinity;
    }
  }
  const body = enclosingFunction(walker.sourceFile, call);
  let value = concurrency.default;
  const end = call.getStart(walker.sourceFile);
  const visit = (node: ts.Node): void => {
    if (node.getStart(walker.sourceFile) >= end) return;
    if (node !== body && isFunctionNode(node)) return;
    if (isCallExpression(node)) {
      const c = unwrap(node.expression);
      if (isPropertyAccessExpression(c) && c.name.text === setter.method) {
        const on = unwrap(c.expression);
        if (isIdentifier(on) && on.text === receiver.text) {
          const n = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
          // prefetch(0) is no limit at all.
          value = n && isNumericLiteral(n) ? Number(n.text) || Infinity : Infinity;
        }
      }
    }
    forEachChild(node, visit);
  };
  visit(body);
  return value;
}

// ── fan-outs ────────────────────────────────────────────────────────────

function isGlobalPromise(walker: VisitContext, receiver: ts.Expression): boolean {
  const r = unwrap(receiver);
  return isIdentifier(r) && r.text === 'Promise' && walker.isGlobal('Promise');
}

/** `Promise.all([a(), b()])` / `Promise.all(items.map(…))`: the argument's code runs concurrently. */
function promiseCombinator(walker: VisitContext, call: ts.CallExpression, entry: ContextEntry): void {
  const first = call.arguments[0];
  if (!first) return;
  const arg = unwrap(first);
  if (isArrayLiteralExpression(arg)) {
    if (arg.elements.length < 2) return;
    for (const element of arg.elements) walker.markAwaited(unwrap(element));
  }
  const ctx = addContext(walker, contextIdFor(walker, call), entry, '', call.expression);
  walker.setFrame(first, { container: ctx });
}

// ── entry points ────────────────────────────────────────────────────────

export function detectCallContext(walker: VisitContext, call: ts.CallExpression): void {
  const callee = unwrap(call.expression);
  const args = call.arguments;
  if (isPropertyAccessExpression(callee)) {
    const triggers = walker.contexts.byMethod.get(callee.name.text);
    if (!triggers) return;
    const method = callee.name.text;
    const receiver = callee.expression;
    for (const trigger of triggers) {
      switch (trigger.convention) {
        case 'promise-combinator':
          if (!isGlobalPromise(walker, receiver)) continue;
          promiseCombinator(walker, call, trigger.entry);
          return;
        case 'router':
          routeCall(walker, call, method, receiver);
          return;
        case 'route-object':
          routeObjects(walker, call);
          return;
        case 'hook':
          hookCall(walker, call, trigger.entries);
          return;
        case 'call': {
          const from = moduleOf(walker, receiver);
          const entry = from === undefined ? globalNamespaceEntry(walker, receiver, trigger.entries) : trigger.entries.find((e) => e.modules.includes(from));
          if (!entry) continue;
          moduleCall(walker, call, entry);
          return;
        }
        case 'method':
          if (!methodCall(walker, call, method, trigger.entries)) continue;
          return;
        case 'listener':
          listenerCall(walker, call, method, receiver);
          return;
        case 'fan-out': {
          const fn = args[0] ? unwrap(args[0]) : undefined;
          if (fn && isFunctionExpressionLike(fn) && isAsyncFunction(fn)) contextFor(walker, call, trigger.entry, method, [fn]);
          return;
        }
        case 'procedure':
          procedureCall(walker, call, method, receiver, trigger.entry);
          return;
      }
    }
    return;
  }
  if (!isIdentifier(callee)) return;
  const index = walker.contexts;
  const symbol = walker.lookup(callee.text);
  let entry: CallEntry | undefined;
  if (!symbol) entry = index.callsByGlobal.get(callee.text)?.[0];
  else if (symbol.fromModule !== undefined && symbol.importedName !== undefined) {
    const from = symbol.fromModule;
    entry = index.callsByExport.get(symbol.importedName)?.find((e) => e.modules.includes(from));
  }
  if (entry) moduleCall(walker, call, entry);
}

/** `new CronJob(expr, fn)` (cron), `new Worker(name, fn)` (BullMQ): `new` of a module's export. */
export function detectNewContext(walker: VisitContext, node: ts.NewExpression): void {
  const callee = unwrap(node.expression);
  let from: string | undefined;
  let name: string | undefined;
  if (isIdentifier(callee)) {
    const symbol = walker.lookup(callee.text);
    from = symbol?.fromModule;
    name = symbol?.importedName;
  } else if (isPropertyAccessExpression(callee)) {
    from = moduleOf(walker, callee.expression);
    name = callee.name.text;
  }
  if (from === undefined || name === undefined) return;
  const module = from;
  const entry: NewEntry | undefined = walker.contexts.newByExport.get(name)?.find((e) => e.modules.includes(module));
  if (!entry) return;
  const args = node.arguments ?? [];
  const sequential = entry.concurrency !== undefined && runsOneAtATime(args, entry.concurrency);
  contextFor(walker, node, entry, detailOf(walker, entry.detail, args), selectHandlers(walker, args, entry.handlers), undefined, sequential);
}

/**
 * Does a queue consumer provably run one job at a time? Its options object
 * leaves the option out (the default applies) or sets it to a number literal.
 * Anything the extractor cannot read (`concurrency: n`, an options variable)
 * counts as concurrent: a shared Client is never hidden on a guess.
 */
function runsOneAtATime(args: readonly ts.Expression[], concurrency: QueueConcurrency): boolean {
  if (concurrency.positional) return positionalConcurrency(args, concurrency.default) <= 1;
  const arg = args[concurrency.optionsArg];
  // `agenda.define('job', handler)`: the handler sits where the options would.
  if (arg === undefined || isFunctionExpressionLike(unwrap(arg))) return concurrency.default <= 1;
  const options = unwrap(arg);
  if (!isObjectLiteralExpression(options)) return false;
  const names: readonly string[] = typeof concurrency.option === 'string' ? [concurrency.option] : concurrency.option;
  let value = concurrency.default;
  for (const property of options.properties) {
    if (isSpreadAssignment(property)) return false;
    const name = propertyNameText(property.name);
    if (name === undefined || !names.includes(name)) continue;
    if (!isPropertyAssignment(property)) return false;
    const initializer = unwrap(property.initializer);
    if (!isNumericLiteral(initializer)) return false;
    value = names.length > 1 ? Math.max(value, Number(initializer.text)) : Number(initializer.text);
  }
  return value <= 1;
}

/** `process(5, h)`, `process('name', 5, h)`, `process(h)`: the number before the handler; Infinity when unreadable. */
function positionalConcurrency(args: readonly ts.Expression[], fallback: number): number {
  for (const arg of args.slice(0, -1)) {
    const e = unwrap(arg);
    if (isNumericLiteral(e)) return Number(e.text);
    if (literalText(e) !== undefined) continue;
    return Infinity;
  }
  return fallback;
}
