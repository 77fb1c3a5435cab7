/**
 * Every `new Client(…)` a holder can hold, not only the one the finding is
 * about: `let db = new Client(a)` overwritten in both branches of an if/else,
 * or a reconnect function that assigns `client = new Client(cfg)` again.
 * Creations that run in the same function (or at module top level) as the
 * reported one are converted with it; a creation in another function may run
 * again later (a reconnect), where a fresh Pool each time would leak the old
 * one, so the rewrite is refused naming that line.
 */
import ts from 'typescript';
import type { FileRewrite } from './context';
import type { Holder } from './holder';
import { symbolOf } from './source';
import { thisClass } from './clientRefs';

const ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

export interface HolderCreations {
  /** Other creations that run where the reported one runs: converted with it. */
  together: ts.NewExpression[];
  /** Creations in another function: each one refuses the rewrite. */
  elsewhere: Array<{ creation: ts.NewExpression; container: ts.Node }>;
  /**
   * The statement after which the holder holds a Pool whichever creation ran:
   * the one of the smallest statement list holding all creations that contains
   * the last of them (`if (…) { db = … } else { db = … }` as a whole). Undefined
   * when there is no other creation.
   */
  anchor?: ts.Statement;
}

export function holderCreations(ctx: FileRewrite, holder: Holder): HolderCreations {
  const result: HolderCreations = { together: [], elsewhere: [] };
  if (holder.conditional || !ts.isNewExpression(holder.creation)) return result;
  const main = holder.creation;
  const others: ts.NewExpression[] = [];
  const consider = (holderNode: ts.Node, value: ts.Expression | undefined): void => {
    const created = value && unparenthesized(value);
    if (!created || !ts.isNewExpression(created) || created === main || !ctx.pg.isClientCallee(created.expression)) return;
    if (isHolder(ctx, holder, holderNode)) others.push(created);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) consider(node.name, node.initializer);
    else if (ts.isPropertyDeclaration(node) && holder.cls && node.parent === holder.cls) consider(node.name, node.initializer);
    else if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) consider(node.left, node.right);
    ts.forEachChild(node, visit);
  };
  visit(ctx.file.sf);
  if (others.length === 0) return result;
  const home = containerOf(main);
  for (const other of others) {
    const container = containerOf(other);
    if (container === home) result.together.push(other);
    else result.elsewhere.push({ creation: other, container });
  }
  if (result.together.length > 0) result.anchor = anchorOf([main, ...result.together]);
  return result;
}

/** `db` (the holder's symbol) or `this.<field>` / a property declaration of the holder's class. */
function isHolder(ctx: FileRewrite, holder: Holder, node: ts.Node): boolean {
  if (holder.kind === 'variable' && holder.symbol) {
    return ts.isIdentifier(node) && (symbolOf(ctx.file, node) ?? ctx.file.checker.getSymbolAtLocation(node)) === holder.symbol;
  }
  if (holder.kind === 'classField' && holder.cls && holder.field) {
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && ts.isPropertyDeclaration(node.parent)) return node.text === holder.field;
    return ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === holder.field && thisClass(node) === holder.cls;
  }
  return false;
}

function unparenthesized(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  return expr;
}

/** Where the creation runs: its function, the class (field initializers), or the module. */
export function containerOf(node: ts.Node): ts.Node {
  let current = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (ts.isFunctionLike(current) && 'body' in current && current.body) return current;
    if (ts.isPropertyDeclaration(current) || ts.isClassStaticBlockDeclaration(current)) return current.parent;
    current = current.parent;
  }
  return current ?? node.getSourceFile();
}

function isStatementList(node: ts.Node): boolean {
  return ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}

function anchorOf(creations: ts.Node[]): ts.Statement | undefined {
  const chain = (node: ts.Node): ts.Node[] => {
    const out: ts.Node[] = [];
    for (let n: ts.Node | undefined = node; n; n = n.parent) out.unshift(n);
    return out;
  };
  const chains = creations.map(chain);
  let common: ts.Node | undefined;
  for (let i = 0; chains.every((c) => i < c.length && c[i] === chains[0][i]); i++) common = chains[0][i];
  while (common && !isStatementList(common)) common = common.parent;
  if (!common) return undefined;
  const last = creations.reduce((a, b) => (b.pos > a.pos ? b : a));
  let n: ts.Node = last;
  while (n.parent && n.parent !== common) n = n.parent;
  return n.parent === common ? (n as ts.Statement) : undefined;
}

/**
 * The client's own 'error' handler calls the function that built it again
 * (`c.on('error', () => setTimeout(() => this.start(), …))` inside `start()`):
 * a reconnect. The handler's call of that function, or undefined.
 */
export function reconnectCall(ctx: FileRewrite, creation: ts.Node, clientExprs: readonly ts.Expression[]): { fn: ts.Node; call: ts.Node } | undefined {
  const fn = containerOf(creation);
  if (ts.isSourceFile(fn) || ts.isClassLike(fn)) return undefined;
  const fnSymbol = functionSymbol(ctx, fn);
  if (!fnSymbol) return undefined;
  const callsFn = (node: ts.Node): ts.Node | undefined => {
    if (ts.isIdentifier(node) && symbolOf(ctx.file, node) === fnSymbol && !(ts.isFunctionLike(node.parent) && (node.parent as ts.FunctionLikeDeclaration).name === node)) return node;
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && ctx.file.checker.getSymbolAtLocation(node) === fnSymbol) return node;
    return ts.forEachChild(node, callsFn);
  };
  for (const expr of clientExprs) {
    const access = expr.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== expr || !['on', 'once'].includes(access.name.text)) continue;
    const call = access.parent;
    if (!ts.isCallExpression(call) || call.expression !== access) continue;
    const [event, handler] = call.arguments;
    if (!event || !ts.isStringLiteralLike(event) || (event.text !== 'error' && event.text !== 'end') || !handler) continue;
    const found = callsFn(handler);
    if (found) return { fn, call: found };
  }
  return undefined;
}

function functionSymbol(ctx: FileRewrite, fn: ts.Node): ts.Symbol | undefined {
  const name = (fn as ts.Node & { name?: ts.Node }).name;
  if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) return ctx.file.checker.getSymbolAtLocation(name);
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return ctx.file.checker.getSymbolAtLocation(parent.name);
  return undefined;
}
