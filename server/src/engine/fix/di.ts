/**
 * Dependency injection: a provider `{ provide: TOKEN, useFactory: () => … new Client() … }`
 * and the constructor parameters that inject TOKEN (`@Inject(TOKEN) private db: Client`).
 * The token is matched by its literal value or its identifier's name, the way
 * the DI container itself matches it.
 */
import ts from 'typescript';
import type { ParsedFile } from './source';

export type DiToken = { kind: 'string' | 'identifier'; value: string };

/** The token of the provider whose factory contains the creation, if any. */
export function providerToken(creation: ts.NewExpression | ts.CallExpression): DiToken | undefined {
  for (let n: ts.Node | undefined = creation.parent; n; n = n.parent) {
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && (n.name.text === 'useFactory' || n.name.text === 'useValue') && ts.isObjectLiteralExpression(n.parent)) {
      const provide = n.parent.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'provide');
      return provide ? tokenOf(provide.initializer) : undefined;
    }
  }
  return undefined;
}

function tokenOf(expr: ts.Expression): DiToken | undefined {
  if (ts.isStringLiteralLike(expr)) return { kind: 'string', value: expr.text };
  if (ts.isIdentifier(expr)) return { kind: 'identifier', value: expr.text };
  return undefined;
}

export interface InjectionSite {
  param: ts.ParameterDeclaration;
  cls: ts.ClassLikeDeclaration;
  /** Set when the parameter is also a class property (`private readonly db`). */
  property?: string;
}

/** Constructor parameters decorated with `@Inject(token)`. */
export function injectionSites(file: ParsedFile, token: DiToken): InjectionSite[] {
  const out: InjectionSite[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent) && ts.isIdentifier(node.name)) {
      const injects = ts.getDecorators(node)?.some((d) => {
        const e = d.expression;
        if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'Inject' || e.arguments.length !== 1) return false;
        const t = tokenOf(e.arguments[0]);
        return !!t && t.kind === token.kind && t.value === token.value;
      });
      if (injects) {
        const isProperty = ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.PublicKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword || m.kind === ts.SyntaxKind.ReadonlyKeyword);
        out.push({ param: node, cls: node.parent.parent, property: isProperty ? node.name.text : undefined });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return out;
}
