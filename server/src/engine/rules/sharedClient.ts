/**
 * shared-client: a module-level (or singleton) pg Client that concurrent
 * callers reach. A Client runs one query at a time, so they queue.
 */
import { formatPath, location } from '../graph/pathText';
import { creationRange, reachSite, resourceName, type Rule, type RuleContext, type RuleReport, type SharedClient } from './context';

const MAX_RELATED = 5;

export const sharedClientRule: Rule<'shared-client'> = {
  id: 'shared-client',
  check(context: RuleContext): RuleReport[] {
    return context.sharedClients().map((shared) => toReport(shared, context));
  },
};

function toReport(shared: SharedClient, context: RuleContext): RuleReport {
  const { creation, contexts } = shared;
  const displayRoot = context.displayRoot;
  const nearest = contexts[0].context;
  const where = `${nearest.node.contextKind}, ${location(nearest, displayRoot)}`;
  const prefix = `${resourceName(creation)} \`${context.holderLabel(creation)}\` is shared by concurrent callers (${where})`;
  const message = creation.node.pipeline
    ? `${prefix}: pipelined queries still complete in order (one slow query still blocks all the others). Use a Pool.`
    : `${prefix}: their queries run one at a time. Use a Pool.`;
  const report: RuleReport = {
    file: creation.file,
    range: creationRange(creation.node),
    message,
    related: contexts.slice(0, MAX_RELATED).map((reach) => ({ ...reachSite(reach), message: formatPath(reach.path) })),
    creation: { file: creation.file, id: creation.node.id },
  };
  // Pipelined queries do not block each other's sending, only their completion.
  if (creation.node.pipeline) report.severity = 'info';
  return report;
}
