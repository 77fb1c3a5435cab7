/**
 * A parsed file plus a type checker that resolves only inside the file (no
 * lib, no imports resolved): enough to resolve every local identifier to its
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
  return parseFiles([{ path, text }])[0];
}

/**
 * Parse several files at once. They share one type checker, built on first
 * use: a checker per file was most of the rewrite's time. Sharing cannot
 * change what an identifier resolves to: imports are never resolved, and a
 * file whose declarations would be global for the others (a script, `declare
 * global`, an ambient module) gets a checker of its own.
 */
export function parseFiles(entries: ReadonlyArray<{ path: string; text: string }>): ParsedFile[] {
  const batch = new CheckerBatch();
  return entries.map(({ path, text }) => {
    const kind = scriptKindFor(path);
    // A virtual name keeps the compiler from touching the disk; one directory per file keeps the names apart.
    const sf = ts.createSourceFile(`/__pg_pool_guard_fix__/${batch.size}/file${extensionFor(kind)}`, text, ts.ScriptTarget.Latest, true, kind);
    batch.add(sf);
    return {
      path,
      text,
      sf,
      get checker(): ts.TypeChecker {
        return batch.checkerOf(sf);
      },
      isTypeScript: kind === ts.ScriptKind.TS || kind === ts.ScriptKind.TSX,
    };
  });
}

/** Files parsed together, and their checkers (one shared by every file that keeps its declarations to itself). */
class CheckerBatch {
  private readonly files: ts.SourceFile[] = [];
  private readonly checkers = new Map<ts.SourceFile, ts.TypeChecker>();
  private sharedBuilt = false;

  get size(): number {
    return this.files.length;
  }

  add(sf: ts.SourceFile): void {
    this.files.push(sf);
  }

  checkerOf(sf: ts.SourceFile): ts.TypeChecker {
    if (!this.sharedBuilt) {
      this.sharedBuilt = true;
      this.buildShared();
    }
    let checker = this.checkers.get(sf);
    if (!checker) {
      checker = checkerOver([sf]);
      this.checkers.set(sf, checker);
    }
    return checker;
  }

  private buildShared(): void {
    if (this.files.length < 2) return;
    let members = this.files;
    let checker: ts.TypeChecker | undefined = checkerOver(members);
    // Building the checker bound every file: now it is known which ones would leak declarations into the others.
    if (members.some(hasGlobalDeclarations)) {
      members = members.filter((f) => !hasGlobalDeclarations(f));
      checker = members.length > 1 ? checkerOver(members) : undefined;
    }
    if (checker) for (const f of members) this.checkers.set(f, checker);
  }
}

/** What the binder records on a SourceFile (internal fields, read only): what a checker would merge into the global scope. */
interface BoundSourceFile {
  externalModuleIndicator?: unknown;
  commonJsModuleIndicator?: unknown;
  jsGlobalAugmentations?: unknown;
  moduleAugmentations?: readonly unknown[];
  patternAmbientModules?: readonly unknown[];
  symbol?: { globalExports?: unknown };
}

/**
 * Would this file's declarations be visible to the other files of a program?
 * A script's top-level declarations are global, and so are `declare global`,
 * ambient modules and JS global assignments. Unknown shapes count as global.
 */
function hasGlobalDeclarations(sf: ts.SourceFile): boolean {
  const bound = sf as unknown as BoundSourceFile;
  if (!bound.externalModuleIndicator && !bound.commonJsModuleIndicator) return true;
  return !!bound.jsGlobalAugmentations || !Array.isArray(bound.moduleAugmentations) || bound.moduleAugmentations.length > 0 ||
    (bound.patternAmbientModules?.length ?? 0) > 0 || !!bound.symbol?.globalExports;
}

const CHECKER_OPTIONS: ts.CompilerOptions = { noLib: true, noResolve: true, allowJs: true, checkJs: false, types: [], jsx: ts.JsxEmit.Preserve };

/** A program over these files alone: no lib, no file system, no module resolution (an import never names another file). */
function checkerOver(files: readonly ts.SourceFile[]): ts.TypeChecker {
  const byName = new Map(files.map((f) => [f.fileName, f]));
  const host: ts.CompilerHost = {
    getSourceFile: (name) => byName.get(name),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => byName.has(name),
    readFile: () => undefined,
    resolveModuleNameLiterals: (literals) => literals.map(() => ({ resolvedModule: undefined })),
  };
  return ts.createProgram({ rootNames: [...byName.keys()], options: CHECKER_OPTIONS, host }).getTypeChecker();
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
  // The rewrite's passes ask about the same identifiers again and again (each pass walks the whole file);
  // an identifier belongs to one SourceFile, which has one checker, so the answer never changes.
  const known = resolvedSymbols.get(id);
  if (known !== undefined) return known ?? undefined;
  const symbol = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id
    ? file.checker.getShorthandAssignmentValueSymbol(id.parent)
    : file.checker.getSymbolAtLocation(id);
  resolvedSymbols.set(id, symbol ?? null);
  return symbol;
}

const resolvedSymbols = new WeakMap<ts.Identifier, ts.Symbol | null>();

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

/**
 * The files one rewrite reads, each parsed once and shared by every part of
 * the rewrite that looks at it. `preload` parses a group of files together,
 * so that they share one checker.
 */
export class SourceStore {
  private readonly parsed = new Map<string, ParsedFile | null>();

  constructor(private readonly getText: (path: string) => string | undefined) {}

  get(path: string): ParsedFile | undefined {
    if (!this.parsed.has(path)) this.preload([path]);
    return this.parsed.get(path) ?? undefined;
  }

  preload(paths: readonly string[]): void {
    const entries: Array<{ path: string; text: string }> = [];
    for (const path of new Set(paths)) {
      if (this.parsed.has(path)) continue;
      const text = this.getText(path);
      if (text === undefined) this.parsed.set(path, null);
      else entries.push({ path, text });
    }
    const files = parseFiles(entries);
    for (const file of files) this.parsed.set(file.path, file);
  }
}
