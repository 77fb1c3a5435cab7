/**
 * Object literals that declare concurrent or DI structure: GraphQL resolver
 * maps (`{ Query: { users: () => … } }`, `rootValue: {…}`) and DI providers
 * (`{ provide: KEY, useFactory | useValue | useClass | useExisting }`).
 */
import ts from 'typescript';
import type { LocalId } from '../types';
import { tokenKey } from './classes';
import { addContext } from './contexts';
import { creationOf } from './driverValues';
import { aliasTarget, diNode, resolveExprNode } from './resolve';
import { isFunctionExpressionLike, propertyNameText, unwrap } from './syntax';
import type { VisitContext } from './visitContext';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function propertyValue(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  return ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
}

export function visitObjectLiteral(walker: VisitContext, object: ts.ObjectLiteralExpression): void {
  let provide: ts.PropertyAssignment | undefined;
  let isResolverMap = false;
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === 'provide' && ts.isPropertyAssignment(property)) provide = property;
    else if (name !== undefined && ROOT_TYPES.has(name)) {
      const value = propertyValue(property);
      if (value && ts.isObjectLiteralExpression(value)) isResolverMap = true;
    } else if (name === 'rootValue') {
      const value = propertyValue(property);
      if (value && ts.isObjectLiteralExpression(value)) resolverFields(walker, 'rootValue', value);
    }
  }
  if (provide) provider(walker, object, provide);
  if (isResolverMap) {
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) continue;
      const typeName = propertyNameText(property.name);
      const value = propertyValue(property);
      if (typeName !== undefined && value && ts.isObjectLiteralExpression(value)) resolverFields(walker, typeName, value);
    }
  }
}

/** Every function-valued field of a resolver type object is a 'GraphQL resolver' context. */
function resolverFields(walker: VisitContext, typeName: string, fields: ts.ObjectLiteralExpression): void {
  for (const field of fields.properties) {
    if (ts.isSpreadAssignment(field)) continue;
    const name = propertyNameText(field.name);
    if (name === undefined) continue;
    const ctxId = (): LocalId => addContext(walker, `ctx:${field.getStart(walker.sourceFile)}`, 'GraphQL resolver',
      `${typeName}.${name}`, field.name, true);
    if (ts.isMethodDeclaration(field)) {
      walker.setFrame(field, { container: ctxId() });
    } else if (ts.isPropertyAssignment(field)) {
      const value = unwrap(field.initializer);
      if (isFunctionExpressionLike(value)) walker.setFrame(value, { container: ctxId() });
      else if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
        const target = resolveExprNode(walker, value);
        if (target !== undefined) walker.edge(ctxId(), target, 'ref');
      }
    } else if (ts.isShorthandPropertyAssignment(field)) {
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
    if (ts.isSpreadAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === 'useFactory') {
      if (ts.isMethodDeclaration(property)) walker.setFrame(property, { container: di });
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
