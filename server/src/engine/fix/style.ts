/**
 * The file's own habits, so inserted code looks like the code around it:
 * quote character, semicolons, indentation unit and line endings.
 * Read from the AST (string literals, statement ends), never guessed from names.
 */
import ts from 'typescript';

export interface CodeStyle {
  quote: "'" | '"';
  semi: string;
  indentUnit: string;
  newline: string;
  /** The file writes callbacks as `function (…) {}`, never as arrows (pre-ES2015 style). */
  functionCallbacks: boolean;
}

export function detectStyle(sf: ts.SourceFile): CodeStyle {
  const text = sf.text;
  let single = 0;
  let double = 0;
  let withSemi = 0;
  let withoutSemi = 0;
  const indents: string[] = [];
  let arrows = 0;
  let functionExpressions = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isArrowFunction(node)) arrows++;
    else if (ts.isFunctionExpression(node)) functionExpressions++;
    if (ts.isStringLiteral(node)) {
      const ch = text[node.getStart(sf)];
      if (ch === "'") single++;
      else if (ch === '"') double++;
    }
    if (isSemicolonStatement(node)) {
      if (text[node.end - 1] === ';') withSemi++;
      else withoutSemi++;
    }
    if (ts.isBlock(node) && node.statements.length > 0) {
      const indent = lineIndent(text, node.statements[0].getStart(sf));
      const outer = lineIndent(text, node.getStart(sf));
      if (indent.startsWith(outer) && indent.length > outer.length) indents.push(indent.slice(outer.length));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return {
    quote: double > single ? '"' : "'",
    semi: withoutSemi > withSemi ? '' : ';',
    indentUnit: mostCommon(indents) ?? '  ',
    newline: text.includes('\r\n') ? '\r\n' : '\n',
    functionCallbacks: arrows === 0 && functionExpressions > 0,
  };
}

function isSemicolonStatement(node: ts.Node): boolean {
  return (
    ts.isExpressionStatement(node) ||
    ts.isVariableStatement(node) ||
    ts.isReturnStatement(node) ||
    ts.isImportDeclaration(node) ||
    ts.isThrowStatement(node)
  );
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** Whitespace at the start of the line containing `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n') i--;
  return i;
}

/** Offset just past the end of the line containing `offset` (after its newline). */
export function lineEndAfterNewline(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n') i++;
  return i < text.length ? i + 1 : i;
}

/** A callback head in the file's style: `(err) =>` or `function (err)`. */
export function callbackHead(style: CodeStyle, params: string): string {
  return style.functionCallbacks ? `function (${params})` : `(${params}) =>`;
}

export function quoted(style: CodeStyle, value: string): string {
  return style.quote + value.replace(/\\/g, '\\\\').split(style.quote).join('\\' + style.quote) + style.quote;
}
