/**
 * Type-check a set of in-memory TypeScript files against the repo's
 * node_modules (@types/node, @types/pg, express …). Library files are parsed
 * once and shared between programs, which keeps many small checks fast.
 */
import ts from 'typescript';

const libCache = new Map<string, ts.SourceFile | undefined>();

export function typeErrors(files: Record<string, string>, compilerOptions: ts.CompilerOptions = {}): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    types: ['node'],
    allowJs: false,
    ...compilerOptions,
  };
  const base = ts.createCompilerHost(options, true);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (f) => f in files || base.fileExists(f),
    // In-memory files live in directories that do not exist on disk: module resolution asks first.
    directoryExists: (d) => Object.keys(files).some((f) => f.startsWith(d.endsWith('/') ? d : `${d}/`)) || (base.directoryExists?.(d) ?? true),
    readFile: (f) => files[f] ?? base.readFile(f),
    getSourceFile: (f, languageVersion) => {
      if (f in files) return ts.createSourceFile(f, files[f], languageVersion, true);
      if (!libCache.has(f)) libCache.set(f, base.getSourceFile(f, languageVersion));
      return libCache.get(f);
    },
  };
  const roots = Object.keys(files).filter((f) => /\.(ts|tsx|mts|cts)$/.test(f));
  const program = ts.createProgram({ rootNames: roots, options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || d.file.fileName in files)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
