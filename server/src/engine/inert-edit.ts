/**
 * Edits that can only move the facts, told before the walk. A change
 * confined to the comments and whitespace between two top-level statements
 * (or after the last one), between the same two tokens before and after it
 * (a comment the edit opens or closes moves a gap's ends): both trees then
 * end the statement before the gap at the same token (so a line break the
 * edit adds or removes did not change where automatic semicolon insertion
 * ends it) and start the next at the same token, with the same text on both
 * sides; when neither text has a syntax error (its recovery could read
 * more), the parser builds the same statements, positions after the change
 * moved. Whole top-level statements typed into such a gap count too when a
 * walk of them alone adds nothing (`inertEditAfter`). The facts read the
 * text of nodes (names quote it, comments included), and no node but the
 * file spans such a gap; of comments they read only suppressions (made
 * again from the new tree), and no JSDoc (parse.ts skips it); a text that
 * turns generated is caught before this is asked (analyze.ts). So the new
 * facts are the old ones with every offset after the change moved by its
 * length (rules/remap.ts `shiftedPositionMap`).
 */
import ts from 'typescript';
import { LineMap } from './facts/ranges';
import { syntaxErrorCount } from './parse';
import { collectSuppressions } from './facts/suppressions';
import { shiftedPositionMap, type PositionMap } from './rules/remap';
import type { FileFacts } from './types';

/** The change, in the old text's offsets [start, oldEnd) and the new text's [start, newEnd). */
export interface InertEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** Lines added (removed: negative). */
  lineDelta: number;
}

/**
 * The top-level region holding all of [from, to): the trivia before a
 * top-level statement (or the end of the file), [pos, tokenStart), with
 * the whole statements between them; undefined when the range starts or
 * ends inside a statement. Only at the top level: the facts quote the text
 * of nodes in names (`fastify.decorate("db", client)`), comments inside
 * included, and no node but the file spans two top-level statements.
 */
export function topLevelRegion(sourceFile: ts.SourceFile, from: number, to: number): { pos: number; tokenStart: number; statements: ts.Statement[] } | undefined {
  const all = sourceFile.statements;
  // The last statement starting (its leading trivia included) at or before `from`.
  let low = 0;
  let high = all.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (all[mid].pos <= from) low = mid + 1;
    else high = mid - 1;
  }
  let next = high >= 0 && from < all[high].end ? high : all.length;
  const first: ts.Node = next < all.length ? all[next] : sourceFile.endOfFileToken;
  if (first.pos > from || from > first.getStart(sourceFile)) return undefined;
  const statements: ts.Statement[] = [];
  while (next < all.length && all[next].end <= to) statements.push(all[next++]);
  const after: ts.Node = next < all.length ? all[next] : sourceFile.endOfFileToken;
  const tokenStart = after.getStart(sourceFile);
  return to <= tokenStart ? { pos: first.pos, tokenStart, statements } : undefined;
}

/** A statement typed among the directives ('use client') would end their prologue. */
function afterDirectives(sourceFile: ts.SourceFile, statement: ts.Statement): boolean {
  for (let i = sourceFile.statements.indexOf(statement) - 1; i >= 0; i--) {
    const before = sourceFile.statements[i];
    if (!ts.isExpressionStatement(before) || !ts.isStringLiteral(before.expression)) return true;
  }
  return false;
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

/** Places an insertion or deletion is tried at, at most (a run of blank lines or of one character). */
const MAX_PLACEMENTS = 64;

/**
 * The same change at each place it could have been made: the texts give
 * only the common prefix and suffix (parse.ts changeRangeBetween), which
 * puts an insertion or deletion as far right as it goes. Typing
 * `console.log('b');\n` above `console.log('a');` reads as `b');\nconsole.log('`
 * typed inside the old string; slid left while the character before it is
 * its last one, it is the whole line at the line start.
 */
function placements(change: ts.TextChangeRange, before: string, after: string): ts.TextChangeRange[] {
  const out = [change];
  const inserted = change.span.length === 0 ? change.newLength : 0;
  const deleted = change.newLength === 0 ? change.span.length : 0;
  if (inserted === 0 && deleted === 0) return out;
  // The last character of the changed text, at each step: the inserted text is in `after`, the deleted in `before`.
  const text = inserted > 0 ? after : before;
  const length = inserted || deleted;
  for (let start = change.span.start; start > 0 && out.length < MAX_PLACEMENTS && before.charCodeAt(start - 1) === text.charCodeAt(start - 1 + length); start--) {
    out.push({ span: { start: start - 1, length: change.span.length }, newLength: change.newLength });
  }
  return out;
}

/** The gap a change falls in, in the old tree, with the change placed there. */
export interface GapBefore {
  change: ts.TextChangeRange;
  pos: number;
  tokenStart: number;
  /** Line breaks in the changed text. */
  breaks: number;
}

/**
 * The old side of the check, asked before the incremental parse (which
 * reuses `before`'s nodes and leaves it unusable): each placement of the
 * change that falls in a gap of `before`, with that gap.
 */
export function inertChangeBefore(before: ts.SourceFile, change: ts.TextChangeRange, afterText: string): GapBefore[] {
  if (syntaxErrorCount(before) > 0) return [];
  const out: GapBefore[] = [];
  for (const placed of placements(change, before.text, afterText)) {
    const start = placed.span.start;
    const end = start + placed.span.length;
    const gap = topLevelRegion(before, start, end);
    if (gap && gap.statements.length === 0) out.push({ change: placed, pos: gap.pos, tokenStart: gap.tokenStart, breaks: lineBreaks(before.text, start, end) });
  }
  return out;
}

/**
 * The new side: the edit when a placement of the change is in the same gap
 * of `after`, or typed whole top-level statements into it that
 * `walksToNothing` (a walk of them alone, after the module's names are
 * declared, adds nothing to any table of the walk: facts/index.ts) and that
 * end no directive prologue.
 */
export function inertEditAfter(after: ts.SourceFile, gaps: readonly GapBefore[], walksToNothing: (statements: readonly ts.Statement[]) => boolean): InertEdit | undefined {
  if (gaps.length === 0 || syntaxErrorCount(after) > 0) return undefined;
  for (const before of gaps) {
    const start = before.change.span.start;
    const oldEnd = start + before.change.span.length;
    const newEnd = start + before.change.newLength;
    const gap = topLevelRegion(after, start, newEnd);
    // The same gap: between the same two tokens (a comment opened or closed by the edit moves a gap's ends).
    if (!gap || gap.pos !== before.pos || gap.tokenStart !== before.tokenStart + newEnd - oldEnd) continue;
    if (gap.statements.length > 0 && (!afterDirectives(after, gap.statements[0]) || !walksToNothing(gap.statements))) continue;
    return { start, oldEnd, newEnd, lineDelta: lineBreaks(after.text, start, newEnd) - before.breaks };
  }
  return undefined;
}

/**
 * What the new facts' findings need before the walk (lsp/facts-worker.ts
 * MovedAhead): the position map from `base` (the facts of the text before
 * `edit`), and the new text's lines of the moved offsets and suppressions.
 */
export function movedByInertEdit(base: FileFacts, edit: InertEdit, after: ts.SourceFile): { moved: PositionMap; facts: Pick<FileFacts, 'lines' | 'suppressions'> } | undefined {
  const moved = shiftedPositionMap(base, edit);
  if (!moved) return undefined;
  const lines = new LineMap(after.text);
  for (const offset of moved.offsets.values()) lines.note(offset);
  return { moved, facts: { lines: lines.lines(), suppressions: collectSuppressions(after) } };
}
