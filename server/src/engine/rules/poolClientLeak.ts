/**
 * pool-client-leak: a client checked out with `pool.connect()` (or a pool's
 * `getConnection()`) that some path of its function never releases. After
 * `max` leaks (10 by default in pg) the pool is empty, and with pg's default
 * connectionTimeoutMillis of 0 every later caller waits forever.
 *
 * A per-file rule: the control-flow check (facts/releaseFlow.ts) runs during
 * the fact walk (the hook below) and leaves a FileRuleFact; the graph half
 * reports it when the receiver really is a Pool of the driver table.
 */
import type * as ts from 'typescript';
import type { FileRuleFact, LocalId, Span } from '../types';
import type { GraphEdge } from '../graph/fileIndex';
import type { VisitContext } from '../facts/visitContext';
import type * as ReleaseFlow from '../facts/releaseFlow';
import { ACQUIRE_METHODS, acquireMethod } from '../catalogue/drivers';
import { creationRange, resourceName, type Rule, type RuleContext, type RuleReport } from './context';

const ALIAS_ONLY: ReadonlySet<GraphEdge['kind']> = new Set(['alias']);

let releaseFlow: typeof ReleaseFlow | undefined;
/**
 * The control-flow check, loaded by the fact walk's first checkout: it loads the compiler, and the
 * graph half below runs where findings are derived (the language server's main thread), which
 * must not load it for that.
 */
function flow(): typeof ReleaseFlow {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (releaseFlow ??= require('../facts/releaseFlow') as typeof ReleaseFlow);
}

export const poolClientLeakHook = {
  rule: 'pool-client-leak' as const,
  methods: [...ACQUIRE_METHODS],
  onMethodCall(walker: VisitContext, call: ts.CallExpression, target: LocalId): void {
    const { checkoutAt, findLeak, UNCHECKED } = flow();
    const checkout = checkoutAt(walker.sourceFile, call);
    // A bare `await pool.connect();`.
    if (checkout === 'discarded') {
        walker.out.fileRuleFacts.push({ rule: 'pool-client-leak', target, range: walker.range(call), detail: 'is never released: the result of the call is dropped, so nothing can release it', related: [] });
      return;
    }
    if (checkout === 'ignored') {
      walker.out.fileRuleFacts.push({ rule: 'pool-client-leak', target, range: walker.range(call), detail: 'is never released: the callback takes no client (or release) parameter, so nothing can release it', related: [] });
      return;
    }
    if (!checkout) return;
    const budget = checkBudget(walker);
    const leak = budget.steps.left > 0 ? findLeak(checkout.body, checkout.acquisition, checkout.client, budget.steps) : UNCHECKED;
    if (leak === UNCHECKED) return noteUnchecked(walker, budget);
    if (!leak) return;
    const fact: FileRuleFact = { rule: 'pool-client-leak', target, range: walker.range(call), detail: describeLeak(walker, leak, checkout.client.name), related: [] };
    const at = leakRange(walker, leak);
    if (at) fact.related.push({ range: at, message: `\`${checkout.client.name}\` is lost here without release()` });
    walker.out.fileRuleFacts.push(fact);
  },
};

/**
 * Each checkout's check steps through the statements of its function, so a
 * function holding many checkouts (a script of top-level `await
 * pool.connect()`s) would cost their number times its size. The checks of
 * one file share a number of steps: a fixed allowance plus one per character
 * of the file (far above what real code needs); past it the remaining
 * checkouts are not checked, and a notice says how many.
 */
const CHECK_STEPS_BASE = 1_000_000;

interface CheckBudget {
  steps: ReleaseFlow.CheckSteps;
  skipped: number;
  notice?: { file: string; message: string };
}

const budgets = new WeakMap<ts.SourceFile, CheckBudget>();

function checkBudget(walker: VisitContext): CheckBudget {
  let budget = budgets.get(walker.sourceFile);
  if (!budget) budgets.set(walker.sourceFile, (budget = { steps: { left: CHECK_STEPS_BASE + walker.sourceFile.text.length }, skipped: 0 }));
  return budget;
}

function noteUnchecked(walker: VisitContext, budget: CheckBudget): void {
  budget.skipped++;
  const message = `pool-client-leak: ${budget.skipped} pool checkout${budget.skipped === 1 ? '' : 's'} not checked (too many in one large function to check all of them in bounded time)`;
  if (budget.notice) budget.notice.message = message;
  else walker.out.notices.push((budget.notice = { file: walker.file, message }));
}

function line(walker: VisitContext, node: ts.Node): number {
  return walker.line(node) + 1;
}

function describeLeak(walker: VisitContext, leak: ReleaseFlow.Leak, name: string): string {
  switch (leak.kind) {
    case 'return': return `is not released when the \`return\` on line ${line(walker, leak.at)} runs`;
    case 'throw': return `is not released when the \`throw\` on line ${line(walker, leak.at)} runs`;
    case 'await':
      if (flow().isLoopAwait(leak)) return `is not released when the \`for await\` loop on line ${line(walker, leak.at)} rejects`;
      return `is not released when the awaited call on line ${line(walker, leak.at)} rejects`;
    case 'end': return 'is not released on every path to the end of its function';
    case 'never': return `is never released: nothing releases \`${name}\``;
  }
}

function leakRange(walker: VisitContext, leak: ReleaseFlow.Leak): Span | undefined {
  if (leak.kind === 'never') return undefined;
  const range = walker.range(leak.at);
  if (leak.kind !== 'end') return range;
  // The function's closing brace.
  return { offset: range.offset + range.length - 1, length: 1 };
}

/** What a leaked client costs: a process-wide Pool runs dry; one made per call (a test helper, a script step) never ends. */
const LONG_LIVED_COST = 'each such call keeps one connection, and once the pool is empty every caller waits (forever, without connectionTimeoutMillis).';
const PER_CALL_COST = "its connection stays open, and the pool's end() never finishes while a client is checked out.";

export const poolClientLeakRule: Rule<'pool-client-leak'> = {
  id: 'pool-client-leak',
  check(context: RuleContext): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const index of context.graph.allIndexes()) {
      for (const fact of index.facts.fileRuleFacts ?? []) {
        if (fact.rule !== 'pool-client-leak') continue;
        const targetKey = index.keyOf(fact.target);
        if (!targetKey) continue;
        const pool = context.reach.creationsFrom(targetKey, ALIAS_ONLY).find((c) => c.node.resource === 'pool');
        if (!pool) continue;
        const method = acquireMethod(pool.node.driver);
        reports.push({
          file: index.file,
          range: fact.range,
          message:
            `The client from \`${method}()\` on ${resourceName(pool)} \`${pool.node.holderName}\` ${fact.detail}: ` +
            `${context.reach.isLongLived(pool) ? LONG_LIVED_COST : PER_CALL_COST} ` +
            `Release it in finally: try { … } finally { client.release(); }.`,
          related: [
            ...fact.related.map((r) => ({ file: index.file, range: r.range, message: r.message })),
            { file: pool.file, range: creationRange(pool.node), message: `${resourceName(pool)} \`${pool.node.holderName}\` is created here` },
          ],
          creation: { file: pool.file, id: pool.node.id },
        });
      }
    }
    return reports;
  },
};
