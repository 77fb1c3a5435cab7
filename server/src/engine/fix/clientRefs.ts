/**
 * Which expressions in one file evaluate to the shared client: identifiers
 * bound to it (resolved through the checker, never by name), `ns.member` of a
 * namespace import, `this.field` inside the owning class, calls of getter
 * functions that return it, and local aliases (`const db = await getClient()`).
 */
import ts from 'typescript';
import type { ParsedFile } from './source';
import { symbolOf } from './source';
import { VIEW_METHODS } from '../catalogue/drivers';

export type ExportKind = 'value' | 'getter';

export interface ClientSeeds {
  values: Set<ts.Symbol>;
  getters: Set<ts.Symbol>;
  /** namespace symbol → member name → kind */
  namespaces: Map<ts.Symbol, Map<string, ExportKind>>;
  /** `this.<name>` inside this class */
  thisMember?: { cls: ts.ClassLikeDeclaration; name: string };
  /** `Cls.<name>` for a static field: the class's symbol. */
  staticMember?: { classSymbol: ts.Symbol; name: string };
  /** Maps and records a client is stored in (`clients.set(key, c)`, `cache[key] = c`): their `get(key)` and `[key]` are clients too. */
  collections?: Set<ts.Symbol>;
}

export function emptySeeds(): ClientSeeds {
  return { values: new Set(), getters: new Set(), namespaces: new Map() };
}

/** Climb parentheses, `await`, `!` and `as` casts: the outermost expression that is still the client. */
export function outermost(expr: ts.Expression): ts.Expression {
  let current: ts.Expression = expr;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isNonNullExpression(parent) ||
      ts.isAsExpression(parent) || ts.isTypeAssertionExpression(parent) || ts.isSatisfiesExpression(parent)
    ) {
      current = parent;
    } else if (ts.isPropertyAccessExpression(parent) && parent.expression === current && VIEW_METHODS.has(parent.name.text) &&
      ts.isCallExpression(parent.parent) && parent.parent.expression === parent && parent.parent.arguments.length === 0) {
      // mysql2's `connection.promise()` is the same connection (and `pool.promise()` the same pool).
      current = parent.parent;
    } else {
      return current;
    }
  }
}

/** Every client expression in the file (outermost form), growing the seeds with local aliases and getters. */
export function findClientExpressions(file: ParsedFile, seeds: ClientSeeds): ts.Expression[] {
  for (let round = 0; round < 10; round++) {
    const found = scan(file, seeds);
    let grew = false;
    for (const expr of found) {
      const parent = expr.parent;
      if (ts.isVariableDeclaration(parent) && parent.initializer === expr && ts.isIdentifier(parent.name)) {
        const symbol = file.checker.getSymbolAtLocation(parent.name);
        if (symbol && !seeds.values.has(symbol)) {
          seeds.values.add(symbol);
          grew = true;
        }
      }
      if (ts.isReturnStatement(parent) && parent.expression === expr) {
        const fn = enclosingFunction(parent);
        const symbol = fn && functionSymbol(file, fn);
        if (symbol && !seeds.getters.has(symbol)) {
          seeds.getters.add(symbol);
          grew = true;
        }
      }
      const collection = storedIn(parent, expr);
      const collectionSymbol = collection && symbolOf(file, collection);
      if (collectionSymbol && !seeds.collections?.has(collectionSymbol)) {
        (seeds.collections ??= new Set()).add(collectionSymbol);
        grew = true;
      }
      if (ts.isArrowFunction(parent) && parent.body === expr) {
        const symbol = functionSymbol(file, parent);
        if (symbol && !seeds.getters.has(symbol)) {
          seeds.getters.add(symbol);
          grew = true;
        }
      }
    }
    if (!grew) return found;
  }
  return scan(file, seeds);
}

function scan(file: ParsedFile, seeds: ClientSeeds): ts.Expression[] {
  const out = new Set<ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (isClientExpression(file, seeds, node)) out.add(outermost(node as ts.Expression));
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return [...out];
}

/** The collection `expr` is stored in by `parent`: `X.set(key, expr)` or `X[key] = expr`, X an identifier. */
export function storedIn(parent: ts.Node, expr: ts.Expression): ts.Identifier | undefined {
  if (ts.isCallExpression(parent) && parent.arguments.length === 2 && parent.arguments[1] === expr && ts.isPropertyAccessExpression(parent.expression)
    && parent.expression.name.text === 'set' && ts.isIdentifier(parent.expression.expression)) return parent.expression.expression;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === expr
    && ts.isElementAccessExpression(parent.left) && ts.isIdentifier(parent.left.expression)) return parent.left.expression;
  return undefined;
}

function isCollectionRead(file: ParsedFile, seeds: ClientSeeds, node: ts.Node): boolean {
  if (!seeds.collections) return false;
  let collection: ts.Expression | undefined;
  if (ts.isElementAccessExpression(node)) {
    const parent = node.parent;
    // The store itself (`cache[key] = c`) is not a read.
    if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
    collection = node.expression;
  } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get' && node.arguments.length === 1) {
    collection = node.expression.expression;
  }
  if (!collection || !ts.isIdentifier(collection)) return false;
  const symbol = symbolOf(file, collection);
  return !!symbol && seeds.collections.has(symbol);
}

function isClientExpression(file: ParsedFile, seeds: ClientSeeds, node: ts.Node): boolean {
  if (isCollectionRead(file, seeds, node)) return true;
  if (ts.isIdentifier(node)) {
    if (!isValuePosition(node)) return false;
    const symbol = symbolOf(file, node);
    return !!symbol && seeds.values.has(symbol);
  }
  if (ts.isPropertyAccessExpression(node)) {
    if (node.expression.kind === ts.SyntaxKind.ThisKeyword && seeds.thisMember) {
      return node.name.text === seeds.thisMember.name && thisClass(node) === seeds.thisMember.cls;
    }
    if (ts.isIdentifier(node.expression)) {
      if (seeds.staticMember && node.name.text === seeds.staticMember.name && symbolOf(file, node.expression) === seeds.staticMember.classSymbol) return true;
      const members = namespaceMembers(file, seeds, node.expression);
      return members?.get(node.name.text) === 'value';
    }
    return false;
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (ts.isIdentifier(callee)) {
      const symbol = symbolOf(file, callee);
      return !!symbol && seeds.getters.has(symbol);
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      return namespaceMembers(file, seeds, callee.expression)?.get(callee.name.text) === 'getter';
    }
  }
  return false;
}

function namespaceMembers(file: ParsedFile, seeds: ClientSeeds, id: ts.Identifier): Map<string, ExportKind> | undefined {
  if (seeds.namespaces.size === 0) return undefined;
  const symbol = symbolOf(file, id);
  return symbol ? seeds.namespaces.get(symbol) : undefined;
}

/** An identifier used as a value (not a declaration name, property name or type). */
export function isValuePosition(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === id) return false;
  if (ts.isVariableDeclaration(parent) && parent.name === id) return false;
  if (ts.isBindingElement(parent)) return false;
  if (ts.isParameter(parent) && parent.name === id) return false;
  if ((ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id) return false;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent)) return false;
  return true;
}

/** The class whose `this` a node sees (arrow functions see through). */
export function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
    current = current.parent;
  }
  return undefined;
}

export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isFunctionLike(current) && 'body' in current) return current as ts.FunctionLikeDeclaration;
    current = current.parent;
  }
  return undefined;
}

/** The symbol a function is known by: its declaration name, or the variable it initialises. */
export function functionSymbol(file: ParsedFile, fn: ts.FunctionLikeDeclaration): ts.Symbol | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) {
    return file.checker.getSymbolAtLocation(fn.name);
  }
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return file.checker.getSymbolAtLocation(fn.parent.name);
  }
  return undefined;
}
