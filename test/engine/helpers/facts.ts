/** Test helpers for the fact extractor: analyse a snippet, find nodes, compute expected positions from the text. */
import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/analyze';
import type { ContextNode, CreationNode, FactEdge, FactNode, FileFacts, ImportNode, Loc, ResourceKind, Span } from '../../../server/src/engine/types';
import { locate as locateOffset } from '../../../server/src/engine/positions';

export function analyze(source: string, path = '/work/app/src/file.ts', pgModules?: string[]): FileFacts {
  return analyzeText(path, source, pgModules ? { pgModules } : undefined);
}

/** Line/character of a span's start, from the facts' `lines` (facts keep offsets). */
export function startOf(facts: FileFacts, span: Span): Loc {
  return locateOffset(facts.lines, span.offset);
}

export function endOf(facts: FileFacts, span: Span): Loc {
  return locateOffset(facts.lines, span.offset + span.length);
}

/** 0-based position of the nth occurrence of `needle` in `source`. */
export function locate(source: string, needle: string, nth = 0): Loc & { offset: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = source.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" (#${nth}) not in source`);
  }
  const before = source.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length, offset };
}

export function node(facts: FileFacts, id: string): FactNode {
  const found = facts.nodes.find((n) => n.id === id);
  assert.ok(found, `no node ${id}; have ${facts.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

/** Creation nodes of one resource kind (pg Clients unless told otherwise). */
export function creations(facts: FileFacts, resource: ResourceKind = 'client'): CreationNode[] {
  return facts.nodes.filter((n): n is CreationNode => n.kind === 'creation' && n.resource === resource);
}

export function contexts(facts: FileFacts): ContextNode[] {
  return facts.nodes.filter((n): n is ContextNode => n.kind === 'context');
}

export function imports(facts: FileFacts): ImportNode[] {
  return facts.nodes.filter((n): n is ImportNode => n.kind === 'import');
}

export function hasEdge(facts: FileFacts, from: string, to: string, kind: FactEdge['kind']): boolean {
  return facts.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
}

export function assertEdge(facts: FileFacts, from: string, to: string, kind: FactEdge['kind']): void {
  assert.ok(hasEdge(facts, from, to, kind),
    `missing ${kind} edge ${from} → ${to}; edges: ${facts.edges.map((e) => `${e.from}-${e.kind}->${e.to}`).join(' ')}`);
}

export function assertNoEdge(facts: FileFacts, from: string, to: string): void {
  const found = facts.edges.filter((e) => e.from === from && e.to === to);
  assert.equal(found.length, 0, `unexpected edge ${from} → ${to}`);
}

/** Id of the single context whose detail is `detail`. */
export function contextId(facts: FileFacts, detail: string): string {
  const matches = contexts(facts).filter((c) => c.detail === detail);
  assert.equal(matches.length, 1, `contexts with detail "${detail}": ${contexts(facts).map((c) => c.detail).join(' | ')}`);
  return matches[0].id;
}
