/**
 * Which files can take part in a finding — the only ones parsed. See
 * ARCHITECTURE.md ("Analysing only what can matter") for why the result
 * is the same as analysing every file:
 *
 * 1. Driver files: a candidate literal in specifier position is a driver module specifier (any
 *    row of the driver table under pgModules / drivers). No driver file: no
 *    finding is possible; done.
 * 2. Add every file that may import a selected file, and every file a
 *    selected file may import, until nothing changes: the driver files'
 *    whole component of the import graph, taken as undirected
 *    (import-index.ts: a superset of the real import edges). Importers
 *    reach the connection through imports; importees receive it as a value
 *    (a parameter, a GraphQL `context: { db }`, a registered plugin).
 * 3. Links that are not imports:
 *    - a selected file whose text could publish a value under a name
 *      (`global.db`, `fastify.decorate`, `app.locals`, a directory loader:
 *      summary.ts `shared-name`) selects every file;
 *    - DI tokens (facts/classes.ts tokenKey: a string literal's value, or an
 *      identifier's / dotted name's text): when the selected files' facts
 *      hold DI tokens, every file that could hold a DI node (summary.ts
 *      `di`) and could name one of those tokens — the string among its
 *      candidate literals, the name in its text — is selected; then back
 *      to 2, until nothing changes.
 *
 * Step 3 needs the selected files' facts (their DI tokens). A step that needs facts it does not have
 * stops and names those files (`missing`); the caller computes them (in
 * this thread, or in a worker) and runs the selection again.
 */
import { keptAsCandidate, type FileSummary } from './summary';

export interface SelectionInput {
  files: Iterable<string>;
  summaryOf(file: string): FileSummary | undefined;
  /** A driver module specifier of the driver table (any row, under the current module lists). */
  isDriverModule(specifier: string): boolean;
  importersOf(file: string): Iterable<string>;
  importeesOf(file: string): Iterable<string>;
  /** DI token keys of the file's current facts; undefined when the file has no current facts. */
  diKeysOf(file: string): readonly string[] | undefined;
  /** The file's text contains one of these words (true when it cannot be read: assume it does). */
  mentions(file: string, words: readonly string[]): boolean;
}

export interface SelectionResult {
  selected: Set<string>;
  /** Files whose facts the next step needs: compute them and select again. Empty when the selection is complete. */
  missing: string[];
  /** Why every file was selected, when a selected file holds a link the selection does not model. */
  everything?: string;
}

export function selectFiles(input: SelectionInput): SelectionResult {
  const selected = new Set<string>();
  const queue: string[] = [];
  const add = (file: string) => {
    if (selected.has(file)) return;
    selected.add(file);
    queue.push(file);
  };
  const files = [...input.files];
  for (const file of files) {
    const summary = input.summaryOf(file);
    if (summary && summary.modules.some((s) => input.isDriverModule(s))) add(file);
  }
  if (selected.size === 0) return { selected, missing: [] };

  /** DI token keys of the selected files' facts. */
  const keys = new Set<string>();
  /** Close over import edges both ways; a selected file with an unmodelled link ends the selection with every file. */
  const closeOverImports = (): string | undefined => {
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (input.summaryOf(file)?.links.includes('shared-name')) return file;
      for (const importer of input.importersOf(file)) add(importer);
      for (const importee of input.importeesOf(file)) add(importee);
    }
    return undefined;
  };
  const everything = (because: string): SelectionResult => {
    const all = new Set(files);
    return { selected: all, missing: files.filter((file) => input.diKeysOf(file) === undefined), everything: because };
  };
  for (;;) {
    const publisher = closeOverImports();
    if (publisher !== undefined) return everything(publisher);
    const missing = [...selected].filter((file) => input.diKeysOf(file) === undefined);
    if (missing.length > 0) return { selected, missing };
    const before = keys.size;
    for (const file of selected) for (const key of input.diKeysOf(file)!) keys.add(key);
    if (keys.size === before) return { selected, missing: [] };
    // A file that could hold a DI node with one of these keys: a string token's value is among its
    // candidate literals; an identifier token's name is in its text.
    // A string the text scan does not keep (whitespace, very long) cannot be looked up: every such file then.
    const strings = new Set<string>();
    const words: string[] = [];
    let anyDiFile = false;
    for (const key of keys) {
      if (!key.startsWith('"')) words.push(key);
      else if (keptAsCandidate(JSON.parse(key) as string)) strings.add(JSON.parse(key) as string);
      else anyDiFile = true;
    }
    for (const file of files) {
      if (selected.has(file)) continue;
      const summary = input.summaryOf(file);
      if (!summary?.links.includes('di')) continue;
      if (anyDiFile || summary.strings.some((s) => strings.has(s)) || (words.length > 0 && input.mentions(file, words))) add(file);
    }
  }
}
