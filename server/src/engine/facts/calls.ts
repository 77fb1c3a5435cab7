/**
 * Calls: require/import expressions, context registration, and ClientCall
 * records for calls that may go through a module-level client.
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { ClientCall, LocalId } from '../types';
import { addImportNode } from './imports';
import { classifySpecifier } from './modules';
import { detectCallContext } from './contexts';
import { visitFactoryCall } from './creations';
import { creationId, resolveExprNode, resolveMemberAccess } from './resolve';
import { creationOf } from './driverValues';
import { registryConsumer, visitRegistryCall } from './registries';
import { visitArgumentPassing } from './arguments';
import { visitCollectionStore } from './assignments';

import { dynamicImportSpecifier, literalText, propertyNameText, unwrap } from './syntax';
import { startsWithSqlKeyword } from '../sql';
import type { VisitContext } from './visitContext';
import { BEGIN_METHODS } from '../catalogue/drivers';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isTemplateExpression } = ts;

const CLIENT_METHODS = new Set(['query', 'connect', 'end', 'on', 'release', ...BEGIN_METHODS]);
const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);

/** The leading literal text of a query argument (cheap: no string building). */
function sqlHead(arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  const literal = literalText(e);
  if (literal !== undefined) return literal;
  if (isTemplateExpression(e)) return e.head.text;
  if (isObjectLiteralExpression(e)) {
    for (const property of e.properties) {
      if (isPropertyAssignment(property) && propertyNameText(property.name) === 'text') return sqlHead(property.initializer);
    }
  }
  return undefined;
}

/** Literal SQL of a query argument: string, template (substitutions → `$?`), or `{ text: … }`. */
export function sqlText(arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  const literal = literalText(e);
  if (literal !== undefined) return literal;
  if (isTemplateExpression(e)) return e.head.text + e.templateSpans.map((span) => '$?' + span.literal.text).join('');
  if (isObjectLiteralExpression(e)) {
    for (const property of e.properties) {
      if (isPropertyAssignment(property) && propertyNameText(property.name) === 'text') return sqlText(property.initializer);
    }
  }
  return undefined;
}

export function visitPropertyAccess(walker: VisitContext, access: ts.PropertyAccessExpression): void {
  const object = unwrap(access.expression);
  if (object.kind === SK.Identifier) {
    // One lookup: a class / namespace member, or just the object itself.
    const symbol = walker.lookup((object as ts.Identifier).text);
    if (!symbol?.classId && !symbol?.namespace) {
      if (symbol?.node && !walker.isHandled(object)) walker.ref(symbol.node, object, access.name.text);
      if (PROMISE_CHAIN.has(access.name.text)) walker.markAwaited(object);
      return;
    }
  }
  const direct = resolveMemberAccess(walker, access);
  if (direct !== undefined) {
    walker.ref(direct, access, walker.memberReadOn(access));
    return;
  }
  if (walker.requireOf(object) !== undefined) return; // require('pg').Client, require('fs').x
  if (PROMISE_CHAIN.has(access.name.text)) walker.markAwaited(object);
  // `this.users.findAll()`: the ref to `this.users` says which member it reads.
  if (object.kind === SK.PropertyAccessExpression) walker.noteMemberRead(object, access.name.text);
  walker.push(access.expression);
}

export function visitCall(walker: VisitContext, call: ts.CallExpression): void {
  const required = walker.requireOf(call);
  const specifier = required ?? dynamicImportSpecifier(call);
  if (specifier !== undefined) {
    // `const app = require('express')()`: the file imports express as surely as through a binding (router labels).
    if (walker.functionDepth === 0) walker.noteModuleImport(specifier);
    if (classifySpecifier(specifier, walker.drivers) === 'other') {
      walker.ref(addImportNode(walker, `i:${call.getStart(walker.sourceFile)}`, specifier, '*', '',
        required !== undefined ? 'cjs' : 'dynamic', call), call);
    }
    return;
  }
  if (walker.drivers.hasFactories && visitFactoryCall(walker, call)) return;
  detectCallContext(walker, call);
  visitRegistryCall(walker, call);
  visitCollectionStore(walker, call);
  visitArgumentPassing(walker, call);
  recordClientCall(walker, call);
  walker.pushChildren(call);
}

function recordClientCall(walker: VisitContext, call: ts.CallExpression): void {
  const callee = unwrap(call.expression);
  const first = call.arguments[0];
  const head = sqlHead(first);
  const isSql = head !== undefined && startsWithSqlKeyword(head);
  let target: LocalId | undefined;
  let via: ClientCall['via'];
  let method: string;
  let checkout = false;
  if (isPropertyAccessExpression(callee)) {
    method = callee.name.text;
    const hooks = walker.fileRuleHooks.size > 0 ? walker.fileRuleHooks.get(method) : undefined;
    if (!isSql && !CLIENT_METHODS.has(method) && !hooks) return;
    const receiver = unwrap(callee.expression);
    // `new Pool(cfg).on('error', …)`: the call is on the creation itself.
    target = creationOf(walker, receiver) ? creationId(walker, receiver) : resolveExprNode(walker, callee.expression);
    // `fastify.db.query()`, `ctx.db.query()`, `db.query()` on a global: a registry member (facts/registries.ts).
    if (target === undefined || (target.startsWith('b:') && !isIdentifier(receiver))) {
      const member = registryConsumer(walker, receiver);
      target ??= member;
    }
    if (target !== undefined && isIdentifier(receiver) && walker.lookup(receiver.text)?.checkout) checkout = true;
    via = 'method';
    if (hooks && target !== undefined && !checkout) for (const hook of hooks) hook.onMethodCall(walker, call, target);
    if (!isSql && !CLIENT_METHODS.has(method)) return;
  } else if (isIdentifier(callee)) {
    if (!isSql) return;
    method = callee.text;
    target = walker.lookup(method)?.node;
    via = 'call';
  } else return;
  if (target === undefined) return;
  const record: ClientCall = {
    target, via, method, range: walker.range(call), container: walker.container, awaited: walker.isAwaited(call),
  };
  if (checkout) record.checkout = true;
  if (walker.functionDepth === 0) record.atLoad = true;
  if (walker.isMemoised(call)) record.memoised = true;
  if (method === 'end' && via === 'method' && walker.scriptEndCalls().has(call)) record.endsScript = true;
  const sql = head === undefined ? undefined : sqlText(first);
  if (sql !== undefined && method !== 'on') record.sql = sql;
  if (method === 'on') {
    const event = literalText(first);
    if (event !== undefined) record.event = event;
    if (via === 'method' && isIdentifier(unwrap((callee as ts.PropertyAccessExpression).expression))) record.receiverIsName = true;
  }
  walker.out.addCall(record, walker.functionIndex);
}
