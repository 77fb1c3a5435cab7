/**
 * Parsing: file text → ts.SourceFile, or a notice. Binary, huge or
 * unparseable text becomes a notice here, never an exception.
 */
import ts from 'typescript';
import type { FileNotice } from './types';

/** Larger files are skipped (generated bundles, data). */
export const MAX_PARSE_CHARS = 8 * 1024 * 1024;
/** How much of the text is sampled to decide it is not source code. */
const BINARY_SAMPLE = 2048;

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

/** NUL bytes, or mostly control characters / replacement characters in the first 2 KB. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = Math.min(text.length, BINARY_SAMPLE);
  if (sample === 0) return false;
  let odd = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b) || c === 0xfffd) odd++;
  }
  return odd / sample > 0.1;
}

function syntaxErrorCount(sourceFile: ts.SourceFile): number {
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

export function parseFile(path: string, text: string): ParseResult {
  const file = path;
  if (typeof text !== 'string') return { notices: [{ file, message: 'unreadable file skipped' }] };
  if (text.length > MAX_PARSE_CHARS) {
    return { notices: [{ file, message: `file larger than ${MAX_PARSE_CHARS / (1024 * 1024)} MB skipped` }] };
  }
  if (looksBinary(text)) return { notices: [{ file, message: 'binary file skipped' }] };
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(file, text, PARSE_OPTIONS, false, scriptKindFor(file));
  } catch (error) {
    const reason = error instanceof RangeError ? 'nesting too deep to parse' : `parser failed: ${error instanceof Error ? error.message : String(error)}`;
    return { notices: [{ file, message: `${reason}; file skipped` }] };
  }
  const notices: FileNotice[] = [];
  const errors = syntaxErrorCount(sourceFile);
  if (errors > 0) notices.push({ file, message: `${errors} syntax error${errors === 1 ? '' : 's'}; analysed what parsed` });
  return { sourceFile, notices };
}

