/**
 * Persisted per-file facts, for the CLI's `--cache` and the language
 * server's storage. An entry is used only for the exact text it was computed
 * from (its content hash); the whole cache only when it was written by this
 * engine build (engine identity) with the same fact-relevant options
 * (`pgModules`). Anything else, and any unreadable or corrupt cache, is
 * ignored with a `problem` for the host to show; the next write replaces it.
 *
 * Format: JSON lines, so a large cache can be read and written in slices
 * (the language server yields between them): a header line, then one
 * `[path, hash, facts-without-file]` line per file.
 */
import type { EngineOptions, FileFacts } from '../engine/types';
import { enabledFileRules } from '../engine/rules/fileRules';

export const FACTS_CACHE_FORMAT = 1;

interface Header {
  pgPoolGuardFactsCache: number;
  engine: string;
  options: string;
}

export interface CacheKey {
  /** engineIdentity() of the engine that computes the facts. */
  engine: string;
  /** optionsKey() of the options the facts were computed with. */
  options: string;
}

interface Entry {
  hash: string;
  facts: FileFacts;
}

/** The options facts are computed with (EngineOptions without what only changes findings). */
export interface FactsOptions {
  pgModules: string[];
  drivers?: Partial<Record<string, string[]>>;
  rules?: EngineOptions['rules'];
  analyzeGeneratedFiles?: boolean;
}

/** The part of the options that facts depend on: the module lists, which per-file rules run in the walk, generated files analysed or not. */
export function optionsKey(options: FactsOptions): string {
  const drivers = Object.entries(options.drivers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([[...options.pgModules].sort(), drivers, enabledFileRules(options.rules ?? {}), options.analyzeGeneratedFiles === true]);
}

export class FactsCache {
  private readonly entries = new Map<string, Entry>();
  /** Something was added or replaced since the cache was loaded (or created). */
  dirty = false;

  constructor(readonly key: CacheKey) {}

  get size(): number {
    return this.entries.size;
  }

  /** The facts computed from the text with this hash, if cached. */
  get(path: string, hash: string): FileFacts | undefined {
    const entry = this.entries.get(path);
    return entry && entry.hash === hash ? entry.facts : undefined;
  }

  set(path: string, hash: string, facts: FileFacts): void {
    const entry = this.entries.get(path);
    if (entry && entry.hash === hash && entry.facts === facts) return;
    this.entries.set(path, { hash, facts });
    this.dirty = true;
  }

  delete(path: string): void {
    if (this.entries.delete(path)) this.dirty = true;
  }

  paths(): IterableIterator<string> {
    return this.entries.keys();
  }

  /**
   * Reads a cache text (undefined: there is none yet, which is no problem).
   * A cache for another engine or other options, or one that does not parse,
   * comes back empty with the reason.
   */
  static parse(text: string | undefined, key: CacheKey): { cache: FactsCache; problem?: string } {
    const cache = new FactsCache(key);
    if (text === undefined || text === '') return { cache };
    const lines = text.split('\n');
    const header = checkHeader(lines[0], key);
    if (header !== undefined) return { cache, problem: header };
    try {
      for (let i = 1; i < lines.length; i++) cache.addLine(lines[i]);
    } catch (error) {
      return { cache: new FactsCache(key), problem: `corrupt (${(error as Error).message}); ignored` };
    }
    return { cache };
  }

  /** As `parse`, yielding to the event loop every `sliceMs` so requests are answered meanwhile. */
  static async parseSliced(text: string | undefined, key: CacheKey, yieldNow: () => Promise<void>, sliceMs = 10): Promise<{ cache: FactsCache; problem?: string }> {
    const cache = new FactsCache(key);
    if (text === undefined || text === '') return { cache };
    const lines = text.split('\n');
    const header = checkHeader(lines[0], key);
    if (header !== undefined) return { cache, problem: header };
    let sliceStart = Date.now();
    try {
      for (let i = 1; i < lines.length; i++) {
        cache.addLine(lines[i]);
        if (Date.now() - sliceStart >= sliceMs) {
          await yieldNow();
          sliceStart = Date.now();
        }
      }
    } catch (error) {
      return { cache: new FactsCache(key), problem: `corrupt (${(error as Error).message}); ignored` };
    }
    return { cache };
  }

  serialize(): string {
    const parts = [this.headerLine()];
    for (const [path, entry] of this.entries) parts.push(entryLine(path, entry));
    return parts.join('\n') + '\n';
  }

  /** As `serialize`, yielding to the event loop every `sliceMs`. */
  async serializeSliced(yieldNow: () => Promise<void>, sliceMs = 10): Promise<string> {
    const parts = [this.headerLine()];
    let sliceStart = Date.now();
    for (const [path, entry] of [...this.entries]) {
      parts.push(entryLine(path, entry));
      if (Date.now() - sliceStart >= sliceMs) {
        await yieldNow();
        sliceStart = Date.now();
      }
    }
    return parts.join('\n') + '\n';
  }

  private headerLine(): string {
    const header: Header = { pgPoolGuardFactsCache: FACTS_CACHE_FORMAT, engine: this.key.engine, options: this.key.options };
    return JSON.stringify(header);
  }

  private addLine(line: string): void {
    if (line === '') return;
    const parsed = JSON.parse(line) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || !isFactsShaped(parsed[2])) {
      throw new Error('an entry is not [path, hash, facts]');
    }
    const [path, hash, facts] = parsed as [string, string, Omit<FileFacts, 'file'>];
    this.entries.set(path, { hash, facts: { file: path, ...facts } });
  }
}

function checkHeader(line: string | undefined, key: CacheKey): string | undefined {
  let header: Partial<Header>;
  try {
    header = JSON.parse(line ?? '') as Partial<Header>;
  } catch {
    return 'corrupt (no header); ignored';
  }
  if (typeof header !== 'object' || header === null || header.pgPoolGuardFactsCache === undefined) return 'not a pg-pool-guard cache; ignored';
  if (header.pgPoolGuardFactsCache !== FACTS_CACHE_FORMAT || header.engine !== key.engine) return 'written by another version of pg-pool-guard; ignored';
  if (header.options !== key.options) return 'written with other pgModules; ignored';
  return undefined;
}

function entryLine(path: string, entry: Entry): string {
  const { file: _file, ...rest } = entry.facts;
  return JSON.stringify([path, entry.hash, rest]);
}

function isFactsShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const facts = value as Record<string, unknown>;
  return ['nodes', 'edges', 'exports', 'starExports', 'calls', 'notices', 'lines'].every((k) => Array.isArray(facts[k])) && typeof facts.suppressions === 'object' && facts.suppressions !== null;
}
