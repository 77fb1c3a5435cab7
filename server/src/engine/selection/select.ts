/**
 * Which files can take part in a finding — the only ones parsed. See
 * ARCHITECTURE.md ("Analysing only what can matter") for why the result
 * is the same as analysing every file:
 *
 * 1. Driver files: a candidate literal in specifier position is a driver module specifier (any
 *    row of the driver table under pgModules / drivers). No driver file: no
 *    finding is possible; done.
 * 2. Add every file that may import a selected file, until nothing changes
 *    (import-index.ts: a superset of the real import edges). A node on a
 *    path to a creation reaches it through an import (its file imports the
 *    next one) or through a token shared by key (step 3); nothing reaches a
 *    creation by being imported.
 * 3. Tokens, from the selected files' facts:
 *    - argument tokens (`registerRoutes(app, db)`, facts/arguments.ts) name
 *      the module whose function receives the value: the files with that
 *      module key are selected;
 *    - a registry or global token (`context: { db }`, `app.set('db', db)`,
 *      `global.db`): its consumers can be anywhere, so from then on importees
 *      are added too — the whole component of the import graph, taken as
 *      undirected (the reference this selection narrows);
 *    - DI tokens (facts/classes.ts tokenKey: a string literal's value, or an
 *      identifier's / dotted name's text): every file that could hold a DI
 *      node (summary.ts `di`) and could name one of those tokens — the string
 *      among its candidate literals, the name in its text — is selected;
 *    then back to 2, until nothing changes.
 *    A selected file whose text could publish a value under a name
 *    (`global.db`, `fastify.decorate`, `app.locals`, a directory loader:
 *    summary.ts `shared-name`) selects every file.
 *
 * Step 3 needs the selected files' facts (their tokens). A step that needs facts it does not have
 * stops and names those files (`missing`); the caller computes them (in
 * this thread, or in a worker) and runs the selection again.
 */
import { keptAsCandidate, type FileSummary } from './summary';
import { moduleKey } from '../module-key';

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

/** Token key prefixes (facts/arguments.ts, facts/registries.ts); other keys are DI tokens. */
const ARGUMENT_TOKEN = 'arg:';
const NAMED_VALUE_TOKENS = ['reg:', 'global:'];

/** The module an argument token names: `arg:<module>#<function>#<index>` (the module path may hold a `#`). */
function argumentTokenModule(key: string): string {
  const indexAt = key.lastIndexOf('#');
  return key.slice(ARGUMENT_TOKEN.length, key.lastIndexOf('#', indexAt - 1));
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

  /** Importees too: set once a selected file holds a registry or global token. */
  let undirected = false;
  /** DI token keys of the selected files' facts. */
  const keys = new Set<string>();
  /** How many of `keys` the DI lookup below has looked for. */
  let keysLookedUp = 0;
  const tokensRead = new Set<string>();
  let filesByModule: Map<string, string[]> | undefined;
  /** Close over importers (and importees, once undirected); a selected file with an unmodelled link ends the selection with every file. */
  const closeOverImports = (): string | undefined => {
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (input.summaryOf(file)?.links.includes('shared-name')) return file;
      for (const importer of input.importersOf(file)) add(importer);
      if (undirected) for (const importee of input.importeesOf(file)) add(importee);
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
    const sizeBefore = selected.size;
    // A snapshot: files added below are read next round, once they have facts.
    for (const file of [...selected]) {
      if (tokensRead.has(file)) continue;
      tokensRead.add(file);
      for (const key of input.diKeysOf(file)!) {
        if (key.startsWith(ARGUMENT_TOKEN)) {
          if (!filesByModule) {
            filesByModule = new Map();
            for (const f of files) {
              const module = moduleKey(f);
              const list = filesByModule.get(module);
              if (list) list.push(f);
              else filesByModule.set(module, [f]);
            }
          }
          for (const consumer of filesByModule.get(argumentTokenModule(key)) ?? []) add(consumer);
        } else if (NAMED_VALUE_TOKENS.some((prefix) => key.startsWith(prefix))) {
          if (!undirected) {
            undirected = true;
            // Every selected file's importees now count: look at them all again.
            for (const file of selected) queue.push(file);
          }
        } else keys.add(key);
      }
    }
    if (queue.length > 0 || selected.size !== sizeBefore) continue;
    if (keys.size === keysLookedUp) return { selected, missing: [] };
    keysLookedUp = keys.size;
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
