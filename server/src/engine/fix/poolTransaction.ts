/**
 * The pool-transaction quick fix: BEGIN … COMMIT sent through a Pool moves
 * onto one checked-out connection, with the same transaction rewrite the
 * Client → Pool rewrite uses (transactions.ts): acquire before the try,
 * ROLLBACK and `failed = true` in the catch, release(failed) in finally,
 * every use of the pool between BEGIN and COMMIT on the checked-out client
 * (helpers in the file get it as a parameter, a callback given the pool gets
 * the client). Only the file of the BEGIN changes.
 */
import ts from 'typescript';
import { emptySeeds } from './clientRefs';
import { PG_POOL_API, type PoolApi } from './context';
import { OverlapError, type TextEditSpan } from './edits';
import { formatProblems, type RewriteProblem } from './problems';
import { newContext, setClientExprs, type PoolRewrite } from './rewrite';
import { parseDiagnostics, symbolOf } from './source';
import { rewriteTransactions } from './transactions';

export interface PoolTransactionRequest {
  file: string;
  text: string;
  /** Offset of the BEGIN call. */
  offset: number;
  pgModules: readonly string[];
  poolApi?: PoolApi;
}

export function fixPoolTransaction(request: PoolTransactionRequest): PoolRewrite {
  const title = 'Run the transaction on one checked-out connection';
  const ctx = newContext(request.file, request.text, request.pgModules);
  ctx.poolApi = request.poolApi ?? PG_POOL_API;
  const sf = ctx.file.sf;
  const lineAt = (offset: number): number => sf.getLineAndCharacterOfPosition(offset).line + 1;
  const refusal = (problems: RewriteProblem[]): PoolRewrite => ({
    title, preferred: false, reason: formatProblems(problems, request.file), problems, edits: new Map(), files: [request.file],
  });
  if (parseDiagnostics(sf).length > 0) return refusal([{ file: request.file, line: lineAt(parseDiagnostics(sf)[0].start ?? 0), message: 'syntax error; fix it first.' }]);
  let call: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (call || request.offset < node.getFullStart() || request.offset > node.end) return;
    if (ts.isCallExpression(node) && node.getStart(sf) === request.offset) call = node;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  const receiver = call && ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
  const symbol = receiver && ts.isIdentifier(receiver) ? symbolOf(ctx.file, receiver) : undefined;
  if (!symbol) {
    return refusal([{ file: request.file, line: lineAt(request.offset), message: 'the transaction is not sent through a pool variable of this file (a wrapper or a property); move it onto pool.connect() by hand.' }]);
  }
  const seeds = emptySeeds();
  seeds.values.add(symbol);
  setClientExprs(ctx, seeds);
  rewriteTransactions(ctx);
  if (ctx.problems.length > 0) return refusal(ctx.problems);
  let spans: TextEditSpan[];
  try {
    spans = ctx.edits.finish();
  } catch (err) {
    if (!(err instanceof OverlapError)) throw err;
    return refusal([{ file: request.file, line: lineAt(err.offset), message: 'two parts of the fix would change the same code; fix it by hand.' }]);
  }
  if (spans.length === 0) {
    return refusal([{ file: request.file, line: lineAt(request.offset), message: 'this transaction is not started with a BEGIN query (beginTransaction()?); check out a connection and run it there by hand.' }]);
  }
  return { title, preferred: true, problems: [], edits: new Map([[request.file, spans]]), files: [request.file] };
}
