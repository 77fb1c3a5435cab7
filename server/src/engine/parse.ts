/**
 * Parsing: file text → ts.SourceFile, or a notice. Binary, huge or
 * unparseable text becomes a notice here, never an exception.
 */
import ts from 'typescript';
import type { FileNotice } from './types';
import { looksBinary, MAX_PARSE_CHARS } from './text-checks';

export { looksBinary, MAX_PARSE_CHARS };

export interface ParseResult {
  sourceFile?: ts.SourceFile;
  notices: FileNotice[];
}

export function scriptKindFor(path: string): ts.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  // .js/.mjs/.cjs parse as JS, which also accepts JSX.
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS; // .ts .mts .cts and anything else
}

export function syntaxErrorCount(sourceFile: ts.SourceFile): number {
  // parseDiagnostics is not in the public typings but is always present on a parsed file.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics?.length ?? 0;
}

/**
 * Parses `text` as the file at `path`. A leading BOM is kept, so offsets in
 * the facts index the exact text the caller holds (and edits).
 */
// The analysis never reads JSDoc, so the parser skips it (about a tenth of
// parse time on commented code).
const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

/**
 * The edit that turns `before` into `after`: their common prefix and suffix
 * left out (what an editor's change events would give, from the texts alone).
 */
export function changeRangeBetween(before: string, after: string): ts.TextChangeRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { span: { start, length: before.length - start - end }, newLength: after.length - start - end };
}

/**
 * `previous`: the tree of this file's last text, which TypeScript's
 * incremental parser reuses (`ts.updateSourceFile`, as tsserver does on
 * every keystroke) and which is unusable afterwards; `change`: the edit
 * from its text, when the caller has worked it out already.
 */
export function parseFile(path: string, text: string, previous?: ts.SourceFile, change?: ts.TextChangeRange): ParseResult {
  const file = path;
  if (typeof text !== 'string') return { notices: [{ file, message: 'unreadable file skipped' }] };
  if (text.length > MAX_PARSE_CHARS) {
    return { notices: [{ file, message: `file larger than ${MAX_PARSE_CHARS / (1024 * 1024)} MB skipped` }] };
  }
  if (looksBinary(text)) return { notices: [{ file, message: 'binary file skipped' }] };
  let sourceFile: ts.SourceFile;
  try {
    const parse = () => ts.createSourceFile(file, text, PARSE_OPTIONS, false, scriptKindFor(file));
    sourceFile = previous ? reparse(previous, text, parse, change ?? changeRangeBetween(previous.text, text)) : parse();
  } catch (error) {
    const reason = error instanceof RangeError ? 'nesting too deep to parse' : `parser failed: ${error instanceof Error ? error.message : String(error)}`;
    return { notices: [{ file, message: `${reason}; file skipped` }] };
  }
  const notices: FileNotice[] = [];
  const errors = syntaxErrorCount(sourceFile);
  if (errors > 0) notices.push({ file, message: `${errors} syntax error${errors === 1 ? '' : 's'}; analysed what parsed` });
  return { sourceFile, notices };
}

/** The incremental parse, or a fresh one when the incremental parser gives up on the old tree. */
function reparse(previous: ts.SourceFile, text: string, parse: () => ts.SourceFile, change: ts.TextChangeRange): ts.SourceFile {
  try {
    return ts.updateSourceFile(previous, text, change);
  } catch {
    return parse();
  }
}
