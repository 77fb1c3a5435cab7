/**
 * shared-client: a module-level (or singleton) pg Client that concurrent
 * callers reach. A Client runs one query at a time, so they queue.
 */
import type { Finding } from '../types';
import { displayPath, formatPath } from '../graph/pathText';
import type { Rule, RuleContext, SharedClient } from './context';
import { ruleMeta } from './meta';

const MAX_RELATED = 5;

export const sharedClientRule: Rule = {
  meta: ruleMeta(
    'shared-client',
    'warning',
    'A single pg Client is shared by concurrent callers, so their queries run one at a time; use a Pool.',
  ),
  check(context: RuleContext): Finding[] {
    return context.sharedClients().map((shared) => toFinding(shared, context.displayRoot));
  },
};

function toFinding(shared: SharedClient, displayRoot: string): Finding {
  const { creation, contexts } = shared;
  const nearest = contexts[0].context;
  const where = `${nearest.node.contextKind}, ${displayPath(nearest.file, displayRoot)}:${nearest.node.range.start.line + 1}`;
  const prefix = `pg Client \`${creation.node.holderName}\` is shared by concurrent callers (${where})`;
  const message = creation.node.pipeline
    ? `${prefix}: pipelined queries still complete in order (one slow query still blocks all the others). Use a Pool.`
    : `${prefix}: their queries run one at a time. Use a Pool.`;
  return {
    rule: 'shared-client',
    severity: creation.node.pipeline ? 'info' : 'warning',
    file: creation.file,
    range: creation.node.range,
    message,
    related: contexts.slice(0, MAX_RELATED).map((reach) => ({
      file: reach.context.file,
      range: reach.context.node.range,
      message: formatPath(reach.path),
    })),
    creation: { file: creation.file, id: creation.node.id },
  };
}
