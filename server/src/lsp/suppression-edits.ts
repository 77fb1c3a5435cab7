/**
 * Text edits that insert the engine's suppression comments:
 *   // pg-pool-guard-disable-next-line <rule>   (above a line, same indentation)
 *   /* pg-pool-guard-disable <rule> *\/          (top of file, after shebang and directives)
 */
import { typescript } from '../engine/lazy-typescript';

export interface OffsetEdit {
  offset: number;
  length: number;
  newText: string;
}

function eolOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

function isIndentChar(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** Insert the next-line suppression above `line` (0-based), indented like that line. */
export function disableLineEdit(text: string, line: number, rule: string): OffsetEdit {
  const lineStart = startOfLine(text, line);
  let indentEnd = lineStart;
  while (isIndentChar(text[indentEnd])) indentEnd++;
  const indent = text.slice(lineStart, indentEnd);
  return { offset: lineStart, length: 0, newText: `${indent}// pg-pool-guard-disable-next-line ${rule}${eolOf(text)}` };
}

/** Insert the file-wide suppression at the top, after a shebang and the directive prologue ('use strict', 'use client' …). */
export function disableFileEdit(fileName: string, text: string, rule: string): OffsetEdit {
  const eol = eolOf(text);
  const comment = `/* pg-pool-guard-disable ${rule} */`;
  // Loaded on first use: a pg-free workspace's server never needs the compiler on its main thread (~40 MB).
  const ts = typescript();
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  let anchor: number | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    anchor = statement.end;
  }
  if (anchor === undefined && ts.getShebang(text) !== undefined) anchor = 0;
  if (anchor === undefined) return { offset: 0, length: 0, newText: `${comment}${eol}` };
  const lineStarts = sourceFile.getLineStarts();
  const nextLine = sourceFile.getLineAndCharacterOfPosition(anchor).line + 1;
  if (nextLine < lineStarts.length) return { offset: lineStarts[nextLine], length: 0, newText: `${comment}${eol}` };
  return { offset: text.length, length: 0, newText: `${eol}${comment}${eol}` };
}

/** Offset of the first character of `line`, clamped to the text (no parse needed). */
function startOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return offset;
    offset = newline + 1;
  }
  return offset;
}
