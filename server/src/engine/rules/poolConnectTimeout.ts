/**
 * pool-connect-timeout: a long-lived pg Pool whose config (written out at
 * the creation) has no connectionTimeoutMillis. Its default, 0, means a
 * caller waits forever for a free connection: one leak or a burst past `max`
 * turns into requests that hang without an error.
 */
import { poolTraits } from '../catalogue/drivers';
import { creationRange, resourceName, type Rule, type RuleContext, type RuleReport } from './context';

export const poolConnectTimeoutRule: Rule<'pool-connect-timeout'> = {
  id: 'pool-connect-timeout',
  check(context: RuleContext): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const pool of context.longLivedPools()) {
      const option = poolTraits(pool.node.driver)?.acquireTimeout;
      const keys = pool.node.configKeys;
      if (!option || keys === undefined || keys.includes(option)) continue;
      reports.push({
        file: pool.file,
        range: creationRange(pool.node),
        message:
          `${resourceName(pool)} \`${pool.node.holderName}\` has no ${option}: when every connection is busy (or leaked) callers ` +
          `wait for one forever instead of failing. Set ${option} (e.g. 10000) so they fail after a bound.`,
        related: [],
        creation: { file: pool.file, id: pool.node.id },
      });
    }
    return reports;
  },
};
