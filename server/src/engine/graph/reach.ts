/**
 * Walks over the joined module graph: which concurrent contexts reach a
 * Client creation (backwards, with parent pointers for the path), which
 * nodes *are* a creation (alias closure), and whether a class is a singleton.
 */
import type { ContextNode, CreationNode, FactNode, MemberNode, Span } from '../types';
import { isDiKey, type GraphEdge, type GraphNode, type NodeKey } from './fileIndex';
import type { ModuleGraph } from './moduleGraph';
import { VisitMarks } from './visitMarks';

export interface ContextReach {
  context: GraphNode & { node: ContextNode };
  /** Nodes from the context to the creation, both included. */
  path: GraphNode[];
  /**
   * Where the context's code reaches the next step: the statement of the
   * first use on the path (in the handler, or in the function it names),
   * for related locations; absent when no edge of the path records one.
   */
  site?: { file: string; range: Span };
}

/** Walks for one derivation; memoises class and module-level answers, so build a new one per derivation. */
export class ReachAnalysis {
  private readonly sharedClassMemo = new Map<NodeKey, boolean>();
  private readonly moduleLevelMemo = new Map<NodeKey, boolean>();
  private readonly unusedInjectionMemo = new Map<NodeKey, boolean>();
  private readonly aliasMemo = new Map<NodeKey, ReadonlySet<NodeKey>>();
  /** One set of visited marks for every backwards walk of this derivation. */
  private readonly marks = new VisitMarks();

  constructor(readonly graph: ModuleGraph) {}

  /**
   * The nearest concurrent contexts that reach `start` (not those that run
   * once, `ContextNode.once`), nearest first (path
   * length, then file, then offset). The walk stops after the path length at
   * which `limit` contexts are known, so a client reached from thousands of
   * handlers costs no more than one reached from five. `new` edges count only
   * from module-level code (a `new` per call is a fresh instance), and a
   * container that only calls connect/end/on on a node (a shutdown hook) does
   * not reach it.
   */
  contextsReaching(start: NodeKey, limit = Infinity): ContextReach[] {
    const startId = this.graph.idOf(start);
    if (startId === undefined) return [];
    // The marks hold, per visited id, the id one step nearer the start (-1 for the start).
    const parent = this.marks;
    parent.begin(() => this.graph.idCount);
    parent.set(startId, -1);
    const found: FoundContext[] = [];
    let frontier: number[] = [startId];
    for (let depth = 0; frontier.length > 0 && found.length < limit; depth++) {
      const next: number[] = [];
      const visit = (edge: GraphEdge, to: number): void => {
        const from = edge.fromId;
        if (parent.has(from) || !this.traversableBackwards(edge)) return;
        parent.set(from, to);
        next.push(from);
      };
      for (const id of frontier) {
        const here = this.graph.nodeById(id);
        // A context that runs once per process (a lifecycle hook) is no more concurrent than top-level code.
        if (here && here.node.kind === 'context' && id !== startId && here.node.once !== true) {
          found.push({ context: here as GraphNode & { node: ContextNode }, depth });
        }
      }
      // Enough contexts at this distance: nothing farther can be among the nearest.
      if (found.length >= limit) break;
      for (const id of frontier) {
        for (const edge of this.graph.localInById(id)) visit(edge, id);
        for (const edge of this.graph.joinInById(id)) visit(edge, id);
      }
      frontier = next;
    }
    return nearestFirst(found, limit).map(({ context }) => {
      const path = this.followMembersUsed(this.pathFrom(context.id, parent), parent);
      const reach: ContextReach = { context, path };
      const site = this.siteOf(path);
      if (site) reach.site = site;
      return reach;
    });
  }

  private pathFrom(id: number, parent: VisitMarks): GraphNode[] {
    const path: GraphNode[] = [];
    for (; id >= 0; id = parent.parentOf(id)) {
      const node = this.graph.nodeById(id);
      if (node) path.push(node);
    }
    return path;
  }

  /**
   * A class reaches all its members, so the walk may have come to the class
   * through any member that reaches the start. Where the path says which
   * members the caller reads (`User.getAll()`, `this.users.findAll()`), go
   * through one of those instead, when it reaches the start too: the path
   * then names the function actually called.
   */
  private followMembersUsed(path: GraphNode[], parent: VisitMarks): GraphNode[] {
    let used: readonly string[] | undefined;
    for (let i = 0; i + 1 < path.length; i++) {
      const here = path[i];
      const edge = this.edgeBetween(here, path[i + 1]);
      const next = path[i + 1].node;
      if (next.kind === 'member' && here.node.kind === 'binding' && here.node.declKind === 'class'
        && this.graph.index(path[i + 1].file)?.keyOf(next.owner) === here.key && used !== undefined) {
        const name = next.name.slice(next.name.lastIndexOf('.') + 1);
        if (!used.includes(name)) {
          const replacement = this.memberReaching(here, used, parent);
          if (replacement !== undefined) return [...path.slice(0, i + 1), ...this.pathFrom(replacement, parent)];
        }
        used = undefined;
      }
      if (edge?.members) used = edge.members;
    }
    return path;
  }

  /** A member of `cls` named in `names` that the walk reached (it has a path to the start). */
  private memberReaching(cls: GraphNode, names: readonly string[], parent: VisitMarks): number | undefined {
    for (const edge of this.graph.outgoing(cls.key)) {
      const member = this.graph.nodeById(edge.toId);
      if (!member || member.node.kind !== 'member' || !parent.has(edge.toId)) continue;
      if (names.includes(member.node.name.slice(member.node.name.lastIndexOf('.') + 1))) return edge.toId;
    }
    return undefined;
  }

  private edgeBetween(from: GraphNode, to: GraphNode): GraphEdge | undefined {
    let found: GraphEdge | undefined;
    for (const edge of this.graph.outgoing(from.key)) {
      if (edge.to !== to.key) continue;
      if (edge.at || edge.members) return edge;
      found ??= edge;
    }
    return found;
  }

  /** The first use on the path that records its statement. */
  private siteOf(path: GraphNode[]): ContextReach['site'] {
    for (let i = 0; i + 1 < path.length; i++) {
      const edge = this.edgeBetween(path[i], path[i + 1]);
      if (edge?.at) return { file: path[i].file, range: edge.at };
    }
    return undefined;
  }

  /**
   * The nearest per-request context upstream of `start` (or `start` itself).
   * A class reaches all its members, but an instance's user only runs the
   * methods it calls: from a method, the walk continues at the callers of
   * `.method()` on an instance of the class, not at everything using the class.
   */
  perRequestContextReaching(start: NodeKey): (GraphNode & { node: ContextNode }) | undefined {
    return this.perRequestReach(start)?.context;
  }

  /** perRequestContextReaching with the path from the context to `start` and its site (see ContextReach). */
  perRequestReach(start: NodeKey): ContextReach | undefined {
    // parent: key → the key one step nearer the start ('' for the start).
    const parent = new Map<NodeKey, NodeKey>([[start, '']]);
    const methodsDone = new Set<NodeKey>();
    let frontier: NodeKey[] = [start];
    while (frontier.length > 0) {
      const next: NodeKey[] = [];
      const enqueue = (key: NodeKey, from: NodeKey): void => {
        if (parent.has(key)) return;
        parent.set(key, from);
        next.push(key);
      };
      for (const key of frontier) {
        const here = this.graph.node(key);
        if (here && here.node.kind === 'context' && here.node.perRequest) {
          const path: GraphNode[] = [];
          for (let at: NodeKey | undefined = key; at; at = parent.get(at)) {
            const node = this.graph.node(at);
            if (node) path.push(node);
          }
          const reach: ContextReach = { context: here as GraphNode & { node: ContextNode }, path };
          const site = this.siteOf(path);
          if (site) reach.site = site;
          return reach;
        }
        for (const edge of this.graph.incoming(key)) {
          if (here?.node.kind === 'member' && this.graph.index(here.file)?.keyOf(here.node.owner) === edge.from) {
            if (!methodsDone.has(key)) {
              methodsDone.add(key);
              for (const caller of this.methodCallers(here as GraphNode & { node: MemberNode }, edge.from)) enqueue(caller, key);
            }
            continue;
          }
          // A DI or registry token holding a function's result (`app.set('db', await openDatabase())`)
          // uses what the function returned; it does not run the function's code per request.
          if (edge.kind === 'alias' && isDiKey(edge.from) && here?.node.kind !== 'creation') continue;
          enqueue(edge.from, key);
        }
      }
      frontier = next;
    }
    return undefined;
  }

  /** Containers of `x.method()` calls where `x` is (or wraps) an instance of `classKey`. */
  private methodCallers(member: GraphNode & { node: MemberNode }, classKey: NodeKey): NodeKey[] {
    const method = member.node.name.slice(member.node.name.lastIndexOf('.') + 1);
    const callers: NodeKey[] = [];
    for (const index of this.graph.allIndexes()) {
      for (const { call, target, container } of index.calls) {
        if (call.via !== 'method' || call.method !== method) continue;
        if (this.reachesForward(target, classKey)) callers.push(container);
      }
    }
    return callers;
  }

  private reachesForward(start: NodeKey, goal: NodeKey): boolean {
    const seen = new Set<NodeKey>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const key = stack.pop() as NodeKey;
      if (key === goal) return true;
      for (const edge of this.graph.outgoing(key)) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        stack.push(edge.to);
      }
    }
    return false;
  }

  /** Every node that *is* `start` (following alias edges and import joins backwards). */
  aliasesOf(start: NodeKey): ReadonlySet<NodeKey> {
    // Asked for the same Pool by several rules in one derivation (the graph does not change during one).
    const known = this.aliasMemo.get(start);
    if (known) return known;
    const seen = new Set<NodeKey>([start]);
    const stack = [start];
    const follow = (edges: readonly GraphEdge[]) => {
      for (const edge of edges) {
        if (edge.kind !== 'alias' || seen.has(edge.from)) continue;
        seen.add(edge.from);
        stack.push(edge.from);
      }
    };
    while (stack.length > 0) {
      const id = this.graph.idOf(stack.pop() as NodeKey);
      if (id === undefined) continue;
      // The two edge lists as they are (`incoming` would copy them into one).
      follow(this.graph.localInById(id));
      follow(this.graph.joinInById(id));
    }
    this.aliasMemo.set(start, seen);
    return seen;
  }

  /** Creations reachable forwards from `start` over the given edge kinds (import joins and DI merges included). */
  creationsFrom(start: NodeKey, kinds: ReadonlySet<GraphEdge['kind']>): Array<GraphNode & { node: CreationNode }> {
    const seen = new Set<NodeKey>([start]);
    const stack = [start];
    const result: Array<GraphNode & { node: CreationNode }> = [];
    while (stack.length > 0) {
      const key = stack.pop() as NodeKey;
      const here = this.graph.node(key);
      if (here && here.node.kind === 'creation') result.push(here as GraphNode & { node: CreationNode });
      for (const edge of this.graph.outgoing(key)) {
        if (!kinds.has(edge.kind) || seen.has(edge.to)) continue;
        if (edge.kind === 'new' && !this.isModuleLevel(edge.from)) continue;
        seen.add(edge.to);
        stack.push(edge.to);
      }
    }
    return result;
  }

  /** A creation that lives as long as the process: module-level, default export, lazy singleton, DI provider, or a field of a shared class. */
  isLongLived(creation: GraphNode & { node: CreationNode }): boolean {
    switch (creation.node.shape) {
      case 'module':
      case 'exportDefault':
      case 'lazy':
      case 'diFactory':
        return true;
      case 'classField': {
        const classKey = creation.node.classId !== undefined ? this.graph.index(creation.file)?.keyOf(creation.node.classId) : undefined;
        return classKey !== undefined && this.isSharedClass(classKey);
      }
      case 'local':
        return this.isStoredLongLived(creation.key);
      default:
        return false;
    }
  }

  /**
   * A Client built in a local and then stored where it outlives the call:
   * `const c = new Client(cfg); …; this.#client = c` in a module-level
   * instance, `fastify.decorate('db', c)` in a plugin, `global.db = c`.
   */
  private isStoredLongLived(creationKey: NodeKey): boolean {
    return this.longLivedHolderOf(creationKey) !== undefined;
  }

  /**
   * What keeps a Client built in a local alive (`this.#client` of a shared
   * instance, `db` holding `await openDatabase()`, a registry key): the alias
   * messages name, since that is what makes it shared. Undefined when nothing does.
   */
  longLivedHolderOf(creationKey: NodeKey): NodeKey | undefined {
    for (const alias of this.longLivedHoldersOf(creationKey)) return alias;
    return undefined;
  }

  /** Every alias that keeps a creation built in a local alive (see longLivedHolderOf), lazily. */
  *longLivedHoldersOf(creationKey: NodeKey): IterableIterator<NodeKey> {
    for (const alias of this.aliasesOf(creationKey)) {
      if (alias === creationKey || isArgumentToken(alias)) continue;
      // A function returning the Client holds nothing: whoever keeps its result does.
      const node = this.graph.node(alias)?.node;
      if (node && (node.kind === 'binding' || node.kind === 'member') && node.returnsCreation === true) continue;
      if (isDiKey(alias) || this.isModuleLevel(alias)) yield alias;
    }
  }

  /** A DI singleton, or instantiated by module-level code (directly or through an import of it). */
  isSharedClass(classKey: NodeKey): boolean {
    const memo = this.sharedClassMemo.get(classKey);
    if (memo !== undefined) return memo;
    this.sharedClassMemo.set(classKey, false); // cycle guard
    const cls = this.graph.node(classKey);
    let shared = cls?.node.kind === 'binding' && cls.node.diSingleton === true;
    if (!shared) {
      outer: for (const alias of this.aliasesOf(classKey)) {
        for (const edge of this.graph.incoming(alias)) {
          if (edge.kind === 'new' && this.isModuleLevel(edge.from)) {
            shared = true;
            break outer;
          }
        }
      }
    }
    this.sharedClassMemo.set(classKey, shared);
    return shared;
  }

  /**
   * Does code at `key` run once per process, so that a `new` there is a single
   * instance? Module-level variables, top-level code, default exports, static
   * members, DI providers and fields of shared classes do; function bodies do not.
   */
  isModuleLevel(key: NodeKey): boolean {
    const memo = this.moduleLevelMemo.get(key);
    if (memo !== undefined) return memo;
    this.moduleLevelMemo.set(key, false); // cycle guard
    const result = this.computeModuleLevel(key);
    this.moduleLevelMemo.set(key, result);
    return result;
  }

  private computeModuleLevel(key: NodeKey): boolean {
    const found = this.graph.node(key);
    if (!found) return false;
    const node: FactNode = found.node;
    switch (node.kind) {
      case 'init':
      case 'di':
        return true;
      case 'binding':
        // A function body runs per call; a variable initialiser runs once.
        return node.declKind === 'const' || node.declKind === 'let' || node.declKind === 'var' || node.declKind === 'other';
      case 'member': {
        if (node.isStatic) return true;
        const ownerKey = this.graph.index(found.file)?.keyOf(node.owner);
        return ownerKey !== undefined && this.isSharedClass(ownerKey);
      }
      default:
        return this.isDefaultExportTarget(found);
    }
  }

  private isDefaultExportTarget(found: GraphNode): boolean {
    const entries = this.graph.index(found.file)?.exportsByName.get('default') ?? [];
    return entries.some((e) => e.target === found.node.id);
  }

  private traversableBackwards(edge: GraphEdge): boolean {
    if (edge.kind === 'new' && !this.isModuleLevel(edge.from)) return false;
    if (edge.lifecycleOnly === true) return false;
    return !(edge.kind === 'ref' && this.isUnusedInjection(edge.to, edge.from));
  }

  /**
   * A member that only holds an injected value (`@Inject('PG') private db`)
   * and that no code of the class reads: the class reaches it, but nothing
   * runs a query through it, so the provider is not used by this class.
   */
  private isUnusedInjection(memberKey: NodeKey, ownerKey: NodeKey): boolean {
    const memo = this.unusedInjectionMemo.get(memberKey);
    if (memo !== undefined) return memo;
    const found = this.graph.node(memberKey);
    let unused = false;
    if (found?.node.kind === 'member' && this.graph.index(found.file)?.keyOf(found.node.owner) === ownerKey) {
      const out = this.graph.outgoing(memberKey);
      unused = out.length > 0 && out.every((e) => isDiKey(e.to))
        && this.graph.incoming(memberKey).every((e) => e.from === ownerKey);
    }
    this.unusedInjectionMemo.set(memberKey, unused);
    return unused;
  }
}

/** `arg:` tokens (facts/arguments.ts) carry a value into a function's parameter: they store nothing. */
function isArgumentToken(key: NodeKey): boolean {
  return key.startsWith('\0di\0arg:');
}

type FoundContext = { context: GraphNode & { node: ContextNode }; depth: number };

function compareFound(a: FoundContext, b: FoundContext): number {
  return a.depth - b.depth || compareStrings(a.context.file, b.context.file) || a.context.node.range.offset - b.context.node.range.offset;
}

/** The `limit` smallest by (depth, file, offset), sorted; avoids sorting thousands of handlers to keep five. */
function nearestFirst(found: FoundContext[], limit: number): FoundContext[] {
  if (found.length <= limit || !Number.isFinite(limit)) return [...found].sort(compareFound);
  const best: FoundContext[] = [];
  for (const item of found) {
    if (best.length === limit && compareFound(item, best[limit - 1]) >= 0) continue;
    let i = best.length < limit ? best.length : limit - 1;
    best[i] = item;
    while (i > 0 && compareFound(best[i], best[i - 1]) < 0) {
      [best[i], best[i - 1]] = [best[i - 1], best[i]];
      i--;
    }
  }
  return best;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
