/**
 * A pool's config written as a module-level `const` of the same file
 * (`const poolConfig = { … }; new Pool(poolConfig)`), the commonest way real
 * code writes it. Shared by the fact walk (which keys the config has) and the
 * pool-connect-timeout fix (where to add one). The caller resolves the name
 * (the walk's scope, the fix's checker); this finds the literal and checks
 * that the module's own top-level code does not change it.
 */
import ts from 'typescript';
import { unwrap } from './syntax';

/**
 * The object literal `const <name> = { … }` at the top level of `sf`, unless
 * top-level code mutates it — before `readAt`, when the pool is made by
 * top-level code at that offset (pg copies its config when it is constructed).
 */
export function moduleConstObject(sf: ts.SourceFile, name: string, readAt?: number): ts.ObjectLiteralExpression | undefined {
  let object: ts.ObjectLiteralExpression | undefined;
  let declaredIn: ts.Statement | undefined;
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name) continue;
      if (!(statement.declarationList.flags & ts.NodeFlags.Const) || !declaration.initializer) return undefined;
      const initializer = unwrap(declaration.initializer);
      if (!ts.isObjectLiteralExpression(initializer)) return undefined;
      object = initializer;
      declaredIn = statement;
    }
  }
  if (!object) return undefined;
  // `poolConfig.connectionTimeoutMillis = …` or `Object.assign(poolConfig, …)` before the pool reads it: not as written.
  for (const statement of sf.statements) {
    if (readAt !== undefined && statement.pos >= readAt) break;
    if (statement !== declaredIn && ts.isExpressionStatement(statement) && mutates(statement.expression, name)) return undefined;
  }
  return object;
}

function mutates(expression: ts.Expression, name: string): boolean {
  const e = unwrap(expression);
  if (ts.isBinaryExpression(e)) {
    if (e.operatorToken.kind === ts.SyntaxKind.CommaToken) return mutates(e.left, name) || mutates(e.right, name);
    const isAssignment = e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    return isAssignment && isMemberOf(e.left, name);
  }
  if (ts.isDeleteExpression(e)) return isMemberOf(e.expression, name);
  if (ts.isCallExpression(e)) {
    // Object.assign / Object.defineProperty / … with the config as the target.
    const callee = e.expression;
    const first = e.arguments[0];
    return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' &&
      first !== undefined && ts.isIdentifier(unwrap(first)) && (unwrap(first) as ts.Identifier).text === name;
  }
  return false;
}

/** `name.x`, `name['x']`, `name.a.b` … */
function isMemberOf(target: ts.Expression, name: string): boolean {
  let e = unwrap(target);
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = unwrap(e.expression);
  return ts.isIdentifier(e) && e.text === name;
}
