/**
 * Just enough SQL tokenizing to know what a statement starts with:
 * whitespace and comments (`-- …`, nested `/* … *\/`) are skipped and
 * keywords are read as whole words, so `BEGIN_X` is not `BEGIN`.
 * Shared by the fact extractor (is this string SQL?), the graph (does this
 * call start a transaction?) and the fix engine.
 */

const SQL_KEYWORDS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'END', 'SAVEPOINT', 'RELEASE',
  'SET', 'RESET', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'LISTEN', 'UNLISTEN', 'NOTIFY', 'COPY', 'LOCK', 'VACUUM',
  'ANALYZE', 'EXPLAIN', 'DO', 'CALL', 'SHOW', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'DECLARE', 'FETCH', 'MOVE', 'CLOSE',
  'GRANT', 'REVOKE', 'MERGE', 'ABORT', 'DISCARD', 'REFRESH', 'VALUES', 'TABLE',
]);

/**
 * The text's first word (after leading whitespace) is an SQL keyword. Cheap on
 * purpose — no copies of long strings, no comment skipping: it runs for every
 * call with a string first argument.
 */
export function startsWithSqlKeyword(sql: string): boolean {
  let start = 0;
  while (start < sql.length && sql.charCodeAt(start) <= 0x20) start++;
  let end = start;
  while (end < sql.length && end - start <= 10) {
    const lower = sql.charCodeAt(end) | 0x20;
    if (lower < 0x61 || lower > 0x7a) break;
    end++;
  }
  return end > start && SQL_KEYWORDS.has(sql.slice(start, end).toUpperCase());
}

/** The first `count` keywords of the SQL text, lower-cased. */
export function leadingWords(sql: string, count: number): string[] {
  const words: string[] = [];
  let i = 0;
  while (words.length < count && i < sql.length) {
    const ch = sql[i];
    if (isSpace(ch)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const newline = sql.indexOf('\n', i);
      i = newline < 0 ? sql.length : newline + 1;
    } else if (sql.startsWith('/*', i)) {
      i = skipBlockComment(sql, i);
    } else if (isWordStart(ch)) {
      let end = i + 1;
      while (end < sql.length && isWordPart(sql[end])) end++;
      words.push(sql.slice(i, end).toLowerCase());
      i = end;
    } else {
      // Punctuation (`;`, `(`, `$$` …) ends the keyword prefix.
      break;
    }
  }
  return words;
}

/** `BEGIN`, `BEGIN TRANSACTION`, `BEGIN ISOLATION LEVEL …`, `begin;`, `START TRANSACTION`. */
export function startsTransaction(sql: string): boolean {
  const [first, second] = leadingWords(sql, 2);
  return first === 'begin' || (first === 'start' && second === 'transaction');
}

/** `LISTEN channel` / `UNLISTEN channel`. */
export function listenKeyword(sql: string): 'listen' | 'unlisten' | undefined {
  const [first] = leadingWords(sql, 1);
  return first === 'listen' || first === 'unlisten' ? first : undefined;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\ufeff';
}

function isWordStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

function isWordPart(ch: string): boolean {
  return isWordStart(ch) || (ch >= '0' && ch <= '9') || ch === '$';
}
