/**
 * Checks on a file's text that need no parser (so the selection's text scan
 * runs without loading TypeScript): the size limits and binary detection.
 */

/**
 * Larger files are skipped, with a notice (generated bundles, data). The
 * limit is what the analysis can do in bounded time: its cost is linear,
 * about three times a bare parse, and a bare parse of 8 MB alone takes
 * 4 s on the 2-core bench machine, so at 8 MB no file could be done in the
 * 2 s the targets allow. The language server reads no file over 2 MB
 * either (lsp/file-reader.ts). Hand-written source that uses a database
 * is far below it.
 */
export const MAX_PARSE_CHARS = 2 * 1024 * 1024;

/**
 * Texts up to this length keep what the next edit of them reuses: their tree
 * in the analyser (a 256 KB module's tree is about 10 MB), their facts in the
 * language server's worker (facts-worker.ts MovedAhead).
 */
export const KEPT_TREE_CHARS = 256 * 1024;
/** How much of the text is sampled to decide it is not source code. */
const BINARY_SAMPLE = 2048;

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
