/**
 * Edits that can only move the facts, told before the walk. A change
 * confined to the comments and whitespace between two statements of one
 * list (the file's or a block's; or after the last one), between the same
 * two tokens before and after it (a comment the edit opens or closes moves
 * a gap's ends): both trees then end the statement before the gap at the
 * same token (so a line break the edit adds or removes did not change where
 * automatic semicolon insertion ends it) and start the next at the same
 * token, with the same text on both sides; when neither text has a syntax
 * error (its recovery could read more), the parser builds the same
 * statements, positions after the change moved. Whole statements typed
 * into such a gap count too when a walk of them alone adds nothing
 * (`inertEditAfter`). The facts read the text of some nodes (names quote
 * it, comments included): between top-level statements no node but the
 * file spans the gap, and a gap in a block is taken only inside nodes
 * whose text is never read (AROUND_A_GAP). In a block the statements after
 * the gap are read again in order (releaseFlow.ts), and a typed statement
 * that names nothing declared, awaits nothing and holds no function
 * completes normally and releases nothing there; only its step budget,
 * spent one statement sooner, could end an analysis at its edge, and the
 * facts that follow an early publish correct it (lsp/analysis.ts
 * recordFile). Of comments the facts read only suppressions (made again
 * from the new tree), and no JSDoc (parse.ts skips it); a text that turns
 * generated is caught before this is asked (analyze.ts). So the new facts
 * are the old ones with every offset after the change moved by its length
 * (rules/remap.ts `shiftedPositionMap`; a span around the gap keeps its
 * start and moves its end).
 */
import ts from 'typescript';
import { LineMap } from './facts/ranges';
import { SK } from './facts/kinds';
import type { BlockPlace } from './facts/walker';
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

/** A gap's statements: whole statements typed into it and the list it is in. */
export interface StatementRegion {
  pos: number;
  tokenStart: number;
  statements: ts.Statement[];
  /** The statement list the gap is in: the file's, or a block's. */
  list: readonly ts.Statement[];
  /** Inside a block: where (undefined: between top-level statements). */
  nested?: NestedRegion;
}

/** Where a gap inside a block is: what a walk of statements typed there is told (FileWalker.walksToNothing). */
export interface NestedRegion extends BlockPlace {
  /** Blocks descended into from the top level. */
  depth: number;
}

/**
 * Nodes a gap inside a block may be in (between the file and the block),
 * as a table by kind: statements, functions, classes, declarations and the
 * expressions a callback is passed through. None of them has its text
 * quoted by the facts, which quote only identifiers, property accesses,
 * templates, regular expressions, array literals' elements (route paths)
 * and a DI token's label, a call kept only when on one line (registries.ts
 * tokenNode): a call on one line is left out (`oneLineCall`).
 * test/engine/inert-edit.test.ts counts the facts' `getText` calls, so a
 * new one is checked against this list.
 */
const Kind = ts.SyntaxKind;
const AROUND_A_GAP = new Uint8Array(1024);
for (const kind of [
  Kind.Block, Kind.VariableStatement, Kind.ExpressionStatement, Kind.ReturnStatement, Kind.ThrowStatement, Kind.IfStatement, Kind.DoStatement, Kind.WhileStatement,
  Kind.ForStatement, Kind.ForInStatement, Kind.ForOfStatement, Kind.TryStatement, Kind.CatchClause, Kind.SwitchStatement, Kind.CaseBlock, Kind.CaseClause,
  Kind.DefaultClause, Kind.LabeledStatement, Kind.ExportAssignment,
  Kind.FunctionDeclaration, Kind.FunctionExpression, Kind.ArrowFunction, Kind.MethodDeclaration, Kind.Constructor, Kind.GetAccessor, Kind.SetAccessor,
  Kind.ClassDeclaration, Kind.ClassExpression, Kind.PropertyDeclaration, Kind.ClassStaticBlockDeclaration,
  Kind.VariableDeclarationList, Kind.VariableDeclaration, Kind.ObjectLiteralExpression, Kind.PropertyAssignment,
  Kind.CallExpression, Kind.NewExpression, Kind.ParenthesizedExpression, Kind.AwaitExpression, Kind.BinaryExpression, Kind.ConditionalExpression,
  Kind.AsExpression, Kind.SatisfiesExpression, Kind.NonNullExpression, Kind.VoidExpression,
]) AROUND_A_GAP[kind] = 1;

/** A call whose text has no line break: a DI token's label quotes it (registries.ts tokenNode). */
function oneLineCall(sourceFile: ts.SourceFile, node: ts.Node): boolean {
  if (node.kind !== SK.CallExpression && node.kind !== SK.NewExpression) return false;
  const lineBreak = sourceFile.text.indexOf('\n', node.getStart(sourceFile));
  return lineBreak < 0 || lineBreak >= node.end;
}

/**
 * The gap of a statement list holding all of [from, to): the trivia before
 * a statement of `all` (or before the token at `endTokenStart` that ends the
 * list, after `all.end`), [pos, tokenStart), with the whole statements
 * between them; the statement when the range is inside one; undefined when
 * it starts in one and ends past it.
 */
function regionOf(sourceFile: ts.SourceFile, all: ts.NodeArray<ts.Statement>, endTokenStart: number, from: number, to: number): Omit<StatementRegion, 'list' | 'nested'> | ts.Statement | undefined {
  // The last statement starting (its leading trivia included) at or before `from`.
  let low = 0;
  let high = all.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (all[mid].pos <= from) low = mid + 1;
    else high = mid - 1;
  }
  let next = high >= 0 && from < all[high].end ? high : all.length;
  const firstPos = next < all.length ? all[next].pos : all.end;
  const firstStart = next < all.length ? all[next].getStart(sourceFile) : endTokenStart;
  if (firstPos > from) return undefined;
  if (from > firstStart) return next < all.length && to < all[next].end ? all[next] : undefined;
  const statements: ts.Statement[] = [];
  while (next < all.length && all[next].end <= to) statements.push(all[next++]);
  const tokenStart = next < all.length ? all[next].getStart(sourceFile) : endTokenStart;
  return to <= tokenStart ? { pos: firstPos, tokenStart, statements } : undefined;
}

/**
 * The gap holding all of [from, to): between top-level statements, or
 * between the statements of a block inside one, found by descending from
 * the top (the engine parses without parent pointers) through nodes of
 * AROUND_A_GAP only; undefined when the range is not in one gap.
 */
export function statementRegion(sourceFile: ts.SourceFile, from: number, to: number): StatementRegion | undefined {
  const top = regionOf(sourceFile, sourceFile.statements, sourceFile.endOfFileToken.getStart(sourceFile), from, to);
  if (top === undefined || !('kind' in top)) return top && { ...top, list: sourceFile.statements };
  const topLevel = top;
  let node: ts.Node = topLevel;
  let currentFunction: ts.SignatureDeclaration | undefined;
  let functionDepth = 0;
  let depth = 0;
  for (;;) {
    if (AROUND_A_GAP[node.kind] !== 1 || oneLineCall(sourceFile, node)) return undefined;
    if (ts.isFunctionLike(node)) {
      currentFunction = node;
      functionDepth++;
    }
    if (node.kind === SK.Block) {
      const block = node as ts.Block;
      // A block without syntax errors ends with its `}`.
      const close = block.end - 1;
      if (block.getStart(sourceFile) < from && to <= close) {
        depth++;
        const region = regionOf(sourceFile, block.statements, close, from, to);
        if (region === undefined) return undefined;
        if (!('kind' in region)) return { ...region, list: block.statements, nested: { topLevel, currentFunction, functionDepth, depth } };
        node = region;
        continue;
      }
    }
    const child: ts.Node | undefined = ts.forEachChild(node, (c) => (c.pos <= from && to < c.end ? c : undefined));
    if (child === undefined) return undefined;
    node = child;
  }
}

/** A string statement: a directive when in the prologue. */
function isStringStatement(statement: ts.Statement | undefined): boolean {
  return statement !== undefined && ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/**
 * Whether statements typed into `list` leave its directive prologue ('use
 * client', a function's 'use strict') as it was: a statement is before them
 * that is no directive, or the one after them is none (typed before a
 * directive, they would end the prologue).
 */
function keepsPrologue(list: readonly ts.Statement[], typed: readonly ts.Statement[]): boolean {
  const first = list.indexOf(typed[0]);
  for (let i = first - 1; i >= 0; i--) if (!isStringStatement(list[i])) return true;
  return !isStringStatement(list[first + typed.length]);
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
  /** Blocks around the gap (0: between top-level statements). */
  depth: number;
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
    const gap = statementRegion(before, start, end);
    if (gap && gap.statements.length === 0) out.push({ change: placed, pos: gap.pos, tokenStart: gap.tokenStart, depth: gap.nested?.depth ?? 0, breaks: lineBreaks(before.text, start, end) });
  }
  return out;
}

/**
 * The new side: the edit when a placement of the change is in the same gap
 * of `after`, or typed whole statements into it that `walksToNothing` (a
 * walk of them alone, after the module's names are declared, adds nothing
 * to any table of the walk: facts/index.ts; in a block, told where it is)
 * and that leave the directive prologue as it was.
 */
export function inertEditAfter(after: ts.SourceFile, gaps: readonly GapBefore[], walksToNothing: (statements: readonly ts.Statement[], nested: NestedRegion | undefined) => boolean): InertEdit | undefined {
  if (gaps.length === 0 || syntaxErrorCount(after) > 0) return undefined;
  for (const before of gaps) {
    const start = before.change.span.start;
    const oldEnd = start + before.change.span.length;
    const newEnd = start + before.change.newLength;
    const gap = statementRegion(after, start, newEnd);
    // The same gap: between the same two tokens (a comment opened or closed by the edit moves a gap's ends).
    if (!gap || gap.pos !== before.pos || gap.tokenStart !== before.tokenStart + newEnd - oldEnd || (gap.nested?.depth ?? 0) !== before.depth) continue;
    if (gap.statements.length > 0 && (!keepsPrologue(gap.list, gap.statements) || !walksToNothing(gap.statements, gap.nested))) continue;
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
