/**
 * Builds FileFacts by hand, for graph/rule tests that must not depend on the
 * fact extractor. Every node gets a one-line range at the given 0-based line.
 */
import type {
  ClientCall, ContextKind, CreationShape, FactEdge, FactNode, FileFacts, LocalId, ResourceKind, SourceRange,
} from '../../server/src/engine/types';

export function rangeAt(line: number, character = 0, length = 1): SourceRange {
  return { start: { line, character }, end: { line, character: character + length }, offset: line * 100 + character, length };
}

export class FactsBuilder {
  private readonly nodes: FactNode[] = [{ id: 'init', kind: 'init', name: '<top level>', range: rangeAt(0) }];
  private readonly edges: FactEdge[] = [];
  private readonly exportsList: FileFacts['exports'] = [];
  private readonly stars: string[] = [];
  private readonly callList: ClientCall[] = [];
  private readonly suppressions: FileFacts['suppressions'] = { file: [], lines: {} };
  private next: number;

  /** `firstId` offsets the generated local ids, as offset-based ids move when a file is edited. */
  constructor(readonly file: string, firstId = 0) {
    this.next = firstId;
  }

  private id(prefix: string): LocalId {
    return `${prefix}${this.next++}`;
  }

  binding(name: string, line: number, declKind: 'const' | 'let' | 'function' | 'class' = 'const', diSingleton?: boolean): LocalId {
    const id = this.id('b');
    this.nodes.push({ id, kind: 'binding', name, range: rangeAt(line), declKind, diSingleton });
    return id;
  }

  member(owner: LocalId, name: string, line: number, isStatic = false): LocalId {
    const id = this.id('m');
    this.nodes.push({ id, kind: 'member', name, range: rangeAt(line), owner, isStatic });
    this.edge(owner, id);
    return id;
  }

  import(localName: string, specifier: string, importedName: string, line: number, syntax: 'esm' | 'cjs' = 'esm'): LocalId {
    const id = this.id('i');
    this.nodes.push({ id, kind: 'import', name: importedName, range: rangeAt(line), specifier, importedName, localName, syntax });
    return id;
  }

  context(contextKind: ContextKind, detail: string, line: number, perRequest = true): LocalId {
    const id = this.id('x');
    this.nodes.push({ id, kind: 'context', name: detail, range: rangeAt(line), contextKind, detail, perRequest });
    return id;
  }

  creation(holderName: string, line: number, shape: CreationShape,
    extra: { holder?: LocalId; classId?: LocalId; pipeline?: boolean; resource?: ResourceKind } = {}): LocalId {
    const id = this.id('c');
    this.nodes.push({
      id, kind: 'creation', name: holderName, range: rangeAt(line, 11, 12), shape, holderName,
      driver: 'pg', resource: extra.resource ?? 'client', createdBy: 'new',
      holder: extra.holder, classId: extra.classId, module: 'pg', pipeline: extra.pipeline ?? false, calleeRange: rangeAt(line, 15, 6),
    });
    return id;
  }

  di(key: string, line: number): LocalId {
    const id = this.id('d');
    this.nodes.push({ id, kind: 'di', name: key, range: rangeAt(line), key });
    return id;
  }

  edge(from: LocalId, to: LocalId, kind: FactEdge['kind'] = 'ref'): this {
    this.edges.push({ from, to, kind });
    return this;
  }

  export(name: string, target: LocalId): this {
    this.exportsList.push({ name, target });
    return this;
  }

  starExport(specifier: string): this {
    this.stars.push(specifier);
    return this;
  }

  call(target: LocalId, container: LocalId, method: string, line: number, extra: Partial<ClientCall> = {}): this {
    this.callList.push({ target, container, method, via: 'method', range: rangeAt(line, 2, 10), awaited: true, ...extra });
    return this;
  }

  suppressLine(line: number, rule: string): this {
    (this.suppressions.lines[line] ??= []).push(rule);
    return this;
  }

  build(): FileFacts {
    return {
      file: this.file, nodes: this.nodes, edges: this.edges, exports: this.exportsList,
      starExports: this.stars, calls: this.callList, suppressions: this.suppressions, notices: [],
      // rangeAt's offsets: line n starts at n * 100.
      lines: this.linesUsed(),
    };
  }

  private linesUsed(): number[] {
    const lines = new Set<number>([0]);
    const note = (range: { offset: number; length: number } | undefined) => {
      if (!range) return;
      lines.add(Math.floor(range.offset / 100));
      lines.add(Math.floor((range.offset + range.length) / 100));
    };
    for (const node of this.nodes) {
      note(node.range);
      if (node.kind === 'creation') note(node.calleeRange);
    }
    for (const edge of this.edges) note(edge.at);
    for (const call of this.callList) note(call.range);
    return [...lines].sort((a, b) => a - b).flatMap((line) => [line, line * 100]);
  }
}
