/**
 * Human-readable names for graph nodes and reach paths, as used in messages:
 * `Express handler GET /users → listUsers → db`.
 */
import * as path from 'path';
import type { ContextNode, FactNode } from '../types';
import type { GraphNode } from './fileIndex';
import { lineOf } from '../positions';

const posix = path.posix;

export function contextLabel(node: ContextNode): string {
  return node.detail ? `${node.contextKind} ${node.detail}` : node.contextKind;
}

/** The name a node shows in a path; undefined for nodes that are only plumbing (imports, top-level code). */
export function nodeLabel(node: FactNode): string | undefined {
  switch (node.kind) {
    case 'context':
      return contextLabel(node);
    case 'creation':
      return node.holderName;
    case 'import':
    case 'init':
      return undefined;
    default:
      return node.name || undefined;
  }
}

export interface PathStep {
  label: string;
  node: GraphNode;
}

/** Labelled steps of a path, imports skipped and repeated names (a holder and its creation) collapsed. */
export function pathSteps(pathNodes: GraphNode[]): PathStep[] {
  const steps: PathStep[] = [];
  for (const node of pathNodes) {
    const label = nodeLabel(node.node);
    if (label === undefined) continue;
    if (steps.length > 0 && steps[steps.length - 1].label === label) continue;
    steps.push({ label, node });
  }
  return steps;
}

/** `A → B → C`, optionally with `(file:line)` after each step. */
export function formatPath(pathNodes: GraphNode[], displayRoot?: string): string {
  return pathSteps(pathNodes)
    .map((step) => (displayRoot === undefined ? step.label : `${step.label} (${location(step.node, displayRoot)})`))
    .join(' → ');
}

/** `routes/users.ts:14` (1-based line). */
export function location(node: GraphNode, displayRoot: string): string {
  return `${displayPath(node.file, displayRoot)}:${lineLabel(node.file, node.lines, node.node.range.offset)}`;
}

/** A line number a message names: the file and the offset it was computed from (rules/index.ts). */
export interface LineRef {
  file: string;
  offset: number;
}

/** While findings are derived: the line numbers messages name, as markers (`lineLabel`). */
let marking: { prefix: string; refs: LineRef[]; byKey: Map<string, number> } | undefined;
let markingRuns = 0;

/**
 * The 1-based line of `offset` in a message. While `withLineMarks` runs, a
 * marker instead (U+FFFF, a per-run nonce, an index, U+FFFF), so the
 * derivation can keep which offset each number came from: when an edit only
 * moves spans, the messages are written again from the moved offsets
 * without deriving (Workspace, rules/index.ts `remapReport`).
 */
export function lineLabel(file: string, lines: readonly number[], offset: number): string {
  if (!marking) return String(lineOf(lines, offset) + 1);
  const key = file + '\0' + offset;
  let index = marking.byKey.get(key);
  if (index === undefined) {
    index = marking.refs.push({ file, offset }) - 1;
    marking.byKey.set(key, index);
  }
  return `${marking.prefix}${index}\uFFFF`;
}

/** Runs `derive` with line numbers written as markers; `refs[i]` is marker i, `pattern` finds them. */
export function withLineMarks<T>(derive: () => T): { result: T; refs: LineRef[]; pattern: RegExp } {
  const previous = marking;
  const nonce = `${(++markingRuns).toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  marking = { prefix: `\uFFFF${nonce}.`, refs: [], byKey: new Map() };
  const refs = marking.refs;
  try {
    return { result: derive(), refs, pattern: new RegExp(`\uFFFF${nonce}\\.(\\d+)\uFFFF`, 'g') };
  } finally {
    marking = previous;
  }
}

/**
 * How messages name `file`: relative to `displayRoot`, with `../` when it is
 * outside (as the CLI's `↳` lines and `path.relative` write it), so front
 * ends never patch message text. Absolute only without a root, or on another
 * Windows drive.
 */
export function displayPath(file: string, displayRoot: string): string {
  if (!displayRoot || driveOf(file) !== driveOf(displayRoot)) return file;
  const relative = posix.relative(displayRoot, file);
  return relative === '' ? posix.basename(file) : relative;
}

/** `c:` of `C:/x` (lower-cased), '' for POSIX paths. */
function driveOf(file: string): string {
  return /^[A-Za-z]:\//.test(file) ? file.slice(0, 2).toLowerCase() : '';
}

/** Longest directory that contains every file. */
export function commonDirectory(files: Iterable<string>): string {
  let common: string[] | undefined;
  for (const file of files) {
    const parts = posix.dirname(file).split('/');
    if (!common) {
      common = parts;
      continue;
    }
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  if (!common) return '';
  const joined = common.join('/');
  return joined === '' && common.length > 0 ? '/' : joined;
}
