/**
 * The creation (`new Client(...)`) and what holds it: a variable (module-level,
 * lazily assigned, or local to a DI factory), a class field, or the module's
 * default export. Also which of the file's exports hand the client (or a
 * getter returning it) to other modules.
 */
import ts from 'typescript';
import type { ParsedFile } from './source';
import { symbolOf } from './source';
import type { ClientSeeds, ExportKind } from './clientRefs';
import { emptySeeds, findClientExpressions, outermost, thisClass } from './clientRefs';

/** `=`, and the logical assignments lazy singletons use (`??=`, `||=`). */
const ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

export type HolderKind = 'variable' | 'classField' | 'exportDefault' | 'unknown';

export interface Holder {
  kind: HolderKind;
  /** `new Client(…)`, or a driver factory call (`mysql.createConnection(…)`). */
  creation: ts.NewExpression | ts.CallExpression;
  /** variable: the declared symbol (module var, lazy var, factory local). */
  symbol?: ts.Symbol;
  /** classField: the class and the field name. */
  cls?: ts.ClassLikeDeclaration;
  field?: string;
  /** The statement (or property declaration) the creation sits in. */
  statement?: ts.Node;
  /** `statement` is the anchor after every creation of the holder (holderCreations.ts), not the creation's own statement. */
  anchored?: boolean;
  /** Assigned with `??=` / `||=`: code after the statement runs on every call, not once. */
  conditional?: boolean;
}

/** The `new` expression at (or enclosing, or starting at) `offset`. */
export function findCreation(sf: ts.SourceFile, offset: number): ts.NewExpression | undefined {
  let best: ts.NewExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (offset < node.getFullStart() || offset > node.end) return;
    if (ts.isNewExpression(node) && node.getStart(sf) <= offset && offset < node.end) best = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return best;
}

/** The factory call (`mysql.createConnection(…)`) that starts at `offset`. */
export function findFactoryCreation(sf: ts.SourceFile, offset: number): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || offset < node.getFullStart() || offset > node.end) return;
    if (ts.isCallExpression(node) && node.getStart(sf) === offset) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

export function describeHolder(file: ParsedFile, creation: ts.NewExpression | ts.CallExpression): Holder {
  const expr = outermost(creation);
  const parent = expr.parent;
  const statement = enclosingStatement(expr);
  if (ts.isVariableDeclaration(parent) && parent.initializer === expr && ts.isIdentifier(parent.name)) {
    return { kind: 'variable', creation, symbol: file.checker.getSymbolAtLocation(parent.name), statement };
  }
  if (ts.isBinaryExpression(parent) && ASSIGNMENTS.has(parent.operatorToken.kind) && parent.right === expr) {
    const left = parent.left;
    const conditional = parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
    if (ts.isIdentifier(left)) return { kind: 'variable', creation, symbol: symbolOf(file, left), statement, conditional };
    if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = thisClass(left);
      if (cls) return { kind: 'classField', creation, cls, field: left.name.text, statement, conditional };
    }
    if (isModuleExports(left)) return { kind: 'exportDefault', creation, statement };
  }
  if (ts.isPropertyDeclaration(parent) && parent.initializer === expr && ts.isIdentifier(parent.name)) {
    return { kind: 'classField', creation, cls: parent.parent as ts.ClassLikeDeclaration, field: parent.name.text, statement: parent };
  }
  if (ts.isExportAssignment(parent)) return { kind: 'exportDefault', creation, statement };
  return { kind: 'unknown', creation, statement };
}

export function holderSeeds(file: ParsedFile, holder: Holder): ClientSeeds {
  const seeds = emptySeeds();
  if (holder.symbol) seeds.values.add(holder.symbol);
  if (holder.cls && holder.field) {
    seeds.thisMember = { cls: holder.cls, name: holder.field };
    const classSymbol = holder.cls.name && file.checker.getSymbolAtLocation(holder.cls.name);
    if (classSymbol) seeds.staticMember = { classSymbol, name: holder.field };
  }
  return seeds;
}

/**
 * Exported names of the creation file that are the client ('value') or a
 * function returning it ('getter'). 'default' covers `export default` and
 * `module.exports =`.
 */
export function clientExports(file: ParsedFile, seeds: ClientSeeds, holder: Holder): Map<string, ExportKind> {
  const out = new Map<string, ExportKind>();
  const exprs = new Set(findClientExpressions(file, seeds));
  const kindOf = (expr: ts.Expression): ExportKind | undefined => {
    if (expr === outermost(holder.creation) && holder.kind === 'exportDefault') return 'value';
    if (exprs.has(expr)) return 'value';
    if (ts.isIdentifier(expr)) {
      const symbol = symbolOf(file, expr);
      if (symbol && seeds.getters.has(symbol)) return 'getter';
    }
    return undefined;
  };
  const symbolKind = (symbol: ts.Symbol | undefined): ExportKind | undefined =>
    !symbol ? undefined : seeds.values.has(symbol) ? 'value' : seeds.getters.has(symbol) ? 'getter' : undefined;

  for (const stmt of file.sf.statements) {
    const exported = ts.canHaveModifiers(stmt) && ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = ts.canHaveModifiers(stmt) && ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (exported && ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        const kind = symbolKind(file.checker.getSymbolAtLocation(decl.name));
        if (kind) out.set(decl.name.text, kind);
      }
    } else if (exported && ts.isFunctionDeclaration(stmt)) {
      const kind = stmt.name ? symbolKind(file.checker.getSymbolAtLocation(stmt.name)) : undefined;
      if (kind) out.set(isDefault ? 'default' : stmt.name!.text, kind);
    } else if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      for (const spec of stmt.exportClause.elements) {
        const kind = symbolKind(file.checker.getExportSpecifierLocalTargetSymbol(spec));
        if (kind) out.set(spec.name.text, kind);
      }
    } else if (ts.isExportAssignment(stmt)) {
      const kind = kindOf(stmt.expression);
      if (kind) out.set('default', kind);
    } else if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = stmt.expression;
      if (isModuleExports(left)) {
        const kind = kindOf(right);
        if (kind) out.set('default', kind);
        if (ts.isObjectLiteralExpression(right)) {
          for (const prop of right.properties) {
            if (ts.isShorthandPropertyAssignment(prop)) {
              const kind = symbolKind(file.checker.getShorthandAssignmentValueSymbol(prop));
              if (kind) out.set(prop.name.text, kind);
            } else if (ts.isPropertyAssignment(prop) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) {
              const kind = kindOf(prop.initializer);
              if (kind) out.set(prop.name.text, kind);
            }
          }
        }
      } else if (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression)) {
        const kind = kindOf(right);
        if (kind) out.set(left.name.text, kind);
      }
    }
  }
  return out;
}

export function isModuleExports(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'module' && expr.name.text === 'exports';
}

function isExportsObject(expr: ts.Expression): boolean {
  return (ts.isIdentifier(expr) && expr.text === 'exports') || isModuleExports(expr);
}

export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node | undefined = node;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isBlock(current.parent) || ts.isSourceFile(current.parent) || ts.isModuleBlock(current.parent) || ts.isCaseClause(current.parent) || ts.isDefaultClause(current.parent)) {
      return current as ts.Statement;
    }
    current = current.parent;
  }
  return undefined;
}
