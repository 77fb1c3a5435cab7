/**
 * pool-per-request: a Pool created inside code that runs per request. Every
 * request opens its own connections (a connection storm under load, and
 * PostgreSQL's max_connections is soon reached), and pools that are not
 * ended keep theirs open until they idle out.
 */
import { contextLabel } from '../graph/pathText';
import { resourceName, type Rule, type RuleContext, type RuleReport } from './context';

export const poolPerRequestRule: Rule<'pool-per-request'> = {
  id: 'pool-per-request',
  check(context: RuleContext): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const pool of context.localPools()) {
      const perRequest = context.reach.perRequestContextReaching(pool.key);
      if (!perRequest) continue;
      reports.push({
        file: pool.file,
        range: pool.node.range,
        message:
          `A ${resourceName(pool)} is created per request (${contextLabel(perRequest.node)}): every request opens new connections ` +
          `— a connection storm under load — and a pool that is not ended keeps them. Create the pool once at module scope and share it.`,
        related: [{ file: perRequest.file, range: perRequest.node.range, message: `runs per request in ${contextLabel(perRequest.node)}` }],
        creation: { file: pool.file, id: pool.node.id },
      });
    }
    return reports;
  },
};
