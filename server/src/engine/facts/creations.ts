/**
 * Resource creations (`new Client(…)`, `new Pool(…)`, driver factory calls)
 * → CreationNode, shaped by the claim its parent left. Every resource kind of
 * the driver table is recorded; only Clients are tracked as client holders
 * (the shared-connection rules are about them).
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { CreationNode } from '../types';
import { creationOf, type DriverValue } from './driverValues';
import { creationId } from './resolve';
import { detectNewContext } from './contexts';
import { propertyNameText, unwrap } from './syntax';
import { moduleConstObject } from './configObject';
import type { CreationClaim, VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isObjectLiteralExpression, isPropertyAssignment, isSpreadAssignment } = ts;

function hasPipeline(node: ts.NewExpression | ts.CallExpression): boolean {
  const config = node.arguments?.[0];
  if (!config) return false;
  const object = unwrap(config);
  if (!isObjectLiteralExpression(object)) return false;
  return object.properties.some((p) => isPropertyAssignment(p) && propertyNameText(p.name) === 'pipeline'
    && p.initializer.kind === SK.TrueKeyword);
}

/**
 * Keys of a config written out at the creation or in a module-level `const`
 * of this file: [] without one, the literal's keys; undefined when it comes from elsewhere.
 */
function configKeys(walker: VisitContext, node: ts.NewExpression | ts.CallExpression): string[] | undefined {
  const config = node.arguments?.[0];
  if (!config) return [];
  const object = configLiteral(walker, unwrap(config));
  if (!object) return undefined;
  const keys: string[] = [];
  for (const property of object.properties) {
    if (isSpreadAssignment(property)) return undefined;
    const name = property.name ? propertyNameText(property.name) : undefined;
    if (name === undefined) return undefined;
    keys.push(name);
  }
  return keys;
}

function configLiteral(walker: VisitContext, config: ts.Expression): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(config)) return config;
  if (!ts.isIdentifier(config)) return undefined;
  const symbol = walker.lookup(config.text);
  if (!symbol?.moduleLevel || symbol.fromModule !== undefined || symbol.namespace || symbol.driverValue || symbol.classId !== undefined || symbol.isFunction) return undefined;
  return moduleConstObject(walker.sourceFile, config.text, walker.functionDepth === 0 ? config.pos : undefined);
}

/** How an unnamed creation shows in messages: `new Client()`, `createConnection()`. */
function creationText(value: DriverValue): string {
  const name = value.resource!.exportName;
  return value.resource!.createdBy === 'new' ? `new ${name}()` : `${name}()`;
}

/** A creation nobody claimed: local inside functions (DI factory inside providers), module-level otherwise. */
function defaultClaim(walker: VisitContext, value: DriverValue): CreationClaim {
  if (walker.container.startsWith('di:')) {
    return { shape: 'diFactory', holder: walker.container, holderName: walker.container.slice(3) };
  }
  if (walker.functionDepth > 0) return { shape: 'local', holderName: '' };
  // Inside a module-level initialiser (`export const db = connect([new Client()])`; an object that is
  // the binding's value names it by key, declarations.ts): name it after the binding that holds it, so
  // messages never say "pg Client ``".
  const container = walker.container === 'init' ? undefined : walker.out.byId.get(walker.container);
  return { shape: 'module', holderName: container?.name ?? creationText(value) };
}

export function visitNew(walker: VisitContext, node: ts.NewExpression): void {
  const value = creationOf(walker, node);
  if (!value) {
    detectNewContext(walker, node);
    walker.pushChildren(node);
    return;
  }
  recordCreation(walker, node, value);
}

/** A driver factory call (`mysql.createConnection(…)`); false when `call` is not one. */
export function visitFactoryCall(walker: VisitContext, call: ts.CallExpression): boolean {
  const value = creationOf(walker, call);
  if (!value) return false;
  recordCreation(walker, call, value);
  return true;
}

function recordCreation(walker: VisitContext, node: ts.NewExpression | ts.CallExpression, value: DriverValue): void {
  const resource = value.resource!;
  const id = creationId(walker, node);
  let claim = walker.claimOf(node) ?? defaultClaim(walker, value);
  if (claim.shape === 'local' && walker.container.startsWith('di:')) claim = defaultClaim(walker, value);
  const creation: CreationNode = {
    id, kind: 'creation', name: claim.holderName || creationText(value), range: walker.range(node),
    driver: value.driver, resource: resource.kind, createdBy: resource.createdBy,
    shape: claim.shape, holderName: claim.holderName, module: value.module, pipeline: hasPipeline(node),
    calleeRange: walker.range(node.expression),
  };
  if (resource.kind === 'pool') {
    const keys = configKeys(walker, node);
    if (keys) creation.configKeys = keys;
  }
  if (claim.holder !== undefined) creation.holder = claim.holder;
  if (claim.holderProperty !== undefined) creation.holderProperty = claim.holderProperty;
  if (value.subclass !== undefined) creation.subclass = value.subclass;
  if (claim.classId !== undefined) creation.classId = claim.classId;
  walker.out.add(creation);
  const isClient = resource.kind === 'client';
  if (isClient) walker.noteClientHolder(id);
  if (claim.holder !== undefined) {
    walker.edge(claim.holder, id, 'alias');
    if (isClient) {
      walker.noteClientHolder(claim.holder);
      if (walker.functionDepth > 0) walker.noteLazyAssignment(claim.holder);
    }
  } else {
    walker.ref(id, node);
  }
  walker.pushList(node.arguments);
}
