/**
 * `return client` from a module-level function or method that built the
 * Client in a local (`const c = new Client(cfg); await c.connect(); return c`):
 * the function's result *is* that Client, so a long-lived holder of the result
 * (`const db = await openDatabase()` at startup, `app.set('db', db)`) makes it
 * long-lived (graph/reach.ts `isStoredLongLived`). A caller that keeps the
 * result in a local per request stores nothing long-lived: still per request.
 * A CommonJS export's function (`exports.connect = async function () { … }`,
 * `x:` nodes) returns its creation the same way.
 */
import ts from 'typescript';
import { createdThroughChain } from './driverValues';
import { creationId } from './resolve';
import { unwrap, unwrapAwait } from './syntax';
import type { VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isIdentifier } = ts;

export function visitReturnedValue(walker: VisitContext, expression: ts.Expression): void {
  if (walker.functionDepth === 0) return;
  const container = walker.container;
  if (!container.startsWith('b:') && !container.startsWith('m:') && !container.startsWith('x:')) return;
  const e = unwrap(unwrapAwait(expression));
  const creation = createdThroughChain(walker, e);
  const target = creation ? creationId(walker, creation) : isIdentifier(e) ? walker.lookup(e.text)?.node : undefined;
  if (target === undefined || !target.startsWith('new:')) return;
  walker.edge(container, target, 'alias');
  const node = walker.out.byId.get(container);
  if (node && (node.kind === 'binding' || node.kind === 'member')) node.returnsCreation = true;
}
