/**
 * Which expressions evaluate to node-postgres's Client class, following this
 * file's imports (never the name): `pg.Client`, `pg.native.Client`,
 * `require('pg').Client`, `import Client from 'pg/lib/client'` …
 */
import ts from 'typescript';
import type { PgValue } from './scope';
import { moduleIsClientClass } from './modules';
import { dynamicImportSpecifier, requireSpecifier, unwrap, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';

export function pgValueOfModule(specifier: string): PgValue {
  return { module: specifier, what: moduleIsClientClass(specifier) ? 'Client' : 'namespace' };
}

/** The value of `value.prop`. */
export function pgMember(value: PgValue, prop: string): PgValue | undefined {
  if (value.what === 'namespace') {
    if (prop === 'Client') return { module: value.module, what: 'Client' };
    if (prop === 'native') return { module: value.module, what: 'native' };
    if (prop === 'default') return value;
    return undefined;
  }
  if (value.what === 'native' && prop === 'Client') return { module: value.module, what: 'Client' };
  return undefined;
}

/** The innermost object of a property chain (`a` of `a.b['c'].d`). */
function chainRoot(expr: ts.Expression): ts.Expression {
  let e = unwrapAwait(expr);
  for (;;) {
    if (ts.isPropertyAccessExpression(e)) e = unwrapAwait(e.expression);
    else if (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression)) e = unwrapAwait(e.expression);
    else return e;
  }
}

/** What `expr` is in pg terms, if anything. Iterative over property chains; allocates only for pg values. */
export function pgValueOf(walker: VisitContext, expr: ts.Expression): PgValue | undefined {
  const root = chainRoot(expr);
  let value: PgValue | undefined;
  // Names only carry pg values once a pg module was imported somewhere in the file.
  if (ts.isIdentifier(root)) value = walker.pgSeen ? walker.lookup(root.text)?.pg : undefined;
  else if (ts.isCallExpression(root)) {
    const specifier = walker.requireOf(root) ?? dynamicImportSpecifier(root);
    if (specifier !== undefined && walker.pgModules.has(specifier)) value = pgValueOfModule(specifier);
  }
  if (!value) return undefined;
  const props: string[] = [];
  let e = unwrapAwait(expr);
  while (e !== root) {
    if (ts.isPropertyAccessExpression(e)) {
      props.push(e.name.text);
      e = unwrapAwait(e.expression);
    } else if (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression)) {
      props.push(e.argumentExpression.text);
      e = unwrapAwait(e.expression);
    } else break;
  }
  for (let i = props.length - 1; i >= 0 && value; i--) value = pgMember(value, props[i]);
  return value;
}

/** `new X(...)` where X is a pg Client class. */
export function pgClientCreation(walker: VisitContext, node: ts.Node): PgValue | undefined {
  const e = ts.isExpression(node) ? unwrap(node) : node;
  if (!ts.isNewExpression(e)) return undefined;
  const value = pgValueOf(walker, e.expression);
  return value?.what === 'Client' ? value : undefined;
}

export { requireSpecifier };
