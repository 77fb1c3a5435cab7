/**
 * Declarations: hoisting pre-scan of statement lists into a scope (so uses
 * before the declaration resolve), parameters, and the visit of a variable
 * declaration (containers, alias/new edges, creation claims, local aliases).
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { BindingNode, LocalId } from '../types';
import type { Scope, ScopeSymbol } from './scope';
import { declareImportDeclaration, declareImportEquals, declareRequired, importSource, namespaceMember } from './imports';
import { createdThroughChain, creationOf, driverMember, driverValueOf, type DriverValue } from './driverValues';
import { creationId, initializerEdges, localAliasTarget, isCheckout, resolveExprNode } from './resolve';
import { bindingIdentifiers, hasModifier, isFunctionExpressionLike, propertyNameText, unwrap, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';
import { isGlobalObjectExpression, registryKey, registryKeyOf, registryPrefixOf } from './registries';
import { isExportsObject } from './exports';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isCallExpression, isClassExpression, isElementAccessExpression, isIdentifier, isNewExpression, isObjectBindingPattern, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment } = ts;


function declKindOf(list: ts.VariableDeclarationList): BindingNode['declKind'] {
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  if (list.flags & (ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing)) return 'const';
  return 'var';
}

function addBinding(walker: VisitContext, name: string, declKind: BindingNode['declKind'], rangeNode: ts.Node): LocalId {
  const id = `b:${name}`;
  walker.out.add({ id, kind: 'binding', name, range: walker.range(rangeNode), declKind });
  return id;
}

function exportDeclared(walker: VisitContext, statement: ts.Node, name: string, id: LocalId, rangeNode: ts.Node): void {
  if (!hasModifier(statement, SK.ExportKeyword)) return;
  walker.exportAs(hasModifier(statement, SK.DefaultKeyword) ? 'default' : name, id, rangeNode);
}

/** The driver Client a class extends (`extends pg.Client`), if it extends one. */
function extendedClient(walker: VisitContext, declaration: ts.ClassDeclaration): DriverValue | undefined {
  for (const clause of declaration.heritageClauses ?? []) {
    if (clause.token !== SK.ExtendsKeyword) continue;
    const base = clause.types[0] && driverValueOf(walker, clause.types[0].expression);
    return base?.resource?.kind === 'client' && base.resource.createdBy === 'new' ? base : undefined;
  }
  return undefined;
}

/** Declares everything a statement list declares (imports first, then in order). */
export function declareStatements(walker: VisitContext, statements: readonly ts.Statement[], scope: Scope, moduleLevel: boolean): void {
  // Driver values of later declarations resolve through earlier ones.
  const previous = walker.swapScope(scope);
  try {
    if (moduleLevel) {
      for (const statement of statements) {
        if (statement.kind === SK.ImportDeclaration) declareImportDeclaration(walker, statement as ts.ImportDeclaration, scope);
        else if (statement.kind === SK.ImportEqualsDeclaration) declareImportEquals(walker, statement as ts.ImportEqualsDeclaration, scope);
      }
    }
    for (const statement of statements) {
      switch (statement.kind) {
        case SK.VariableStatement: {
          const list = (statement as ts.VariableStatement).declarationList;
          const declKind = declKindOf(list);
          for (const declaration of list.declarations) {
            declareVariable(walker, statement, declaration, scope, moduleLevel, declKind);
          }
          break;
        }
        case SK.FunctionDeclaration:
        case SK.ClassDeclaration:
        case SK.EnumDeclaration: {
          const declaration = statement as ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration;
          const name = declaration.name?.text ?? (hasModifier(statement, SK.DefaultKeyword) ? 'default' : undefined);
          if (name === undefined) break;
          const isFunction = statement.kind === SK.FunctionDeclaration;
          const isClass = statement.kind === SK.ClassDeclaration;
          const symbol: ScopeSymbol = { moduleLevel, isFunction };
          // `class Db extends pg.Client {}`: `new Db()` is a Client of that driver.
          const base = isClass ? extendedClient(walker, declaration as ts.ClassDeclaration) : undefined;
          if (base) symbol.driverValue = { ...base, members: undefined, namespaceRoot: false, subclass: name };
          if (moduleLevel) {
            const declKind = isFunction ? 'function' : isClass ? 'class' : 'other';
            const id = addBinding(walker, name, declKind, declaration.name ?? declaration);
            symbol.node = id;
            if (isClass) symbol.classId = id;
            exportDeclared(walker, statement, name, id, declaration.name ?? declaration);
            if (symbol.driverValue && hasModifier(statement, SK.ExportKeyword)) {
              walker.out.driverExport(hasModifier(statement, SK.DefaultKeyword) ? 'default' : name, symbol.driverValue);
            }
          }
          if (declaration.name) scope.set(name, symbol);
          break;
        }
        default:
          break;
      }
    }
  } finally {
    walker.swapScope(previous);
  }
}

function declareVariable(walker: VisitContext, statement: ts.Statement, declaration: ts.VariableDeclaration, scope: Scope,
  moduleLevel: boolean, declKind: BindingNode['declKind']): void {
  const initializer = declaration.initializer;
  if (initializer) {
    const source = importSource(walker, initializer);
    if (source) {
      declareRequired(walker, declaration.name, source, scope, moduleLevel);
      return;
    }
    const driverValue = driverValueOf(walker, initializer);
    if (driverValue) {
      for (const id of bindingIdentifiers(declaration.name)) scope.set(id.text, { moduleLevel, driverValue });
      if (isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          if (element.dotDotDotToken || !isIdentifier(element.name)) continue;
          const prop = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
          const value = prop === undefined ? undefined : driverMember(driverValue, prop);
          scope.set(element.name.text, { moduleLevel, driverValue: value });
        }
      }
      // `export const Client = pg.Client`: importers see the driver's value, as with `export { Client }`.
      if (moduleLevel && hasModifier(statement, SK.ExportKeyword) && !hasModifier(statement, SK.DefaultKeyword)) {
        for (const id of bindingIdentifiers(declaration.name)) {
          const value = scope.get(id.text)?.driverValue;
          if (value) walker.out.driverExport(id.text, value);
        }
      }
      return;
    }
    const inner = unwrapAwait(initializer);
    if (isIdentifier(inner) && isObjectBindingPattern(declaration.name)) {
      const ns = walker.lookup(inner.text)?.namespace;
      if (ns) {
        for (const element of declaration.name.elements) {
          if (element.dotDotDotToken || !isIdentifier(element.name)) continue;
          const prop = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
          if (prop === undefined) continue;
          scope.set(element.name.text, { moduleLevel, node: namespaceMember(walker, ns, prop, element) });
        }
        return;
      }
    }
  }
  const value = initializer ? unwrap(initializer) : undefined;
  if (!moduleLevel && isIdentifier(declaration.name)) {
    // Fast path for the common local `const x = …`.
    const symbol: ScopeSymbol = { moduleLevel: false, isFunction: value !== undefined && isFunctionExpressionLike(value) };
    if (value && isKeyedCollection(walker, value)) symbol.keyedCollection = true;
    scope.set(declaration.name.text, symbol);
    return;
  }
  for (const id of bindingIdentifiers(declaration.name)) {
    const symbol: ScopeSymbol = { moduleLevel, isFunction: value !== undefined && isFunctionExpressionLike(value) };
    if (value && isIdentifier(declaration.name) && isKeyedCollection(walker, value)) symbol.keyedCollection = true;
    if (moduleLevel && declKind === 'const' && isIdentifier(declaration.name) && value && isExportsObject(walker, value)) symbol.exportsObject = true;
    if (moduleLevel) {
      const bindingId = addBinding(walker, id.text, declKind, id);
      symbol.node = bindingId;
      if (value && isClassExpression(value) && isIdentifier(declaration.name)) {
        symbol.classId = bindingId;
        walker.bindClassExpression(value, bindingId);
      }
      exportDeclared(walker, statement, id.text, bindingId, id);
    }
    scope.set(id.text, symbol);
  }
}

const KEYED_COLLECTIONS = new Set(['Map', 'WeakMap']);

/** `new Map()`, `new WeakMap<K, V>(entries)`: the builtin, not a class of that name the module declares or imports. */
function isKeyedCollection(walker: VisitContext, value: ts.Expression): boolean {
  if (!isNewExpression(value)) return false;
  const cls = unwrap(value.expression);
  return isIdentifier(cls) && KEYED_COLLECTIONS.has(cls.text) && walker.lookup(cls.text) === undefined;
}

/** Parameters (and loop / catch variables): locals, aliased when a class knows better (DI, parameter properties). */
export function declareParameters(walker: VisitContext, parameters: readonly (ts.ParameterDeclaration | ts.VariableDeclaration)[], scope: Scope): void {
  for (const parameter of parameters) {
    const alias = walker.parameterAlias(parameter);
    if (isIdentifier(parameter.name)) scope.set(parameter.name.text, { moduleLevel: false, node: alias });
    else {
      for (const id of bindingIdentifiers(parameter.name)) scope.set(id.text, { moduleLevel: false, node: alias });
      // `(parent, args, { db }) =>`, `async ({ db }) =>`: a context object's member (facts/registries.ts).
      if (alias === undefined && isObjectBindingPattern(parameter.name)) bindRegistryElements(parameter.name, scope);
    }
  }
}

/**
 * A value derived from a query's result (`await db.query(…)`, `(await db.query(…)).rows`): a holder of it
 * holds rows, not the client, so later code using the rows (a fan-out over them) does not use the client.
 */
function isQueryResult(initializer: ts.Expression): boolean {
  let e = unwrapAwait(initializer);
  while (isPropertyAccessExpression(e) || isElementAccessExpression(e)) e = unwrapAwait(e.expression);
  if (!isCallExpression(e)) return false;
  const callee = unwrap(e.expression);
  return isPropertyAccessExpression(callee) && QUERY_METHODS.has(callee.name.text);
}

const QUERY_METHODS: ReadonlySet<string> = new Set(['query', 'execute']);

/** `{ db, pool: client }` of a context object: each name stands for the registry member it reads. */
function bindRegistryElements(pattern: ts.ObjectBindingPattern, scope: Scope, prefix?: (name: string) => string): void {
  for (const element of pattern.elements) {
    if (element.dotDotDotToken || !isIdentifier(element.name)) continue;
    const prop = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
    const symbol = scope.get(element.name.text);
    if (prop !== undefined && symbol && symbol.node === undefined) symbol.registry = (prefix ?? registryKey)(prop);
  }
}

/**
 * `export const db = { main: new Client(), audit: { log: new Client() } }`: each connection is named
 * after its place in the object (`db.main`, `db.audit.log`), as its callers write it. Claimed here,
 * before the walk reaches the creations (the claim is what `recordCreation` takes), for those nothing
 * claimed yet; a later claim (a DI provider's `useValue`, when its object is visited) replaces it.
 * The object's binding is the holder, as for any module-level creation.
 */
function nameHeldCreations(walker: VisitContext, object: ts.ObjectLiteralExpression, path: string): void {
  for (const property of object.properties) {
    if (!isPropertyAssignment(property)) continue;
    const key = propertyNameText(property.name);
    if (key === undefined) continue;
    const value = unwrap(property.initializer);
    const name = `${path}.${key}`;
    if (isObjectLiteralExpression(value)) nameHeldCreations(walker, value, name);
    else if (walker.claimOf(value) === undefined && creationOf(walker, value)) walker.claim(value, { shape: 'module', holderName: name });
  }
}

export function visitVariableDeclaration(walker: VisitContext, declaration: ts.VariableDeclaration): void {
  const initializer = declaration.initializer;
  if (!initializer) return;
  if (importSource(walker, initializer)) return; // declared as an import; nothing else to see
  const name = declaration.name;
  if (!isIdentifier(name)) {
    if (walker.scope !== walker.moduleScope && isObjectBindingPattern(name)) {
      // `const { db } = ctx` / `const { db } = request.server`.
      const prefix = registryPrefixOf(walker, initializer);
      if (prefix !== undefined) bindRegistryElements(name, walker.scope, (prop) => prefix + prop);
    }
    if (walker.scope === walker.moduleScope) {
      const ids = bindingIdentifiers(name).map((id) => walker.moduleScope.get(id.text)?.node).filter((id): id is string => !!id);
      // `const { rows } = await db.query(…)`: the rows are not the client; top-level code ran the query.
      const derived = isQueryResult(initializer);
      const target = derived ? undefined : resolveExprNode(walker, initializer);
      if (target) for (const id of ids) walker.edge(id, target, 'ref');
      if (ids.length > 0 && !derived) walker.setFrame(initializer, { container: ids[0] });
    }
    walker.pushList([name, initializer]);
    return;
  }
  const symbol = walker.scope.get(name.text) ?? walker.lookup(name.text);
  if (symbol?.driverValue) return;
  const value = unwrap(initializer);
  // `await mysql.createConnection()` (mysql2/promise, mariadb): the awaited call is the creation.
  const creation = createdThroughChain(walker, initializer);
  if (symbol && walker.scope === walker.moduleScope && symbol.node === `b:${name.text}`) {
    const id = symbol.node;
    if (creation) walker.claim(creation, { shape: 'module', holder: id, holderName: name.text });
    else initializerEdges(walker, id, value);
    if (isObjectLiteralExpression(value)) nameHeldCreations(walker, value, name.text);
    if (isFunctionExpressionLike(value)) walker.bindFunction(value, id);
    if (!isQueryResult(initializer)) walker.setFrame(initializer, { container: id });
  } else if (symbol && !symbol.moduleLevel) {
    if (creation) {
      const inFactory = walker.container.startsWith('di:');
      walker.claim(creation, inFactory
        ? { shape: 'diFactory', holder: walker.container, holderName: walker.container.slice(3) }
        : { shape: walker.functionDepth > 0 ? 'local' : 'module', holderName: name.text });
      symbol.node = creationId(walker, creation);
    } else {
      const target = localAliasTarget(walker, initializer);
      if (target !== undefined) {
        symbol.node = target;
        if (isCheckout(walker, initializer)) symbol.checkout = true;
      } else {
        const key = registryKeyOf(walker, initializer);
        if (key !== undefined) symbol.registry = key;
        else if (isGlobalObjectExpression(walker, initializer)) symbol.globalObject = true;
      }
    }
  }
  walker.push(initializer);
}
