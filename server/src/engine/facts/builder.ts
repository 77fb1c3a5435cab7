/** Accumulates the facts of one file: nodes (deduplicated by id), edges, exports, calls. */
import type { ClientCall, ExportEntry, FactEdge, FactNode, FileNotice, LocalId } from '../types';

export class FactsBuilder {
  readonly nodes: FactNode[] = [];
  readonly byId = new Map<LocalId, FactNode>();
  readonly edges: FactEdge[] = [];
  /** from → to → bit set of edge kinds already recorded (no per-edge key strings). */
  private readonly edgeIndex = new Map<LocalId, Map<LocalId, number>>();
  readonly exports: ExportEntry[] = [];
  readonly starExports: string[] = [];
  readonly calls: ClientCall[] = [];
  readonly notices: FileNotice[] = [];

  /** Adds the node unless one with the same id exists; returns the stored node. */
  add<T extends FactNode>(node: T): T {
    const existing = this.byId.get(node.id);
    if (existing) return existing as T;
    this.byId.set(node.id, node);
    this.nodes.push(node);
    return node;
  }

  edge(from: LocalId, to: LocalId, kind: FactEdge['kind']): void {
    if (from === to) return;
    const bit = kind === 'ref' ? 1 : kind === 'alias' ? 2 : 4;
    let targets = this.edgeIndex.get(from);
    if (!targets) this.edgeIndex.set(from, (targets = new Map()));
    const bits = targets.get(to) ?? 0;
    if (bits & bit) return;
    targets.set(to, bits | bit);
    this.edges.push({ from, to, kind });
  }

  /** Later exports of the same name replace earlier ones (as at run time). */
  exportAs(name: string, target: LocalId): void {
    const index = this.exports.findIndex((entry) => entry.name === name);
    if (index >= 0) this.exports[index] = { name, target };
    else this.exports.push({ name, target });
  }

  starExport(specifier: string): void {
    if (!this.starExports.includes(specifier)) this.starExports.push(specifier);
  }
}
