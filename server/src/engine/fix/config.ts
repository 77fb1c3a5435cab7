/**
 * The Client's constructor argument as a Pool config. pg's Client takes a
 * connection string or a config object; pg-pool's Pool only takes an object
 * (`new Pool(url)` throws "Cannot use 'in' operator to search for 'password'"
 * in pg 8, and pg 7 silently spreads the string into one-character keys). So:
 * - an object → kept as it is;
 * - a string (literal, template, `process.env.X`, `a || 'postgres://…'`, a
 *   const or an import whose value is one, a `string`-typed TypeScript
 *   binding) → `{ connectionString: <arg> }`;
 * - unknown → a form correct for both: `typeof cfg === 'string' ? { connectionString: cfg } : cfg`
 *   (through a tiny arrow function when the argument is not a plain reference,
 *   so it is evaluated once);
 * - no argument → `new Pool()`.
 * With a pool default (`connectionTimeoutMillis: 10000`, what the driver
 * table's `acquireTimeout` names), every form carries it unless the config
 * sets it: added to a literal, `{ connectionString: x, connectionTimeoutMillis: … }`,
 * `{ connectionTimeoutMillis: …, ...cfg }` for an object built elsewhere (the
 * default first, so cfg's own value wins; Pool copies its options with
 * Object.assign itself, so the spread drops nothing Pool keeps but a password
 * that is not cfg's own enumerable property), and
 * `new Pool({ connectionTimeoutMillis: … })` for none.
 * The value is followed through declarations and imports (other workspace
 * modules included), never guessed from names.
 */
import ts from 'typescript';
import type { FileRewrite } from './context';
import type { ParsedFile } from './source';
import { requiredModule } from './pgBinding';
import { quoted } from './style';
import { addObjectProperty, hasOwnProperty } from './configProperty';

export type ConfigKind = 'object' | 'string' | 'unknown';

/** The parsed workspace module `specifier` names from `fromFile` (undefined: external or unreadable). */
export type ModuleLookup = (specifier: string, fromFile: string) => ParsedFile | undefined;

const MAX_DEPTH = 8;

/** A config key the pool should have and the value to give it when the config does not set it (`connectionTimeoutMillis: 10000`). */
export interface PoolDefault {
  key: string;
  value: string;
}

export function rewriteConfigArgument(ctx: FileRewrite, creation: ts.NewExpression, lookup: ModuleLookup, poolDefault?: PoolDefault): void {
  const sf = ctx.file.sf;
  const arg = creation.arguments?.[0];
  const extra = poolDefault ? `${poolDefault.key}: ${poolDefault.value}` : undefined;
  if (!arg) {
    if (!extra) return;
    const args = creation.arguments;
    // `new Client()` → `new Pool({ connectionTimeoutMillis: 10000 })`; `new Client` → `new Pool({ … })`.
    if (args) ctx.edits.insert(args.pos, `{ ${extra} }`);
    else ctx.edits.insert(creation.end, `({ ${extra} })`);
    return;
  }
  if (ts.isSpreadElement(arg)) return;
  const kind = configKind(ctx.file, arg, lookup, 0);
  if (kind === 'object') {
    if (!poolDefault) return;
    const literal = unwrapped(arg);
    if (ts.isObjectLiteralExpression(literal)) {
      if (!hasOwnProperty(literal, poolDefault.key)) addObjectProperty(sf, ctx.edits, literal, poolDefault.key, poolDefault.value);
      return;
    }
    // An object built elsewhere: the default first, so the object's own value (if any) wins.
    ctx.edits.insert(arg.getStart(sf), `{ ${extra}, ...`);
    ctx.edits.insert(arg.end, ' }');
    return;
  }
  const withExtra = extra ? `, ${extra}` : '';
  if (kind === 'string') {
    ctx.edits.insert(arg.getStart(sf), '{ connectionString: ');
    ctx.edits.insert(arg.end, `${withExtra} }`);
    return;
  }
  const text = arg.getText(sf);
  const q = quoted(ctx.style, 'string');
  const objectBranch = (value: string): string => (extra ? `{ ${extra}, ...${value} }` : value);
  if (isPlainReference(arg)) {
    ctx.edits.replace(arg.getStart(sf), arg.end, `typeof ${text} === ${q} ? { connectionString: ${text}${withExtra} } : ${objectBranch(text)}`);
  } else {
    ctx.edits.replace(arg.getStart(sf), arg.end, `((config) => (typeof config === ${q} ? { connectionString: config${withExtra} } : ${objectBranch('config')}))(${text})`);
  }
}

/** The expression under parentheses and type assertions (`({ … } as ClientConfig)`). */
function unwrapped(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/** `cfg`, `config.db`, `this.options.database`: reading it twice is harmless. */
function isPlainReference(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr) || expr.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(expr)) return !expr.questionDotToken && isPlainReference(expr.expression);
  return false;
}

export function configKind(file: ParsedFile, expr: ts.Expression, lookup: ModuleLookup, depth: number): ConfigKind {
  if (depth > MAX_DEPTH) return 'unknown';
  const next = (e: ts.Expression, f: ParsedFile = file): ConfigKind => configKind(f, e, lookup, depth + 1);
  if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) return next(expr.expression);
  if (ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isSatisfiesExpression(expr)) {
    const declared = typeKind(file, expr.type);
    return declared !== 'unknown' ? declared : next(expr.expression);
  }
  if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr)) return 'string';
  if (ts.isObjectLiteralExpression(expr)) return 'object';
  if (isProcessEnvRead(file, expr)) return 'string';
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return next(expr.left) === 'string' || next(expr.right) === 'string' ? 'string' : 'unknown';
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return same(next(expr.left), next(expr.right));
    return 'unknown';
  }
  if (ts.isConditionalExpression(expr)) return same(next(expr.whenTrue), next(expr.whenFalse));
  if (ts.isCallExpression(expr)) return callKind(file, expr, lookup, depth);
  if (ts.isIdentifier(expr)) return identifierKind(file, expr, lookup, depth);
  if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
    const name = memberName(expr);
    if (name === undefined) return 'unknown';
    const member = memberValue(file, expr.expression, name, lookup, depth);
    return member ? configKind(member.file, member.expr, lookup, depth + 1) : 'unknown';
  }
  return 'unknown';
}

function same(a: ConfigKind, b: ConfigKind): ConfigKind {
  return a === b ? a : 'unknown';
}

/** `process.env.X` / `process.env['X']` on the real global `process`. */
function isProcessEnvRead(file: ParsedFile, expr: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(expr) && !ts.isElementAccessExpression(expr)) return false;
  return isProcessEnv(file, expr.expression);
}

function isProcessEnv(file: ParsedFile, expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && expr.name.text === 'env' && ts.isIdentifier(expr.expression) &&
    expr.expression.text === 'process' && !file.checker.getSymbolAtLocation(expr.expression);
}

function memberName(expr: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return ts.isStringLiteralLike(expr.argumentExpression) ? expr.argumentExpression.text : undefined;
}

/** What a TypeScript type annotation says about the value. */
function typeKind(file: ParsedFile, type: ts.TypeNode, depth = 0): ConfigKind {
  if (depth > MAX_DEPTH) return 'unknown';
  if (type.kind === ts.SyntaxKind.StringKeyword || ts.isTemplateLiteralTypeNode(type)) return 'string';
  if (ts.isLiteralTypeNode(type)) return ts.isStringLiteral(type.literal) ? 'string' : 'unknown';
  if (ts.isTypeLiteralNode(type)) return 'object';
  if (ts.isParenthesizedTypeNode(type)) return typeKind(file, type.type, depth + 1);
  if (ts.isUnionTypeNode(type)) {
    const kinds = type.types.filter((t) => !isNullish(t)).map((t) => typeKind(file, t, depth + 1));
    return kinds.length > 0 && kinds.every((k) => k === kinds[0]) ? kinds[0] : 'unknown';
  }
  if (ts.isTypeReferenceNode(type)) {
    const nameNode = ts.isIdentifier(type.typeName) ? type.typeName : type.typeName.right;
    if (nameNode.text === 'String') return 'string';
    const decl = file.checker.getSymbolAtLocation(type.typeName)?.declarations?.[0];
    if (!decl) return 'unknown';
    if (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl)) return 'object';
    if (ts.isTypeAliasDeclaration(decl)) return typeKind(file, decl.type, depth + 1);
    // `ClientConfig` / `pg.ClientConfig` from a pg module: a config object.
    const importDecl = ts.isImportSpecifier(decl) ? decl.parent.parent.parent : ts.isNamespaceImport(decl) ? decl.parent.parent : ts.isImportClause(decl) ? decl.parent : undefined;
    if (importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) && /^(pg|@neondatabase\/serverless)(\/|$)/.test(importDecl.moduleSpecifier.text)) return 'object';
    return 'unknown';
  }
  return 'unknown';
}

function isNullish(type: ts.TypeNode): boolean {
  return type.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword);
}

function callKind(file: ParsedFile, call: ts.CallExpression, lookup: ModuleLookup, depth: number): ConfigKind {
  const callee = call.expression;
  if (ts.isIdentifier(callee) && callee.text === 'String' && !file.checker.getSymbolAtLocation(callee)) return 'string';
  if (ts.isPropertyAccessExpression(callee) && ['toString', 'trim', 'replace', 'replaceAll', 'slice', 'concat', 'toLowerCase'].includes(callee.name.text) &&
    configKind(file, callee.expression, lookup, depth + 1) === 'string') return 'string';
  // A function of this file: what do its returns give?
  if (ts.isIdentifier(callee)) {
    const decl = file.checker.getSymbolAtLocation(callee)?.declarations?.[0];
    const fn = decl && (ts.isFunctionDeclaration(decl) ? decl : ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer)) ? decl.initializer : undefined);
    if (fn) {
      if (fn.type) {
        const declared = typeKind(file, fn.type);
        if (declared !== 'unknown') return declared;
      }
      const returned = returnedExpressions(fn);
      if (returned.length === 0) return 'unknown';
      const kinds = returned.map((e) => configKind(file, e, lookup, depth + 1));
      return kinds.every((k) => k === kinds[0]) ? kinds[0] : 'unknown';
    }
  }
  return 'unknown';
}

function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body as ts.Expression];
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

function identifierKind(file: ParsedFile, id: ts.Identifier, lookup: ModuleLookup, depth: number): ConfigKind {
  if (id.text === 'undefined' && !file.checker.getSymbolAtLocation(id)) return 'unknown';
  const value = valueOfIdentifier(file, id, lookup, depth);
  if (!value) return 'unknown';
  if ('kind' in value) return value.kind;
  return configKind(value.file, value.expr, lookup, depth + 1);
}

type Value = { file: ParsedFile; expr: ts.Expression } | { kind: ConfigKind };

/** What an identifier holds: its declared type, or the expression it was initialised with (followed into other modules). */
function valueOfIdentifier(file: ParsedFile, id: ts.Identifier, lookup: ModuleLookup, depth: number): Value | undefined {
  const symbol = ts.isShorthandPropertyAssignment(id.parent) ? file.checker.getShorthandAssignmentValueSymbol(id.parent) : file.checker.getSymbolAtLocation(id);
  const decl = symbol?.declarations?.[0];
  if (!symbol || !decl) return undefined;
  if (ts.isParameter(decl)) return decl.type ? { kind: typeKind(file, decl.type) } : undefined;
  if (ts.isVariableDeclaration(decl)) {
    if (decl.type) return { kind: typeKind(file, decl.type) };
    if (!decl.initializer || isReassigned(file, symbol)) return undefined;
    if (ts.isIdentifier(decl.name)) {
      const module = requiredModule(decl.initializer);
      if (module) {
        const target = lookup(module, file.path);
        const exported = target && exportedValue(target, 'default');
        return exported ?? undefined;
      }
      return { file, expr: decl.initializer };
    }
    return undefined;
  }
  if (ts.isBindingElement(decl)) {
    // const { DATABASE_URL } = process.env / = require('./config') / = config
    const pattern = decl.parent;
    const declaration = pattern.parent;
    const prop = decl.propertyName ?? decl.name;
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(declaration) || !declaration.initializer || !ts.isIdentifier(prop) || decl.dotDotDotToken) return undefined;
    if (isProcessEnv(file, declaration.initializer)) return { kind: 'string' };
    const member = memberValue(file, declaration.initializer, prop.text, lookup, depth);
    return member ?? undefined;
  }
  if (ts.isImportSpecifier(decl) || ts.isImportClause(decl)) {
    const importDecl = ts.isImportSpecifier(decl) ? decl.parent.parent.parent : decl.parent;
    if (!ts.isStringLiteral(importDecl.moduleSpecifier)) return undefined;
    const target = lookup(importDecl.moduleSpecifier.text, file.path);
    if (!target) return undefined;
    const name = ts.isImportSpecifier(decl) ? (decl.propertyName ?? decl.name).text : 'default';
    return exportedValue(target, name) ?? undefined;
  }
  return undefined;
}

/** `obj.name` where `obj` is an object literal, a module (namespace import, require) or a config export. */
function memberValue(file: ParsedFile, objectExpr: ts.Expression, name: string, lookup: ModuleLookup, depth: number): { file: ParsedFile; expr: ts.Expression } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let expr = objectExpr;
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
  const module = requiredModule(expr);
  if (module) {
    const target = lookup(module, file.path);
    return target ? (exportedValue(target, name) ?? memberOfDefault(target, name, lookup, depth)) : undefined;
  }
  if (ts.isObjectLiteralExpression(expr)) return propertyOf(file, expr, name);
  if (ts.isIdentifier(expr)) {
    const decl = file.checker.getSymbolAtLocation(expr)?.declarations?.[0];
    if (decl && ts.isNamespaceImport(decl)) {
      const importDecl = decl.parent.parent;
      const target = ts.isStringLiteral(importDecl.moduleSpecifier) ? lookup(importDecl.moduleSpecifier.text, file.path) : undefined;
      return target ? exportedValue(target, name) : undefined;
    }
    const value = valueOfIdentifier(file, expr, lookup, depth + 1);
    if (value && !('kind' in value)) return memberValue(value.file, value.expr, name, lookup, depth + 1);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(expr)) {
    const inner = memberValue(file, expr.expression, expr.name.text, lookup, depth + 1);
    return inner ? memberValue(inner.file, inner.expr, name, lookup, depth + 1) : undefined;
  }
  return undefined;
}

function memberOfDefault(target: ParsedFile, name: string, lookup: ModuleLookup, depth: number): { file: ParsedFile; expr: ts.Expression } | undefined {
  const def = exportedValue(target, 'default');
  return def ? memberValue(def.file, def.expr, name, lookup, depth + 1) : undefined;
}

function propertyOf(file: ParsedFile, object: ts.ObjectLiteralExpression, name: string): { file: ParsedFile; expr: ts.Expression } | undefined {
  for (const prop of object.properties) {
    if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === name) return { file, expr: prop.initializer };
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === name) return { file, expr: prop.name };
  }
  return undefined;
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** The expression a module exports under `name` ('default' for `export default` / `module.exports =`). */
export function exportedValue(file: ParsedFile, name: string): { file: ParsedFile; expr: ts.Expression } | undefined {
  for (const stmt of file.sf.statements) {
    const modifiers = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) : undefined;
    const exported = modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && decl.name.text === name) return decl.initializer ? { file, expr: typed(decl) } : undefined;
      }
    }
    if (ts.isExportAssignment(stmt) && name === 'default') return { file, expr: stmt.expression };
    if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      const spec = stmt.exportClause.elements.find((e) => e.name.text === name);
      if (spec) return { file, expr: spec.propertyName && ts.isIdentifier(spec.propertyName) ? spec.propertyName : spec.name };
    }
    if (ts.isExpressionStatement(stmt) && ts.isBinaryExpression(stmt.expression) && stmt.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = stmt.expression;
      if (isModuleExports(left)) {
        if (name === 'default') return { file, expr: right };
        if (ts.isObjectLiteralExpression(right)) {
          const prop = propertyOf(file, right, name);
          if (prop) return prop;
        }
      } else if (ts.isPropertyAccessExpression(left) && left.name.text === name && (isModuleExports(left.expression) || (ts.isIdentifier(left.expression) && left.expression.text === 'exports'))) {
        return { file, expr: right };
      }
    }
  }
  return undefined;
}

/** A declaration's initializer, wrapped so a type annotation on it is seen (`export const url: string = …`). */
function typed(decl: ts.VariableDeclaration): ts.Expression {
  return decl.type ? (ts.factory.createAsExpression(decl.initializer!, decl.type) as ts.Expression) : decl.initializer!;
}

function isModuleExports(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'module' && expr.name.text === 'exports';
}

/** Is the variable assigned anywhere after its declaration? */
function isReassigned(file: ParsedFile, symbol: ts.Symbol): boolean {
  const decl = symbol.declarations?.[0];
  if (decl && ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) return false;
  let assigned = false;
  const visit = (node: ts.Node): void => {
    if (assigned) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(node.left) && file.checker.getSymbolAtLocation(node.left) === symbol) assigned = true;
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return assigned;
}
