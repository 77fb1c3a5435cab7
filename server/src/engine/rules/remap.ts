/**
 * Whether two facts of one file differ only where an edit that moves spans
 * changes them: the spans (`range`, `calleeRange`, `at`) and the local ids
 * made from offsets (`i:72`), and the parts no rule reads for anything but
 * positions (`lines`, `suppressions` — re-applied — and `notices`). Then
 * every derivation step reads the same structure in the same order, and
 * the findings are the old ones with their positions moved (rules/index.ts
 * `remapReport`): no selection, liveness or derivation runs (Workspace).
 *
 * Rules compare offsets only within one file, for order (the last top-level
 * holder, nearest contexts), so the offsets must move in order: the map
 * from old to new offsets is strictly increasing, or this says no.
 *
 * One more difference is allowed: module-level `const`/`let`/`var`
 * bindings added that nothing in the new facts refers to, or removed that
 * nothing in the old ones referred to, or both in one edit
 * (`withoutInertBindings`: no edge, call, export or other node names their
 * id or their name). Such a node is in the graph with no edge in or out: no
 * walk reaches it, so every finding is the same (typing `const x = 1;` at
 * the top of a file, renaming it as it is typed, or deleting it).
 */
import type { FactNode, FileFacts } from '../types';

export interface PositionMap {
  /** Old offset → new offset, for every start and end of a span of the facts. */
  offsets: Map<number, number>;
  /** Old local id → new local id (a bijection). */
  ids: Map<string, string>;
}

const SPAN_KEYS = new Set(['range', 'calleeRange', 'at']);
const ID_KEYS = new Set(['id', 'from', 'to', 'target', 'container', 'holder', 'classId', 'owner']);
/** What the structure is compared on (everything else of FileFacts: positions, or not read by the rules' walks). */
const COMPARED: readonly (keyof FileFacts)[] = ['nodes', 'edges', 'exports', 'starExports', 'driverExports', 'reexports', 'calls', 'fileRuleFacts'];

/** The position map from `before` to `after`, or undefined when they differ in more than positions. */
export function positionMap(before: FileFacts, after: FileFacts): PositionMap | undefined {
  if (before.file !== after.file) return undefined;
  // Bindings nothing refers to, added or removed (or both: one renamed while typed), are left out of the comparison on the side that has them.
  const beforeNodes = withoutInertBindings(before, after);
  const afterNodes = withoutInertBindings(after, before);
  if (!beforeNodes || !afterNodes) return undefined;
  const map = new Matcher();
  for (const key of COMPARED) if (!map.same(key === 'nodes' ? beforeNodes : before[key], key === 'nodes' ? afterNodes : after[key], '')) return undefined;
  return map.ordered() ? { offsets: map.offsets, ids: map.ids } : undefined;
}

/** The keys a binding node has when it is nothing but a declared name. */
const PLAIN_BINDING_KEYS = new Set(['id', 'kind', 'name', 'range', 'declKind']);
const PLAIN_DECLARATIONS = new Set(['const', 'let', 'var']);

/**
 * `facts`' nodes without the plain bindings `other` has not that nothing in
 * `facts` refers to (the structure comparison then decides whether the rest
 * is the other side moved). Called both ways round: an added binding is one
 * the new facts have, a removed one one the old facts had, and a renamed one
 * is both. Conservative: a candidate whose id or name occurs as any string
 * in the compared facts, except its own node, makes this say no.
 */
function withoutInertBindings(facts: FileFacts, other: FileFacts): FactNode[] | undefined {
  const known = new Set(other.nodes.map((n) => n.id));
  const candidates = facts.nodes.filter((n) => n.kind === 'binding' && !known.has(n.id) && PLAIN_DECLARATIONS.has(n.declKind) && Object.keys(n).every((k) => PLAIN_BINDING_KEYS.has(k)));
  if (candidates.length === 0) return facts.nodes;
  const wanted = new Set<string>();
  for (const n of candidates) wanted.add(n.id).add(n.name);
  const mentioned = new Set<string>();
  const skip = new Set<unknown>(candidates);
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (wanted.has(value)) mentioned.add(value);
    } else if (typeof value === 'object' && value !== null && !skip.has(value)) {
      for (const item of Array.isArray(value) ? value : Object.values(value)) visit(item);
    }
  };
  for (const key of COMPARED) visit(facts[key]);
  if (candidates.some((n) => mentioned.has(n.id) || mentioned.has(n.name))) return undefined;
  return facts.nodes.filter((n) => !skip.has(n));
}

class Matcher {
  readonly offsets = new Map<number, number>();
  readonly ids = new Map<string, string>();
  private readonly idsBack = new Map<string, string>();

  same(a: unknown, b: unknown, key: string): boolean {
    if (SPAN_KEYS.has(key)) return this.sameSpan(a, b);
    if (ID_KEYS.has(key) && typeof a === 'string' && typeof b === 'string') return this.sameId(a, b);
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      // An array's items have the key of the array (`related: [{ range }]` items are plain objects anyway).
      for (let i = 0; i < a.length; i++) if (!this.same(a[i], b[i], key === 'members' ? key : '')) return false;
      return true;
    }
    if (Array.isArray(b)) return false;
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    let keys = 0;
    for (const k in x) {
      if (x[k] === undefined) continue;
      keys++;
      if (!this.same(x[k], y[k], k)) return false;
    }
    for (const k in y) if (y[k] !== undefined) keys--;
    return keys === 0;
  }

  private sameSpan(a: unknown, b: unknown): boolean {
    if (a === undefined || b === undefined) return a === b;
    const x = a as { offset?: unknown; length?: unknown };
    const y = b as { offset?: unknown; length?: unknown };
    if (typeof x.offset !== 'number' || typeof x.length !== 'number' || typeof y.offset !== 'number' || typeof y.length !== 'number') return false;
    if (Object.keys(x).length !== 2 || Object.keys(y).length !== 2) return false;
    return this.offset(x.offset, y.offset) && this.offset(x.offset + x.length, y.offset + y.length);
  }

  /** Record old offset → new; false when `from` already maps elsewhere. */
  offset(from: number, to: number): boolean {
    const known = this.offsets.get(from);
    if (known === undefined) this.offsets.set(from, to);
    return known === undefined || known === to;
  }

  private sameId(a: string, b: string): boolean {
    const forward = this.ids.get(a);
    const back = this.idsBack.get(b);
    if (forward === undefined && back === undefined) {
      this.ids.set(a, b);
      this.idsBack.set(b, a);
      return true;
    }
    return forward === b && back === a;
  }

  /** The offsets keep their order (strictly increasing map). */
  ordered(): boolean {
    const from = [...this.offsets.keys()].sort((p, q) => p - q);
    for (let i = 1; i < from.length; i++) if (this.offsets.get(from[i])! <= this.offsets.get(from[i - 1])!) return false;
    return true;
  }
}

/** Offset-based local ids (facts/: `i:`, `ctx:`, `new:` + a node's start, maybe `.name` after it). */
const OFFSET_ID = /^(i|ctx|new):(\d+)(\..*)?$/;

/**
 * The position map an edit that only moves the facts gives (inert-edit.ts):
 * what `positionMap(facts, theNewFacts)` would say, from the old facts and
 * the edit alone, before the new facts exist. A start before the change
 * stays and one at or after its old end moves; an end at or before the
 * change stays and one after it moves. Undefined when an offset falls
 * inside the change or the map would not keep the offsets in order, and
 * for an edit that adds or removes lines when file rules' facts are there:
 * their details quote line numbers (`the awaited call on line 9`).
 */
export function shiftedPositionMap(facts: FileFacts, edit: { start: number; oldEnd: number; newEnd: number; lineDelta: number }): PositionMap | undefined {
  if (edit.lineDelta !== 0 && (facts.fileRuleFacts?.length ?? 0) > 0) return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  const map = new Matcher();
  const put = (from: number, to: number | undefined): boolean => to !== undefined && map.offset(from, to);
  const startTo = (s: number) => (s < edit.start ? s : s >= edit.oldEnd ? s + delta : undefined);
  const endTo = (e: number) => (e <= edit.start ? e : e > edit.oldEnd ? e + delta : undefined);
  const visit = (value: unknown, key: string): boolean => {
    if (SPAN_KEYS.has(key) && value !== undefined) {
      const span = value as { offset?: unknown; length?: unknown };
      if (typeof span.offset !== 'number' || typeof span.length !== 'number') return false;
      return put(span.offset, startTo(span.offset)) && put(span.offset + span.length, endTo(span.offset + span.length));
    }
    if (ID_KEYS.has(key) && typeof value === 'string') {
      const match = OFFSET_ID.exec(value);
      const start = match ? startTo(Number(match[2])) : undefined;
      if (match && start === undefined) return false;
      map.ids.set(value, match ? `${match[1]}:${start}${match[3] ?? ''}` : value);
      return true;
    }
    if (typeof value !== 'object' || value === null) return true;
    if (Array.isArray(value)) return value.every((item) => visit(item, key === 'members' ? key : ''));
    for (const k in value as Record<string, unknown>) if (!visit((value as Record<string, unknown>)[k], k)) return false;
    return true;
  };
  for (const key of COMPARED) if (!visit(facts[key], '')) return undefined;
  return map.ordered() ? { offsets: map.offsets, ids: map.ids } : undefined;
}
