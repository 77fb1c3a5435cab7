/**
 * Per-file lookup tables built once from a file's facts (never from source):
 * nodes and edges keyed by workspace-wide node keys, exports by name, and the
 * client calls grouped for the rules. Rebuilt only when the file's facts change.
 * Built in steps (`FileIndex.build`): a host that must stay responsive (the
 * language server, for a generated file with 10,000s of nodes) runs the
 * steps with pauses between them; everything else builds it in one go.
 */
import { startsTransaction } from '../sql';
import { contentHash } from '../content-hash';
import { BEGIN_METHODS } from '../catalogue/drivers';
import type { ClientCall, CreationNode, ExportEntry, FactEdge, FactNode, FileFacts, ImportNode, LocalId, Span } from '../types';

/** Workspace-wide node key: `file\0localId`, or `\0di\0<key>` for a DI token (one node for the whole workspace). */
export type NodeKey = string;

export type EdgeKind = 'ref' | 'alias' | 'new';

export interface GraphEdge {
  from: NodeKey;
  to: NodeKey;
  /** Dense workspace-wide ids of `from`/`to` (see ModuleGraph), for the hot walks. */
  fromId: number;
  toId: number;
  kind: EdgeKind;
  /** `from` uses `to` only through connect/end/on calls (a shutdown hook, a lifecycle helper). */
  lifecycleOnly?: boolean;
  /** The fact edge's `at` and `members` (types.ts FactEdge), for related locations and paths. */
  at?: Span;
  members?: readonly string[];
}

export interface GraphNode {
  key: NodeKey;
  id: number;
  file: string;
  node: FactNode;
  /** Its file's `FileFacts.lines`, for the line numbers messages give (positions.ts). */
  lines: readonly number[];
}

/** A node of this file with its same-file edges, while the index is built. */
interface LocalNode {
  graph: GraphNode;
  out: GraphEdge[] | undefined;
  in: GraphEdge[] | undefined;
  calls?: LocatedCall[];
}

const LIFECYCLE_METHODS = new Set(['connect', 'end', 'on']);

/** Facts handled between two checks of the time slice (FileIndex.build). */
const STEP_ITEMS = 256;

/** A client call with its file and the workspace keys of its target and container. */
export interface LocatedCall {
  call: ClientCall;
  file: string;
  target: NodeKey;
  container: NodeKey;
}

export function diKey(tokenKey: string): NodeKey {
  return '\0di\0' + tokenKey;
}

export function isDiKey(key: NodeKey): boolean {
  return key.startsWith('\0di\0');
}

export function isLifecycleCall(call: ClientCall): boolean {
  return call.via === 'method' && LIFECYCLE_METHODS.has(call.method);
}

export class FileIndex {
  readonly file: string;
  readonly facts: FileFacts;
  /** Every node of the file once (a DI token's first declaration stands for it), in the order of the facts. */
  readonly graphNodes: GraphNode[] = [];
  /** Same-file edges out of / into each node that has any, one list per node (every edge of a list has its key at that end). */
  readonly outLists: GraphEdge[][] = [];
  readonly inLists: GraphEdge[][] = [];
  readonly exportsByName = new Map<string, ExportEntry[]>();
  readonly imports: Array<{ key: NodeKey; node: ImportNode }> = [];
  readonly creations: Array<{ key: NodeKey; node: CreationNode; graph: GraphNode }> = [];
  /** DI token keys declared or injected in this file. */
  readonly diTokens = new Set<string>();
  readonly calls: LocatedCall[] = [];
  /** Calls grouped by the node their receiver resolves to. */
  readonly callsByTarget = new Map<NodeKey, LocatedCall[]>();
  /** Calls whose SQL starts a transaction (tokenized once per facts update, not per derivation). */
  readonly transactionCalls: LocatedCall[] = [];
  /** `x.connect()` / `x.end()` calls. */
  readonly connectEndCalls: LocatedCall[] = [];
  /** A hash of the exports and imports in a canonical form: when it is unchanged the cross-file joins still hold. */
  linkSignature = '';
  /** Each local id's node in `nodes` (a DI token's first declaration in the file stands for every one), with its edges. */
  private readonly localNodes = new Map<LocalId, LocalNode>();
  /** Local nodes in the order they got their first outgoing / incoming edge, while the edges are added. */
  private readonly outOrder: LocalNode[] = [];
  private readonly inOrder: LocalNode[] = [];
  /** The file's DI token nodes by key (what the graph merges across files). */
  private readonly diLocals = new Map<NodeKey, LocalNode>();
  private keyedNodes: Map<NodeKey, GraphNode> | undefined;
  private keyedOut: Map<NodeKey, GraphEdge[]> | undefined;
  private keyedIn: Map<NodeKey, GraphEdge[]> | undefined;

  /** `intern` maps a node key to its dense workspace-wide id (stable for the key's lifetime). */
  constructor(facts: FileFacts, private readonly intern: (key: NodeKey) => number, built = true) {
    this.file = facts.file;
    this.facts = facts;
    if (built) for (const _step of this.steps()) continue;
  }

  /**
   * An index built `STEP_ITEMS` facts at a time, with `pause()` awaited
   * whenever a slice of `sliceMs` is used up; the same tables as the
   * constructor builds.
   */
  static async build(facts: FileFacts, intern: (key: NodeKey) => number, pause: () => Promise<void>, sliceMs: number): Promise<FileIndex> {
    const index = new FileIndex(facts, intern, false);
    let sliceStart = Date.now();
    for (const _step of index.steps()) {
      if (Date.now() - sliceStart < sliceMs) continue;
      await pause();
      sliceStart = Date.now();
    }
    return index;
  }

  /** The construction, yielding after every `STEP_ITEMS` facts. */
  private *steps(): Generator<void> {
    const facts = this.facts;
    let items = 0;
    const step = () => ++items % STEP_ITEMS === 0;
    const diNodes = this.diLocals;
    for (const node of facts.nodes) {
      if (step()) yield;
      const key = node.kind === 'di' ? diKey(node.key) : facts.file + '\0' + node.id;
      // The first declaration of a DI token in the file stands for it. Any other key is
      // the file and the local id, so a repeated key is a repeated local id (already in localNodes).
      let local: LocalNode | undefined;
      if (node.kind === 'di') {
        this.diTokens.add(node.key);
        local = diNodes.get(key);
      } else {
        local = this.localNodes.get(node.id);
        if (local && local.graph.key !== key) local = undefined;
      }
      if (!local) {
        local = { graph: { key, id: this.intern(key), file: facts.file, node, lines: facts.lines }, out: undefined, in: undefined };
        this.graphNodes.push(local.graph);
        if (node.kind === 'di') diNodes.set(key, local);
      }
      this.localNodes.set(node.id, local);
      if (node.kind === 'import') this.imports.push({ key, node });
      if (node.kind === 'creation') this.creations.push({ key, node, graph: local.graph });
    }
    for (const edge of facts.edges) {
      if (step()) yield;
      this.addEdge(edge.from, edge.to, edge.kind, edge);
    }
    // The holder *is* the client even when the extractor left the edge implicit.
    for (const { node } of this.creations) {
      if (node.holder && !this.hasEdge(node.holder, node.id, 'alias')) this.addEdge(node.holder, node.id, 'alias');
    }
    // The lists, in the order each node got its first edge (as pushing into keyed tables edge by edge did).
    for (const local of this.outOrder) this.outLists.push(local.out!);
    for (const local of this.inOrder) this.inLists.push(local.in!);
    for (const entry of facts.exports) {
      const list = this.exportsByName.get(entry.name);
      if (list) list.push(entry);
      else this.exportsByName.set(entry.name, [entry]);
    }
    /**
     * Container id → target id → true when every client call from that container
     * on that target is connect/end/on (a lifecycle-only use, e.g. a shutdown hook).
     * Keyed by dense ids: string pair keys cost a concatenation and a hash per call and per edge.
     */
    const lifecycleOnly = new Map<number, Map<number, boolean>>();
    const callsOrder: LocalNode[] = [];
    for (const call of facts.calls) {
      if (step()) yield;
      const targetNode = this.localNodes.get(call.target)?.graph;
      const containerNode = this.localNodes.get(call.container)?.graph;
      if (!targetNode || !containerNode) continue;
      const target = targetNode.key;
      const container = containerNode.key;
      const located: LocatedCall = { call, file: facts.file, target, container };
      this.calls.push(located);
      const targetLocal = this.localNodes.get(call.target)!;
      if (targetLocal.calls) targetLocal.calls.push(located);
      else {
        targetLocal.calls = [located];
        callsOrder.push(targetLocal);
      }
      if ((call.sql !== undefined && startsTransaction(call.sql)) || (call.via === 'method' && BEGIN_METHODS.has(call.method))) this.transactionCalls.push(located);
      if (call.via === 'method' && (call.method === 'connect' || call.method === 'end')) this.connectEndCalls.push(located);
      // A lazy getter connects the client it creates and hands it out: that is a real use.
      const lifecycle = isLifecycleCall(call) && !call.inLazyInit;
      let byTarget = lifecycleOnly.get(containerNode.id);
      if (!byTarget) lifecycleOnly.set(containerNode.id, (byTarget = new Map()));
      byTarget.set(targetNode.id, (byTarget.get(targetNode.id) ?? true) && lifecycle);
    }
    for (const local of callsOrder) this.callsByTarget.set(local.graph.key, local.calls!);
    // Only a plain use can be lifecycle-only: an alias (a holder, a DI factory returning the client) *is* the client.
    for (const edges of this.outLists) {
      if (step()) yield;
      for (const edge of edges) {
        if (edge.kind === 'ref' && lifecycleOnly.get(edge.fromId)?.get(edge.toId) === true && !isAliasPair(edges, edge)) {
          edge.lifecycleOnly = true;
        }
      }
    }
    this.outOrder.length = 0;
    this.inOrder.length = 0;
    // Kept as a hash: the signature itself was as large as the file's imports (4 MB at 10,000 files).
    this.linkSignature = contentHash(JSON.stringify([
      this.imports.map(({ node }) => [node.id, node.specifier, node.importedName, node.syntax]),
      facts.exports.map((e) => [e.name, e.target]),
      facts.starExports,
      [...this.diTokens],
    ]));
  }

  /** Workspace-wide key of a local node id, or undefined for ids the facts never declared. */
  keyOf(id: LocalId): NodeKey | undefined {
    return this.localNodes.get(id)?.graph.key;
  }

  /**
   * Keyed views of `graphNodes`, `outLists` and `inLists`, built on first use: the graph and the rules
   * read the lists and the few nodes they need (creations, DI tokens), so a file's install hashes no key
   * for them (three maps of 50,000 keys were a third of a 2 MB file's install).
   */
  get nodes(): ReadonlyMap<NodeKey, GraphNode> {
    if (!this.keyedNodes) {
      this.keyedNodes = new Map();
      for (const node of this.graphNodes) this.keyedNodes.set(node.key, node);
    }
    return this.keyedNodes;
  }

  get outEdges(): ReadonlyMap<NodeKey, GraphEdge[]> {
    if (!this.keyedOut) {
      this.keyedOut = new Map();
      for (const edges of this.outLists) this.keyedOut.set(edges[0].from, edges);
    }
    return this.keyedOut;
  }

  get inEdges(): ReadonlyMap<NodeKey, GraphEdge[]> {
    if (!this.keyedIn) {
      this.keyedIn = new Map();
      for (const edges of this.inLists) this.keyedIn.set(edges[0].to, edges);
    }
    return this.keyedIn;
  }

  /** The file's node of a DI token key (`diKey`), with its same-file edges. */
  diToken(key: NodeKey): { node: GraphNode; out: readonly GraphEdge[] | undefined; in: readonly GraphEdge[] | undefined } | undefined {
    const local = this.diLocals.get(key);
    return local && { node: local.graph, out: local.out, in: local.in };
  }

  /** While the edges are added. */
  private hasEdge(from: LocalId, to: LocalId, kind: EdgeKind): boolean {
    const toKey = this.keyOf(to);
    return (this.localNodes.get(from)?.out ?? []).some((e) => e.to === toKey && e.kind === kind);
  }

  private addEdge(from: LocalId, to: LocalId, kind: EdgeKind, fact?: FactEdge): void {
    const fromLocal = this.localNodes.get(from);
    const toLocal = this.localNodes.get(to);
    // Edges to undeclared ids come from malformed facts: drop them rather than crash later.
    if (!fromLocal || !toLocal || fromLocal === toLocal) return;
    const fromNode = fromLocal.graph;
    const toNode = toLocal.graph;
    const edge: GraphEdge = { from: fromNode.key, to: toNode.key, fromId: fromNode.id, toId: toNode.id, kind };
    if (fact?.at) edge.at = fact.at;
    if (fact?.members) edge.members = fact.members;
    // Per-node lists rather than keyed-map pushes: no string-keyed lookup per edge end.
    if (fromLocal.out) fromLocal.out.push(edge);
    else {
      fromLocal.out = [edge];
      this.outOrder.push(fromLocal);
    }
    if (toLocal.in) toLocal.in.push(edge);
    else {
      toLocal.in = [edge];
      this.inOrder.push(toLocal);
    }
  }
}

/** The edge's pair also has an alias edge (`edges`: every edge out of the edge's `from`). */
function isAliasPair(edges: readonly GraphEdge[], edge: GraphEdge): boolean {
  return edges.some((e) => e.to === edge.to && e.kind === 'alias');
}
