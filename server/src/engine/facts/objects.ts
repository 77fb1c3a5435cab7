/**
 * Object literals that declare concurrent or DI structure: the catalogue's
 * resolver maps (`{ Query: { users: () => … } }`, `rootValue: {…}`) and DI
 * providers (`{ provide: KEY, useFactory | useValue | useClass | useExisting }`).
 */
import ts from 'typescript';
import type { LocalId } from '../types';
import type { ResolverMapEntry } from '../catalogue/contexts';
import { tokenKey } from './classes';
import { addContext } from './contexts';
import { creationOf } from './driverValues';
import { aliasTarget, diNode, resolveExprNode } from './resolve';
import { isFunctionExpressionLike, propertyNameText, unwrap } from './syntax';
import type { VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadAssignment } = ts;


function propertyValue(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  return isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
}

export function visitObjectLiteral(walker: VisitContext, object: ts.ObjectLiteralExpression): void {
  let provide: ts.PropertyAssignment | undefined;
  let resolverMap: ResolverMapEntry | undefined;
  const resolverKeys = walker.contexts.resolverKeys;
  for (const property of object.properties) {
    if (isSpreadAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === 'provide' && isPropertyAssignment(property)) provide = property;
    else if (name !== undefined && resolverKeys.has(name)) {
      const value = propertyValue(property);
      const isObject = value !== undefined && isObjectLiteralExpression(value);
      for (const entry of walker.contexts.resolverMaps) {
        if (entry.rootTypes.includes(name)) {
          // `{ Query: { … } }`, or `{ Query }` / `{ Query: queryResolvers }` with the fields in another module.
          if (isObject || resolverObjectRef(property) !== undefined) resolverMap ??= entry;
          break;
        }
        if (entry.rootValueKey === name) {
          if (isObject) resolverFields(walker, entry, name, value);
          else resolverTypeRef(walker, entry, name, property); // rootValue: root
          break;
        }
      }
    }
  }
  if (provide) provider(walker, object, provide);
  if (resolverMap) {
    for (const property of object.properties) {
      if (isSpreadAssignment(property)) continue;
      const typeName = propertyNameText(property.name);
      if (typeName === undefined) continue;
      const value = propertyValue(property);
      if (value && isObjectLiteralExpression(value)) resolverFields(walker, resolverMap, typeName, value);
      else resolverTypeRef(walker, resolverMap, typeName, property);
    }
  }
}

/** `Query` in `{ Query }`, `queries` in `{ Query: queries }`: a type's resolvers held elsewhere. */
function resolverObjectRef(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (isShorthandPropertyAssignment(property)) return property.name;
  const value = propertyValue(property);
  return value && (isIdentifier(value) || isPropertyAccessExpression(value)) ? value : undefined;
}

/** A type whose resolver object lives in another binding or module: one context for all its fields, by reference. */
function resolverTypeRef(walker: VisitContext, entry: ResolverMapEntry, typeName: string, property: ts.ObjectLiteralElementLike): void {
  const ref = resolverObjectRef(property);
  if (!ref) return;
  const target = isIdentifier(ref) ? walker.lookup(ref.text)?.node ?? resolveExprNode(walker, ref) : resolveExprNode(walker, ref);
  if (target === undefined) return;
  walker.edge(addContext(walker, `ctx:${property.getStart(walker.sourceFile)}`, entry, typeName, property.name ?? property), target, 'ref');
}

/** Every function-valued field of a resolver type object is a resolver context. */
function resolverFields(walker: VisitContext, entry: ResolverMapEntry, typeName: string, fields: ts.ObjectLiteralExpression): void {
  for (const field of fields.properties) {
    if (isSpreadAssignment(field)) continue;
    const name = propertyNameText(field.name);
    if (name === undefined) continue;
    const ctxId = (): LocalId => addContext(walker, `ctx:${field.getStart(walker.sourceFile)}`, entry, `${typeName}.${name}`, field.name);
    if (isMethodDeclaration(field)) {
      walker.setFrame(field, { container: ctxId() });
    } else if (isPropertyAssignment(field)) {
      const value = unwrap(field.initializer);
      if (isFunctionExpressionLike(value)) walker.setFrame(value, { container: ctxId() });
      else if (isIdentifier(value) || isPropertyAccessExpression(value)) {
        const target = resolveExprNode(walker, value);
        if (target !== undefined) walker.edge(ctxId(), target, 'ref');
      }
    } else if (isShorthandPropertyAssignment(field)) {
      const target = walker.lookup(name)?.node;
      if (target !== undefined) walker.edge(ctxId(), target, 'ref');
    }
  }
}

function provider(walker: VisitContext, object: ts.ObjectLiteralExpression, provide: ts.PropertyAssignment): void {
  const key = tokenKey(walker, provide.initializer);
  if (key === undefined) return;
  const di = diNode(walker, key, provide.initializer);
  for (const property of object.properties) {
    if (isSpreadAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === 'useFactory') {
      if (isMethodDeclaration(property)) walker.setFrame(property, { container: di });
      const value = propertyValue(property);
      if (!value) continue;
      if (isFunctionExpressionLike(value)) walker.setFrame(value, { container: di });
      else {
        const target = aliasTarget(walker, value);
        if (target !== undefined) walker.edge(di, target, 'ref');
      }
    } else if (name === 'useValue') {
      const value = propertyValue(property);
      if (!value) continue;
      if (creationOf(walker, value)) {
        walker.claim(value, { shape: 'diFactory', holder: di, holderName: key });
        continue;
      }
      const target = aliasTarget(walker, value);
      if (target !== undefined) {
        walker.edge(di, target, 'alias');
        walker.markHandled(value);
      } else walker.setFrame(value, { container: di });
    } else if (name === 'useClass' || name === 'useExisting') {
      const value = propertyValue(property);
      const target = value ? aliasTarget(walker, value) : undefined;
      if (target !== undefined) walker.edge(di, target, name === 'useClass' ? 'new' : 'alias');
    }
  }
}
