/** SourceRange helpers: LSP positions from a parsed file, trivia skipped. */
import ts from 'typescript';
import type { SourceRange } from '../types';

export function rangeOf(sourceFile: ts.SourceFile, start: number, end: number): SourceRange {
  const s = sourceFile.getLineAndCharacterOfPosition(start);
  const e = sourceFile.getLineAndCharacterOfPosition(end);
  return {
    start: { line: s.line, character: s.character },
    end: { line: e.line, character: e.character },
    offset: start,
    length: end - start,
  };
}

/** Range of a node from its first token (leading trivia skipped) to its end. */
export function nodeRange(sourceFile: ts.SourceFile, node: ts.Node): SourceRange {
  return rangeOf(sourceFile, node.getStart(sourceFile), node.getEnd());
}
