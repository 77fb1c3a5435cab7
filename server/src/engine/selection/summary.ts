/**
 * What the selection needs to know about a file before deciding to parse
 * it, from its text alone: the candidate string-literal values (module
 * specifiers are among them), whether a link other than an import could be
 * written in it (a DI token), and the notices a parse would not get to give
 * (binary, too large). Independent of the options, so it can be cached
 * with the file's content hash.
 */
import type { FileNotice } from '../types';
import { looksBinary, MAX_PARSE_CHARS } from '../text-checks';
import { literalCandidates, MAX_LITERAL_LENGTH } from './string-literals';

export interface FileSummary {
  /**
   * Candidate values of the file's string literals that could be a module
   * specifier (one with whitespace only when it also has a `/`: a path with
   * a space; no package name has one).
   */
  strings: string[];
  /**
   * Those of `strings` that could be module specifiers: written where the
   * engine reads one (string-literals.ts `inSpecifierPosition`). Driver
   * files and import edges come from these; `{ name: 'pg' }` in a vendored
   * bundle is not one.
   */
  modules: string[];
  /** Links other than imports that the file's text could hold (see LINK_NEEDLES). */
  links: LinkKind[];
  notices: FileNotice[];
}

/**
 * Links between files that are not imports, and a word every source of
 * such a link must contain (an identifier written with a `\u` escape could
 * hide the word, so such a file counts as holding every kind):
 *
 * - `di`: a DI token node comes only from a `provide:` property or an
 *   `@Inject(…)` decorator. Modelled precisely: the selection reads the
 *   tokens from the facts and selects the files that share one.
 * - `shared-name`: a value published under a name, read elsewhere by that
 *   name and not through an import — `global.db = …` / `globalThis.db`
 *   (read as a bare `db` in files that import nothing), a framework
 *   registry (`fastify.decorate('db', …)`, `app.locals.db`), a directory
 *   loader that imports route files by path (`@fastify/autoload`). Not
 *   modelled: when a selected file holds one, every file is selected.
 */
export type LinkKind = 'di' | 'shared-name';
export const LINK_NEEDLES: Record<LinkKind, readonly string[]> = {
  di: ['provide', 'Inject'],
  'shared-name': ['global', 'decorate', 'locals', 'autoload'],
};

function mayHideWords(text: string): boolean {
  return text.includes('\\u');
}

export function summarize(file: string, text: string): FileSummary {
  if (text.length > MAX_PARSE_CHARS) {
    return { strings: [], modules: [], links: [], notices: [{ file, message: `file larger than ${MAX_PARSE_CHARS / (1024 * 1024)} MB skipped` }] };
  }
  if (looksBinary(text)) return { strings: [], modules: [], links: [], notices: [{ file, message: 'binary file skipped' }] };
  const candidates = literalCandidates(text, keptAsCandidate);
  const strings = [...candidates.all];
  const modules = strings.filter((value) => candidates.specifiers.has(value));
  const links: LinkKind[] = [];
  const escaped = mayHideWords(text);
  for (const kind of Object.keys(LINK_NEEDLES) as LinkKind[]) {
    if (escaped || LINK_NEEDLES[kind].some((needle) => text.includes(needle))) links.push(kind);
  }
  return { strings, modules, links, notices: [] };
}

/** Whether a literal with this value is in `strings` of every file that holds one (what the scan and the filter keep). */
export function keptAsCandidate(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LITERAL_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return false;
  }
  return value.includes('/') || !hasWhitespace(value);
}

function hasWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x1680 || c === 0x202f || c === 0x205f) return true;
  }
  return false;
}
