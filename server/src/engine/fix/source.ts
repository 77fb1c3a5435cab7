/**
 * A parsed file plus a type checker that only knows this file (no lib, no
 * imports resolved): enough to resolve every local identifier to its
 * declaration, which is what renaming and "is this our client?" need.
 */
import ts from 'typescript';

export interface ParsedFile {
  path: string;
  text: string;
  sf: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  isTypeScript: boolean;
}

export function scriptKindFor(path: string): ts.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

export function parseFile(path: string, text: string): ParsedFile {
  const kind = scriptKindFor(path);
  // A virtual name keeps the compiler from touching the disk.
  const virtualName = '/__pg_pool_guard_fix__/' + 'file' + extensionFor(kind);
  const sf = ts.createSourceFile(virtualName, text, ts.ScriptTarget.Latest, true, kind);
  let checker: ts.TypeChecker | undefined;
  return {
    path,
    text,
    sf,
    // Built on first use: most files are only scanned for their imports.
    get checker(): ts.TypeChecker {
      checker ??= checkerFor(sf, virtualName);
      return checker;
    },
    isTypeScript: kind === ts.ScriptKind.TS || kind === ts.ScriptKind.TSX,
  };
}

function checkerFor(sf: ts.SourceFile, virtualName: string): ts.TypeChecker {
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === virtualName ? sf : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === virtualName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({
    rootNames: [virtualName],
    options: { noLib: true, noResolve: true, allowJs: true, checkJs: false, types: [], jsx: ts.JsxEmit.Preserve },
    host,
  });
  return program.getTypeChecker();
}

function extensionFor(kind: ts.ScriptKind): string {
  switch (kind) {
    case ts.ScriptKind.TS: return '.ts';
    case ts.ScriptKind.TSX: return '.tsx';
    case ts.ScriptKind.JSX: return '.jsx';
    default: return '.js';
  }
}

export function hasSyntaxErrors(path: string, text: string): boolean {
  const kind = scriptKindFor(path);
  return parseDiagnostics(ts.createSourceFile('/x' + extensionFor(kind), text, ts.ScriptTarget.Latest, true, kind)).length > 0;
}

/** The parser's own errors for a file (what a program's getSyntacticDiagnostics returns, without building one). */
export function parseDiagnostics(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

/** The symbol an identifier refers to (the local for shorthand `{ db }`, the alias for imports). */
export function symbolOf(file: ParsedFile, id: ts.Identifier): ts.Symbol | undefined {
  if (ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id) {
    return file.checker.getShorthandAssignmentValueSymbol(id.parent);
  }
  return file.checker.getSymbolAtLocation(id);
}

/** Every identifier in the file. */
export function allIdentifiers(sf: ts.SourceFile): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) out.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
