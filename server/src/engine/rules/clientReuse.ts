/**
 * client-reuse: connect()/end() per request on a long-lived Client. A Client
 * cannot connect twice, and end() closes it for every other caller.
 */
import type { FactNode } from '../types';
import type { GraphEdge } from '../graph/fileIndex';
import { contextLabel } from '../graph/pathText';
import { creationRange, reachSite, resourceName, type Rule, type RuleContext, type RuleReport } from './context';

const ALIAS_ONLY: ReadonlySet<GraphEdge['kind']> = new Set(['alias']);

export const clientReuseRule: Rule<'client-reuse'> = {
  id: 'client-reuse',
  check(context: RuleContext): RuleReport[] {
    const findings: RuleReport[] = [];
    for (const { call, file, target, container } of context.connectEndCalls()) {
      // A lazy initialiser connects once; so do a memoised call (`ready ??= db.connect()`) and code outside every function (module load).
      if (call.inLazyInit || call.memoised || call.atLoad) continue;
      const creation = context.reach.creationsFrom(target, ALIAS_ONLY).find((c) => c.node.resource === 'client' && context.reach.isLongLived(c));
      if (!creation) continue;
      // Top-level code and DI provider factories run once, however many requests use what they made.
      const containerKind = context.graph.node(container)?.node.kind;
      if (containerKind === 'init' || containerKind === 'di') continue;
      const reach = context.reach.perRequestReach(container);
      if (!reach) continue;
      const perRequest = reach.context;
      const targetNode = context.graph.node(target)?.node;
      const receiver = receiverText(targetNode) ?? context.holderLabel(creation);
      findings.push({
        file,
        range: call.range,
        message:
          `\`${receiver}.${call.method}()\` runs per request on a module-level ${resourceName(creation)}: a Client cannot reconnect ` +
          `("Client has already been connected") and end() closes it for everyone. Use a Pool (pool.query, or pool.connect() + release()).`,
        related: [
          { file: creation.file, range: creationRange(creation.node), message: `${resourceName(creation)} \`${context.holderLabel(creation)}\` is created once here` },
          { ...reachSite(reach), message: `runs per request in ${contextLabel(perRequest.node)}` },
        ],
        creation: { file: creation.file, id: creation.node.id },
      });
    }
    return findings;
  },
};

/** How the user wrote the receiver: the local import name, `this.field` for a class field, else the binding name. */
function receiverText(node: FactNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'import') return node.localName;
  if (node.kind === 'member') return `this.${node.name.slice(node.name.lastIndexOf('.') + 1)}`;
  if (node.kind === 'binding') return node.name;
  return undefined;
}
