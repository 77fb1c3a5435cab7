/**
 * Generated and vendored code: committed bundles, minified files, files a
 * generator marks `@generated`. Parsing them costs much (one 480 KB bundle took
 * seconds) and finds nothing the user can act on, so they are skipped by
 * default, with a notice (the `analyzeGeneratedFiles` setting turns this off).
 * Paths are judged by generated-paths.ts (file discovery); text here
 * (generatedTextReason, used by analyzeText).
 */
import ts from 'typescript';

/** Text at least this long whose lines average more than MINIFIED_LINE characters is minified. */
const MINIFIED_MIN_CHARS = 4096;
const MINIFIED_LINE = 500;
/** How far into the file the leading comments may reach to carry `@generated`. */
const HEADER_CHARS = 2048;

/** Why a file's text looks generated or minified, if it does. */
export function generatedTextReason(text: string): string | undefined {
  if (hasGeneratedHeader(text)) return 'marked @generated';
  if (text.length >= MINIFIED_MIN_CHARS) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > MINIFIED_LINE) return `minified (lines average ${Math.round(text.length / lines)} characters)`;
  }
  return undefined;
}

/** `@generated` in the leading comments (after a shebang or BOM), the convention of protoc, GraphQL Code Generator, Prisma … */
function hasGeneratedHeader(text: string): boolean {
  const head = text.slice(0, HEADER_CHARS);
  const shebang = ts.getShebang(head);
  const start = (head.charCodeAt(0) === 0xfeff ? 1 : 0) + (shebang?.length ?? 0);
  const comments = ts.getLeadingCommentRanges(head, start) ?? [];
  return comments.some((c) => head.slice(c.pos, c.end).includes('@generated'));
}

