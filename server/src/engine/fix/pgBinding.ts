/**
 * How a file gets at pg's `Client` and `Pool`, and the edits that switch a
 * creation (and `Client` type annotations on the shared holder) to `Pool`.
 * The import is adjusted once, at `finish()`: `Client` is replaced by `Pool`
 * only when every use of it was rewritten, otherwise `Pool` is added next to it.
 */
import ts from 'typescript';
import type { FileEdits } from './edits';
import type { ParsedFile } from './source';
import { allIdentifiers, symbolOf } from './source';
import type { CodeStyle } from './style';
import { quoted } from './style';
import { isNameFree } from './names';
import { removeStatement } from './statements';

type ClientBinding =
  /** `import { Client as X } from 'pg'` */
  | { kind: 'importSpecifier'; node: ts.ImportSpecifier; module: string }
  /** `const { Client: X } = require('pg')` or `= pg` */
  | { kind: 'bindingElement'; node: ts.BindingElement; module: string }
  /** `import Client from 'pg/lib/client'` */
  | { kind: 'defaultImport'; node: ts.ImportDeclaration; module: string }
  /** `const Client = require('pg').Client` / `require('pg/lib/client')` */
  | { kind: 'variable'; node: ts.VariableDeclaration; module: string };

/** What a `Client` annotation becomes: the pool, a checked-out connection, or either. */
export type ClientTypeAs = 'pool' | 'checkout' | 'both';

export class PgBindingEditor {
  /** Client identifiers that were rewritten (callee, type references). */
  private readonly handled = new Set<ts.Identifier>();
  private readonly bindings = new Map<ts.Symbol, ClientBinding>();
  private readonly poolNames = new Map<ts.Symbol, string>();
  private readonly typeNames = new Map<string, string>();
  private readonly extraImports: string[] = [];
  problems: string[] = [];

  constructor(private readonly file: ParsedFile, private readonly edits: FileEdits, private readonly style: CodeStyle, private readonly pgModules: readonly string[]) {}

  /** Rewrite the callee of `new Client(...)`; false when the callee is not a pg Client we understand. */
  rewriteCallee(callee: ts.Expression): boolean {
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'Client') {
      this.edits.replace(callee.name.getStart(this.file.sf), callee.name.end, 'Pool');
      return true;
    }
    if (ts.isIdentifier(callee)) {
      const name = this.poolNameForClientIdentifier(callee);
      if (!name) return false;
      this.handled.add(callee);
      this.edits.replace(callee.getStart(this.file.sf), callee.end, name);
      return true;
    }
    return false;
  }

  /** Is this the callee of a pg Client creation (`Client`, `pg.Client`, `require('pg').Client`), resolved through the file's bindings? */
  isClientCallee(callee: ts.Expression): boolean {
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    if (ts.isIdentifier(callee)) return this.isPgClient(callee);
    return ts.isPropertyAccessExpression(callee) && callee.name.text === 'Client' && this.pgSourceOf(callee.expression) !== undefined;
  }

  /** `Client` / `pg.Client` in a type position → `Pool` / `pg.Pool`. */
  rewriteTypeReference(typeName: ts.EntityName): boolean {
    if (ts.isQualifiedName(typeName)) {
      if (typeName.right.text !== 'Client') return false;
      this.edits.replace(typeName.right.getStart(this.file.sf), typeName.right.end, 'Pool');
      return true;
    }
    const name = this.poolNameForClientIdentifier(typeName);
    if (!name) return false;
    this.handled.add(typeName);
    this.edits.replace(typeName.getStart(this.file.sf), typeName.end, name);
    return true;
  }

  /**
   * A `Client` type reference → what the annotated value now holds: the pool
   * (`Pool`), a checked-out connection (`PoolClient`), or either.
   */
  rewriteTypeReferenceAs(reference: ts.TypeReferenceNode, as: ClientTypeAs): boolean {
    const typeName = reference.typeName;
    if (as === 'pool') return this.rewriteTypeReference(typeName);
    const sf = this.file.sf;
    let pool: string;
    let checkout: string;
    if (ts.isQualifiedName(typeName)) {
      if (typeName.right.text !== 'Client') return false;
      const namespace = typeName.left.getText(sf);
      [pool, checkout] = [`${namespace}.Pool`, `${namespace}.PoolClient`];
    } else {
      const name = this.poolNameForClientIdentifier(typeName);
      if (!name) return false;
      this.handled.add(typeName);
      [pool, checkout] = [name, this.poolClientType()];
    }
    const union = `${pool} | ${checkout}`;
    // `Client[]` → `(Pool | PoolClient)[]`: a union inside an array or operator type needs parentheses.
    const needsParens = ts.isArrayTypeNode(reference.parent) || ts.isTypeOperatorNode(reference.parent) || ts.isIndexedAccessTypeNode(reference.parent);
    const text = as === 'checkout' ? checkout : needsParens ? `(${union})` : union;
    this.edits.replace(reference.getStart(sf), reference.end, text);
    return true;
  }

  /** Is this identifier (value or type position) pg's Client? */
  isPgClient(id: ts.Identifier): boolean {
    const symbol = symbolOf(this.file, id);
    return !!symbol && !!this.bindingFor(symbol);
  }

  /** Text naming the Pool type in this file, importing it (type-only) when needed. */
  poolTypeText(): string {
    const fromCreation = [...this.poolNames.values()][0];
    return fromCreation ?? this.typeName('Pool');
  }

  /** Text naming the PoolClient type, importing it when needed (TypeScript only). */
  poolClientType(): string {
    return this.typeName('PoolClient');
  }

  private typeName(exported: 'Pool' | 'PoolClient'): string {
    const cached = this.typeNames.get(exported);
    if (cached) return cached;
    const remember = (name: string): string => {
      this.typeNames.set(exported, name);
      return name;
    };
    const namespace = this.findPgNamespace();
    if (namespace) return remember(`${namespace}.${exported}`);
    const named = this.findNamedPgImport();
    const existing = named && (named.importClause!.namedBindings as ts.NamedImports).elements.find((e) => (e.propertyName ?? e.name).text === exported);
    if (existing) return remember(existing.name.text);
    const local = isNameFree(this.file.sf, exported) ? exported : `Pg${exported}`;
    const spec = local === exported ? exported : `${exported} as ${local}`;
    if (named) {
      const elements = (named.importClause!.namedBindings as ts.NamedImports).elements;
      const typeOnly = named.importClause!.isTypeOnly;
      if (elements.length > 0) this.edits.insert(elements[elements.length - 1].end, `, ${typeOnly ? '' : 'type '}${spec}`);
      else this.extraImports.push(`import type { ${spec} } from ${quoted(this.style, 'pg')}${this.style.semi}`);
      return remember(local);
    }
    this.extraImports.push(`import type { ${spec} } from ${quoted(this.style, 'pg')}${this.style.semi}`);
    return remember(local);
  }

  /** Adjust the imports: Client → Pool where Client has no other use left, else add Pool. */
  finish(): void {
    for (const [symbol, binding] of this.bindings) {
      const poolName = this.poolNames.get(symbol)!;
      const remaining = allIdentifiers(this.file.sf).filter(
        (id) => !this.handled.has(id) && id !== bindingNameNode(binding) && symbolOf(this.file, id) === symbol,
      );
      this.rewriteBinding(binding, poolName, remaining.length === 0);
    }
    if (this.extraImports.length > 0) {
      const at = lastImportEnd(this.file.sf);
      const text = this.extraImports.map((line) => this.style.newline + line).join('');
      if (at > 0) this.edits.insert(at, text);
      else this.edits.insert(0, text.slice(this.style.newline.length) + this.style.newline);
    }
  }

  private poolNameForClientIdentifier(id: ts.Identifier): string | undefined {
    const symbol = symbolOf(this.file, id);
    if (!symbol) return undefined;
    const binding = this.bindingFor(symbol);
    if (!binding) return undefined;
    let name = this.poolNames.get(symbol);
    if (!name) {
      name = this.existingPoolImport(binding.module) ?? (isNameFree(this.file.sf, 'Pool') ? 'Pool' : 'PgPool');
      this.poolNames.set(symbol, name);
    }
    return name;
  }

  private bindingFor(symbol: ts.Symbol): ClientBinding | undefined {
    const cached = this.bindings.get(symbol);
    if (cached) return cached;
    const decl = symbol.declarations?.[0];
    if (!decl) return undefined;
    let binding: ClientBinding | undefined;
    if (ts.isImportSpecifier(decl) && (decl.propertyName ?? decl.name).text === 'Client') {
      const module = moduleOf(decl.parent.parent.parent);
      if (module && this.isPgModule(module)) binding = { kind: 'importSpecifier', node: decl, module };
    } else if (ts.isImportClause(decl) && decl.name) {
      const module = moduleOf(decl.parent);
      if (module && isClientModule(module) && ts.isImportDeclaration(decl.parent)) binding = { kind: 'defaultImport', node: decl.parent, module };
    } else if (ts.isBindingElement(decl) && (bindingPropertyName(decl) === 'Client')) {
      const declaration = decl.parent.parent;
      if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const module = this.pgSourceOf(declaration.initializer);
        if (module) binding = { kind: 'bindingElement', node: decl, module };
      }
    } else if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) {
      const init = decl.initializer;
      const required = requiredModule(init);
      if (required && isClientModule(required)) binding = { kind: 'variable', node: decl, module: required };
      else if (ts.isPropertyAccessExpression(init) && init.name.text === 'Client') {
        const module = this.pgSourceOf(init.expression);
        if (module) binding = { kind: 'variable', node: decl, module };
      }
    }
    if (binding) this.bindings.set(symbol, binding);
    return binding;
  }

  /** `require('pg')` or an identifier bound to the pg module → the module name. */
  private pgSourceOf(expr: ts.Expression): string | undefined {
    const required = requiredModule(expr);
    if (required) return this.isPgModule(required) ? required : undefined;
    if (ts.isIdentifier(expr)) {
      const decl = symbolOf(this.file, expr)?.declarations?.[0];
      if (!decl) return undefined;
      if (ts.isImportClause(decl) || ts.isNamespaceImport(decl)) {
        const importDecl = ts.isImportClause(decl) ? decl.parent : decl.parent.parent;
        const module = moduleOf(importDecl);
        return module && this.isPgModule(module) ? module : undefined;
      }
      if (ts.isVariableDeclaration(decl) && decl.initializer) return this.pgSourceOf(decl.initializer);
    }
    return undefined;
  }

  private isPgModule(module: string): boolean {
    return this.pgModules.includes(module);
  }

  /** A `Pool` binding the file already has from this module (import, destructured require, `require(…).Pool`). */
  private existingPoolImport(module: string): string | undefined {
    for (const stmt of this.file.sf.statements) {
      if (ts.isImportDeclaration(stmt) && moduleOf(stmt) === module && !stmt.importClause?.isTypeOnly) {
        const bindings = stmt.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          const pool = bindings.elements.find((e) => (e.propertyName ?? e.name).text === 'Pool' && !e.isTypeOnly);
          if (pool) return pool.name.text;
        }
      }
      if (ts.isVariableStatement(stmt)) {
        for (const decl of stmt.declarationList.declarations) {
          if (!decl.initializer) continue;
          if (ts.isObjectBindingPattern(decl.name) && this.pgSourceOf(decl.initializer) === module) {
            const pool = decl.name.elements.find((e) => bindingPropertyName(e) === 'Pool' && ts.isIdentifier(e.name));
            if (pool) return (pool.name as ts.Identifier).text;
          }
          if (ts.isIdentifier(decl.name) && ts.isPropertyAccessExpression(decl.initializer) && decl.initializer.name.text === 'Pool' && this.pgSourceOf(decl.initializer.expression) === module) {
            return decl.name.text;
          }
        }
      }
    }
    return undefined;
  }

  private rewriteBinding(binding: ClientBinding, poolName: string, replaceClient: boolean): void {
    const sf = this.file.sf;
    const spec = poolName === 'Pool' ? 'Pool' : `Pool as ${poolName}`;
    const module = binding.module === 'pg/lib/client' ? 'pg' : binding.module;
    if (this.existingPoolImport(module) === poolName) {
      if (!replaceClient || (binding.kind !== 'importSpecifier' && binding.kind !== 'bindingElement')) return;
      const list = binding.kind === 'importSpecifier' ? binding.node.parent.elements : (binding.node.parent as ts.ObjectBindingPattern).elements;
      const statement = binding.kind === 'importSpecifier' ? binding.node.parent.parent.parent : binding.node.parent.parent.parent.parent;
      // `Client` was all the statement imported: the statement goes (Pool is bound elsewhere).
      const alone = list.length === 1 && (!ts.isVariableDeclarationList(statement) || statement.declarations.length === 1);
      if (alone) {
        removeStatement(this.edits, sf, ts.isVariableDeclarationList(statement) ? statement.parent : statement);
      } else {
        removeListElement(this.edits, sf, list, binding.node);
      }
      return;
    }
    switch (binding.kind) {
      case 'importSpecifier': {
        const typeOnly = binding.node.parent.parent.isTypeOnly || binding.node.isTypeOnly;
        const text = binding.node.isTypeOnly ? `type ${spec}` : spec;
        if (replaceClient) this.edits.replace(binding.node.getStart(sf), binding.node.end, text);
        else if (typeOnly && !binding.node.isTypeOnly) this.extraImports.push(`import type { ${spec} } from ${quoted(this.style, module)}${this.style.semi}`);
        else this.edits.insert(binding.node.parent.elements[binding.node.parent.elements.length - 1].end, `, ${text}`);
        return;
      }
      case 'bindingElement': {
        const text = poolName === 'Pool' ? 'Pool' : `Pool: ${poolName}`;
        if (replaceClient) this.edits.replace(binding.node.getStart(sf), binding.node.end, text);
        else {
          const pattern = binding.node.parent as ts.ObjectBindingPattern;
          this.edits.insert(pattern.elements[pattern.elements.length - 1].end, `, ${text}`);
        }
        return;
      }
      case 'defaultImport': {
        const line = `import { ${spec} } from ${quoted(this.style, module)}${this.style.semi}`;
        if (replaceClient) this.edits.replace(binding.node.getStart(sf), binding.node.end, line);
        else this.edits.insert(binding.node.end, this.style.newline + line);
        return;
      }
      case 'variable': {
        const decl = binding.node;
        if (replaceClient && !isSharedDeclarationList(decl)) {
          this.edits.replace(decl.name.getStart(sf), decl.name.end, poolName);
          const init = decl.initializer!;
          if (ts.isPropertyAccessExpression(init)) this.edits.replace(init.name.getStart(sf), init.name.end, 'Pool');
          else this.edits.replace(init.getStart(sf), init.end, `require(${quoted(this.style, module)}).Pool`);
        } else {
          const statement = decl.parent.parent;
          const keyword = decl.parent.flags & ts.NodeFlags.Const ? 'const' : decl.parent.flags & ts.NodeFlags.Let ? 'let' : 'var';
          const destructure = poolName === 'Pool' ? '{ Pool }' : `{ Pool: ${poolName} }`;
          this.edits.insert(statement.end, `${this.style.newline}${keyword} ${destructure} = require(${quoted(this.style, module)})${this.style.semi}`);
        }
        return;
      }
    }
  }

  private findPgNamespace(): string | undefined {
    for (const stmt of this.file.sf.statements) {
      if (ts.isImportDeclaration(stmt) && stmt.importClause && moduleOf(stmt) && this.isPgModule(moduleOf(stmt)!) && !isClientModule(moduleOf(stmt)!)) {
        const clause = stmt.importClause;
        if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) return clause.namedBindings.name.text;
        if (clause.name && this.file.isTypeScript) return clause.name.text;
      }
    }
    return undefined;
  }

  private findNamedPgImport(): ts.ImportDeclaration | undefined {
    return this.file.sf.statements.find(
      (s): s is ts.ImportDeclaration =>
        ts.isImportDeclaration(s) && !!moduleOf(s) && this.isPgModule(moduleOf(s)!) && !isClientModule(moduleOf(s)!) &&
        !!s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings),
    );
  }
}

function bindingNameNode(binding: ClientBinding): ts.Node | undefined {
  switch (binding.kind) {
    case 'importSpecifier': return binding.node.name;
    case 'bindingElement': return binding.node.name;
    case 'defaultImport': return binding.node.importClause?.name;
    case 'variable': return binding.node.name;
  }
}

function bindingPropertyName(element: ts.BindingElement): string | undefined {
  const prop = element.propertyName ?? element.name;
  return ts.isIdentifier(prop) ? prop.text : undefined;
}

function isClientModule(module: string): boolean {
  return module === 'pg/lib/client' || module === 'pg/lib/client.js';
}

function moduleOf(decl: ts.ImportDeclaration | ts.JSDocImportTag): string | undefined {
  return ts.isImportDeclaration(decl) && ts.isStringLiteral(decl.moduleSpecifier) ? decl.moduleSpecifier.text : undefined;
}

/** `require('x')` → 'x'. */
export function requiredModule(expr: ts.Expression): string | undefined {
  if (
    ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'require' &&
    expr.arguments.length === 1 && ts.isStringLiteralLike(expr.arguments[0])
  ) {
    return expr.arguments[0].text;
  }
  return undefined;
}

function isSharedDeclarationList(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && decl.parent.declarations.length > 1;
}

function lastImportEnd(sf: ts.SourceFile): number {
  let end = 0;
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) || ts.isImportEqualsDeclaration(stmt)) end = stmt.end;
  }
  return end;
}

/** Remove one element of a comma list, with its comma. */
export function removeListElement(edits: FileEdits, sf: ts.SourceFile, list: ts.NodeArray<ts.Node>, element: ts.Node): void {
  const index = list.indexOf(element);
  if (list.length === 1) {
    edits.remove(element.getStart(sf), element.end);
  } else if (index < list.length - 1) {
    edits.remove(element.getStart(sf), list[index + 1].getStart(sf));
  } else {
    edits.remove(list[index - 1].end, element.end);
  }
}
