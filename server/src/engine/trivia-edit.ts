/**
 * Edits that can only move the facts: a change confined to the comments and
 * whitespace between two top-level statements (or after the last one),
 * between the same two tokens before and after it (a comment the edit opens
 * or closes moves a gap's ends). Both trees then end the statement before
 * the gap at the same token (so a line break the edit adds or removes did
 * not change where automatic semicolon insertion ends it) and start the next
 * at the same token, with the same text on both sides; when neither text
 * has a syntax error (its recovery could read more), the parser builds the
 * same statements, positions after the change moved. The facts read the text of nodes (names quote it, comments
 * included), and no node but the file spans such a gap; of comments they
 * read only suppressions (made again from the new tree), and no JSDoc
 * (parse.ts skips it); a text that turns generated is caught before this is
 * asked (analyze.ts). So the new facts are the old ones with every offset
 * after the change moved by its length (rules/remap.ts
 * `shiftedPositionMap`), known before the walk.
 */
import ts from 'typescript';
import { LineMap } from './facts/ranges';
import { collectSuppressions } from './facts/suppressions';
import { shiftedPositionMap, type PositionMap } from './rules/remap';
import type { FileFacts } from './types';

/** The change, in the old text's offsets [start, oldEnd) and the new text's [start, newEnd). */
export interface TriviaEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** Lines added (removed: negative). */
  lineDelta: number;
}

/**
 * The trivia before a top-level statement (or the end of the file),
 * [pos, tokenStart), when it holds all of [from, to); else undefined. Only
 * there: the facts quote the text of nodes in names (`fastify.decorate("db",
 * client)`), comments inside included, and no node but the file spans two
 * top-level statements.
 */
export function topLevelGapHolding(sourceFile: ts.SourceFile, from: number, to: number): { pos: number; tokenStart: number } | undefined {
  const statements = sourceFile.statements;
  // The last statement starting (its leading trivia included) at or before `from`.
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (statements[mid].pos <= from) low = mid + 1;
    else high = mid - 1;
  }
  const node: ts.Node = high >= 0 && from < statements[high].end ? statements[high] : sourceFile.endOfFileToken;
  if (node.pos > from) return undefined;
  const tokenStart = node.getStart(sourceFile);
  return to <= tokenStart ? { pos: node.pos, tokenStart } : undefined;
}

/** Line breaks as LSP counts them (\n, \r\n, \r), which line numbers in the facts are made of. */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) n++;
  }
  return n;
}

function parseErrors(sourceFile: ts.SourceFile): number {
  return (sourceFile as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0;
}

/**
 * The old side of the check, asked before the incremental parse (which
 * reuses `before`'s nodes and leaves it unusable): the gap the change
 * falls in, or undefined when it is not in one.
 */
export function triviaChangeBefore(before: ts.SourceFile, change: ts.TextChangeRange): GapBefore | undefined {
  if (parseErrors(before) > 0) return undefined;
  const start = change.span.start;
  const gap = topLevelGapHolding(before, start, start + change.span.length);
  return gap ? { ...gap, breaks: lineBreaks(before.text, start, start + change.span.length) } : undefined;
}

/** The gap a change falls in, in the old tree. */
export interface GapBefore {
  pos: number;
  tokenStart: number;
  /** Line breaks in the changed text. */
  breaks: number;
}

/** The new side: the edit when the change is in the same gap of `after`. */
export function triviaEditAfter(after: ts.SourceFile, change: ts.TextChangeRange, before: GapBefore): TriviaEdit | undefined {
  if (parseErrors(after) > 0) return undefined;
  const start = change.span.start;
  const oldEnd = start + change.span.length;
  const newEnd = start + change.newLength;
  const gap = topLevelGapHolding(after, start, newEnd);
  // The same gap: between the same two tokens (a comment opened or closed by the edit moves a gap's ends).
  if (!gap || gap.pos !== before.pos || gap.tokenStart !== before.tokenStart + newEnd - oldEnd) return undefined;
  return { start, oldEnd, newEnd, lineDelta: lineBreaks(after.text, start, newEnd) - before.breaks };
}

/**
 * What the new facts' findings need before the walk (lsp/facts-worker.ts
 * MovedAhead): the position map from `base` (the facts of the text before
 * `edit`), and the new text's lines of the moved offsets and suppressions.
 */
export function movedByTriviaEdit(base: FileFacts, edit: TriviaEdit, after: ts.SourceFile): { moved: PositionMap; facts: Pick<FileFacts, 'lines' | 'suppressions'> } | undefined {
  const moved = shiftedPositionMap(base, edit);
  if (!moved) return undefined;
  const lines = new LineMap(after.text);
  for (const offset of moved.offsets.values()) lines.note(offset);
  return { moved, facts: { lines: lines.lines(), suppressions: collectSuppressions(after) } };
}
