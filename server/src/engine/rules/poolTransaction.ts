/**
 * pool-transaction: BEGIN (or START TRANSACTION, or a driver's
 * beginTransaction()) sent through a Pool — directly, through a wrapper over
 * pool.query, or from a `transaction(cb)` helper over it, followed across
 * files like the shared client. Each pool.query() checks out whichever
 * connection is free, so the statements autocommit one by one, a ROLLBACK
 * undoes nothing of theirs, and the BEGIN leaves some connection idle in a
 * transaction inside the pool.
 */
import type { GraphEdge } from '../graph/fileIndex';
import { acquireMethod } from '../catalogue/drivers';
import { formatPath } from '../graph/pathText';
import { creationRange, reachSite, resourceName, type Rule, type RuleContext, type RuleReport } from './context';

/** A wrapper (`query('BEGIN')`, `db.tx()`) reaches the pool through what it uses. */
const FORWARD_KINDS: ReadonlySet<GraphEdge['kind']> = new Set(['alias', 'ref', 'new']);

export const poolTransactionRule: Rule<'pool-transaction'> = {
  id: 'pool-transaction',
  check(context: RuleContext): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { call, file, target, container } of context.transactionCalls()) {
      if (call.checkout) continue; // sent on a checked-out client: that is the cure
      const reached = context.reach.creationsFrom(target, FORWARD_KINDS);
      // A wrapper that also reaches a single connection is shared-client-transaction's.
      if (reached.some((c) => c.node.resource === 'client')) continue;
      const pool = reached.find((c) => c.node.resource === 'pool' && context.reach.isLongLived(c));
      if (!pool) continue;
      const label = resourceName(pool);
      const method = acquireMethod(pool.node.driver);
      // The context that runs this transaction: the BEGIN's own function, or the nearest one reaching it.
      const runner = context.runnerOf(container);
      const related = [{ file: pool.file, range: creationRange(pool.node), message: `${label} \`${pool.node.holderName}\` is created here` }];
      if (runner) {
        const site = runner.path.length === 1 ? { file, range: call.range } : reachSite(runner);
        related.push({ ...site, message: formatPath([...runner.path, pool]) });
      }
      reports.push({
        file,
        range: call.range,
        message:
          `Transaction through ${label} \`${pool.node.holderName}\`: each query on a pool may run on a different connection, so the statements ` +
          `autocommit one by one, ROLLBACK undoes nothing and BEGIN leaves a connection idle in a transaction. ` +
          `Check out one connection with ${method}(), run BEGIN … COMMIT on it and release() it in finally.`,
        related,
        creation: { file: pool.file, id: pool.node.id },
      });
    }
    return reports;
  },
};
