/**
 * Transactions sent through a wrapper of the shared client (`db.query('BEGIN')`
 * where `db.query` forwards to the client). The wrapper hides which connection
 * runs each statement, so the rewrite cannot move the transaction onto one
 * checked-out client: it reports it instead.
 */
import ts from 'typescript';
import { startsTransaction } from '../sql';
import type { FileRewrite } from './context';
import { problemAt, sqlOf } from './context';
import type { RewriteProblem } from './problems';
import { importSpecifierOf } from './transactions';
import { symbolOf } from './source';
import type { ParsedFile } from './source';
import type { ResolveImport } from './importers';

/** Cheap pre-filter before parsing a file that is not otherwise involved. */
const MAY_BEGIN = /\b(BEGIN|START\s+TRANSACTION)\b/i;

export function wrapperTransactionProblems(
  files: readonly string[],
  getText: (path: string) => string | undefined,
  contexts: FileRewrite[],
  usingClient: ReadonlySet<string>,
  resolve: ResolveImport,
  /** The rewrite's parsed files (a file is parsed once per rewrite). */
  parsed: (path: string) => ParsedFile | undefined,
): RewriteProblem[] {
  const out: RewriteProblem[] = [];
  const byPath = new Map(contexts.map((c) => [c.file.path, c]));
  for (const path of files) {
    const ctx = byPath.get(path);
    const text = ctx ? ctx.file.text : getText(path);
    if (text === undefined || !MAY_BEGIN.test(text)) continue;
    const file = ctx?.file ?? parsed(path);
    if (!file) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && startsTransaction(sqlOf(node) ?? '') && !isDirectClientCall(ctx, node) && goesThroughClientModule(file, node, usingClient, resolve)) {
        out.push(problemAt(path, file.sf, node, `${node.expression.getText(file.sf)}('BEGIN') goes through a wrapper of the shared client: with a Pool the wrapper sends each statement of this transaction on whichever connection is free. Give the wrapper a way to run a function on one checked-out client (pool.connect() … release()) and use it here.`));
      }
      ts.forEachChild(node, visit);
    };
    visit(file.sf);
  }
  return out;
}

function isDirectClientCall(ctx: FileRewrite | undefined, call: ts.CallExpression): boolean {
  if (!ctx) return false;
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ctx.clientExprSet.has(callee.expression);
}

function goesThroughClientModule(file: ParsedFile, call: ts.CallExpression, usingClient: ReadonlySet<string>, resolve: ResolveImport): boolean {
  let root: ts.Expression = call.expression;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root) || ts.isParenthesizedExpression(root) || ts.isAwaitExpression(root)) {
    root = ts.isCallExpression(root) ? root.expression : ts.isPropertyAccessExpression(root) ? root.expression : root.expression;
  }
  if (!ts.isIdentifier(root)) return false;
  const decl = symbolOf(file, root)?.declarations?.[0];
  if (!decl) return false;
  const spec = importSpecifierOf(decl);
  if (spec) {
    const target = resolve(spec, file.path);
    return target !== undefined && target !== file.path && usingClient.has(target);
  }
  // A local wrapper in a file that itself uses the client.
  return usingClient.has(file.path) && !ts.isParameter(decl);
}
