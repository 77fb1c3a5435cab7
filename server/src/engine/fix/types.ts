/**
 * TypeScript annotations follow the rewrite: every `Client` (`pg.Client`)
 * annotation a value of the shared client flows into becomes `Pool`, and one
 * that receives the connection a rewritten transaction checked out becomes
 * `PoolClient` (`Pool | PoolClient` when it receives both). Where a value
 * flows is read from the syntax and the file's checker: the holder's own
 * declarations, getters' return types, injected parameters, and for each use
 * of the client the annotation it is assigned, returned or passed into.
 */
import ts from 'typescript';
import type { ClientSeeds } from './clientRefs';
import { emptySeeds, findClientExpressions, storedIn } from './clientRefs';
import type { FileRewrite } from './context';
import type { Holder } from './holder';
import type { ClientTypeAs } from './pgBinding';
import { symbolOf } from './source';

export function rewriteTypes(ctx: FileRewrite, holder: Holder | undefined, seeds: ClientSeeds): void {
  if (!ctx.file.isTypeScript) return;
  const wanted = new Map<ts.TypeNode, Set<'pool' | 'checkout'>>();
  const want = (type: ts.TypeNode | undefined, as: 'pool' | 'checkout'): void => {
    if (!type) return;
    if (!wanted.has(type)) wanted.set(type, new Set());
    wanted.get(type)!.add(as);
  };
  const localSeeds = ctx.seeds ?? seeds;
  for (const symbol of localSeeds.values) {
    for (const decl of symbol.declarations ?? []) {
      if (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isParameter(decl)) want(decl.type, 'pool');
    }
  }
  for (const symbol of localSeeds.getters) {
    for (const decl of symbol.declarations ?? []) {
      const fn = ts.isVariableDeclaration(decl) ? decl.initializer : decl;
      if (fn && ts.isFunctionLike(fn)) want(fn.type, 'pool');
    }
  }
  if (holder?.cls && holder.field) {
    for (const member of holder.cls.members) {
      if (ts.isPropertyDeclaration(member) && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name)) && member.name.text === holder.field) want(member.type, 'pool');
    }
  }
  for (const param of ctx.injectedTypes ?? []) want(param.type, 'pool');
  for (const expr of ctx.clientExprs) {
    for (const type of flowTargets(ctx, expr)) want(type, ctx.checkedOut?.has(expr) ? 'checkout' : 'pool');
  }
  for (const [typeNode, kinds] of wanted) {
    rewriteAnnotation(ctx, typeNode, kinds.size > 1 ? 'both' : kinds.has('checkout') ? 'checkout' : 'pool');
  }
}

/** The annotations a use of the client flows into: `x: T = c`, `this.f = c` (f: T), `return c` (fn(): T), `f(c)` (f(p: T)). */
function flowTargets(ctx: FileRewrite, expr: ts.Expression): ts.TypeNode[] {
  const parent = expr.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === expr) return parent.type ? [parent.type] : [];
  const collection = storedIn(parent, expr);
  if (collection) return collectionValueTypes(ctx, collection, ts.isCallExpression(parent) ? 'Map' : 'Record');
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === expr) return declaredTypes(ctx, parent.left);
  if (ts.isReturnStatement(parent)) {
    let fn: ts.Node | undefined = parent.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    return fn && (fn as ts.SignatureDeclaration).type ? [(fn as ts.SignatureDeclaration).type!] : [];
  }
  if (ts.isArrowFunction(parent) && parent.body === expr) return parent.type ? [parent.type] : [];
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(expr)) {
    const index = parent.arguments.indexOf(expr);
    const decl = ctx.file.checker.getResolvedSignature(parent)?.getDeclaration();
    const param = decl && ts.isFunctionLike(decl) ? decl.parameters[index] : undefined;
    return param && !param.dotDotDotToken && param.type && param.getSourceFile() === ctx.file.sf ? [param.type] : [];
  }
  return [];
}

/**
 * The value type of the collection a client is stored in (`clients.set(key, c)`, `cache[key] = c`): `V` of
 * `Map<K, V>` / `Record<K, V>`, in the collection's annotation or its `new Map<K, V>()`, or an index signature's type.
 */
function collectionValueTypes(ctx: FileRewrite, collection: ts.Identifier, generic: 'Map' | 'Record'): ts.TypeNode[] {
  const symbol = symbolOf(ctx.file, collection);
  const out: ts.TypeNode[] = [];
  const valueOf = (type: ts.TypeNode | undefined): void => {
    if (!type) return;
    if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === generic && type.typeArguments?.length === 2) out.push(type.typeArguments[1]);
    else if (ts.isTypeLiteralNode(type) && type.members.length === 1 && ts.isIndexSignatureDeclaration(type.members[0])) out.push(type.members[0].type);
  };
  for (const decl of symbol?.declarations ?? []) {
    if (!(ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) || decl.getSourceFile() !== ctx.file.sf) continue;
    if (decl.type) valueOf(decl.type);
    else if (decl.initializer && ts.isNewExpression(decl.initializer) && ts.isIdentifier(decl.initializer.expression) && decl.initializer.expression.text === generic && decl.initializer.typeArguments?.length === 2) {
      out.push(decl.initializer.typeArguments[1]);
    }
  }
  return out;
}

function declaredTypes(ctx: FileRewrite, target: ts.Expression): ts.TypeNode[] {
  const symbol = ts.isIdentifier(target) ? symbolOf(ctx.file, target) : ctx.file.checker.getSymbolAtLocation(target);
  const out: ts.TypeNode[] = [];
  for (const decl of symbol?.declarations ?? []) {
    if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isParameter(decl)) && decl.type && decl.getSourceFile() === ctx.file.sf) out.push(decl.type);
  }
  return out;
}

function isClientType(ctx: FileRewrite, name: ts.EntityName): boolean {
  return ts.isIdentifier(name) ? ctx.pg.isPgClient(name) : name.right.text === 'Client' && ts.isIdentifier(name.left) && isPgNamespace(ctx, name.left);
}

/** `pg` in `pg.Client`: a default/namespace import or require of a pg module. */
function isPgNamespace(ctx: FileRewrite, id: ts.Identifier): boolean {
  const decl = symbolOf(ctx.file, id)?.declarations?.[0];
  if (!decl) return false;
  const importDecl = ts.isImportClause(decl) ? decl.parent : ts.isNamespaceImport(decl) ? decl.parent.parent : undefined;
  if (importDecl && ts.isImportDeclaration(importDecl) && ts.isStringLiteral(importDecl.moduleSpecifier)) return ['pg', '@neondatabase/serverless'].includes(importDecl.moduleSpecifier.text);
  return false;
}

/**
 * `registerRoutes(app, db)` where `registerRoutes(app: Express, db: Client)` is
 * imported from another workspace file: that parameter's annotation becomes
 * `Pool` too, and so do the annotations the parameter flows into there
 * (`all(db, sql)` with `all(db: Client, …)`), file after file. Only
 * annotations: what such a function does with the client is the analysis's
 * and the rewrite's business where the file is reached by import.
 * `open` gives the target file's rewrite context and whether it was new
 * (an annotation-only file, whose types this function then rewrites).
 */
export function rewriteImportedParameterTypes(contexts: readonly FileRewrite[], open: (path: string) => { ctx: FileRewrite; opened: boolean } | undefined, resolve: (specifier: string, importer: string) => string | undefined): void {
  const queue = [...contexts];
  const seeded = new Set<FileRewrite>();
  for (let i = 0; i < queue.length && i < 100; i++) {
    const ctx = queue[i];
    if (!ctx.file.isTypeScript) continue;
    for (const expr of ctx.clientExprs) {
      const call = expr.parent;
      if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments?.includes(expr) || !ts.isIdentifier(call.expression)) continue;
      const imported = importedBinding(ctx, call.expression);
      const target = imported && resolve(imported.specifier, ctx.file.path);
      const found = target && target !== ctx.file.path ? open(target) : undefined;
      if (!found || !found.ctx.file.isTypeScript) continue;
      const other = found.ctx;
      const fn = exportedFunction(other, imported!.name);
      const param = fn?.parameters[call.arguments.indexOf(expr)];
      if (!param?.type || param.dotDotDotToken || !ts.isIdentifier(param.name)) continue;
      if (ctx.checkedOut?.has(expr) || !found.opened) {
        // A checked-out connection, or a file the rewrite already covers: only this annotation.
        rewriteAnnotation(other, param.type, ctx.checkedOut?.has(expr) ? 'checkout' : 'pool');
        continue;
      }
      const symbol = other.file.checker.getSymbolAtLocation(param.name);
      if (!symbol) continue;
      const seeds = other.seeds ?? emptySeeds();
      if (seeds.values.has(symbol)) continue;
      seeds.values.add(symbol);
      other.seeds = seeds;
      other.clientExprs = findClientExpressions(other.file, seeds);
      other.clientExprSet = new Set(other.clientExprs);
      rewriteTypes(other, undefined, seeds);
      if (!seeded.has(other)) {
        seeded.add(other);
        queue.push(other);
      }
    }
  }
}

function rewriteAnnotation(ctx: FileRewrite, type: ts.TypeNode, as: ClientTypeAs): void {
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node) && isClientType(ctx, node.typeName) && !ctx.edits.covers(node.getStart(ctx.file.sf), node.end)) ctx.pg.rewriteTypeReferenceAs(node, as);
    ts.forEachChild(node, visit);
  };
  visit(type);
}

/** `import { f } from './x'` / `import f from './x'` → the module and the exported name. */
function importedBinding(ctx: FileRewrite, id: ts.Identifier): { specifier: string; name: string } | undefined {
  const decl = symbolOf(ctx.file, id)?.declarations?.[0];
  if (!decl) return undefined;
  const importDecl = ts.isImportSpecifier(decl) ? decl.parent.parent.parent : ts.isImportClause(decl) ? decl.parent : undefined;
  if (!importDecl || !ts.isStringLiteral(importDecl.moduleSpecifier)) return undefined;
  const name = ts.isImportSpecifier(decl) ? (decl.propertyName ?? decl.name).text : 'default';
  return { specifier: importDecl.moduleSpecifier.text, name };
}

function exportedFunction(ctx: FileRewrite, name: string): ts.SignatureDeclaration | undefined {
  for (const stmt of ctx.file.sf.statements) {
    const modifiers = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) ?? [] : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(stmt) && (isDefault ? name === 'default' : stmt.name?.text === name)) return stmt;
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const init = decl.initializer;
        if (ts.isIdentifier(decl.name) && decl.name.text === name && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
      }
    }
  }
  return undefined;
}
