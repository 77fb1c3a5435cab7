/**
 * Assignments: CommonJS exports, `this.x = …` (class members), lazy
 * initialisation of module-level holders (`client ??= new Client()`,
 * `cache[k] = new Client()`, `pools.set(url, pool)`, `Db.instance = new
 * Client()`), local aliases.
 */
import ts from 'typescript';
import { SK } from './kinds';
import { handleCommonJsExport } from './exports';
import { createdThroughChain, creationOf } from './driverValues';
import { aliasTarget, creationId, initializerEdges, localAliasTarget, isCheckout, memberNode, resolveExprNode, resolveMemberAccess } from './resolve';
import { literalText, unwrap, unwrapAwait } from './syntax';
import type { CreationClaim, VisitContext } from './visitContext';
import type { LocalId } from '../types';
import { visitRegistryAssignment } from './registries';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isBinaryExpression, isCallExpression, isElementAccessExpression, isIdentifier, isPropertyAccessExpression } = ts;


function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind === SK.EqualsToken || kind === SK.QuestionQuestionEqualsToken || kind === SK.BarBarEqualsToken
    || kind === SK.AmpersandAmpersandEqualsToken;
}

/** Module-level nodes a lazy creation may be held by. */
function isModuleHolder(id: string): boolean {
  return id.startsWith('b:') || id.startsWith('m:') || id.startsWith('x:');
}

/** `app.locals.pool` → base `app`, path `locals.pool`; undefined unless names all the way down. */
function propertyPath(access: ts.PropertyAccessExpression): { base: string; path: string } | undefined {
  const names: string[] = [];
  let e: ts.Expression = access;
  while (isPropertyAccessExpression(e)) {
    names.unshift(e.name.text);
    e = unwrap(e.expression);
  }
  return isIdentifier(e) ? { base: e.text, path: names.join('.') } : undefined;
}

/**
 * `ready ??= client.connect()` / `this.ready ||= …`: the call runs only while
 * the memo is empty, and a module-level binding or an instance field keeps
 * it filled after the first call. A local memo is empty on every call.
 */
function markMemoisedCall(walker: VisitContext, operator: ts.SyntaxKind, left: ts.Expression, right: ts.Expression): void {
  if (operator !== SK.QuestionQuestionEqualsToken && operator !== SK.BarBarEqualsToken) return;
  const called = unwrapAwait(right);
  if (!isCallExpression(called)) return;
  const holdsBeyondTheCall = isIdentifier(left)
    ? walker.lookup(left.text)?.moduleLevel === true
    : isPropertyAccessExpression(left) && left.expression.kind === SK.ThisKeyword;
  if (holdsBeyondTheCall) walker.markMemoised(called);
}

export function visitBinary(walker: VisitContext, node: ts.BinaryExpression): void {
  if (!isAssignment(node.operatorToken.kind)) {
    walker.pushChildren(node);
    return;
  }
  const left = unwrap(node.left);
  const right = node.right;
  markMemoisedCall(walker, node.operatorToken.kind, left, right);
  if (node.operatorToken.kind === SK.EqualsToken && handleCommonJsExport(walker, left, right)) {
    walker.push(right);
    return;
  }
  // `globalThis.pool ??= createPool()` memoises as `=` stores.
  if (visitRegistryAssignment(walker, left, right)) {
    walker.pushChildren(node);
    return;
  }
  const creation = createdThroughChain(walker, right);
  const lazyShape = walker.functionDepth > 0 ? 'lazy' : 'module';

  if (isPropertyAccessExpression(left) && left.expression.kind === SK.ThisKeyword && walker.thisClass) {
    const cls = walker.thisClass;
    const memberId = memberNode(walker, cls, left.name.text, walker.thisStatic, left.name);
    if (creation) {
      walker.claim(creation, {
        shape: walker.thisStatic ? lazyShape : 'classField', holder: memberId,
        holderName: `${cls.name}.${left.name.text}`, classId: cls.id,
      });
    } else initializerEdges(walker, memberId, right);
    walker.ref(memberId, left);
    walker.setFrame(right, { container: memberId });
    walker.push(right);
    return;
  }

  if (isIdentifier(left)) {
    const symbol = walker.lookup(left.text);
    if (symbol?.node && symbol.moduleLevel && symbol.node.startsWith('b:')) {
      if (creation) walker.claim(creation, { shape: lazyShape, holder: symbol.node, holderName: left.text });
      else initializerEdges(walker, symbol.node, right);
    } else if (symbol && !symbol.moduleLevel) {
      if (creation) {
        walker.claim(creation, { shape: walker.functionDepth > 0 ? 'local' : 'module', holderName: left.text });
        symbol.node = creationId(walker, creation);
      } else {
        const target = localAliasTarget(walker, right);
        if (target !== undefined) {
          symbol.node = target;
          if (isCheckout(walker, right)) symbol.checkout = true;
        }
      }
    }
    walker.pushList([left, right]);
    return;
  }

  if (isPropertyAccessExpression(left) || isElementAccessExpression(left)) {
    if (creation) {
      const holder = resolveExprNode(walker, left);
      if (holder !== undefined && isModuleHolder(holder)) {
        const claim: CreationClaim = { shape: lazyShape, holder, holderName: walker.out.byId.get(holder)?.name ?? '' };
        // `app.pool = new Pool()` on a plain binding: the holder is `app`, the object that has the pool.
        const stored = isPropertyAccessExpression(left) && resolveMemberAccess(walker, left) === undefined ? propertyPath(left) : undefined;
        if (stored) {
          claim.holderName = `${stored.base}.${stored.path}`;
          claim.holderProperty = stored.path;
        }
        walker.claim(creation, claim);
      }
    } else if (isPropertyAccessExpression(left)) {
      const member = resolveMemberAccess(walker, left);
      if (member?.startsWith('m:')) initializerEdges(walker, member, right);
    } else {
      // `x[k] = v` is common in any code: the cheap test first.
      const collection = unwrap(left.expression);
      if (isIdentifier(collection)) {
        const holder = resolveExprNode(walker, left);
        if (holder !== undefined && isModuleHolder(holder)) keepLocalCreation(walker, right, holder, collection);
      }
    }
  }
  walker.pushChildren(node);
}

/**
 * `pools.set(url, pool)` on a module-level binding, or on one imported from
 * another module (`export const poolCache = new Map()` in cache.ts): the pool
 * is kept beyond the call, as `cache[url] = pool` keeps it, so it is a lazy
 * creation held by that binding. A literal key is a registry name instead
 * (registries.ts), unless the binding is a `new Map()`. A Client kept per key is shared by all of that key's
 * callers (a tenant's requests): shared-client reports it.
 */
export function visitCollectionStore(walker: VisitContext, call: ts.CallExpression): void {
  const callee = unwrap(call.expression);
  if (!isPropertyAccessExpression(callee) || callee.name.text !== 'set' || call.arguments.length !== 2) return;
  const receiver = unwrap(callee.expression);
  if (!isIdentifier(receiver)) return;
  const symbol = walker.lookup(receiver.text);
  // `x.set('db', v)` is an app registry's (registries.ts) unless `x` is known to be a `new Map()`.
  if (literalText(unwrap(call.arguments[0])) !== undefined && !symbol?.keyedCollection) return;
  if (!symbol?.node || !symbol.moduleLevel || !(symbol.node.startsWith('b:') || symbol.node.startsWith('i:'))) return;
  const value = call.arguments[1];
  const creation = createdThroughChain(walker, value);
  if (creation) {
    // A Client made in the call is kept per key only when the function reads it back (keepLocalCreation); at module level it is the module's.
    const kind = creationOf(walker, creation)?.resource?.kind;
    const kept = kind === 'pool' || (kind === 'client' && (walker.functionDepth === 0 || readsCollection(walker.currentFunction, receiver)));
    if (kept) walker.claim(creation, { shape: walker.functionDepth > 0 ? 'lazy' : 'module', holder: symbol.node, holderName: receiver.text });
    return;
  }
  keepLocalCreation(walker, value, symbol.node, receiver);
}

/**
 * `pool = new Pool(…); pools.set(url, pool)`, `cache[key] = client`: the local's creation was recorded already, as
 * the function's own; the module-level holder keeps it, so it is lazy — and a Client's `connect()` in the same
 * function (`if (!client) { client = new Client(); await client.connect(); clients.set(key, client); }`) runs once per key.
 */
function keepLocalCreation(walker: VisitContext, value: ts.Expression, holder: LocalId, collection: ts.Identifier): void {
  const held = aliasTarget(walker, value);
  const node = held !== undefined ? walker.out.byId.get(held) : undefined;
  if (node?.kind !== 'creation' || node.shape !== 'local' || (node.resource !== 'pool' && node.resource !== 'client')) return;
  // A Client the function never reads back is one per call (per WebSocket connection, say), only indexed there.
  if (node.resource === 'client' && !readsCollection(walker.currentFunction, collection)) return;
  node.shape = 'lazy';
  node.holder = holder;
  if (node.resource === 'client') walker.noteLazyAssignment(held!);
}

/**
 * The function storing a value in `collection` also reads it (`clients.get(key)`, `clients.has(key)`,
 * `cache[key]`, `key in cache`): a later call finds what an earlier one stored, so the value is reused.
 * By name inside that one function, where `collection` resolved to the module-level binding.
 */
function readsCollection(fn: ts.SignatureDeclaration | undefined, collection: ts.Identifier): boolean {
  if (!fn) return false;
  const name = collection.text;
  const named = (e: ts.Expression): boolean => isIdentifier(e) && e.text === name;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (isCallExpression(node) && isPropertyAccessExpression(node.expression) && named(node.expression.expression)
      && (node.expression.name.text === 'get' || node.expression.name.text === 'has')) found = true;
    else if (isElementAccessExpression(node) && named(node.expression)) found = true;
    else if (isBinaryExpression(node) && node.operatorToken.kind === SK.InKeyword && named(node.right)) found = true;
    else if (isBinaryExpression(node) && node.operatorToken.kind === SK.EqualsToken && isElementAccessExpression(node.left) && named(node.left.expression)) {
      // The store itself (`cache[key] = c`) is no read.
      visit(node.left.argumentExpression);
      visit(node.right);
    } else ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}
