/**
 * shared-client-transaction: BEGIN on a Client that shared-client flags.
 * Concurrent callers' statements interleave inside one transaction.
 */
import { checkoutAdvice } from '../catalogue/drivers';
import { formatPath } from '../graph/pathText';
import type { GraphEdge } from '../graph/fileIndex';
import { creationRange, reachSite, resourceName, type Rule, type RuleContext, type RuleReport } from './context';

/** A wrapper (`query('BEGIN')`, `db.tx()`) reaches the client through what it uses or instantiates. */
const FORWARD_KINDS: ReadonlySet<GraphEdge['kind']> = new Set(['alias', 'ref', 'new']);

export const sharedClientTransactionRule: Rule<'shared-client-transaction'> = {
  id: 'shared-client-transaction',
  check(context: RuleContext): RuleReport[] {
    const shared = new Map(context.sharedClients().map((s) => [s.creation.key, s]));
    if (shared.size === 0) return [];
    const findings: RuleReport[] = [];
    for (const { call, file, target, container } of context.transactionCalls()) {
      const hit = context.reach.creationsFrom(target, FORWARD_KINDS).map((c) => shared.get(c.key)).find((s) => s !== undefined);
      if (!hit) continue;
      // Follow the code, not only the client: a BEGIN that no concurrent context runs (jest/mocha
      // beforeEach(BEGIN)/afterEach(ROLLBACK) isolation hooks, a startup script) interleaves with nothing.
      if (context.contextsRunning(container).length === 0) continue;
      const { creation } = hit;
      const name = context.holderLabel(creation);
      const label = resourceName(creation);
      // `connection.beginTransaction()` is the driver's API, not SQL: say it in its words.
      const api = call.sql === undefined;
      const words = api ? 'beginTransaction()/commit()' : 'BEGIN/COMMIT';
      const rollback = api ? 'rollback()' : 'ROLLBACK';
      const related = [{ file: creation.file, range: creationRange(creation.node), message: `${label} \`${name}\` is created here` }];
      // The context that runs this transaction (directly, or through wrappers and imports), not just any caller of the client.
      const runner = context.runnerOf(container);
      if (runner) {
        // Sent from the context itself: the BEGIN is the statement that reaches the client.
        const site = runner.path.length === 1 ? { file, range: call.range } : reachSite(runner);
        related.push({ ...site, message: formatPath([...runner.path, creation]) });
      }
      findings.push({
        file,
        range: call.range,
        message:
          `Transaction on shared ${label} \`${name}\`: ${words} from concurrent callers interleave on one connection, ` +
          `so one caller's ${rollback} undoes another's writes. ${checkoutAdvice(creation.node.driver)}`,
        related,
        creation: { file: creation.file, id: creation.node.id },
      });
    }
    return findings;
  },
};
