/** Accumulates the facts of one file: nodes (deduplicated by id), edges, exports, calls. */
import type { DriverValue } from './compiledDrivers';
import type { ClientCall, DriverExport, ExportEntry, FactEdge, FactNode, FileNotice, FileRuleFact, LocalId } from '../types';

export class FactsBuilder {
  readonly nodes: FactNode[] = [];
  readonly byId = new Map<LocalId, FactNode>();
  readonly edges: FactEdge[] = [];
  /** from → to → bit set of edge kinds already recorded (no per-edge key strings). */
  private readonly edgeIndex = new Map<LocalId, Map<LocalId, { bits: number; ref?: FactEdge }>>();
  readonly exports: ExportEntry[] = [];
  /** Export name → its index in `exports`: a file with 40,000 exports must not scan the list per export. */
  private readonly exportIndex = new Map<string, number>();
  readonly starExports: string[] = [];
  readonly driverExports: DriverExport[] = [];
  private readonly starExportSet = new Set<string>();
  readonly calls: ClientCall[] = [];
  /** Per call: index of the function it is made in (pairs calls with lazy initialisers). */
  readonly callFunctionIndexes: number[] = [];
  readonly notices: FileNotice[] = [];
  /** What per-file rules reported during the walk (rules/fileRules.ts). */
  readonly fileRuleFacts: FileRuleFact[] = [];

  /** Adds the node unless one with the same id exists; returns the stored node. */
  add<T extends FactNode>(node: T): T {
    const existing = this.byId.get(node.id);
    if (existing) return existing as T;
    this.byId.set(node.id, node);
    this.nodes.push(node);
    return node;
  }

  /** Records the edge once; returns it when it is new, or the existing `ref` edge (to add a member to). */
  edge(from: LocalId, to: LocalId, kind: FactEdge['kind']): FactEdge | undefined {
    if (from === to) return undefined;
    const bit = kind === 'ref' ? 1 : kind === 'alias' ? 2 : 4;
    let targets = this.edgeIndex.get(from);
    if (!targets) this.edgeIndex.set(from, (targets = new Map()));
    const slot = targets.get(to);
    if (slot && slot.bits & bit) return kind === 'ref' ? slot.ref : undefined;
    const edge: FactEdge = { from, to, kind };
    let entry = slot;
    if (entry) entry.bits |= bit;
    else targets.set(to, (entry = { bits: bit }));
    if (kind === 'ref') entry.ref = edge;
    this.edges.push(edge);
    return edge;
  }

  addCall(call: ClientCall, functionIndex: number): void {
    this.calls.push(call);
    this.callFunctionIndexes.push(functionIndex);
  }

  /** Later exports of the same name replace earlier ones (as at run time). */
  exportAs(name: string, target: LocalId): void {
    const index = this.exportIndex.get(name);
    if (index !== undefined) this.exports[index] = { name, target };
    else {
      this.exportIndex.set(name, this.exports.length);
      this.exports.push({ name, target });
    }
  }

  /** Target of the export `name`, if the file has one. */
  exported(name: string): LocalId | undefined {
    const index = this.exportIndex.get(name);
    return index === undefined ? undefined : this.exports[index].target;
  }

  /** The export `name` ('*': the module's value) is this driver value; the first one of a name wins. */
  driverExport(name: string, value: DriverValue): void {
    if (this.driverExports.some((e) => e.name === name)) return;
    const entry: DriverExport = { name, driver: value.driver, path: value.path };
    if (value.subclass !== undefined) entry.subclass = value.subclass;
    this.driverExports.push(entry);
  }

  starExport(specifier: string): void {
    if (this.starExportSet.has(specifier)) return;
    this.starExportSet.add(specifier);
    this.starExports.push(specifier);
  }
}
