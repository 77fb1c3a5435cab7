/**
 * Offsets → LSP line/character, at the edges (findings, messages). Facts keep
 * spans and, in `FileFacts.lines`, the start of every line a span starts or
 * ends on; a position is found there by binary search. Only a span's own
 * endpoints are sure to be on a listed line.
 */
import type { Loc, SourceRange, Span } from './types';

/** `lines` of facts that know of line 0 only (no spans, or a file that was not parsed). */
export const FIRST_LINE_ONLY: readonly number[] = [0, 0];

export function locate(lines: readonly number[], offset: number): Loc {
  // Pairs [line, start]: the last pair whose start is at or before offset.
  let low = 0;
  let high = (lines.length >> 1) - 1;
  if (high < 0) return { line: 0, character: offset };
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid * 2 + 1] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: lines[low * 2], character: offset - lines[low * 2 + 1] };
}

/** 0-based line of an offset. */
export function lineOf(lines: readonly number[], offset: number): number {
  return locate(lines, offset).line;
}

export function sourceRange(lines: readonly number[], span: Span): SourceRange {
  return { start: locate(lines, span.offset), end: locate(lines, span.offset + span.length), offset: span.offset, length: span.length };
}
