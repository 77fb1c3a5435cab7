/** `new Client(...)` of a pg Client → CreationNode, shaped by the claim its parent left. */
import ts from 'typescript';
import { SK } from './kinds';
import type { CreationNode } from '../types';
import { pgValueOf } from './pgBindings';
import { creationId } from './resolve';
import { detectNewContext } from './contexts';
import { propertyNameText, unwrap } from './syntax';
import type { CreationClaim, VisitContext } from './visitContext';

function hasPipeline(node: ts.NewExpression): boolean {
  const config = node.arguments?.[0];
  if (!config) return false;
  const object = unwrap(config);
  if (!ts.isObjectLiteralExpression(object)) return false;
  return object.properties.some((p) => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'pipeline'
    && p.initializer.kind === SK.TrueKeyword);
}

/** A creation nobody claimed: local inside functions (DI factory inside providers), module-level otherwise. */
function defaultClaim(walker: VisitContext): CreationClaim {
  if (walker.container.startsWith('di:')) {
    return { shape: 'diFactory', holder: walker.container, holderName: walker.container.slice(3) };
  }
  if (walker.functionDepth > 0) return { shape: 'local', holderName: '' };
  // Inside a module-level initialiser (`export const db = { main: new Client() }`):
  // name it after the binding that holds it, so messages never say "pg Client ``".
  const container = walker.container === 'init' ? undefined : walker.out.byId.get(walker.container);
  return { shape: 'module', holderName: container?.name ?? 'new Client()' };
}

export function visitNew(walker: VisitContext, node: ts.NewExpression): void {
  const value = pgValueOf(walker, node.expression);
  if (value?.what !== 'Client') {
    detectNewContext(walker, node);
    walker.pushChildren(node);
    return;
  }
  const id = creationId(walker, node);
  let claim = walker.claimOf(node) ?? defaultClaim(walker);
  if (claim.shape === 'local' && walker.container.startsWith('di:')) claim = defaultClaim(walker);
  const creation: CreationNode = {
    id, kind: 'creation', name: claim.holderName || 'new Client()', range: walker.range(node),
    shape: claim.shape, holderName: claim.holderName, module: value.module, pipeline: hasPipeline(node),
    calleeRange: walker.range(node.expression),
  };
  if (claim.holder !== undefined) creation.holder = claim.holder;
  if (claim.classId !== undefined) creation.classId = claim.classId;
  walker.out.add(creation);
  walker.noteClientHolder(id);
  if (claim.holder !== undefined) {
    walker.edge(claim.holder, id, 'alias');
    walker.noteClientHolder(claim.holder);
    if (walker.functionDepth > 0) walker.noteLazyAssignment(claim.holder);
  } else {
    walker.ref(id);
  }
  walker.pushList(node.arguments);
}
