/** Small syntax helpers shared by the fact extractors (no scope knowledge). */
import ts from 'typescript';
import { SK } from './kinds';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isAwaitExpression, isBindingElement, isCallExpression, isExpressionStatement, isIdentifier, isNoSubstitutionTemplateLiteral, isNumericLiteral, isPrivateIdentifier, isStringLiteral } = ts;

/** Strips parentheses, type assertions, `!` and `satisfies` (iteratively: deep nesting must not recurse). */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (IS_WRAPPER[e.kind] === 1) e = (e as ts.ParenthesizedExpression).expression;
  return e;
}

/** Kinds that wrap one expression without changing its value: (x), x as T, x!, x satisfies T, <T>x. */
const IS_WRAPPER = new Uint8Array(1024);
for (const kind of [SK.ParenthesizedExpression, SK.AsExpression, SK.NonNullExpression, SK.SatisfiesExpression, SK.TypeAssertionExpression]) {
  IS_WRAPPER[kind] = 1;
}

/** Like unwrap, and also through `await`. */
export function unwrapAwait(expr: ts.Expression): ts.Expression {
  let e = unwrap(expr);
  while (isAwaitExpression(e)) e = unwrap(e.expression);
  return e;
}

export function isFunctionExpressionLike(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return node.kind === SK.ArrowFunction || node.kind === SK.FunctionExpression;
}

/** Reads `node.modifiers` directly: ts.getModifiers allocates a filtered copy on every call. */
function modifierList(node: ts.Node): readonly ts.ModifierLike[] | undefined {
  return (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = modifierList(node);
  if (!modifiers) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

/** Decorators of a node (empty array shared, no allocation when there are none). */
export function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  const modifiers = modifierList(node);
  if (!modifiers) return NO_DECORATORS;
  let out: ts.Decorator[] | undefined;
  for (const modifier of modifiers) if (modifier.kind === SK.Decorator) (out ??= []).push(modifier as ts.Decorator);
  return out ?? NO_DECORATORS;
}
const NO_DECORATORS: readonly ts.Decorator[] = [];

export function isAsyncFunction(node: ts.Node): boolean {
  return hasModifier(node, SK.AsyncKeyword);
}

/** Text of a string-ish literal (string, no-substitution template). */
export function literalText(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** Static name of a property/member name (identifier, string, number, private name). */
export function propertyNameText(name: ts.PropertyName | ts.MemberName | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name)
    || isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** The `x` of `require('x')` when the call is a plain require (caller checks `require` is not shadowed). */
export function requireSpecifier(node: ts.Node): string | undefined {
  if (!isCallExpression(node) || node.arguments.length !== 1) return undefined;
  const callee = node.expression;
  if (!isIdentifier(callee) || callee.text !== 'require') return undefined;
  return literalText(node.arguments[0]);
}

/** The `x` of `import('x')`. */
export function dynamicImportSpecifier(node: ts.Node): string | undefined {
  if (!isCallExpression(node) || node.expression.kind !== SK.ImportKeyword) return undefined;
  return literalText(node.arguments[0]);
}

/** Names declared by a binding name (identifier or destructuring pattern), in source order. */
export function bindingIdentifiers(name: ts.BindingName): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const stack: ts.BindingName[] = [name];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (isIdentifier(current)) { out.push(current); continue; }
    const elements = current.elements;
    for (let i = elements.length - 1; i >= 0; i--) {
      const element = elements[i];
      if (isBindingElement(element)) stack.push(element.name);
    }
  }
  return out;
}

/** `'use server'` (or another directive) among the leading string statements. */
export function hasDirective(statements: ts.NodeArray<ts.Statement> | undefined, directive: string): boolean {
  if (!statements) return false;
  for (const statement of statements) {
    if (!isExpressionStatement(statement) || !isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}
