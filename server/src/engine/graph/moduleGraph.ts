/**
 * The workspace module graph: every file's facts joined into one graph.
 * Import nodes are joined to the export entries they name in the resolved
 * file, and DI token nodes with the same key are one node. Per-file tables are
 * built once per facts update. The cross-file joins are kept per importing
 * file, with the files each importer's joins looked at (its import targets
 * and their re-export chains): when a file's imports or exports change, only
 * its own joins and those of the importers that looked at it are joined
 * again; an edit that keeps them costs no join at all. A change of the file
 * set or a project config (either can change any resolution) joins all files.
 *
 * Nodes also get dense integer ids (interned keys) and per-id edge arrays,
 * so the walks in reach.ts touch arrays rather than string-keyed maps.
 */
import type { FileFacts } from '../types';
import { FileIndex, diKey, isDiKey, type GraphEdge, type GraphNode, type LocatedCall, type NodeKey } from './fileIndex';
import { ModuleResolver } from './resolve';

const NO_EDGES: readonly GraphEdge[] = [];

export class ModuleGraph {
  readonly resolver = new ModuleResolver();
  private readonly indexes = new Map<string, FileIndex>();
  /** DI token key → files that declare or inject it. */
  private readonly diFiles = new Map<string, Set<string>>();
  /** Interned node keys: a key keeps its id for the life of the graph, so joins survive a file's facts being replaced. */
  private readonly ids = new Map<NodeKey, number>();
  private readonly nodesById: Array<GraphNode | undefined> = [];
  private readonly localIn: Array<readonly GraphEdge[] | undefined> = [];
  private readonly localOut: Array<readonly GraphEdge[] | undefined> = [];
  private joinIn: Array<GraphEdge[] | undefined> = [];
  private joinOut: Array<GraphEdge[] | undefined> = [];
  /** Join everything at the next refresh (ids were compacted, or nothing was joined yet). */
  private joinsStale = true;
  /** The resolver's version the joins were made with: another version may resolve anything differently. */
  private joinedResolverVersion = -1;
  /** Join edges by the file whose import node they start from. */
  private readonly joinsByImporter = new Map<string, GraphEdge[]>();
  /** Files each importer's joins looked at, and the reverse: importers whose joins looked at a file. */
  private readonly consulted = new Map<string, Set<string>>();
  private readonly consultedBy = new Map<string, Set<string>>();
  /** Files whose facts changed since the last join, with the link signature the joins were made with ('' for none). */
  private readonly changedLinks = new Map<string, string>();
  /** Changes when ids are handed out afresh (compactIds): an index prepared before then is built again. */
  private idEpoch = 0;
  /** Nodes of the current facts, to tell when most interned ids are dead. */
  private liveNodes = 0;
  private readonly staleDiTokens = new Set<string>();
  private readonly internKey = (key: NodeKey): number => this.intern(key);
  /** Bumped whenever a file's facts are installed or dropped (see `version`). */
  private factsChanges = 0;

  /**
   * Changes whenever what a walk over the graph can see may have changed: a file's facts were installed or
   * dropped, or a resolution may differ (the resolver's version: the file set, a config). Equal versions, equal
   * graph: a result computed from the graph alone can be kept until it changes.
   */
  get version(): string {
    return `${this.factsChanges}:${this.resolver.version}`;
  }

  /** Number of ids handed out so far (array size for walks). */
  get idCount(): number {
    this.refresh();
    return this.nodesById.length;
  }

  setFacts(facts: FileFacts): void {
    this.setIndex(new FileIndex(facts, this.internKey));
  }

  /**
   * A file's index built with pauses (FileIndex.build), to be installed
   * with `setIndex`: the host stays responsive while a huge file's tables
   * are built, and the graph changes only at the install.
   */
  async prepareIndex(facts: FileFacts, pause: () => Promise<void>, sliceMs: number): Promise<PreparedIndex> {
    const epoch = this.idEpoch;
    return { index: await FileIndex.build(facts, this.internKey, pause, sliceMs), epoch };
  }

  /** Install a file's index (from `prepareIndex`, or built here when the ids were compacted since). */
  setIndex(prepared: FileIndex | PreparedIndex): void {
    const index = prepared instanceof FileIndex ? prepared : prepared.epoch === this.idEpoch ? prepared.index : new FileIndex(prepared.index.facts, this.internKey);
    const facts = index.facts;
    const previous = this.indexes.get(facts.file);
    this.factsChanges++;
    this.noteLinkChange(facts.file, previous);
    if (previous) this.forget(previous);
    this.install(index);
    if (!previous) this.resolver.addFile(facts.file);
    if (this.nodesById.length > 4 * this.liveNodes + 10_000) this.compactIds();
  }

  /**
   * Offset-based local ids change as a file is edited, so an editor session
   * keeps interning new keys. When most ids are dead, re-intern from the
   * facts we hold (a rebuild of the per-file tables, no parsing).
   */
  private compactIds(): void {
    this.idEpoch++;
    const all = [...this.indexes.values()].map((index) => index.facts);
    this.ids.clear();
    this.nodesById.length = 0;
    this.localIn.length = 0;
    this.localOut.length = 0;
    this.indexes.clear();
    this.diFiles.clear();
    this.liveNodes = 0;
    for (const facts of all) this.install(new FileIndex(facts, this.internKey));
    this.joinsStale = true;
  }

  private install(index: FileIndex): void {
    this.indexes.set(index.file, index);
    this.liveNodes += index.graphNodes.length;
    for (const node of index.graphNodes) {
      if (isDiKey(node.key)) continue;
      this.nodesById[node.id] = node;
      this.localIn[node.id] = undefined;
      this.localOut[node.id] = undefined;
    }
    // Every edge of a list has the list's key at that end, so its id comes with the list: no lookup per node.
    for (const edges of index.inLists) if (!isDiKey(edges[0].to)) this.localIn[edges[0].toId] = edges;
    for (const edges of index.outLists) if (!isDiKey(edges[0].from)) this.localOut[edges[0].fromId] = edges;
    for (const token of index.diTokens) {
      let files = this.diFiles.get(token);
      if (!files) this.diFiles.set(token, (files = new Set()));
      files.add(index.file);
      this.staleDiTokens.add(token);
    }
  }

  removeFile(file: string): void {
    if (!this.indexes.has(file)) return;
    this.removeFacts(file);
    // The resolver's file set changes: everything is joined again.
    this.resolver.removeFile(file);
  }

  /** Drop a file's facts but keep it in the resolver's file set (it still exists; it is just not analysed). */
  removeFacts(file: string): void {
    const previous = this.indexes.get(file);
    if (!previous) return;
    this.factsChanges++;
    this.noteLinkChange(file, previous);
    this.forget(previous);
    this.indexes.delete(file);
  }

  setProjectConfig(configPath: string, text: string): void {
    this.resolver.setConfig(configPath, text);
  }

  removeProjectConfig(configPath: string): void {
    this.resolver.removeConfig(configPath);
  }

  /** Remember the link signature the joins were made with, the first time a file's facts change after a join. */
  private noteLinkChange(file: string, previous: FileIndex | undefined): void {
    if (!this.changedLinks.has(file)) this.changedLinks.set(file, previous?.linkSignature ?? '');
  }

  files(): string[] {
    return [...this.indexes.keys()];
  }

  index(file: string): FileIndex | undefined {
    return this.indexes.get(file);
  }

  allIndexes(): IterableIterator<FileIndex> {
    return this.indexes.values();
  }

  idOf(key: NodeKey): number | undefined {
    return this.ids.get(key);
  }

  node(key: NodeKey): GraphNode | undefined {
    const id = this.ids.get(key);
    return id === undefined ? undefined : this.nodeById(id);
  }

  nodeById(id: number): GraphNode | undefined {
    this.refresh();
    return this.nodesById[id];
  }

  /** Client calls whose receiver resolves to `key` (in any file, for a DI token). */
  callsOn(key: NodeKey): readonly LocatedCall[] {
    if (isDiKey(key)) {
      const result: LocatedCall[] = [];
      for (const file of this.diFiles.get(key.slice(4)) ?? []) result.push(...(this.indexes.get(file)?.callsByTarget.get(key) ?? []));
      return result;
    }
    const file = this.node(key)?.file;
    return (file !== undefined ? this.indexes.get(file)?.callsByTarget.get(key) : undefined) ?? [];
  }

  /** Edges into `key`: same-file edges, import joins, and every file's edges into a DI token. */
  incoming(key: NodeKey): GraphEdge[] {
    const id = this.ids.get(key);
    if (id === undefined) return [];
    return [...this.localInById(id), ...(this.joinIn[id] ?? NO_EDGES)];
  }

  outgoing(key: NodeKey): GraphEdge[] {
    const id = this.ids.get(key);
    if (id === undefined) return [];
    this.refresh();
    return [...(this.localOut[id] ?? NO_EDGES), ...(this.joinOut[id] ?? NO_EDGES)];
  }

  /** Same-file (and merged DI) edges into `id`; joins are separate (`joinInById`) so the hot walk allocates nothing. */
  localInById(id: number): readonly GraphEdge[] {
    this.refresh();
    return this.localIn[id] ?? NO_EDGES;
  }

  joinInById(id: number): readonly GraphEdge[] {
    this.refresh();
    return this.joinIn[id] ?? NO_EDGES;
  }

  private intern(key: NodeKey): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nodesById.length;
      this.ids.set(key, id);
      this.nodesById.push(undefined);
      this.localIn.push(undefined);
      this.localOut.push(undefined);
    }
    return id;
  }

  private forget(index: FileIndex): void {
    this.liveNodes -= index.graphNodes.length;
    for (const node of index.graphNodes) {
      if (isDiKey(node.key)) continue;
      if (this.nodesById[node.id] === node) {
        this.nodesById[node.id] = undefined;
        this.localIn[node.id] = undefined;
        this.localOut[node.id] = undefined;
      }
    }
    for (const token of index.diTokens) {
      const files = this.diFiles.get(token);
      files?.delete(index.file);
      if (files && files.size === 0) this.diFiles.delete(token);
      this.staleDiTokens.add(token);
    }
  }

  /** Bring DI merges and import joins up to date before any walk reads them. */
  private refresh(): void {
    if (this.staleDiTokens.size > 0) this.mergeDiTokens();
    if (this.joinsStale || this.joinedResolverVersion !== this.resolver.version) this.rebuildJoins();
    else if (this.changedLinks.size > 0) this.updateJoins();
  }

  /** A DI token is one node: its edges are every file's edges on that token. */
  private mergeDiTokens(): void {
    for (const token of this.staleDiTokens) {
      const key = diKey(token);
      const id = this.intern(key);
      const inEdges: GraphEdge[] = [];
      const outEdges: GraphEdge[] = [];
      let representative: GraphNode | undefined;
      for (const file of [...(this.diFiles.get(token) ?? [])].sort()) {
        const index = this.indexes.get(file);
        if (!index) continue;
        const token = index.diToken(key);
        representative ??= token?.node;
        inEdges.push(...(token?.in ?? NO_EDGES));
        outEdges.push(...(token?.out ?? NO_EDGES));
      }
      this.nodesById[id] = representative;
      this.localIn[id] = inEdges;
      this.localOut[id] = outEdges;
    }
    this.staleDiTokens.clear();
  }

  private rebuildJoins(): void {
    this.joinsStale = false;
    this.joinedResolverVersion = this.resolver.version;
    this.changedLinks.clear();
    this.joinOut = [];
    this.joinIn = [];
    this.joinsByImporter.clear();
    this.consulted.clear();
    this.consultedBy.clear();
    for (const index of this.indexes.values()) this.joinImporter(index);
  }

  /**
   * Only files whose imports or exports changed: their own joins, and the
   * joins of every importer that looked at them (an export, a re-export
   * chain, a `require` of the whole module), are made again.
   */
  private updateJoins(): void {
    const changed: string[] = [];
    for (const [file, before] of this.changedLinks) {
      if ((this.indexes.get(file)?.linkSignature ?? '') !== before) changed.push(file);
    }
    this.changedLinks.clear();
    if (changed.length === 0) return;
    const importers = new Set<string>();
    for (const file of changed) {
      importers.add(file);
      for (const importer of this.consultedBy.get(file) ?? []) importers.add(importer);
    }
    for (const importer of importers) this.unjoinImporter(importer);
    for (const importer of importers) {
      const index = this.indexes.get(importer);
      if (index) this.joinImporter(index);
    }
  }

  private joinImporter(index: FileIndex): void {
    if (index.imports.length === 0) return;
    const looked = new Set<string>();
    const edges: GraphEdge[] = [];
    for (const { key, node } of index.imports) {
      const targetFile = this.resolver.resolve(node.specifier, index.file);
      if (targetFile === undefined) continue;
      const fromId = this.intern(key);
      for (const target of this.exportTargets(targetFile, node.importedName, node.syntax, looked)) {
        if (target.key === key) continue;
        const toId = this.intern(target.key);
        const edge: GraphEdge = { from: key, to: target.key, fromId, toId, kind: target.kind };
        (this.joinOut[fromId] ??= []).push(edge);
        (this.joinIn[toId] ??= []).push(edge);
        edges.push(edge);
      }
    }
    if (edges.length > 0) this.joinsByImporter.set(index.file, edges);
    if (looked.size === 0) return;
    this.consulted.set(index.file, looked);
    for (const target of looked) {
      let by = this.consultedBy.get(target);
      if (!by) this.consultedBy.set(target, (by = new Set()));
      by.add(index.file);
    }
  }

  private unjoinImporter(file: string): void {
    const edges = this.joinsByImporter.get(file);
    if (edges) {
      this.joinsByImporter.delete(file);
      const gone = new Set(edges);
      const targets = new Set<number>();
      for (const edge of edges) {
        // Every join out of an import node is its own file's.
        this.joinOut[edge.fromId] = undefined;
        targets.add(edge.toId);
      }
      for (const toId of targets) {
        const kept = this.joinIn[toId]?.filter((edge) => !gone.has(edge));
        this.joinIn[toId] = kept && kept.length > 0 ? kept : undefined;
      }
    }
    for (const target of this.consulted.get(file) ?? []) this.consultedBy.get(target)?.delete(file);
    this.consulted.delete(file);
  }

  /**
   * The nodes an import of `name` from `file` stands for. A named import the
   * file does not export falls back to `default` (CommonJS `module.exports = {…}`);
   * `*` is the whole module: every export, and for `require()` the default is the value itself.
   */
  private exportTargets(file: string, name: string, syntax: string, looked: Set<string>): Array<{ key: NodeKey; kind: 'alias' | 'ref' }> {
    if (name === '*') {
      const result: Array<{ key: NodeKey; kind: 'alias' | 'ref' }> = [];
      for (const [exportName, targets] of this.allExports(file, new Set(), looked)) {
        const kind = exportName === 'default' && syntax === 'cjs' ? 'alias' : 'ref';
        for (const key of targets) result.push({ key, kind });
      }
      return result;
    }
    const named = this.namedExport(file, name, new Set(), looked);
    if (named.length > 0) return named.map((key) => ({ key, kind: 'alias' }));
    if (name !== 'default') {
      return this.namedExport(file, 'default', new Set(), looked).map((key) => ({ key, kind: 'alias' }));
    }
    return [];
  }

  /** `looked` collects every file consulted (with facts or not): a change to any of them joins the importer again. */
  private namedExport(file: string, name: string, seen: Set<string>, looked: Set<string>): NodeKey[] {
    if (seen.has(file)) return [];
    seen.add(file);
    looked.add(file);
    const index = this.indexes.get(file);
    if (!index) return [];
    const own = index.exportsByName.get(name);
    if (own) return own.map((e) => index.keyOf(e.target)).filter((k): k is NodeKey => k !== undefined);
    for (const specifier of index.facts.starExports) {
      const target = this.resolver.resolve(specifier, file);
      if (target === undefined) continue;
      const found = this.namedExport(target, name, seen, looked);
      if (found.length > 0) return found;
    }
    return [];
  }

  private allExports(file: string, seen: Set<string>, looked: Set<string>): Map<string, NodeKey[]> {
    const result = new Map<string, NodeKey[]>();
    if (seen.has(file)) return result;
    seen.add(file);
    looked.add(file);
    const index = this.indexes.get(file);
    if (!index) return result;
    for (const specifier of index.facts.starExports) {
      const target = this.resolver.resolve(specifier, file);
      if (target === undefined) continue;
      for (const [name, keys] of this.allExports(target, seen, looked)) result.set(name, keys);
    }
    for (const [name, entries] of index.exportsByName) {
      result.set(name, entries.map((e) => index.keyOf(e.target)).filter((k): k is NodeKey => k !== undefined));
    }
    return result;
  }
}

export { diKey };

/** A FileIndex built ahead of its install, with the id epoch it was built in. */
export interface PreparedIndex {
  index: FileIndex;
  epoch: number;
}
