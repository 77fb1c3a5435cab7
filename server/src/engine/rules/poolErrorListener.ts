/**
 * pool-error-listener: a long-lived pg Pool with no 'error' listener on any
 * of the names it travels under (its holder, every import of it, the
 * creation itself). pg emits an idle client's network error (the server
 * restarted, a proxy dropped the socket) on the pool; an EventEmitter
 * 'error' without a listener throws, and the process exits.
 */
import { poolTraits } from '../catalogue/drivers';
import { creationRange, resourceName, type Rule, type RuleContext, type RuleReport } from './context';

export const poolErrorListenerRule: Rule<'pool-error-listener'> = {
  id: 'pool-error-listener',
  check(context: RuleContext): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const pool of context.longLivedPools()) {
      if (!poolTraits(pool.node.driver)?.errorEvent) continue;
      if (context.hasErrorListener(pool)) continue;
      // A factory's `return new Pool(…)` has no holder of its own: whoever memoises it names it.
      const holder = pool.node.holderName;
      const named = holder === '' ? `The ${resourceName(pool)}` : `${resourceName(pool)} \`${holder}\``;
      reports.push({
        file: pool.file,
        range: creationRange(pool.node),
        message:
          `${named} has no 'error' listener: when an idle client loses its connection ` +
          `(database restart, network drop) the pool emits 'error', and without a listener the process crashes. ` +
          `Add ${holder === 'default' || holder === '' ? 'pool' : holder}.on('error', (err) => …).`,
        related: [],
        creation: { file: pool.file, id: pool.node.id },
      });
    }
    return reports;
  },
};
