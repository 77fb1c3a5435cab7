/**
 * The workspace module graph: every file's facts joined into one graph.
 * Import nodes are joined to the export entries they name in the resolved
 * file, and DI token nodes with the same key are one node. Per-file tables are
 * built once per facts update; the cross-file joins are rebuilt only when an
 * import, export, the file set or a project config changed.
 */
import type { FileFacts } from '../types';
import { FileIndex, diKey, isDiKey, type GraphEdge, type GraphNode, type NodeKey } from './fileIndex';
import { ModuleResolver } from './resolve';

export class ModuleGraph {
  readonly resolver = new ModuleResolver();
  private readonly indexes = new Map<string, FileIndex>();
  /** DI token key → files that declare or inject it. */
  private readonly diFiles = new Map<string, Set<string>>();
  private joinOut = new Map<NodeKey, GraphEdge[]>();
  private joinIn = new Map<NodeKey, GraphEdge[]>();
  private joinsStale = true;
  private version = 0;

  /** Bumped on every change; derived results cache against it. */
  get revision(): number {
    return this.version;
  }

  setFacts(facts: FileFacts): void {
    const previous = this.indexes.get(facts.file);
    const index = new FileIndex(facts);
    if (previous) this.forgetDiTokens(previous);
    this.indexes.set(facts.file, index);
    for (const token of index.diTokens) {
      let files = this.diFiles.get(token);
      if (!files) this.diFiles.set(token, (files = new Set()));
      files.add(facts.file);
    }
    if (!previous) this.resolver.addFile(facts.file);
    if (!previous || previous.linkSignature !== index.linkSignature) this.joinsStale = true;
    this.version++;
  }

  removeFile(file: string): void {
    const previous = this.indexes.get(file);
    if (!previous) return;
    this.forgetDiTokens(previous);
    this.indexes.delete(file);
    this.resolver.removeFile(file);
    this.joinsStale = true;
    this.version++;
  }

  setProjectConfig(configPath: string, text: string): void {
    this.resolver.setConfig(configPath, text);
    this.joinsStale = true;
    this.version++;
  }

  removeProjectConfig(configPath: string): void {
    this.resolver.removeConfig(configPath);
    this.joinsStale = true;
    this.version++;
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

  node(key: NodeKey): GraphNode | undefined {
    if (isDiKey(key)) {
      for (const file of this.diFiles.get(key.slice(4)) ?? []) {
        const found = this.indexes.get(file)?.nodes.get(key);
        if (found) return found;
      }
      return undefined;
    }
    const file = key.slice(0, key.lastIndexOf('\0'));
    return this.indexes.get(file)?.nodes.get(key);
  }

  /** Edges into `key`: same-file edges, import joins, and every file's edges into a DI token. */
  incoming(key: NodeKey): GraphEdge[] {
    this.ensureJoins();
    return this.collect(key, 'inEdges', this.joinIn);
  }

  outgoing(key: NodeKey): GraphEdge[] {
    this.ensureJoins();
    return this.collect(key, 'outEdges', this.joinOut);
  }

  /** Is `container` using `target` only through connect/end/on calls? */
  isLifecycleOnlyUse(container: NodeKey, target: NodeKey): boolean {
    const file = this.node(container)?.file;
    if (file === undefined) return false;
    return this.indexes.get(file)?.lifecycleOnly.get(container + '\u0001' + target) === true;
  }

  private collect(key: NodeKey, side: 'inEdges' | 'outEdges', joins: Map<NodeKey, GraphEdge[]>): GraphEdge[] {
    const joined = joins.get(key);
    if (isDiKey(key)) {
      const result: GraphEdge[] = [];
      for (const file of this.diFiles.get(key.slice(4)) ?? []) {
        const local = this.indexes.get(file)?.[side].get(key);
        if (local) result.push(...local);
      }
      if (joined) result.push(...joined);
      return result;
    }
    const file = key.slice(0, key.lastIndexOf('\0'));
    const local = this.indexes.get(file)?.[side].get(key);
    if (!joined) return local ?? [];
    if (!local) return joined;
    return [...local, ...joined];
  }

  private forgetDiTokens(index: FileIndex): void {
    for (const token of index.diTokens) {
      const files = this.diFiles.get(token);
      files?.delete(index.file);
      if (files && files.size === 0) this.diFiles.delete(token);
    }
  }

  private ensureJoins(): void {
    if (!this.joinsStale) return;
    this.joinsStale = false;
    this.joinOut = new Map();
    this.joinIn = new Map();
    for (const index of this.indexes.values()) {
      for (const { key, node } of index.imports) {
        const targetFile = this.resolver.resolve(node.specifier, index.file);
        if (targetFile === undefined) continue;
        for (const target of this.exportTargets(targetFile, node.importedName, node.syntax)) {
          if (target.key === key) continue;
          const edge: GraphEdge = { from: key, to: target.key, kind: target.kind };
          pushEdge(this.joinOut, key, edge);
          pushEdge(this.joinIn, target.key, edge);
        }
      }
    }
  }

  /**
   * The nodes an import of `name` from `file` stands for. A named import the
   * file does not export falls back to `default` (CommonJS `module.exports = {…}`);
   * `*` is the whole module: every export, and for `require()` the default is the value itself.
   */
  private exportTargets(file: string, name: string, syntax: string): Array<{ key: NodeKey; kind: 'alias' | 'ref' }> {
    if (name === '*') {
      const result: Array<{ key: NodeKey; kind: 'alias' | 'ref' }> = [];
      for (const [exportName, targets] of this.allExports(file, new Set())) {
        const kind = exportName === 'default' && syntax === 'cjs' ? 'alias' : 'ref';
        for (const key of targets) result.push({ key, kind });
      }
      return result;
    }
    const named = this.namedExport(file, name, new Set());
    if (named.length > 0) return named.map((key) => ({ key, kind: 'alias' }));
    if (name !== 'default') {
      return this.namedExport(file, 'default', new Set()).map((key) => ({ key, kind: 'alias' }));
    }
    return [];
  }

  private namedExport(file: string, name: string, seen: Set<string>): NodeKey[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const index = this.indexes.get(file);
    if (!index) return [];
    const own = index.exportsByName.get(name);
    if (own) return own.map((e) => index.keyOf(e.target)).filter((k): k is NodeKey => k !== undefined);
    for (const specifier of index.facts.starExports) {
      const target = this.resolver.resolve(specifier, file);
      if (target === undefined) continue;
      const found = this.namedExport(target, name, seen);
      if (found.length > 0) return found;
    }
    return [];
  }

  private allExports(file: string, seen: Set<string>): Map<string, NodeKey[]> {
    const result = new Map<string, NodeKey[]>();
    if (seen.has(file)) return result;
    seen.add(file);
    const index = this.indexes.get(file);
    if (!index) return result;
    for (const specifier of index.facts.starExports) {
      const target = this.resolver.resolve(specifier, file);
      if (target === undefined) continue;
      for (const [name, keys] of this.allExports(target, seen)) result.set(name, keys);
    }
    for (const [name, entries] of index.exportsByName) {
      result.set(name, entries.map((e) => index.keyOf(e.target)).filter((k): k is NodeKey => k !== undefined));
    }
    return result;
  }
}

function pushEdge(map: Map<NodeKey, GraphEdge[]>, key: NodeKey, edge: GraphEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

export { diKey };
