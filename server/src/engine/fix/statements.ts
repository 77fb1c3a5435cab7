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
 * A block left empty becomes `{}`; a `finally` left empty after a catch goes,
 * and a `try { … } finally { <this> }` without a catch becomes its try block's statements.
 */
export function removeStatement(edits: FileEdits, sf: ts.SourceFile, stmt: ts.Node, keptBlocks: ReadonlySet<ts.Block> = new Set()): void {
  const block = stmt.parent;
  if (ts.isBlock(block) && block.statements.length === 1 && !keptBlocks.has(block)) {
    const owner = block.parent;
    if (ts.isTryStatement(owner) && owner.finallyBlock === block && owner.catchClause) {
      edits.remove(owner.catchClause.end, block.end);
      return;
    }
    if (ts.isTryStatement(owner) && owner.finallyBlock === block && !owner.catchClause && unwrapTry(edits, sf, owner)) return;
    if (!hasComments(sf, block)) {
      edits.replace(block.getStart(sf), block.end, '{}');
      return;
    }
  }
  removeStatementText(edits, sf, stmt);
}

/** `try {⏎ a;⏎ b;⏎} finally {…}` → `a;⏎b;` at the try's indentation. False when the layout is not one statement per line. */
function unwrapTry(edits: FileEdits, sf: ts.SourceFile, tryStmt: ts.TryStatement): boolean {
  const text = sf.text;
  const inner = tryStmt.tryBlock.statements;
  if (inner.length === 0 || !isInStatementList(tryStmt)) return false;
  const first = inner[0];
  const last = inner[inner.length - 1];
  const opensOwnLine = text.slice(tryStmt.tryBlock.getStart(sf) + 1, first.getStart(sf)).includes('\n');
  const closesOwnLine = text.slice(last.end, tryStmt.tryBlock.end - 1).includes('\n');
  const tryAlone = /^[ \t]*$/.test(text.slice(lineStart(text, tryStmt.getStart(sf)), tryStmt.getStart(sf)));
  if (!opensOwnLine || !closesOwnLine || !tryAlone || !/^[ \t]*(\r?\n|$)/.test(text.slice(tryStmt.end))) return false;
  edits.remove(lineStart(text, tryStmt.getStart(sf)), lineStart(text, first.getStart(sf)));
  edits.remove(lineEndAfterNewline(text, last.end), lineEndAfterNewline(text, tryStmt.end));
  shiftIndentation(edits, sf, lineStart(text, first.getStart(sf)), last.end, lineIndent(text, first.getStart(sf)), lineIndent(text, tryStmt.getStart(sf)));
  return true;
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
    const [from, to] = withoutExtraBlankLine(text, lineStart(text, start), lineEnd);
    edits.remove(from, to);
  } else {
    let end = stmt.end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    edits.remove(start, end);
  }
}

/**
 * Removing the lines [from, to) must not leave two blank lines in a row, a
 * blank line right after `{` or at the top of the file, or one right before
 * `}` or at the end: take one neighbouring blank line along.
 */
function withoutExtraBlankLine(text: string, from: number, to: number): [number, number] {
  const prevStart = from > 0 ? lineStart(text, from - 1) : -1;
  const prev = prevStart >= 0 ? text.slice(prevStart, from) : undefined;
  const nextEnd = to < text.length ? lineEndAfterNewline(text, to) : -1;
  const next = nextEnd >= 0 ? text.slice(to, nextEnd) : undefined;
  const blank = (line: string | undefined): boolean => line !== undefined && line.trim() === '';
  const opensBlock = prev === undefined || prev.trimEnd().endsWith('{');
  const closesBlock = next === undefined || next.trimStart().startsWith('}');
  if (blank(next) && (blank(prev) || opensBlock)) return [from, nextEnd];
  if (blank(prev) && closesBlock) return [prevStart, to];
  return [from, to];
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
