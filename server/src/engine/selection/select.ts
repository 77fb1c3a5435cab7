/**
 * Which files can take part in a finding — the only ones parsed. See
 * ARCHITECTURE.md ("Analysing only what can matter") for why the result
 * is the same as analysing every file. Every finding is about a resource
 * creation (a CreationNode), and every walk the rules make stays among the
 * nodes with a path to one; such a path leaves a file only through one of
 * its import nodes or through a token shared by key. So:
 *
 * 1. Driver files: a candidate literal in specifier position is a driver
 *    module specifier (any row of the driver table under pgModules /
 *    drivers). A creation is only ever made in such a file (the walk knows a
 *    driver export only through the file's own import or require of a driver
 *    module), so they are parsed first; the ones whose facts hold a
 *    creation are the seeds. No seed: no finding is possible; done.
 * 2. Add every file that may import a reached file that exports something
 *    with a path to a creation (over the facts parsed so far; or re-exports
 *    a module), until nothing changes (import-index.ts: a superset of the
 *    real import edges). An import joins only to the exporter's export
 *    targets, and nothing reaches a creation by being imported. An importer
 *    whose text neither names a live export nor uses the module's namespace
 *    as a value (member-use.ts) joins only exports without such a path: left out.
 * 3. Tokens, from the reached files' facts:
 *    - argument tokens (`registerRoutes(app, db)`, facts/arguments.ts) name
 *      the module whose function receives the value: the files with that
 *      module key are reached;
 *    - registry and global tokens (`context: { db }`, `app.set('db', db)`,
 *      `fastify.decorate('db', db)`, `global.db = db`) whose token node has
 *      a path to a creation in the graph of the files parsed so far (the
 *      provider on such a path is in a reached file: it holds the value,
 *      and the value's path to the creation is made of reached files'
 *      nodes): their consumers read the value by that name (`ctx.db`,
 *      `fastify.db`, `req.app.get('db')`, a bare `db`), in any file,
 *      imported or not, so every file whose text names it is reached;
 *    - DI tokens (facts/classes.ts tokenKey: a string literal's value, or an
 *      identifier's / dotted name's text): every file that could hold a DI
 *      node (summary.ts `di`) and could name one of those tokens — the string
 *      among its candidate literals, the name in its text — is reached;
 *    then back to 2, until nothing changes.
 *
 * A driver file whose facts re-export a driver (`module.exports = require('pg')`,
 * `export { Client } from 'pg'`) makes its importers driver files too (they
 * see the driver through it: graph/driverReexports.ts), to a fixpoint.
 *
 * The selection is the reached files plus every driver file (parsed in any
 * case: their facts decide the seeds).
 *
 * Steps 1 and 3 need facts (creations, tokens). A step that needs facts it
 * does not have stops and names those files (`missing`); the caller
 * computes them (in this thread, or in a worker) and runs the selection
 * again.
 */
import { keptAsCandidate, type FileSummary } from './summary';
import { moduleKey } from '../module-key';

/** What the selection reads from a parsed file's facts. */
export interface LinkFacts {
  /** Keys of the file's token nodes (DI, argument, registry and global tokens). */
  tokens: readonly string[];
  /** The file creates a resource of the driver table. */
  creates: boolean;
  /** The file re-exports a driver's value (`module.exports = require('pg')`): its importers create like driver files. */
  reexportsDriver?: boolean;
}

export interface SelectionInput {
  files: Iterable<string>;
  summaryOf(file: string): FileSummary | undefined;
  /** A driver module specifier of the driver table (any row, under the current module lists). */
  isDriverModule(specifier: string): boolean;
  importersOf(file: string): Iterable<string>;
  /** The file's current facts as the selection reads them; undefined when it has no current facts. */
  linksOf(file: string): LinkFacts | undefined;
  /**
   * Over the facts of the files parsed so far, following every edge (a superset of any walk a rule makes):
   * what has a path to a creation.
   */
  live(): Liveness;
  /** The file's text contains one of these words (true when it cannot be read: assume it does). */
  mentions(file: string, words: readonly string[]): boolean;
  /**
   * Whether `importer` may join one of these live exports of `exporter` (member-use.ts, from its text; true when
   * it cannot be read). Absent: every importer may.
   */
  mayReachExports?(importer: string, exporter: string, names: readonly string[]): boolean;
}

export interface Liveness {
  /** Registry and global token keys (`reg:db`, `global:db`) whose token node has a path to a creation. */
  namedTokens: Iterable<string>;
  /** Files an import can join to a node with a path to a creation: an export's target has one, or the file re-exports a module (`export *`). */
  exporting: ReadonlySet<string>;
  /**
   * For an exporting file, the names of its exports whose target has a path to a creation, sorted; 'any' when an
   * import of any name may join one (its default export is live: an unknown name falls back to it; or it has an
   * `export *`). Absent for a file: 'any'.
   */
  liveExports?: ReadonlyMap<string, readonly string[] | 'any'>;
}

export interface SelectionResult {
  selected: Set<string>;
  /** Files whose facts the next step needs: compute them and select again. Empty when the selection is complete. */
  missing: string[];
  /** The selection looked for names in the text of every file it did not reach: any unselected file's text can change it. */
  readAllTexts: boolean;
}

/** Token key prefixes (facts/arguments.ts, facts/registries.ts); other keys are DI tokens. */
const ARGUMENT_TOKEN = 'arg:';
const NAMED_VALUE_TOKENS = ['reg:', 'global:'];

/** The module an argument token names: `arg:<module>#<function>#<index>` (the module path may hold a `#`). */
function argumentTokenModule(key: string): string {
  const indexAt = key.lastIndexOf('#');
  return key.slice(ARGUMENT_TOKEN.length, key.lastIndexOf('#', indexAt - 1));
}

export function isNamedValueToken(key: string): boolean {
  return NAMED_VALUE_TOKENS.some((prefix) => key.startsWith(prefix));
}

/** The name a consumer of a registry or global token writes: `reg:db` → `db`, `global:[POOL_KEY]` → `POOL_KEY`. */
function publishedName(key: string): string {
  const name = key.slice(key.indexOf(':') + 1);
  return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
}

export function selectFiles(input: SelectionInput): SelectionResult {
  const files = [...input.files];
  const drivers = files.filter((file) => input.summaryOf(file)?.modules.some((s) => input.isDriverModule(s)));
  const selected = new Set(drivers);
  if (drivers.length === 0) return { selected, missing: [], readAllTexts: false };
  // A file importing a module that re-exports a driver sees the driver through it: it is a driver file too.
  const driverFiles = new Set(drivers);
  for (;;) {
    const driversMissing = [...driverFiles].filter((file) => input.linksOf(file) === undefined);
    if (driversMissing.length > 0) return { selected, missing: driversMissing, readAllTexts: false };
    const before = driverFiles.size;
    for (const file of [...driverFiles]) {
      if (!input.linksOf(file)!.reexportsDriver) continue;
      for (const importer of input.importersOf(file)) {
        driverFiles.add(importer);
        selected.add(importer);
      }
    }
    if (driverFiles.size === before) break;
  }

  const reached = new Set<string>();
  const reach = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    selected.add(file);
  };
  for (const file of driverFiles) if (input.linksOf(file)!.creates) reach(file);
  if (reached.size === 0) return { selected, missing: [], readAllTexts: false };

  /** DI token keys of the reached files' facts. */
  const keys = new Set<string>();
  /** How many of `keys` the DI lookup below has looked for. */
  let keysLookedUp = 0;
  /** Names the reached files publish values under, and those the lookup below has looked for. */
  const names = new Set<string>();
  const namesLookedUp = new Set<string>();
  const tokensRead = new Set<string>();
  /** Reached files whose importers were looked at, with the live export names they were looked at for. */
  const exported = new Map<string, string>();
  /** Some importer was left out by its text (`mayReachExports`): an edit of it can change the selection. */
  let importersReadByText = false;
  let filesByModule: Map<string, string[]> | undefined;
  for (;;) {
    const missing = [...reached].filter((file) => input.linksOf(file) === undefined);
    if (missing.length > 0) return { selected, missing, readAllTexts: namesLookedUp.size > 0 || importersReadByText };
    const sizeBefore = reached.size;
    // A snapshot: files reached below are read next round, once they have facts.
    for (const file of [...reached]) {
      if (tokensRead.has(file)) continue;
      tokensRead.add(file);
      for (const key of input.linksOf(file)!.tokens) {
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
          for (const consumer of filesByModule.get(argumentTokenModule(key)) ?? []) reach(consumer);
        } else if (!isNamedValueToken(key)) keys.add(key);
      }
    }
    // An importer joins only to the file's exports: it matters once one of them has a path to a creation.
    const live = input.live();
    // An importer that cannot name a live export nor use the module's namespace as a value (member-use.ts) joins
    // only exports without a path to a creation: it is left out. Looked at again when more exports become live.
    for (const file of [...reached]) {
      if (!live.exporting.has(file)) continue;
      const names = live.liveExports?.get(file) ?? 'any';
      const signature = names === 'any' ? '*' : names.join('\n');
      if (exported.get(file) === signature) continue;
      exported.set(file, signature);
      for (const importer of input.importersOf(file)) {
        if (reached.has(importer)) continue;
        if (names === 'any' || input.mayReachExports === undefined || input.mayReachExports(importer, file, names)) reach(importer);
        else importersReadByText = true;
      }
    }
    if (reached.size !== sizeBefore) continue;
    for (const key of live.namedTokens) names.add(publishedName(key));
    const newNames = [...names].filter((name) => !namesLookedUp.has(name));
    if (keys.size === keysLookedUp && newNames.length === 0) return { selected, missing: [], readAllTexts: namesLookedUp.size > 0 || importersReadByText };
    const diKeysNew = keys.size !== keysLookedUp;
    keysLookedUp = keys.size;
    for (const name of newNames) namesLookedUp.add(name);
    // A file that could hold a DI node with one of these keys: a string token's value is among its
    // candidate literals; an identifier token's name is in its text.
    // A string the text scan does not keep (whitespace, very long) cannot be looked up: every such file then.
    const diStrings = new Set<string>();
    const diWords: string[] = [];
    let anyDiFile = false;
    if (diKeysNew) {
      for (const key of keys) {
        if (!key.startsWith('"')) diWords.push(key);
        else if (keptAsCandidate(JSON.parse(key) as string)) diStrings.add(JSON.parse(key) as string);
        else anyDiFile = true;
      }
    }
    // A consumer of a published name writes it as an identifier or a string (`get('db')`): in the text, or among the
    // cooked candidate literals when the string has escapes; a name the text scan does not keep: every file.
    const anyFileByName = newNames.some((name) => !keptAsCandidate(name));
    for (const file of files) {
      if (reached.has(file)) continue;
      const summary = input.summaryOf(file);
      const diFile = diKeysNew && summary?.links.includes('di') === true;
      if (diFile && (anyDiFile || summary!.strings.some((s) => diStrings.has(s)))) {
        reach(file);
        continue;
      }
      if (newNames.length > 0 && (anyFileByName || summary === undefined || summary.strings.some((s) => names.has(s)))) {
        reach(file);
        continue;
      }
      const words = diFile ? [...diWords, ...newNames] : newNames;
      if (words.length > 0 && input.mentions(file, words)) reach(file);
    }
  }
}
