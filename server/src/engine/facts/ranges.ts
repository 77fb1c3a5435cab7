/**
 * SourceRange helpers. Lines are split the way LSP does (\n, \r\n, \r), with
 * line starts found by native `indexOf` — several times faster than
 * ts.getLineAndCharacterOfPosition's first call, which scans every character.
 */
import ts from 'typescript';
import type { Loc, SourceRange } from '../types';

export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    const starts = this.starts;
    if (text.indexOf('\r') < 0) {
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        starts.push(i + 1);
      } else if (ch === 0x0a) starts.push(i + 1);
    }
  }

  locate(offset: number): Loc {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low] };
  }
}

export function rangeOf(lines: LineMap, start: number, end: number): SourceRange {
  return { start: lines.locate(start), end: lines.locate(end), offset: start, length: end - start };
}

/** Range of a node from its first token (leading trivia skipped) to its end. */
export function nodeRange(sourceFile: ts.SourceFile, lines: LineMap, node: ts.Node): SourceRange {
  return rangeOf(lines, node.getStart(sourceFile), node.getEnd());
}
