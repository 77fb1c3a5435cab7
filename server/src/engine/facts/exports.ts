/**
 * Exports for the module graph: ESM (`export …`, `export default …`,
 * re-exports) and CommonJS (`module.exports = …`, `exports.x = …`).
 * Exported values that are not plain references get a binding-like node
 * (`b:default`, `x:name`) that is the container of their code.
 */
import ts from 'typescript';
import type { LocalId } from '../types';
import { addImportNode } from './imports';
import { classifySpecifier } from './modules';
import { createdThroughChain, creationOf, driverMember, driverValueOf } from './driverValues';
import { aliasTarget, creationId, initializerEdges } from './resolve';
import { isFunctionExpressionLike, literalText, propertyNameText, unwrap, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isClassExpression, isElementAccessExpression, isGetAccessorDeclaration, isIdentifier, isMethodDeclaration, isNamedExports, isNamespaceExport, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadAssignment } = ts;

function exportNode(walker: VisitContext, id: LocalId, name: string, rangeNode: ts.Node): LocalId {
  walker.out.add({ id, kind: 'binding', name, range: walker.range(rangeNode), declKind: 'other' });
  return id;
}

function recordExport(walker: VisitContext, name: string, target: LocalId, rangeNode: ts.Node): void {
  walker.exportAs(name, target, rangeNode);
}

/**
 * Exports `value` under `name`: a creation is held by a new node, a reference
 * is exported as-is, anything else gets node `id` as its container.
 */
function exportValue(walker: VisitContext, name: string, id: LocalId, value: ts.Expression, rangeNode: ts.Node,
  creationShape: 'exportDefault' | 'module'): LocalId {
  const e = unwrap(value);
  const driverValue = driverValueOf(walker, e);
  // `exports.Pool = require('pg').Pool`: importers see the driver's value (a `new` or a factory call evaluates to none).
  if (driverValue) walker.out.driverExport(name, driverValue);
  const created = createdThroughChain(walker, value);
  if (created) {
    const creation = created;
    if (creationShape === 'exportDefault') {
      walker.claim(creation, { shape: 'exportDefault', holderName: 'default' });
      const target = creationId(walker, creation);
      recordExport(walker, name, target, rangeNode);
      return target;
    }
    exportNode(walker, id, name, rangeNode);
    walker.claim(creation, { shape: 'module', holder: id, holderName: name });
    recordExport(walker, name, id, rangeNode);
    return id;
  }
  const target = aliasTarget(walker, e);
  // `exports.pool = pool` in a function, `pool` a local for a Pool it built or a factory's result
  // (`await pg.open(url)`): the export keeps that Pool for the process, so it gets a holder of its own.
  if (target !== undefined && walker.functionDepth > 0 && isPlainLocal(walker, e)) {
    if (!walker.out.byId.has(id)) exportNode(walker, id, name, rangeNode);
    walker.edge(id, target, 'alias');
    walker.markHandled(e);
    recordExport(walker, name, id, rangeNode);
    return id;
  }
  if (target !== undefined) {
    walker.markHandled(e);
    recordExport(walker, name, target, rangeNode);
    return target;
  }
  exportNode(walker, id, name, rangeNode);
  initializerEdges(walker, id, e);
  walker.setFrame(value, { container: id });
  if (isFunctionExpressionLike(e)) walker.bindFunction(e, id);
  if (isClassExpression(e)) walker.bindClassExpression(e, id);
  recordExport(walker, name, id, rangeNode);
  return id;
}

function isPlainLocal(walker: VisitContext, e: ts.Expression): boolean {
  if (!isIdentifier(e)) return false;
  const symbol = walker.lookup(e.text);
  return symbol !== undefined && !symbol.moduleLevel && symbol.checkout !== true && symbol.node !== undefined;
}

// ── ESM ────────────────────────────────────────────────────────────────

export function visitExportDeclaration(walker: VisitContext, declaration: ts.ExportDeclaration): void {
  if (declaration.isTypeOnly) return;
  const clause = declaration.exportClause;
  if (declaration.moduleSpecifier) {
    const specifier = literalText(declaration.moduleSpecifier);
    if (specifier === undefined) return;
    const kind = classifySpecifier(specifier, walker.drivers);
    if (kind === 'driver') {
      reexportDriver(walker, specifier, clause);
      return;
    }
    if (kind !== 'other') return;
    if (!clause) {
      walker.out.starExport(specifier);
    } else if (isNamespaceExport(clause)) {
      const name = propertyNameText(clause.name) ?? '';
      const id = addImportNode(walker, `i:${clause.name.getStart(walker.sourceFile)}`, specifier, '*', name, 'esm', clause.name);
      recordExport(walker, name, id, clause.name);
    } else {
      for (const element of clause.elements) {
        if (element.isTypeOnly) continue;
        const exported = propertyNameText(element.name) ?? '';
        const imported = propertyNameText(element.propertyName ?? element.name) ?? '';
        const id = addImportNode(walker, `i:${element.getStart(walker.sourceFile)}`, specifier, imported, exported, 'esm', element);
        recordExport(walker, exported, id, element);
      }
    }
    return;
  }
  if (!clause || !isNamedExports(clause)) return;
  for (const element of clause.elements) {
    if (element.isTypeOnly) continue;
    const local = propertyNameText(element.propertyName ?? element.name);
    const symbol = local === undefined ? undefined : walker.moduleScope.get(local);
    if (symbol?.driverValue) walker.out.driverExport(propertyNameText(element.name) ?? local!, symbol.driverValue);
    const target = symbol?.node;
    if (target !== undefined) recordExport(walker, propertyNameText(element.name) ?? local!, target, element);
  }
}

/** `export * from 'pg'`, `export { Client, default as pg } from 'pg'`, `export * as pg from 'pg'`. */
function reexportDriver(walker: VisitContext, specifier: string, clause: ts.NamedExportBindings | undefined): void {
  const root = walker.drivers.moduleValue(specifier);
  if (!root) return;
  if (!clause) walker.out.driverExport('*', root);
  else if (isNamespaceExport(clause)) walker.out.driverExport(propertyNameText(clause.name) ?? '', root);
  else {
    for (const element of clause.elements) {
      if (element.isTypeOnly) continue;
      const value = driverMember(root, propertyNameText(element.propertyName ?? element.name) ?? '');
      if (value) walker.out.driverExport(propertyNameText(element.name) ?? '', value);
    }
  }
}

export function visitExportAssignment(walker: VisitContext, assignment: ts.ExportAssignment): void {
  if (assignment.isExportEquals) exportModuleValue(walker, assignment.expression, assignment);
  else exportValue(walker, 'default', 'b:default', assignment.expression, assignment, 'exportDefault');
  walker.push(assignment.expression);
}

// ── CommonJS ───────────────────────────────────────────────────────────

function isGlobalNamed(walker: VisitContext, node: ts.Expression, name: string): boolean {
  return isIdentifier(node) && node.text === name && walker.isGlobal(name);
}

function isModuleExports(walker: VisitContext, node: ts.Expression): boolean {
  return isPropertyAccessExpression(node) && node.name.text === 'exports' && isGlobalNamed(walker, unwrap(node.expression), 'module');
}

/** `exports.x` / `module.exports.x` / `exports['x']` → 'x'. */
function exportsPropertyName(walker: VisitContext, node: ts.Expression): string | undefined {
  let object: ts.Expression;
  let name: string | undefined;
  if (isPropertyAccessExpression(node)) {
    object = unwrap(node.expression);
    name = node.name.text;
  } else if (isElementAccessExpression(node)) {
    object = unwrap(node.expression);
    name = literalText(node.argumentExpression);
  } else return undefined;
  if (name === undefined) return undefined;
  return isGlobalNamed(walker, object, 'exports') || isModuleExports(walker, object) || isExportsAlias(walker, object) ? name : undefined;
}

/** `module.exports` / `exports` itself: what `const connection = module.exports` names. */
export function isExportsObject(walker: VisitContext, node: ts.Expression): boolean {
  const e = unwrap(node);
  return isGlobalNamed(walker, e, 'exports') || isModuleExports(walker, e);
}

function isExportsAlias(walker: VisitContext, node: ts.Expression): boolean {
  if (!isIdentifier(node)) return false;
  const symbol = walker.lookup(node.text);
  return symbol?.exportsObject === true && symbol.moduleLevel;
}

/** Handles `module.exports = …` / `exports.x = …`; false when `left` is neither. */
export function handleCommonJsExport(walker: VisitContext, left: ts.Expression, right: ts.Expression): boolean {
  if (isModuleExports(walker, left)) {
    exportModuleValue(walker, right, left);
    return true;
  }
  const name = exportsPropertyName(walker, left);
  if (name === undefined) return false;
  exportValue(walker, name, `x:${name}`, right, left, 'module');
  return true;
}

function exportModuleValue(walker: VisitContext, right: ts.Expression, rangeNode: ts.Node): void {
  const value = unwrap(right);
  const driverValue = driverValueOf(walker, value);
  if (driverValue) walker.out.driverExport('*', driverValue);
  const specifier = walker.requireOf(value);
  if (specifier !== undefined) {
    if (classifySpecifier(specifier, walker.drivers) === 'other') walker.out.starExport(specifier);
    walker.markHandled(value);
    return;
  }
  if (isObjectLiteralExpression(value)) {
    exportObject(walker, value, rangeNode);
    return;
  }
  exportValue(walker, 'default', 'x:default', right, rangeNode, 'exportDefault');
}

/** `module.exports = { a, b: expr, c() {} }`: one export per property plus 'default' → node referring to all. */
function exportObject(walker: VisitContext, object: ts.ObjectLiteralExpression, rangeNode: ts.Node): void {
  const defaultId = exportNode(walker, 'x:default', 'module.exports', rangeNode);
  recordExport(walker, 'default', defaultId, rangeNode);
  for (const property of object.properties) {
    const name = isSpreadAssignment(property) ? undefined : propertyNameText(property.name);
    if (name === undefined) continue;
    let target: LocalId | undefined;
    if (isShorthandPropertyAssignment(property)) {
      const symbol = walker.lookup(name);
      if (symbol?.driverValue) walker.out.driverExport(name, symbol.driverValue);
      target = symbol?.node;
      if (target !== undefined) recordExport(walker, name, target, property);
    } else if (isPropertyAssignment(property)) {
      target = exportValue(walker, name, `x:${name}`, property.initializer, property.name, 'module');
    } else if (isMethodDeclaration(property) || isGetAccessorDeclaration(property)) {
      target = exportNode(walker, `x:${name}`, name, property.name);
      walker.setFrame(property, { container: target });
      walker.bindFunction(property, target);
      recordExport(walker, name, target, property.name);
    }
    if (target !== undefined) walker.edge(defaultId, target, 'ref');
  }
}
