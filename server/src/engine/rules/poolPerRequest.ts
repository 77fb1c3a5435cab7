/**
 * pool-per-request: a Pool created inside code that runs per request. Every
 * request opens its own connections (a connection storm under load, and
 * PostgreSQL's max_connections is soon reached), and pools that are not
 * ended keep theirs open until they idle out.
 */
import { contextLabel } from '../graph/pathText';
import { creationRange, reachSite, resourceName, type Rule, type RuleContext, type RuleReport } from './context';

export const poolPerRequestRule: Rule<'pool-per-request'> = {
  id: 'pool-per-request',
  check(context: RuleContext): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const pool of context.localPools()) {
      // Built in a function but kept in a module-level or global slot (`if (!pool) pool = createPool()`,
      // `globalThis[KEY] ??= createPool()`): one Pool per process, however many calls reach the factory.
      if (context.reach.isLongLived(pool)) continue;
      const reach = context.reach.perRequestReach(pool.key);
      if (!reach) continue;
      const perRequest = reach.context;
      reports.push({
        file: pool.file,
        range: creationRange(pool.node),
        message:
          `A ${resourceName(pool)} is created per request (${contextLabel(perRequest.node)}): every request opens new connections ` +
          `— a connection storm under load — and a pool that is not ended keeps them. Create the pool once at module scope and share it.`,
        related: [{ ...reachSite(reach), message: `runs per request in ${contextLabel(perRequest.node)}` }],
        creation: { file: pool.file, id: pool.node.id },
      });
    }
    return reports;
  },
};
