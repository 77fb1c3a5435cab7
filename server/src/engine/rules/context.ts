/**
 * What the rules share for one derivation: the joined graph, the reach
 * analysis, and the set of shared Clients (computed once, used by all three rules).
 */
import type { ContextNode, CreationNode, LocalId, RuleId, Severity, Span } from '../types';
import type { GraphNode, LocatedCall, NodeKey } from '../graph/fileIndex';
import type { ModuleGraph } from '../graph/moduleGraph';
import { ReachAnalysis, type ContextReach } from '../graph/reach';
import { isDiKey, isLifecycleCall } from '../graph/fileIndex';
import { listenKeyword } from '../sql';
import { resourceLabel } from '../catalogue/drivers';

/** Contexts kept per shared client: the nearest one names it, up to five are listed as related. */
const MAX_CONTEXTS = 5;

export type CreationRef = GraphNode & { node: CreationNode };

/** How messages name what a creation made: 'pg Client'. */
export function resourceName(creation: CreationRef): string {
  return resourceLabel(creation.node.driver, creation.node.resource);
}

export type { LocatedCall };

/**
 * What a diagnostic about a creation covers: `new Client` (the keyword and
 * the callee) or a factory's callee (`mysql.createConnection`), never the
 * arguments — a four-line `new Client({ … })` gets a one-line squiggle. It
 * starts where the creation starts, so fixes that look the creation up by
 * the finding's offset still find it.
 */
export function creationRange(node: CreationNode): Span {
  const { range, calleeRange } = node;
  const calleeEnd = calleeRange.offset + calleeRange.length;
  if (calleeRange.offset < range.offset || calleeEnd > range.offset + range.length) return range;
  if (node.createdBy === 'call') return calleeRange;
  return { offset: range.offset, length: calleeEnd - range.offset };
}

/** Where a related location for a context points: the statement that reaches the next step, else the context itself. */
export function reachSite(reach: ContextReach): { file: string; range: Span } {
  return reach.site ?? { file: reach.context.file, range: reach.context.node.range };
}

/**
 * Do these contexts use a Client concurrently? One context that runs many at
 * a time does; a sequential one (a queue consumer with concurrency 1) only
 * together with another context.
 */
function isConcurrent(contexts: readonly ContextReach[]): boolean {
  return contexts.length > 1 || (contexts.length === 1 && contexts[0].context.node.sequential !== true);
}

export interface SharedClient {
  creation: CreationRef;
  /** The nearest contexts that reach it (at most five), nearest first. */
  contexts: ContextReach[];
}

/**
 * What a rule reports: a finding without its rule id and severity, which the
 * derivation adds (rules/index.ts). `severity` is only for a rule that lowers
 * its registry default for one finding (a pipelined Client is `info`); the
 * user's setting still overrides it.
 */
export interface RuleReport {
  file: string;
  /** Spans, as the facts have them: the derivation adds line/character (rules/index.ts). */
  range: Span;
  message: string;
  related: Array<{ file: string; range: Span; message: string }>;
  creation?: { file: string; id: LocalId };
  severity?: Severity;
}

/** A rule's implementation; its metadata is its row in rules/registry.ts. */
export interface Rule<Id extends RuleId = RuleId> {
  readonly id: Id;
  check(context: RuleContext): RuleReport[];
}

export class RuleContext {
  readonly reach: ReachAnalysis;
  private shared: SharedClient[] | undefined;
  /** Computed once per derivation: two rules ask. */
  private pools: CreationRef[] | undefined;
  private readonly poolCallMemo = new Map<NodeKey, { endsScript: boolean; listensForErrors: boolean }>();

  constructor(
    readonly graph: ModuleGraph,
    /** Paths in messages are relative to this directory. */
    readonly displayRoot: string,
  ) {
    this.reach = new ReachAnalysis(graph);
  }

  /**
   * The concurrent context that runs code in `container`: the container
   * itself when it is one (a handler that sends BEGIN), else the nearest
   * context that reaches it (through wrappers and imports).
   */
  runnerOf(container: NodeKey): ContextReach | undefined {
    const here = this.graph.node(container);
    if (here && here.node.kind === 'context' && here.node.once !== true) {
      return { context: here as ContextReach['context'], path: [here] };
    }
    return this.reach.contextsReaching(container, 1)[0];
  }

  /**
   * The name messages give a Client: its holder, or for one built in a local
   * (`const c = new Client(); this.#client = c`, `return client` kept in
   * `const db = await openDatabase()`) the long-lived holder that makes it shared.
   */
  holderLabel(creation: CreationRef): string {
    if (creation.node.shape !== 'local') return creation.node.holderName;
    const holder = this.reach.longLivedHolderOf(creation.key);
    if (holder === undefined) return creation.node.holderName;
    const named = (key: NodeKey): string | undefined => {
      const node = this.graph.node(key)?.node;
      return node && (node.kind === 'binding' || node.kind === 'member') && node.returnsCreation !== true && node.name ? node.name : undefined;
    };
    const own = named(holder);
    if (own) return own;
    // A registry key (`app.set('db', c)`, `fastify.decorate('db', c)`, `global.db = c`): the name it is published under.
    const node = this.graph.node(holder)?.node;
    if (node?.kind === 'di' && /^(reg|global):/.test(node.key)) return node.key.slice(node.key.indexOf(':') + 1);
    return creation.node.holderName;
  }

  callsOn(target: NodeKey): readonly LocatedCall[] {
    return this.graph.callsOn(target);
  }

  *transactionCalls(): IterableIterator<LocatedCall> {
    for (const index of this.graph.allIndexes()) yield* index.transactionCalls;
  }

  *connectEndCalls(): IterableIterator<LocatedCall> {
    for (const index of this.graph.allIndexes()) yield* index.connectEndCalls;
  }

  /**
   * Pools of the driver table that live as long as the process (module-level, singleton, DI provider),
   * except a script's: a Pool its own module ends where the script ends (facts/scriptEnd.ts).
   */
  longLivedPools(): readonly CreationRef[] {
    if (this.pools) return this.pools;
    const pools: CreationRef[] = [];
    this.pools = pools;
    for (const index of this.graph.allIndexes()) {
      for (const { node, graph } of index.creations) {
        if (node.resource !== 'pool') continue;
        const creation = graph as CreationRef;
        if (this.reach.isLongLived(creation) && !this.endedByItsScript(creation)) pools.push(creation);
      }
    }
    return pools;
  }

  private endedByItsScript(pool: CreationRef): boolean {
    return this.poolCalls(pool).endsScript;
  }

  /** An `on('error', …)` call on any name the Pool travels under (its holder, every import of it, the creation itself). */
  hasErrorListener(pool: CreationRef): boolean {
    return this.poolCalls(pool).listensForErrors;
  }

  /** What the calls on a Pool's aliases say about it: one pass over them for the rules that ask. */
  private poolCalls(pool: CreationRef): { endsScript: boolean; listensForErrors: boolean } {
    let known = this.poolCallMemo.get(pool.key);
    if (known) return known;
    known = { endsScript: false, listensForErrors: false };
    const scripts = this.scriptFilesOf(pool);
    const ending = new Set<string>();
    // `app.pool = new Pool()`: `app.on('error')` is the object's own event (Koa's), not the pool's.
    const objectHolder = pool.node.holderProperty !== undefined && pool.node.holder !== undefined ? `${pool.file}\0${pool.node.holder}` : undefined;
    for (const alias of this.reach.aliasesOf(pool.key)) {
      for (const { call, file } of this.callsOn(alias)) {
        if (call.endsScript === true && scripts.has(file)) ending.add(file);
        if (call.receiverIsName === true && alias === objectHolder) continue;
        if (call.via === 'method' && call.method === 'on' && call.event === 'error') known.listensForErrors = true;
      }
    }
    known.endsScript = ending.size > 0 && ending.size === scripts.size;
    this.poolCallMemo.set(pool.key, known);
    return known;
  }

  /**
   * The files whose top-level code must end a Pool for it to be a script's: its own, or for one
   * built in a function and returned (`pool = await connection.connect(cfg)` in a migration) every
   * file with a module-level holder of it; a server that also keeps it makes it long-lived.
   */
  private scriptFilesOf(pool: CreationRef): Set<string> {
    if (pool.node.shape !== 'local') return new Set([pool.file]);
    const files = new Set<string>();
    for (const holder of this.reach.longLivedHoldersOf(pool.key)) {
      const file = this.graph.node(holder)?.file;
      if (file === undefined || isDiKey(holder)) return new Set([pool.file]);
      files.add(file);
    }
    return files.size > 0 ? files : new Set([pool.file]);
  }

  /** Pools created inside functions (shape 'local'). */
  localPools(): CreationRef[] {
    const pools: CreationRef[] = [];
    for (const index of this.graph.allIndexes()) {
      for (const { node, graph } of index.creations) {
        if (node.resource !== 'pool' || node.shape !== 'local') continue;
        pools.push(graph as CreationRef);
      }
    }
    return pools;
  }

  /**
   * The nearest concurrent contexts that run the code of `key` (a container
   * of a call), `key` itself first when it is one; empty when only sequential
   * code runs it (top-level code, a script, jest/mocha hooks).
   */
  contextsRunning(key: NodeKey, limit = MAX_CONTEXTS): ContextReach[] {
    const here = this.graph.node(key);
    const reaching = this.reach.contextsReaching(key, limit);
    if (here && here.node.kind === 'context' && here.node.once !== true) {
      reaching.unshift({ context: here as GraphNode & { node: ContextNode }, path: [here] });
    }
    return isConcurrent(reaching) ? reaching : [];
  }

  /** Long-lived Clients reached concurrently (see isConcurrent) and not used only for LISTEN. */
  sharedClients(): SharedClient[] {
    if (this.shared) return this.shared;
    this.shared = [];
    for (const index of this.graph.allIndexes()) {
      for (const { key, node, graph } of index.creations) {
        // Pools are creations too, for the Pool rules; these rules are about single connections.
        if (node.resource !== 'client') continue;
        const creation = graph as CreationRef;
        if (!this.reach.isLongLived(creation)) continue;
        const contexts = this.reach.contextsReaching(key, MAX_CONTEXTS);
        if (!isConcurrent(contexts) || this.isListenOnly(key)) continue;
        this.shared.push({ creation, contexts });
      }
    }
    this.shared = onePerHolder(this.shared);
    return this.shared;
  }

  /** A notification listener: only connect/end/on and LISTEN/UNLISTEN, with at least one LISTEN or on('notification'). */
  private isListenOnly(creationKey: NodeKey): boolean {
    let listens = false;
    // Walk the alias closure lazily: the first ordinary query settles it.
    const seen = new Set<NodeKey>([creationKey]);
    const stack = [creationKey];
    while (stack.length > 0) {
      const alias = stack.pop() as NodeKey;
      for (const { call } of this.callsOn(alias)) {
        if (call.via === 'method' && call.method === 'query' && call.sql !== undefined) {
          const keyword = listenKeyword(call.sql);
          if (!keyword) return false;
          if (keyword === 'listen') listens = true;
        } else if (isLifecycleCall(call)) {
          if (call.method === 'on' && call.event === 'notification') listens = true;
        } else {
          return false;
        }
      }
      for (const edge of this.graph.incoming(alias)) {
        if (edge.kind !== 'alias' || seen.has(edge.from)) continue;
        seen.add(edge.from);
        stack.push(edge.from);
      }
    }
    return listens;
  }

}

/**
 * One finding per holder: a variable assigned a Client in both branches of an
 * if/else (or a dead initial value both branches overwrite) is one shared
 * connection. The holder is named at its last top-level assignment (a
 * branch, not the overwritten initialiser), else at its first creation.
 */
function onePerHolder(shared: SharedClient[]): SharedClient[] {
  const byHolder = new Map<string, SharedClient[]>();
  const result: SharedClient[] = [];
  for (const item of shared) {
    const { holder } = item.creation.node;
    if (holder === undefined) {
      result.push(item);
      continue;
    }
    const key = item.creation.file + '\0' + holder;
    const group = byHolder.get(key);
    if (group) group.push(item);
    else {
      byHolder.set(key, [item]);
      result.push(item);
    }
  }
  return result.map((item) => {
    const { holder } = item.creation.node;
    const group = holder === undefined ? undefined : byHolder.get(item.creation.file + '\0' + holder);
    if (!group || group.length === 1) return item;
    const topLevel = group.filter((g) => g.creation.node.shape === 'module');
    const chosen = topLevel.length > 1 ? topLevel.reduce((a, b) => (b.creation.node.range.offset > a.creation.node.range.offset ? b : a)) : group[0];
    return chosen;
  });
}
