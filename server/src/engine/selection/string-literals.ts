/**
 * A superset of the values of a file's string literals, from its text alone
 * (no parse). The engine recognises a module only through a string literal
 * or a no-substitution template (`import … from 'x'`, `require('x')`,
 * `import('x')`, `export … from 'x'`), whose value is the literal's cooked
 * text. Every such literal starts at some quote character and ends at the
 * next unescaped same quote (on the same line for ' and "). So a candidate
 * is taken from EVERY quote character of the text — not only from those a
 * tokenizer would call the start of a string — to that closing quote, and
 * cooked: whatever a regex literal, a comment or an apostrophe in JSX text
 * does to a tokenizer, every real literal is among the candidates (with some
 * garbage, which only costs a failed resolution). This is why the selection
 * does not use ts.preProcessFile: its scanner never re-scans `/` as a regex,
 * so `/'/` before a `require('./db')` on the same line hides that require.
 */

export const SINGLE = 0x27;
export const DOUBLE = 0x22;
const BACKTICK = 0x60;
const BACKSLASH = 0x5c;
export const LF = 0x0a;
export const CR = 0x0d;
export const LS = 0x2028;
export const PS = 0x2029;

/** Longer values are never module specifiers or DI keys worth following (and bound the scan of an unclosed quote). */
export const MAX_LITERAL_LENGTH = 512;

/**
 * Cooked values of every quote-to-quote span of `text`, at most
 * MAX_LITERAL_LENGTH long and without line breaks (no specifier has one);
 * templates holding `${` are not literals the engine follows. Deduplicated.
 */
export function stringLiteralCandidates(text: string): string[] {
  return [...literalCandidates(text).all];
}

export interface Candidates {
  /** Every candidate value. */
  all: Set<string>;
  /** Those that could be a module specifier: some occurrence is in specifier position (`inSpecifierPosition`). */
  specifiers: Set<string>;
}

/**
 * The candidate values, and which of them could be module specifiers.
 * `keep` decides, before a value is stored or its position looked at,
 * whether it is wanted at all (the summary keeps only what could be a
 * specifier or a DI key); the scan is the same either way.
 */
export function literalCandidates(text: string, keep: (value: string) => boolean = () => true): Candidates {
  const out = new Set<string>();
  const specifiers = new Set<string>();
  // An escaped keyword or identifier could hide the context: every candidate counts as a specifier then.
  const anyPosition = text.includes('\\u');
  eachLiteral(text, (at, _end, value) => {
    if (!keep(value)) return;
    out.add(value);
    if (!specifiers.has(value) && (anyPosition || inSpecifierPosition(text, at))) specifiers.add(value);
  });
  return { all: out, specifiers };
}

/**
 * Every quote-to-quote span of `text` that `literalCandidates` takes a candidate from: `visit(quoteAt,
 * closingQuoteAt, cookedValue)`, in text order (a value may come several times). The one scan both the
 * candidates and the member-use test (member-use.ts) read, so every occurrence of a candidate is visited.
 */
export function eachLiteral(text: string, visit: (at: number, end: number, value: string) => void): void {
  const n = text.length;
  // Each quote character's next position (n: none left): the scan jumps from quote to quote.
  let nextSingle = indexOrEnd(text, "'", 0);
  let nextDouble = indexOrEnd(text, '"', 0);
  let nextBacktick = indexOrEnd(text, '`', 0);
  for (;;) {
    const at = Math.min(nextSingle, nextDouble, nextBacktick);
    if (at >= n) break;
    const quote = text.charCodeAt(at);
    if (quote === SINGLE) nextSingle = indexOrEnd(text, "'", at + 1);
    else if (quote === DOUBLE) nextDouble = indexOrEnd(text, '"', at + 1);
    else nextBacktick = indexOrEnd(text, '`', at + 1);
    let escapes = false;
    let end = -1;
    const limit = Math.min(n, at + 1 + MAX_LITERAL_LENGTH + 1);
    for (let i = at + 1; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        escapes = true;
        i++; // the escaped character never closes the literal
        continue;
      }
      if (c === quote) {
        end = i;
        break;
      }
      // A line break ends a ' or " literal (unterminated); in a template it is part of the value, and no specifier has one.
      if (c === LF || c === CR || c === LS || c === PS) break;
      if (quote === BACKTICK && c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) break;
    }
    if (end <= at + 1) continue;
    const raw = text.slice(at + 1, end);
    const value = escapes ? cook(raw) : raw;
    if (value !== undefined && value.length > 0 && !hasLineBreak(value)) visit(at, end, value);
  }
}

function indexOrEnd(text: string, quote: string, from: number): number {
  const at = text.indexOf(quote, from);
  return at < 0 ? text.length : at;
}

const OPEN_PAREN = 0x28;
const SLASH = 0x2f;
const STAR = 0x2a;
/** Words after which a module specifier literal comes: `from 'x'`, `import 'x'`, `declare module 'x'`, and `require` for good measure. */
const SPECIFIER_WORDS = new Set(['from', 'import', 'module', 'require']);

export function isIdentifierChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c > 0x7f;
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x1680 || c === 0x202f || c === 0x205f;
}

/**
 * Whether the literal starting at `quoteAt` could be a module specifier the
 * engine reads: every form it reads (`import … from 'x'`, `import 'x'`,
 * `export … from 'x'`, `import x = require('x')`, `require('x')`,
 * `import('x')`) puts the literal right after `(`, `from` or `import`, with
 * only whitespace or comments between. Looking back from the quote past
 * whitespace: `(` or one of those words is a yes; the end of a block
 * comment, or a line before that holds `//` (a line comment could hide the
 * word), is an "it could be" (yes); anything else (`name: 'pg'`, `['pg']`,
 * `=== 'pg'`) is a no. Errs only towards yes.
 */
export function inSpecifierPosition(text: string, quoteAt: number): boolean {
  let i = quoteAt - 1;
  let crossedLine = false;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i--;
    else if (c === LF || c === CR || c === LS || c === PS) {
      crossedLine = true;
      i--;
    } else break;
  }
  if (i < 0) return false;
  const c = text.charCodeAt(i);
  if (c === OPEN_PAREN) return true;
  if (c === SLASH && i > 0 && text.charCodeAt(i - 1) === STAR) return true;
  if (crossedLine && lineHoldsLineComment(text, i)) return true;
  if (!isIdentifierChar(c)) return false;
  let start = i;
  while (start > 0 && isIdentifierChar(text.charCodeAt(start - 1)) && i - start < 8) start--;
  return SPECIFIER_WORDS.has(text.slice(start, i + 1));
}

/** The line holding `at` has `//` somewhere before `at` (or at it). */
function lineHoldsLineComment(text: string, at: number): boolean {
  for (let i = at; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR || c === LS || c === PS) return false;
    if (c === SLASH && text.charCodeAt(i - 1) === SLASH) return true;
  }
  return false;
}

function hasLineBreak(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === LF || c === CR || c === LS || c === PS) return true;
  }
  return false;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' };

function hexValue(raw: string, from: number, to: number): number | undefined {
  if (to <= from || to > raw.length) return undefined;
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = parseInt(raw[i]!, 16);
    if (Number.isNaN(d)) return undefined;
    value = value * 16 + d;
  }
  return value;
}

const isOctalDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';

/** The value of a literal's raw text, with JavaScript's escapes applied; undefined when malformed (then it is no literal the engine reads either). */
export function cook(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[++i];
    if (next === undefined) return undefined;
    if (next === 'x') {
      const code = hexValue(raw, i + 1, i + 3);
      if (code === undefined) return undefined;
      out += String.fromCharCode(code);
      i += 2;
    } else if (next === 'u' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i + 2);
      const code = close < 0 || close - (i + 2) > 6 ? undefined : hexValue(raw, i + 2, close);
      if (code === undefined || code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i = close;
    } else if (next === 'u') {
      const code = hexValue(raw, i + 1, i + 5);
      if (code === undefined) return undefined;
      out += String.fromCharCode(code);
      i += 4;
    } else if (isOctalDigit(next)) {
      // \0 alone is NUL; otherwise legacy octal (sloppy-mode strings): up to three digits, at most \377.
      let digits = next;
      while (digits.length < 3 && isOctalDigit(raw[i + 1]) && parseInt(digits + raw[i + 1], 8) <= 0o377) digits += raw[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (next === '\r') {
      if (raw[i + 1] === '\n') i++; // line continuation
    } else if (next === '\n' || next === '\u2028' || next === '\u2029') {
      // line continuation: nothing
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
