/**
 * Imports: ESM, TS import-equals, CommonJS require and dynamic import become
 * scope symbols; non-pg, non-builtin ones also become ImportNodes for the
 * module graph. Driver imports only carry a DriverValue (they are never graph nodes).
 */
import ts from 'typescript';
import type { LocalId } from '../types';
import type { Scope, ScopeSymbol } from './scope';
import { classifySpecifier } from './modules';
import { driverMember } from './driverValues';
import { dynamicImportSpecifier, literalText, propertyNameText, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';
import type { NamespaceInfo } from './scope';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isExternalModuleReference, isIdentifier, isNamespaceImport, isObjectBindingPattern, isPropertyAccessExpression } = ts;

export type ImportSyntax = 'esm' | 'cjs' | 'dynamic';

export function addImportNode(walker: VisitContext, id: LocalId, specifier: string, importedName: string,
  localName: string, syntax: ImportSyntax, rangeNode: ts.Node): LocalId {
  walker.out.add({
    id, kind: 'import', name: localName || importedName, range: walker.range(rangeNode),
    specifier, importedName, localName, syntax,
  });
  return id;
}

/** `ns.prop` of a namespace import: its own ImportNode, shared by every use. */
export function namespaceMember(walker: VisitContext, ns: NamespaceInfo, prop: string, rangeNode: ts.Node): LocalId {
  return addImportNode(walker, `${ns.baseId}.${prop}`, ns.specifier, prop, prop, ns.syntax, rangeNode);
}

/** Declares one imported name in `scope`. */
export function declareImported(walker: VisitContext, scope: Scope, nameNode: ts.Identifier, specifier: string,
  importedName: string, syntax: ImportSyntax, moduleLevel: boolean): void {
  const kind = classifySpecifier(specifier, walker.drivers);
  const symbol: ScopeSymbol = { moduleLevel, fromModule: specifier, importedName };
  if (kind === 'driver') {
    walker.noteDriverImport();
    const moduleValue = walker.drivers.moduleValue(specifier)!;
    // A re-exporting module's `default` may be its own export (`export { default } from 'pg'`); a driver's is its namespace.
    symbol.driverValue = importedName === '*' ? moduleValue
      : importedName === 'default' ? moduleValue.members?.get('default') ?? moduleValue
      : driverMember(moduleValue, importedName);
  } else if (kind === 'other') {
    const id = addImportNode(walker, `i:${nameNode.getStart(walker.sourceFile)}`, specifier, importedName, nameNode.text, syntax, nameNode);
    symbol.node = id;
    if (importedName === '*') symbol.namespace = { specifier, syntax, baseId: id };
  }
  scope.set(nameNode.text, symbol);
}

export function declareImportDeclaration(walker: VisitContext, declaration: ts.ImportDeclaration, scope: Scope): void {
  const specifier = literalText(declaration.moduleSpecifier);
  if (specifier === undefined) return;
  walker.noteModuleImport(specifier);
  const clause = declaration.importClause;
  if (!clause || clause.isTypeOnly) return;
  if (clause.name) declareImported(walker, scope, clause.name, specifier, 'default', 'esm', true);
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (isNamespaceImport(bindings)) {
    declareImported(walker, scope, bindings.name, specifier, '*', 'esm', true);
    return;
  }
  for (const element of bindings.elements) {
    if (element.isTypeOnly) continue;
    declareImported(walker, scope, element.name, specifier, (element.propertyName ?? element.name).text, 'esm', true);
  }
}

export function declareImportEquals(walker: VisitContext, declaration: ts.ImportEqualsDeclaration, scope: Scope): void {
  if (declaration.isTypeOnly || !isExternalModuleReference(declaration.moduleReference)) return;
  const specifier = literalText(declaration.moduleReference.expression);
  if (specifier === undefined) return;
  walker.noteModuleImport(specifier);
  declareImported(walker, scope, declaration.name, specifier, '*', 'cjs', true);
}

export interface ImportSource {
  specifier: string;
  syntax: ImportSyntax;
  /** `require('x').prop` */
  prop?: string;
}

/** `require('x')`, `require('x').prop`, `await import('x')` (possibly `.prop`). */
export function importSource(walker: VisitContext, expression: ts.Expression): ImportSource | undefined {
  let e = unwrapAwait(expression);
  let prop: string | undefined;
  if (isPropertyAccessExpression(e)) {
    const inner = unwrapAwait(e.expression);
    if (walker.requireOf(inner) === undefined && dynamicImportSpecifier(inner) === undefined) return undefined;
    prop = e.name.text;
    e = inner;
  }
  const required = walker.requireOf(e);
  if (required !== undefined) return { specifier: required, syntax: 'cjs', prop };
  const dynamic = dynamicImportSpecifier(e);
  if (dynamic !== undefined) return { specifier: dynamic, syntax: 'dynamic', prop };
  return undefined;
}

/** `const x = require('y')`, `const { a, b: c } = require('y')`, `const q = require('y').q` … */
export function declareRequired(walker: VisitContext, name: ts.BindingName, source: ImportSource, scope: Scope, moduleLevel: boolean): void {
  if (moduleLevel) walker.noteModuleImport(source.specifier);
  if (isIdentifier(name)) {
    declareImported(walker, scope, name, source.specifier, source.prop ?? '*', source.syntax, moduleLevel);
    return;
  }
  if (!isObjectBindingPattern(name)) return;
  const kind = classifySpecifier(source.specifier, walker.drivers);
  for (const element of name.elements) {
    if (element.dotDotDotToken || !isIdentifier(element.name)) continue;
    const prop = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
    if (prop === undefined) continue;
    if (kind === 'driver') {
      walker.noteDriverImport();
      // Destructuring reads a property of the (possibly `.native`) module value.
      const moduleValue = walker.drivers.moduleValue(source.specifier)!;
      const base = source.prop ? driverMember(moduleValue, source.prop) : moduleValue;
      scope.set(element.name.text, { moduleLevel, fromModule: source.specifier, importedName: prop, driverValue: base && driverMember(base, prop) });
    } else {
      declareImported(walker, scope, element.name, source.specifier, prop, source.syntax, moduleLevel);
    }
  }
}
