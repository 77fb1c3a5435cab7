/** Per-file state of one rewrite: the parsed file, its edits, its style and what is known about the client in it. */
import ts from 'typescript';
import type { ClientSeeds } from './clientRefs';
import type { FileEdits } from './edits';
import type { PgBindingEditor } from './pgBinding';
import type { ParsedFile } from './source';
import type { CodeStyle } from './style';
import type { RewriteProblem } from './problems';

export interface FileRewrite {
  file: ParsedFile;
  edits: FileEdits;
  style: CodeStyle;
  pg: PgBindingEditor;
  /** Outermost expressions that evaluate to the shared client. */
  clientExprs: ts.Expression[];
  clientExprSet: Set<ts.Expression>;
  /** Identifiers renamed to the pool's new name (holder → `pool`). */
  renamedIds: Map<ts.Identifier, string>;
  /** Blocks the rewrite adds a statement to: removing their last statement must not collapse them. */
  keptBlocks: Set<ts.Block>;
  /** Client expressions a rewritten transaction replaced by the connection it checked out. */
  checkedOut?: Set<ts.Expression>;
  /** Why the rewrite cannot be made safely (any one refuses it). */
  problems: RewriteProblem[];
  /** How the client is reached in this file (set once the client expressions are known). */
  seeds?: ClientSeeds;
  /** DI constructor parameters that receive the client (their `Client` type becomes `Pool`). */
  injectedTypes?: ts.ParameterDeclaration[];
  /** Module specifiers (relative) of workspace files that use the client themselves. */
  usesClientModule: (specifier: string) => boolean;
  /** How the pool checks out and gives back a connection (default: pg's connect() / release(failed)). */
  poolApi?: PoolApi;
}

/** A driver's pool API as the transaction rewrite writes it. */
export interface PoolApi {
  /** `connect` (pg), `getConnection` (mysql2). */
  acquire: string;
  /** pg's release(true) discards a broken client; mysql2 has destroy() for that and release() takes nothing. */
  release: 'release(failed)' | 'destroy-or-release';
  /** TypeScript type text of a checked-out connection, given the pool expression. */
  connectionType?: (poolText: string) => string;
}

export const PG_POOL_API: PoolApi = { acquire: 'connect', release: 'release(failed)' };

/** Source text for an expression that is the client, with the holder rename applied. */
export function exprText(ctx: FileRewrite, expr: ts.Expression): string {
  const sf = ctx.file.sf;
  const start = expr.getStart(sf);
  let out = '';
  let cursor = start;
  const ids = [...ctx.renamedIds.keys()].filter((id) => id.getStart(sf) >= start && id.end <= expr.end).sort((a, b) => a.pos - b.pos);
  for (const id of ids) {
    out += sf.text.slice(cursor, id.getStart(sf)) + ctx.renamedIds.get(id);
    cursor = id.end;
  }
  return out + sf.text.slice(cursor, expr.end);
}

/** Record why the rewrite cannot be made, at `node`. */
export function refuse(ctx: Pick<FileRewrite, 'file' | 'problems'>, node: ts.Node, message: string): void {
  ctx.problems.push(problemAt(ctx.file.path, ctx.file.sf, node, message));
}

export function problemAt(file: string, sf: ts.SourceFile, node: ts.Node, message: string): RewriteProblem {
  return { file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, message };
}

/** `line 12`, for pointing at a second place in the same file. */
export function lineOf(ctx: FileRewrite, node: ts.Node): string {
  const sf = ctx.file.sf;
  return `line ${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}

/** The SQL text of a query's first argument when it is a literal (string, template, or `{ text }`). */
export function sqlOf(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0];
  if (!arg) return undefined;
  return sqlText(arg);
}

/** The SQL a literal gives, or its literal start: `'SET x TO ' + name` and `\`SET x TO ${name}\`` are SETs too. */
function sqlText(arg: ts.Expression): string | undefined {
  if (ts.isStringLiteralLike(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.head.text;
  if (ts.isParenthesizedExpression(arg)) return sqlText(arg.expression);
  if (ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.PlusToken) return sqlText(arg.left);
  if (ts.isObjectLiteralExpression(arg)) {
    for (const prop of arg.properties) {
      if (ts.isPropertyAssignment(prop) && ts.isIdentifier(prop.name) && prop.name.text === 'text') {
        return ts.isStringLiteralLike(prop.initializer) ? prop.initializer.text : undefined;
      }
    }
  }
  return undefined;
}

/** `x.method(...)` where `x` is a client expression → the call. */
export function clientMethodCall(expr: ts.Expression): { method: string; call: ts.CallExpression } | undefined {
  const access = expr.parent;
  if (ts.isPropertyAccessExpression(access) && access.expression === expr && ts.isCallExpression(access.parent) && access.parent.expression === access) {
    return { method: access.name.text, call: access.parent };
  }
  return undefined;
}
