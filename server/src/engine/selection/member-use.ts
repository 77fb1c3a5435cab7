/**
 * Whether a file that may import a module can join one of that module's
 * live exports (ARCHITECTURE.md "Analysing only what can matter", step 2),
 * from its text alone. The module graph joins an import node to the
 * exporter's export of the node's name (`moduleGraph.ts` `exportTargets`):
 * a named import, `ns.name` on a namespace, `require('m').name` and
 * `{ name } = require('m')` each get a node of that name; only the
 * namespace node itself (`const ns = require('m')`, importedName `*`)
 * joins to every export, and the facts refer to it only where the binding
 * is resolved as a value (passed on, returned, stored, spread, indexed,
 * exported, destructured) or is the receiver of a call (`db.query(…)` is a
 * ClientCall on it).
 *
 * So, given the exporter's live export names (its default export is not
 * live and it re-exports nothing with `export *`, or the caller does not
 * ask), the test errs only towards "it can": every occurrence (in the one
 * quote-to-quote scan the import index reads, string-literals.ts
 * `eachLiteral`) of a literal naming the module in specifier position must
 * be exactly `const|let|var <x> = require('<module>');` — then the file's
 * import nodes of the module are those bindings' namespace nodes and the
 * members read on them (`x.name`) — and every other occurrence of the word
 * `<x>` in the text (comments and strings included) must be a property
 * name (`.x`) or `x.<member>` with a member that is not live, followed by
 * something that cannot make the member access a callee (not `(`, `` ` ``,
 * `?.`, `!` but `!=`, `<`, `/`, a word, nor `)` followed by one of those).
 * Anything else — an `import`, a destructuring, a bare `require('m')`, a
 * `\u` escape that could hide a word — counts as "it can".
 */
import { CR, DOUBLE, eachLiteral, inSpecifierPosition, isIdentifierChar, isSpace, LF, LS, PS, SINGLE } from './string-literals';

export function mayReachExports(text: string, names: readonly string[], namesModule: (value: string) => boolean): boolean {
  if (text.includes('\\u')) return true;
  const bindings: Binding[] = [];
  let other = false;
  eachLiteral(text, (at, end, value) => {
    if (other || !namesModule(value) || !inSpecifierPosition(text, at)) return;
    const binding = requireBinding(text, at, end);
    if (binding === undefined) other = true;
    else bindings.push(binding);
  });
  if (other) return true;
  for (const binding of bindings) if (usedBeyondMembers(text, binding.name, bindings, names)) return true;
  return false;
}

interface Binding {
  name: string;
  /** Where the name is declared. */
  at: number;
  /** The specifier literal, quotes included (`require('../db')` holds the word `db`). */
  literal: readonly [number, number];
}

const DOT = 0x2e;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;

function isBlank(c: number): boolean {
  return isSpace(c) || c === LF || c === CR || c === LS || c === PS;
}

function isWordAt(text: string, at: number, length: number): boolean {
  return (at === 0 || !isIdentifierChar(text.charCodeAt(at - 1))) && !isIdentifierChar(text.charCodeAt(at + length));
}

/** `const|let|var <x> = require('<literal>');` around the literal at `quoteAt`…`closeAt`: the binding `<x>` and where it is written. */
function requireBinding(text: string, quoteAt: number, closeAt: number): Binding | undefined {
  const quote = text.charCodeAt(quoteAt);
  if (quote !== SINGLE && quote !== DOUBLE) return undefined;
  let i = closeAt + 1;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== CLOSE_PAREN) return undefined;
  i++;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== SEMICOLON) return undefined;
  let j = quoteAt - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  if (text.charCodeAt(j) !== OPEN_PAREN) return undefined;
  j--;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  if (!wordEndsAt(text, j, 'require')) return undefined;
  j -= 'require'.length;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  if (text.charCodeAt(j) !== EQUALS) return undefined;
  j--;
  // `x = require(…)`: a blank or the name right before `=` (not `+=`, `==`, `=>` …).
  if (j < 0 || !(isBlank(text.charCodeAt(j)) || isIdentifierChar(text.charCodeAt(j)))) return undefined;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  const nameEnd = j + 1;
  while (j >= 0 && isIdentifierChar(text.charCodeAt(j))) j--;
  const nameStart = j + 1;
  if (nameStart === nameEnd) return undefined;
  const first = text.charCodeAt(nameStart);
  if (first >= 0x30 && first <= 0x39) return undefined;
  if (j < 0 || !isBlank(text.charCodeAt(j))) return undefined;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  if (!['const', 'let', 'var'].some((keyword) => wordEndsAt(text, j, keyword))) return undefined;
  return { name: text.slice(nameStart, nameEnd), at: nameStart, literal: [quoteAt, closeAt] };
}

/** `word` ends at `end` (inclusive), with no identifier character before it. */
function wordEndsAt(text: string, end: number, word: string): boolean {
  const start = end - word.length + 1;
  if (start < 0 || text.slice(start, end + 1) !== word) return false;
  return start === 0 || !isIdentifierChar(text.charCodeAt(start - 1));
}

/** Some occurrence of the word `name` is neither its declaration, a property name, nor `name.member` outside a callee. */
function usedBeyondMembers(text: string, name: string, declarations: readonly Binding[], live: readonly string[]): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isWordAt(text, at, name.length)) continue;
    if (declarations.some((d) => d.at === at || (at > d.literal[0] && at < d.literal[1]))) continue;
    // `.name` is a property name (`...name` is a spread: a use).
    if (at > 0 && text.charCodeAt(at - 1) === DOT && !(at > 1 && text.charCodeAt(at - 2) === DOT)) continue;
    if (!memberReadOnly(text, at + name.length, live)) return true;
  }
  return false;
}

/** At `from`: `.member`, not a live export, that is not (through parentheses) called, tagged, optional-chained or given type arguments. */
function memberReadOnly(text: string, from: number, live: readonly string[]): boolean {
  if (text.charCodeAt(from) !== DOT) return false;
  let i = from + 1;
  const first = text.charCodeAt(i);
  if (!isIdentifierChar(first) || (first >= 0x30 && first <= 0x39)) return false;
  while (i < text.length && isIdentifierChar(text.charCodeAt(i))) i++;
  if (live.includes(text.slice(from + 1, i))) return false;
  for (;;) {
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    if (i >= text.length) return true;
    const c = text.charCodeAt(i);
    // `(db.query)(…)`: the parenthesised access is still the callee.
    if (c === CLOSE_PAREN) {
      i++;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    // `db.pool != null`, `db.pool ?? other`, `db.pool ? a : b` — not `db.pool!(…)` nor `db.pool?.(…)`.
    if (c === 0x21 /* ! */) return next === EQUALS;
    if (c === 0x3f /* ? */) return next !== DOT;
    return FOLLOWS_MEMBER_READ.has(c);
  }
}

/** What may follow a member read that is no callee: `.` (a longer chain: its receiver is the member), operators, separators. */
const FOLLOWS_MEMBER_READ = new Set([...'.;,=[]{}:+-*%&|^>'].map((c) => c.charCodeAt(0)));
