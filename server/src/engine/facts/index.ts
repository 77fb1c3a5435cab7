/**
 * Per-file fact extraction: one walk over a parsed file → FileFacts
 * (see ../types.ts). Parse + extract for callers with text: ../analyze.ts.
 */
import type * as ts from 'typescript';
import type { EngineOptions, FileFacts, FileNotice } from '../types';
import { fileContexts } from './fileContexts';
import { collectSuppressions } from './suppressions';
import { FileWalker, type BlockPlace, type ExtractionTables } from './walker';

export type { ExtractionTables };

/** Facts of a file that could not be parsed: just the notices. */
export function emptyFacts(file: string, notices: FileNotice[]): FileFacts {
  return {
    file, nodes: [{ id: 'init', kind: 'init', name: '(module init)', range: { offset: 0, length: 0 } }],
    edges: [], exports: [], starExports: [], calls: [], suppressions: { file: [], lines: {} }, notices, lines: [0, 0],
  };
}

/**
 * `file` is the path as the caller has it (default: the source file's name,
 * which TypeScript has turned every `\\` of into `/`; a POSIX name may contain one).
 */
export function extractFacts(sourceFile: ts.SourceFile, options: EngineOptions, tables?: ExtractionTables, file = sourceFile.fileName): FileFacts {
  const walker = new FileWalker(sourceFile, options, tables, file);
  const notices: FileNotice[] = [];
  try {
    walker.run();
    fileContexts(walker);
  } catch (error) {
    // Never crash on odd input: keep what was gathered so far.
    notices.push({ file: walker.file, message: `analysis stopped early (${error instanceof Error ? error.message : String(error)}); partial facts` });
  }
  let suppressions: FileFacts['suppressions'] = { file: [], lines: {} };
  try {
    suppressions = collectSuppressions(sourceFile);
  } catch (error) {
    notices.push({ file: walker.file, message: `suppression comments not read (${error instanceof Error ? error.message : String(error)})` });
  }
  walker.markLazyInitCalls();
  const out = walker.out;
  const facts: FileFacts = {
    file: walker.file,
    nodes: out.nodes,
    edges: out.edges,
    exports: out.exports,
    starExports: out.starExports,
    calls: out.calls,
    suppressions,
    notices: [...out.notices, ...notices],
    lines: walker.spanLines(),
  };
  if (out.fileRuleFacts.length > 0) facts.fileRuleFacts = out.fileRuleFacts;
  if (out.driverExports.length > 0) facts.driverExports = out.driverExports;
  if (options.reexports) facts.reexports = options.reexports;
  return facts;
}

/** Whether a walk of these statements of `sourceFile` alone adds nothing (FileWalker.walksToNothing); `nested`: typed into a block. */
export function walksToNothing(sourceFile: ts.SourceFile, options: EngineOptions, statements: readonly ts.Statement[], nested?: BlockPlace): boolean {
  try {
    return new FileWalker(sourceFile, options).walksToNothing(statements, nested);
  } catch {
    return false;
  }
}
