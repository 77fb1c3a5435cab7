/**
 * Which expressions evaluate to a driver's exports, following this file's
 * imports (never the name): `pg.Client`, `pg.native.Client`,
 * `require('pg').Pool`, `import Client from 'pg/lib/client'` … through the
 * driver table compiled into value trees (compiledDrivers.ts).
 */
import ts from 'typescript';
import type { DriverValue } from './compiledDrivers';
import { dynamicImportSpecifier, unwrap, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isCallExpression, isElementAccessExpression, isExpression, isIdentifier, isNewExpression, isPropertyAccessExpression, isStringLiteral } = ts;

export { compileDrivers, withReexports, type CompiledDrivers, type CreatedResource, type DriverValue } from './compiledDrivers';

/** The value of `value.prop`. */
export function driverMember(value: DriverValue, prop: string): DriverValue | undefined {
  return value.members?.get(prop) ?? (prop === 'default' && value.namespaceRoot ? value : undefined);
}

/** The innermost object of a property chain (`a` of `a.b['c'].d`). */
function chainRoot(expr: ts.Expression): ts.Expression {
  let e = unwrapAwait(expr);
  for (;;) {
    if (isPropertyAccessExpression(e)) e = unwrapAwait(e.expression);
    else if (isElementAccessExpression(e) && isStringLiteral(e.argumentExpression)) e = unwrapAwait(e.expression);
    else return e;
  }
}

/** What `expr` is in driver terms, if anything. Iterative over property chains. */
export function driverValueOf(walker: VisitContext, expr: ts.Expression): DriverValue | undefined {
  const root = chainRoot(expr);
  let value: DriverValue | undefined;
  // Names only carry driver values once a driver module was imported somewhere in the file.
  if (isIdentifier(root)) value = walker.driverSeen ? walker.lookup(root.text)?.driverValue : undefined;
  else if (isCallExpression(root)) {
    const specifier = walker.requireOf(root) ?? dynamicImportSpecifier(root);
    if (specifier !== undefined) value = walker.drivers.moduleValue(specifier);
  }
  if (!value) return undefined;
  const props: string[] = [];
  let e = unwrapAwait(expr);
  while (e !== root) {
    if (isPropertyAccessExpression(e)) {
      props.push(e.name.text);
      e = unwrapAwait(e.expression);
    } else if (isElementAccessExpression(e) && isStringLiteral(e.argumentExpression)) {
      props.push(e.argumentExpression.text);
      e = unwrapAwait(e.expression);
    } else break;
  }
  for (let i = props.length - 1; i >= 0 && value; i--) value = driverMember(value, props[i]);
  return value;
}

/** A resource creation: `new X(…)` where X creates by `new`, or `f(…)` where f is a factory. */
export function creationOf(walker: VisitContext, node: ts.Node): DriverValue | undefined {
  const e = isExpression(node) ? unwrap(node) : node;
  if (isNewExpression(e)) {
    const value = driverValueOf(walker, e.expression);
    return value?.resource?.createdBy === 'new' ? value : undefined;
  }
  if (walker.drivers.hasFactories && isCallExpression(e)) {
    const value = driverValueOf(walker, e.expression);
    return value?.resource?.createdBy === 'call' ? value : undefined;
  }
  return undefined;
}

/** Listener registrations return the emitter: `new Pool(cfg).on('error', …)` is the Pool. */
const CHAINING_METHODS = new Set(['on', 'once', 'addListener']);

/**
 * The creation `expr` evaluates to, through `await` and chained listener
 * registrations (`new Pool(cfg).on('error', h)`); undefined when it is none.
 */
export function createdThroughChain(walker: VisitContext, expr: ts.Expression): ts.Expression | undefined {
  let e = unwrapAwait(expr);
  for (let depth = 0; depth < 10; depth++) {
    if (creationOf(walker, e)) return e;
    if (!isCallExpression(e) || !isPropertyAccessExpression(e.expression) || !CHAINING_METHODS.has(e.expression.name.text)) return undefined;
    e = unwrapAwait(e.expression.expression);
  }
  return undefined;
}
