/**
 * Parse + extract in one call, for callers that hold file text (the
 * workspace, the scan worker, tests). Lives above parse.ts and facts/ so
 * neither imports the other's caller.
 */
import type ts from 'typescript';
import type { EngineOptions, FileFacts } from './types';
import { DEFAULT_PG_MODULES } from './types';
import { changeRangeBetween, looksBinary, MAX_PARSE_CHARS, parseFile } from './parse';
import { inertChangeBefore, inertEditAfter, type InertEdit } from './inert-edit';
import { KEPT_TREE_CHARS } from './text-checks';
import { keepRecent } from './recent-map';
import { emptyFacts, extractFacts, walksToNothing } from './facts/index';
import { generatedTextReason } from './generated';
import { generatedNotice } from './generated-paths';

/** Parse problems become notices, never exceptions. */
export function analyzeText(path: string, text: string, options?: Partial<EngineOptions>): FileFacts {
  return analyzeWith(path, text, options, undefined).facts;
}

/** Trees kept at most: the files being edited right now. */
const KEPT_TREES = 2;

/**
 * `analyzeText` for a host that analyses the same files again and again as
 * they are edited (the language server's worker): the last tree of each of
 * the few files edited most recently is kept, and the next text of that
 * file is parsed incrementally from it (`ts.updateSourceFile`), which
 * re-parses only around the change. The facts are the same as
 * `analyzeText`'s (test/engine/incremental.test.ts).
 */
export class IncrementalAnalyzer {
  private readonly trees = new Map<string, ts.SourceFile>();
  /** Parses that reused a tree, and all parses (tests count work, never time it). */
  readonly counts = { incremental: 0, parses: 0 };

  constructor(private readonly keptTrees = KEPT_TREES) {}

  /**
   * `keepTree`: the text is likely to be edited next (an open document); otherwise the file's tree is dropped.
   * `onInertEdit`: called before the facts are extracted when the text differs from the kept tree's only
   * in comments, whitespace and statements that walk to nothing between two statements of one list
   * (the file's or a block's: inert-edit.ts), with that edit and the new tree.
   */
  analyze(path: string, text: string, options: Partial<EngineOptions> | undefined, keepTree: boolean, onInertEdit?: OnInertEdit): FileFacts {
    const previous = this.trees.get(path);
    this.trees.delete(path); // a tree is updated at most once; the new one goes in last (most recent)
    let result: { facts: FileFacts; sourceFile?: ts.SourceFile };
    try {
      result = analyzeWith(path, text, options, previous, onInertEdit);
    } catch (error) {
      if (!previous) throw error;
      result = analyzeWith(path, text, options, undefined); // never let a reused tree cost a file its facts
    }
    this.counts.parses += result.sourceFile ? 1 : 0;
    if (previous && result.sourceFile) this.counts.incremental++;
    if (keepTree && text.length <= KEPT_TREE_CHARS) keepRecent(this.trees, path, result.sourceFile, this.keptTrees);
    return result.facts;
  }
}

export type OnInertEdit = (edit: InertEdit, sourceFile: ts.SourceFile) => void;

function analyzeWith(path: string, text: string, options: Partial<EngineOptions> | undefined, previous: ts.SourceFile | undefined, onInertEdit?: OnInertEdit): { facts: FileFacts; sourceFile?: ts.SourceFile } {
  const full: EngineOptions = { pgModules: options?.pgModules ?? [...DEFAULT_PG_MODULES], rules: options?.rules ?? {} };
  if (options?.drivers) full.drivers = options.drivers;
  if (options?.reexports) full.reexports = options.reexports;
  // Too large or binary: parseFile's own notice says so, which is the more telling reason.
  if (!options?.analyzeGeneratedFiles && typeof text === 'string' && text.length <= MAX_PARSE_CHARS && !looksBinary(text)) {
    const reason = generatedTextReason(text);
    if (reason) {
      const file = path.split('\\').join('/');
      return { facts: emptyFacts(file, [{ file, message: generatedNotice(reason), kind: 'generated' }]) };
    }
  }
  // Asked of the old tree before the incremental parse reuses its nodes.
  const change = previous && onInertEdit && typeof text === 'string' ? changeRangeBetween(previous.text, text) : undefined;
  const gapsBefore = change ? inertChangeBefore(previous!, change, text) : [];
  const { sourceFile, notices } = parseFile(path, text, previous, change);
  if (!sourceFile) return { facts: emptyFacts(path, notices) };
  const edit = inertEditAfter(sourceFile, gapsBefore, (statements, nested) => walksToNothing(sourceFile, full, statements, nested));
  if (edit) onInertEdit!(edit, sourceFile);
  const facts = extractFacts(sourceFile, full, undefined, path);
  facts.notices = [...notices, ...facts.notices];
  return { facts, sourceFile };
}
