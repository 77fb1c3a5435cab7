/**
 * Which files can take part in a finding — the only ones parsed. See
 * ARCHITECTURE.md ("Analysing only what can matter") for why the result
 * is the same as analysing every file:
 *
 * 1. Driver files: a candidate literal is a driver module specifier (any
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
 *    - DI tokens: when the selected files' facts hold DI tokens, the files
 *      that could hold a DI node (summary.ts `di`) are analysed too, and
 *      those sharing a token with a selected file are selected; then back
 *      to 2, until nothing changes.
 *
 * Step 3 needs facts (DI tokens). A step that needs facts it does not have
 * stops and names those files (`missing`); the caller computes them (in
 * this thread, or in a worker) and runs the selection again.
 */
import type { FileSummary } from './summary';

export interface SelectionInput {
  files: Iterable<string>;
  summaryOf(file: string): FileSummary | undefined;
  /** A driver module specifier of the driver table (any row, under the current module lists). */
  isDriverModule(specifier: string): boolean;
  importersOf(file: string): Iterable<string>;
  importeesOf(file: string): Iterable<string>;
  /** DI token keys of the file's current facts; undefined when the file has no current facts. */
  diKeysOf(file: string): readonly string[] | undefined;
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
    if (summary && summary.strings.some((s) => input.isDriverModule(s))) add(file);
  }
  if (selected.size === 0) return { selected, missing: [] };

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
    if (keys.size === 0) return { selected, missing: [] };
    // Files that could hold a DI node: their facts say whether they share a token.
    const capable = files.filter((file) => !selected.has(file) && input.summaryOf(file)?.links.includes('di'));
    const unknown = capable.filter((file) => input.diKeysOf(file) === undefined);
    if (unknown.length > 0) return { selected, missing: unknown };
    let grew = false;
    for (const file of capable) {
      if (input.diKeysOf(file)!.some((key) => keys.has(key))) {
        add(file);
        grew = true;
      }
    }
    if (!grew && keys.size === before) return { selected, missing: [] };
  }
}
