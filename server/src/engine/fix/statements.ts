/** Small helpers for removing and inserting whole statements without disturbing the layout around them. */
import ts from 'typescript';
import type { FileEdits } from './edits';
import { lineEndAfterNewline, lineIndent, lineStart } from './style';

/** Can this statement be deleted outright (it sits in a statement list)? */
export function isInStatementList(stmt: ts.Node): boolean {
  const parent = stmt.parent;
  return ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent);
}

/**
 * Remove a statement; when it has its line to itself, remove the whole line.
 * A block left empty becomes `{}`; a `finally` left empty after a catch goes.
 */
export function removeStatement(edits: FileEdits, sf: ts.SourceFile, stmt: ts.Node, keptBlocks: ReadonlySet<ts.Block> = new Set()): void {
  const block = stmt.parent;
  if (ts.isBlock(block) && block.statements.length === 1 && !keptBlocks.has(block)) {
    const owner = block.parent;
    if (ts.isTryStatement(owner) && owner.finallyBlock === block && owner.catchClause) {
      edits.remove(owner.catchClause.end, block.end);
      return;
    }
    if (!hasComments(sf, block)) {
      edits.replace(block.getStart(sf), block.end, '{}');
      return;
    }
  }
  removeStatementText(edits, sf, stmt);
}

function hasComments(sf: ts.SourceFile, block: ts.Block): boolean {
  const inner = sf.text.slice(block.getStart(sf) + 1, block.end - 1);
  const stmt = block.statements[0];
  const own = sf.text.slice(stmt.getStart(sf), stmt.end);
  return inner.replace(own, '').trim().length > 0;
}

function removeStatementText(edits: FileEdits, sf: ts.SourceFile, stmt: ts.Node): void {
  const text = sf.text;
  const start = stmt.getStart(sf);
  const before = text.slice(lineStart(text, start), start);
  const lineEnd = lineEndAfterNewline(text, stmt.end);
  const after = text.slice(stmt.end, lineEnd);
  const afterIsBlank = /^[ \t]*(\/\/[^\n]*)?\r?\n?$/.test(after);
  if (/^[ \t]*$/.test(before) && afterIsBlank) {
    edits.remove(lineStart(text, start), lineEnd);
  } else {
    let end = stmt.end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    edits.remove(start, end);
  }
}

/** The indentation of the line a node starts on. */
export function indentOf(sf: ts.SourceFile, node: ts.Node): string {
  return lineIndent(sf.text, node.getStart(sf));
}

/**
 * Change the leading indentation `from` → `to` of every line that starts in
 * [start, end), as small edits at the line starts. Lines that start inside a
 * template literal are string content and stay untouched.
 */
export function shiftIndentation(edits: FileEdits, sf: ts.SourceFile, start: number, end: number, from: string, to: string): void {
  const text = sf.text;
  const templates = templateRanges(sf);
  for (let lineBegin = lineStart(text, start); lineBegin < end; lineBegin = lineEndAfterNewline(text, lineBegin)) {
    if (lineBegin >= text.length) break;
    if (templates.some(([s, e]) => lineBegin > s && lineBegin < e)) continue;
    const indent = lineIndent(text, lineBegin);
    const rest = text.slice(lineBegin + indent.length, lineEndAfterNewline(text, lineBegin));
    if (rest.trim() === '') continue;
    if (indent.startsWith(from)) edits.replace(lineBegin, lineBegin + from.length, to);
    else edits.replace(lineBegin, lineBegin + indent.length, to);
    if (lineEndAfterNewline(text, lineBegin) === lineBegin) break;
  }
}

function templateRanges(sf: ts.SourceFile): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) out.push([node.getStart(sf), node.end]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
