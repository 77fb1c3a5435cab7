/**
 * Files that import the creation file, and what each local import binding is
 * (the client itself, a getter returning it, or a namespace holding either).
 * Specifiers are resolved as the module graph resolves them.
 */
import ts from 'typescript';
import type { ParsedFile } from './source';
import type { ClientSeeds, ExportKind } from './clientRefs';
import { emptySeeds } from './clientRefs';
import { requiredModule } from './pgBinding';
import { ModuleResolver } from '../graph/resolve';

/** Which workspace file `specifier`, written in `importerPath`, names (undefined: external or unknown). */
export type ResolveImport = (specifier: string, importerPath: string) => string | undefined;

/** The module graph's resolver over the rewrite's files: extension-less, index files, `./db.js` → db.ts. */
export function resolverOver(files: readonly string[]): ResolveImport {
  const resolver = new ModuleResolver();
  for (const file of files) resolver.addFile(file);
  return (specifier, importerPath) => resolver.resolve(specifier, importerPath);
}

/** Every string literal module specifier in the file (import, export from, require). */
export function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node)) {
      const module = requiredModule(node);
      if (module) out.push(module);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/**
 * What a barrel passes on: `export { client as db } from './db'`,
 * `export * from './db'`, `module.exports = require('./db')`.
 */
export function reExports(file: ParsedFile, target: string, exports: Map<string, ExportKind>, resolve: ResolveImport): Map<string, ExportKind> {
  const out = new Map<string, ExportKind>();
  for (const stmt of file.sf.statements) {
    if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) && resolve(stmt.moduleSpecifier.text, file.path) === target) {
      if (!stmt.exportClause) {
        for (const [name, kind] of exports) if (name !== 'default') out.set(name, kind);
      } else if (ts.isNamedExports(stmt.exportClause)) {
        for (const spec of stmt.exportClause.elements) {
          const kind = exports.get((spec.propertyName ?? spec.name).text);
          if (kind) out.set(spec.name.text, kind);
        }
      }
    }
    if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = stmt.expression;
      const module = requiredModule(right);
      const isModuleExports = ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports';
      if (isModuleExports && module && resolve(module, file.path) === target) for (const [name, kind] of exports) out.set(name, kind);
    }
  }
  return out;
}

/** Seeds for an importing file, from the creation file's client exports. */
export function importerSeeds(
  file: ParsedFile,
  target: string,
  exports: Map<string, ExportKind>,
  resolve: ResolveImport,
  seeds: ClientSeeds = emptySeeds(),
): ClientSeeds {
  const add = (nameNode: ts.Identifier, kind: ExportKind | undefined): void => {
    const symbol = file.checker.getSymbolAtLocation(nameNode);
    if (!symbol || !kind) return;
    (kind === 'value' ? seeds.values : seeds.getters).add(symbol);
  };
  const resolves = (spec: string): boolean => resolve(spec, file.path) === target;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && resolves(node.moduleSpecifier.text) && node.importClause) {
      const clause = node.importClause;
      if (clause.name) add(clause.name, exports.get('default'));
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) add(el.name, exports.get((el.propertyName ?? el.name).text));
      } else if (bindings && ts.isNamespaceImport(bindings)) {
        const symbol = file.checker.getSymbolAtLocation(bindings.name);
        if (symbol) seeds.namespaces.set(symbol, exports);
      }
    }
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = skipAwait(node.initializer);
      const module = requiredModule(init) ?? dynamicImportModule(init);
      if (module && resolves(module)) {
        if (ts.isIdentifier(node.name)) {
          if (requiredModule(init)) add(node.name, exports.get('default'));
          const symbol = file.checker.getSymbolAtLocation(node.name);
          if (symbol) seeds.namespaces.set(symbol, exports);
        } else if (ts.isObjectBindingPattern(node.name)) {
          for (const el of node.name.elements) {
            const prop = el.propertyName ?? el.name;
            if (ts.isIdentifier(prop) && ts.isIdentifier(el.name)) add(el.name, exports.get(prop.text));
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return seeds;
}

function skipAwait(expr: ts.Expression): ts.Expression {
  return ts.isAwaitExpression(expr) ? expr.expression : expr;
}

function dynamicImportModule(expr: ts.Expression): string | undefined {
  if (ts.isCallExpression(expr) && expr.expression.kind === ts.SyntaxKind.ImportKeyword && expr.arguments.length === 1 && ts.isStringLiteralLike(expr.arguments[0])) {
    return expr.arguments[0].text;
  }
  return undefined;
}

export function isSeedsEmpty(seeds: ClientSeeds): boolean {
  return seeds.values.size === 0 && seeds.getters.size === 0 && seeds.namespaces.size === 0;
}
