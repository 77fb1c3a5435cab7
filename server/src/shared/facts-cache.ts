/**
 * Persisted per-file analysis, for the CLI's `--cache` and the language
 * server's storage: each file's text scan (the selection's summary) and, for
 * the files the selection parsed, its facts. The whole cache is used only
 * when it was written by this engine build (engine identity) with the same
 * fact-relevant options (`pgModules`); anything else, and any unreadable or
 * corrupt cache, is ignored with a `problem` for the host to show; the next
 * write replaces it.
 *
 * Which entry belongs to a file's current text — as ESLint's cache does it
 * (file-entry-cache: metadata first, content as the fallback): a file whose
 * modification time and size are the ones recorded is taken as unchanged
 * without being read (`unchanged`); any other file is read, and its entry
 * is used when the content hash matches (`get`). A stat is recorded only
 * when the file's modification time was safely older than the read (more
 * than `RACY_MS` before the run started): a file written in the same
 * timestamp tick as it was read could change again without its mtime
 * moving, so its entry is checked by hash next time (git's "racily clean").
 *
 * Format: JSON lines, so a large cache can be read and written in slices
 * (the language server yields between them): a header line, then one
 * `[path, hash, mtimeMs, size, summary, facts-without-file | 0]` line per
 * file (mtimeMs -1 when no stat is to be trusted), and optionally one
 * `{"resolutions": {fingerprint, entries}}` line: the module resolutions of
 * the run that wrote it, valid only for the file set and config texts of
 * its fingerprint (the engine's ModuleResolver checks it).
 */
import type { EngineOptions, FileFacts } from '../engine/types';
import type { FileSummary } from '../engine/selection/summary';
import type { ResolutionSnapshot } from '../engine/graph/resolve';
import { enabledFileRules } from '../engine/rules/fileRuleIds';

export const FACTS_CACHE_FORMAT = 3;

/** Modification times this close to the run's start are not trusted next time (coarse file-system clocks: FAT has 2 s). */
export const RACY_MS = 2_000;

/** What a stat tells about a file, as recorded with its entry. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

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

export interface CacheEntry {
  hash: string;
  /** The text scan; absent only in entries made without one. */
  summary?: FileSummary;
  /** Absent for files the selection did not parse. */
  facts?: FileFacts;
  /** mtimeMs -1: not to be trusted, check by hash. */
  stamp: FileStamp;
}

const NO_STAMP: FileStamp = { mtimeMs: -1, size: -1 };

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
  private readonly entries = new Map<string, CacheEntry>();
  /** The line an entry was read from, while the entry is unchanged (a replaced entry is a new object). */
  private readonly lines = new WeakMap<CacheEntry, string>();
  /** Something was added or replaced since the cache was loaded (or created). */
  dirty = false;
  /** The module resolutions of the run that wrote the cache (the resolver decides whether they still hold). */
  private resolutionSnapshot: ResolutionSnapshot | undefined;
  /** The resolutions line as it was read, while the snapshot is unchanged. */
  private resolutionsLine: string | undefined;

  constructor(readonly key: CacheKey) {}

  get resolutions(): ResolutionSnapshot | undefined {
    return this.resolutionSnapshot;
  }

  /** Record the run's resolutions; the cache is dirty only when they differ from those read. */
  setResolutions(snapshot: ResolutionSnapshot): void {
    const line = resolutionsLine(snapshot);
    if (line === (this.resolutionsLine ?? (this.resolutionSnapshot && resolutionsLine(this.resolutionSnapshot)))) return;
    this.resolutionSnapshot = snapshot;
    this.resolutionsLine = line;
    this.dirty = true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries with facts (the files that were parsed). */
  get factsCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.facts) count++;
    return count;
  }

  /** The facts computed from the text with this hash, if cached. */
  get(path: string, hash: string): FileFacts | undefined {
    const entry = this.entries.get(path);
    return entry && entry.hash === hash ? entry.facts : undefined;
  }

  /** The entry of the text with this hash (its summary, and facts when the file was parsed). */
  entryFor(path: string, hash: string): CacheEntry | undefined {
    const entry = this.entries.get(path);
    return entry && entry.hash === hash ? entry : undefined;
  }

  /** The entry, when the file's stat is the one recorded with it (the file is taken as unchanged without reading it). */
  unchanged(path: string, stamp: FileStamp): CacheEntry | undefined {
    const entry = this.entries.get(path);
    if (!entry || entry.summary === undefined || entry.stamp.mtimeMs < 0) return undefined;
    return entry.stamp.mtimeMs === stamp.mtimeMs && entry.stamp.size === stamp.size ? entry : undefined;
  }

  /**
   * Record what is known of a file's text with this hash: its summary, its
   * facts when it was parsed, and its stat when the file is old enough to
   * trust one (`trustStampsBefore`: the run's start, in ms since the epoch).
   */
  set(path: string, hash: string, facts: FileFacts | undefined, summary?: FileSummary, stamp?: FileStamp, trustStampsBefore?: number): void {
    const trusted = stamp && trustStampsBefore !== undefined && stamp.mtimeMs >= 0 && stamp.mtimeMs < trustStampsBefore - RACY_MS ? stamp : NO_STAMP;
    const entry = this.entries.get(path);
    if (entry && entry.hash === hash && entry.facts === facts && entry.summary === (summary ?? entry.summary) && sameStamp(entry.stamp, trusted)) return;
    this.entries.set(path, { hash, facts, summary: summary ?? (entry?.hash === hash ? entry.summary : undefined), stamp: trusted });
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
  /**
   * `keepLines`: remember each entry's line, so a write after a run that
   * changed a few entries copies the others instead of serialising them
   * again (the CLI; the language server keeps no texts).
   */
  static parse(text: string | undefined, key: CacheKey, options: { keepLines?: boolean } = {}): { cache: FactsCache; problem?: string } {
    const cache = new FactsCache(key);
    if (text === undefined || text === '') return { cache };
    const lines = text.split('\n');
    const header = checkHeader(lines[0], key);
    if (header !== undefined) return { cache, problem: header };
    try {
      for (let i = 1; i < lines.length; i++) cache.addLine(lines[i], options.keepLines === true);
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
        cache.addLine(lines[i], false);
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
    return [...this.serializedLines()].join('\n') + '\n';
  }

  /** The cache's lines, one at a time (a writer that streams them never holds the whole text). */
  *serializedLines(): Generator<string> {
    yield this.headerLine();
    yield* this.resolutionsLines();
    for (const [path, entry] of this.entries) yield this.lines.get(entry) ?? entryLine(path, entry);
  }

  private resolutionsLines(): string[] {
    if (this.resolutionSnapshot === undefined) return [];
    this.resolutionsLine ??= resolutionsLine(this.resolutionSnapshot);
    return [this.resolutionsLine];
  }

  private headerLine(): string {
    const header: Header = { pgPoolGuardFactsCache: FACTS_CACHE_FORMAT, engine: this.key.engine, options: this.key.options };
    return JSON.stringify(header);
  }

  private addLine(line: string, keepLine: boolean): void {
    if (line === '') return;
    const parsed = JSON.parse(line) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const snapshot = (parsed as { resolutions?: unknown }).resolutions;
      if (!isResolutionsShaped(snapshot)) throw new Error('a line is neither an entry nor resolutions');
      this.resolutionSnapshot = snapshot;
      if (keepLine) this.resolutionsLine = line;
      return;
    }
    if (
      !Array.isArray(parsed) || parsed.length !== 6 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' ||
      typeof parsed[2] !== 'number' || typeof parsed[3] !== 'number' || !isSummaryShaped(parsed[4]) || (parsed[5] !== 0 && !isFactsShaped(parsed[5]))
    ) {
      throw new Error('an entry is not [path, hash, mtime, size, summary, facts]');
    }
    const [path, hash, mtimeMs, size, summary, stored] = parsed as [string, string, number, number, FileSummary, Omit<FileFacts, 'file'> | 0];
    let facts: FileFacts | undefined;
    if (stored !== 0) {
      // The parsed object becomes the facts (no copy of a large object graph).
      facts = stored as FileFacts;
      facts.file = path;
    }
    const entry: CacheEntry = { hash, summary: summary ?? undefined, facts, stamp: { mtimeMs, size } };
    this.entries.set(path, entry);
    if (keepLine) this.lines.set(entry, line);
  }
}

function resolutionsLine(snapshot: ResolutionSnapshot): string {
  return JSON.stringify({ resolutions: { fingerprint: snapshot.fingerprint, entries: snapshot.entries } });
}

function isResolutionsShaped(value: unknown): value is ResolutionSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const { fingerprint, entries } = value as Partial<Record<keyof ResolutionSnapshot, unknown>>;
  return typeof fingerprint === 'string' && Array.isArray(entries) &&
    entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (typeof e[1] === 'string' || e[1] === null));
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size;
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

function entryLine(path: string, entry: CacheEntry): string {
  let facts: Omit<FileFacts, 'file'> | 0 = 0;
  if (entry.facts) {
    const { file: _file, ...rest } = entry.facts;
    facts = rest;
  }
  return JSON.stringify([path, entry.hash, entry.stamp.mtimeMs, entry.stamp.size, entry.summary ?? EMPTY_SUMMARY_MARK, facts]);
}

/** Entries made without a summary are written with none (null), and read back as such. */
const EMPTY_SUMMARY_MARK = null;

function isSummaryShaped(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  const summary = value as Record<string, unknown>;
  return ['strings', 'modules', 'links', 'notices'].every((k) => Array.isArray(summary[k]));
}

function isFactsShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const facts = value as Record<string, unknown>;
  return ['nodes', 'edges', 'exports', 'starExports', 'calls', 'notices', 'lines'].every((k) => Array.isArray(facts[k])) && typeof facts.suppressions === 'object' && facts.suppressions !== null;
}
