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
 * (the language server yields between them): a header line, then
 * optionally one `{"resolutions": {fingerprint, entries}}` line: the module
 * resolutions of the run that wrote it, valid only for the file set and
 * config texts of its fingerprint (the engine's ModuleResolver checks it);
 * optionally one `{"findings": {key, findings, notices, derived?, textsRead?}}`
 * line: the report of the run that wrote it, for the file set, config texts
 * and options of its key (the CLI reuses it when no file's summary or facts
 * changed, and moves its derivation when a file's facts only moved); then
 * one `[path, hash, mtimeMs, size]<TAB>[summary, facts-without-file | 0]`
 * line per file (mtimeMs -1 when no stat is to be trusted). The part after
 * the tab (JSON never holds a raw tab) is parsed only when the entry is
 * used: a run that reuses the findings reads the heads only. The last line,
 * `{"end": checksum}`, is the checksum of all lines before it (written as
 * they are streamed out; body-checksum.ts): any damage and the whole cache
 * is ignored.
 *
 * A run that changed a few entries need not write 18 MB again: the CLI
 * appends a segment (`journalSegment`) — the lines of what changed (entry
 * lines, `{"drop": path}` for a file gone, the resolutions and report lines
 * when they changed), then `{"end": checksum, "from": offset}`: the
 * checksum of the segment's lines, and the offset it starts at (the size of
 * the file it was appended to, so two runs appending at once make a segment
 * that does not check). Reading (`parseBytes`) applies the segments in
 * order, a later line replacing an earlier one; a damaged segment makes the
 * whole cache ignored, as any damage does. Once the segments would pass a
 * quarter of the rest, the cache is written whole again. The language
 * server writes its storage whole, and reads it as text (`parse`,
 * `parseSliced`), which takes no segments.
 */
import type { EngineOptions, FileFacts } from '../engine/types';
import type { FileSummary } from '../engine/selection/summary';
import type { ResolutionSnapshot } from '../engine/graph/resolve';
import type { FileNotice, Finding } from '../engine/types';
import type { DerivedReport } from '../engine/rules/index';
import { enabledFileRules } from '../engine/rules/fileRuleIds';
import * as buffer from 'node:buffer';
import { checksumLike, createBodyChecksum, type BodyChecksum } from './body-checksum';

export const FACTS_CACHE_FORMAT = 5;

/** Segments are appended while they stay under this share of the base (`journalSegment`). */
const MAX_JOURNAL_SHARE = 0.25;

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

/** The findings and notices of the run that wrote the cache, and what they were derived from (`key`: the host's). */
export interface CachedReport {
  key: string;
  findings: Finding[];
  notices: FileNotice[];
  /** How the findings were derived (rules/index.ts `DerivedReport`, its pattern as source): a later run moves it when a file's spans only moved. */
  derived?: StoredDerivedReport;
  /** The selection read the texts of files it did not parse (not only their text scans): an edit of one can change it. */
  textsRead?: boolean;
}

/** A `DerivedReport` as JSON has it: its findings are the report's, its pattern a source. */
export type StoredDerivedReport = Omit<DerivedReport, 'pattern' | 'findings'> & { pattern: string };

/** What to keep of a `DerivedReport` (stored with its findings as the report's). */
export function storedDerived(report: DerivedReport): StoredDerivedReport {
  return { entries: report.entries, refs: report.refs, lineTexts: report.lineTexts, pattern: report.pattern.source };
}

/** The `DerivedReport` a cached report was made from, when it kept one. */
export function derivedOf(report: CachedReport): DerivedReport | undefined {
  const stored = report.derived;
  return stored && { entries: stored.entries, findings: report.findings, refs: stored.refs, lineTexts: stored.lineTexts, pattern: new RegExp(stored.pattern, 'g') };
}

/** An entry as read or set: its head, and the rest parsed on first use (`entry`). */
interface Stored {
  hash: string;
  stamp: FileStamp;
  /** The line as read (head, tab, tail), while the entry is unchanged: its text, or its bytes in the file read (`parseBytes`). */
  line?: string | Buffer;
  /** Where the tail starts in `line`. */
  tailAt?: number;
  /** The parsed entry (absent until first used). */
  entry?: CacheEntry;
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
  /** One file's driver re-exports (`EngineOptions.reexports`); facts record them, so they are not part of the cache key. */
  reexports?: EngineOptions['reexports'];
}

/** The part of the options that facts depend on: the module lists, which per-file rules run in the walk, generated files analysed or not. */
export function optionsKey(options: FactsOptions): string {
  const drivers = Object.entries(options.drivers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([[...options.pgModules].sort(), drivers, enabledFileRules(options.rules ?? {}), options.analyzeGeneratedFiles === true]);
}

export class FactsCache {
  private readonly entries = new Map<string, Stored>();
  /** Something was added or replaced since the cache was loaded (or created). */
  dirty = false;
  /** The module resolutions of the run that wrote the cache (the resolver decides whether they still hold). */
  private resolutionSnapshot: ResolutionSnapshot | undefined;
  /** The resolutions line as it was read, while the snapshot is unchanged. */
  private resolutionsLine: string | undefined;
  private report: CachedReport | undefined;
  private reportLine: string | undefined;

  constructor(readonly key: CacheKey) {}

  /** What changed since the cache was read (`journalSegment`): entries set, restamped or deleted, and the two prefix lines. */
  private readonly changedPaths = new Set<string>();
  private resolutionsChanged = false;
  private reportChanged = false;
  /** The bytes it was read from (`parseBytes`): their length, where the base ends, and the last trailer line. */
  private readFrom: { size: number; baseEnd: number; lastTrailer: Buffer } | undefined;

  /** The resolutions line as read and not parsed yet (the CLI's: a run that reuses its report never needs them). */
  private unparsedResolutions: string | undefined;

  get resolutions(): ResolutionSnapshot | undefined {
    if (this.unparsedResolutions !== undefined) {
      const line = this.unparsedResolutions;
      this.unparsedResolutions = undefined;
      // The body hash was checked, so a bad line is a writer's bug: no resolutions then (they are computed again).
      const snapshot = parsedResolutions(line);
      if (snapshot) this.resolutionSnapshot = snapshot;
      else this.resolutionsLine = undefined;
    }
    return this.resolutionSnapshot;
  }

  /** Record the run's resolutions; the cache is dirty only when they differ from those read. */
  setResolutions(snapshot: ResolutionSnapshot): void {
    const line = resolutionsLine(snapshot);
    if (line === (this.resolutionsLine ?? (this.resolutionSnapshot && resolutionsLine(this.resolutionSnapshot)))) return;
    this.unparsedResolutions = undefined;
    this.resolutionSnapshot = snapshot;
    this.resolutionsLine = line;
    this.resolutionsChanged = true;
    this.dirty = true;
  }

  /** The report of the run that wrote the cache, when it was derived from what `key` names. */
  findingsFor(key: string): CachedReport | undefined {
    return this.report?.key === key ? this.report : undefined;
  }

  /** Record the run's report (`report.key`: what it was derived from); undefined forgets the one read. */
  setFindings(report: CachedReport | undefined): void {
    const line = report && asciiJson({ findings: report });
    if (line === this.reportLine) return;
    this.report = report;
    this.reportLine = line;
    this.reportChanged = true;
    this.dirty = true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries with facts (the files that were parsed). */
  get factsCount(): number {
    let count = 0;
    for (const path of this.entries.keys()) if (this.entry(path)?.facts) count++;
    return count;
  }

  /** The facts computed from the text with this hash, if cached. */
  get(path: string, hash: string): FileFacts | undefined {
    return this.entryFor(path, hash)?.facts;
  }

  /** The entry of the text with this hash (its summary, and facts when the file was parsed). */
  entryFor(path: string, hash: string): CacheEntry | undefined {
    return this.entries.get(path)?.hash === hash ? this.entry(path) : undefined;
  }

  /** The hash of the text the file's entry was made from, without parsing the entry. */
  hashOf(path: string): string | undefined {
    return this.entries.get(path)?.hash;
  }

  /** The file's stat is the one recorded with its entry (without parsing the entry; `unchanged` is the whole check). */
  stampMatches(path: string, stamp: FileStamp): boolean {
    const stored = this.entries.get(path);
    return stored !== undefined && stored.stamp.mtimeMs >= 0 && sameStamp(stored.stamp, stamp);
  }

  /** The entry, when the file's stat is the one recorded with it (the file is taken as unchanged without reading it). */
  unchanged(path: string, stamp: FileStamp): CacheEntry | undefined {
    if (!this.stampMatches(path, stamp)) return undefined;
    const entry = this.entry(path);
    return entry?.summary === undefined ? undefined : entry;
  }

  /**
   * Record what is known of a file's text with this hash: its summary, its
   * facts when it was parsed, and its stat when the file is old enough to
   * trust one (`trustStampsBefore`: the run's start, in ms since the epoch).
   */
  set(path: string, hash: string, facts: FileFacts | undefined, summary?: FileSummary, stamp?: FileStamp, trustStampsBefore?: number): void {
    const trusted = trustedStamp(stamp, trustStampsBefore);
    const stored = this.entries.get(path);
    const entry = stored?.entry;
    if (entry && entry.hash === hash && entry.facts === facts && entry.summary === (summary ?? entry.summary) && sameStamp(entry.stamp, trusted)) return;
    const keptSummary = summary ?? (stored?.hash === hash ? this.entry(path)?.summary : undefined);
    this.entries.set(path, { hash, stamp: trusted, entry: { hash, facts, summary: keptSummary, stamp: trusted } });
    this.changedPaths.add(path);
    this.dirty = true;
  }

  /** The same text, seen with another stat: only the head of its line changes (the entry is not parsed). */
  restamp(path: string, stamp: FileStamp, trustStampsBefore: number): void {
    const stored = this.entries.get(path);
    const trusted = trustedStamp(stamp, trustStampsBefore);
    if (!stored || sameStamp(stored.stamp, trusted)) return;
    stored.stamp = trusted;
    if (stored.entry) stored.entry = { ...stored.entry, stamp: trusted };
    if (stored.line !== undefined && stored.tailAt !== undefined) {
      // Still unparsed: a new head before the tail as read.
      const tail = lineText(stored.line, stored.tailAt);
      stored.line = headLine(path, stored.hash, trusted) + tail;
      stored.tailAt = stored.line.length - tail.length;
    } else {
      stored.line = undefined;
    }
    this.changedPaths.add(path);
    this.dirty = true;
  }

  delete(path: string): void {
    if (!this.entries.delete(path)) return;
    this.changedPaths.add(path);
    this.dirty = true;
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
    const header = checkHeader(lines[0], key) ?? checkTrailer(text, lines);
    if (header !== undefined) return { cache, problem: header };
    try {
      for (let i = 1; i < lines.length - 2; i++) cache.addLine(lines[i], options.keepLines === true);
    } catch (error) {
      return { cache: new FactsCache(key), problem: `corrupt (${(error as Error).message}); ignored` };
    }
    return { cache };
  }

  /**
   * As `parse`, from the file's bytes: a cache is ASCII (`asciiJson`), so its
   * text is the bytes as one-byte characters (no UTF-8 decoding) and its
   * hash is taken of the bytes (as fast again as of a string). Any other
   * byte: decoded as UTF-8, as `parse` would have it.
   */
  static parseBytes(bytes: Buffer | undefined, key: CacheKey, options: { keepLines?: boolean } = {}): { cache: FactsCache; problem?: string } {
    if (bytes === undefined || !isAscii(bytes)) return FactsCache.parse(bytes?.toString('utf8'), key, options);
    const cache = new FactsCache(key);
    if (bytes.length === 0) return { cache };
    const firstEnd = bytes.indexOf(NEWLINE);
    const headerProblem = checkHeader(bytes.toString('latin1', 0, firstEnd < 0 ? bytes.length : firstEnd), key);
    if (headerProblem !== undefined) return { cache, problem: headerProblem };
    const sections = checkSections(bytes);
    if ('problem' in sections) return { cache, problem: sections.problem };
    try {
      for (let at = firstEnd + 1; at < bytes.length; ) {
        const end = bytes.indexOf(NEWLINE, at);
        // Entry lines stay bytes (only their heads are decoded); the few others are read as text; trailers were checked.
        if (bytes[at] === OPEN_BRACKET) cache.addEntryBytes(bytes.subarray(at, end), options.keepLines === true);
        else if (!sections.trailerStarts.has(at)) cache.addLine(bytes.toString('latin1', at, end), options.keepLines === true);
        at = end + 1;
      }
    } catch (error) {
      return { cache: new FactsCache(key), problem: `corrupt (${(error as Error).message}); ignored` };
    }
    cache.readFrom = { size: bytes.length, baseEnd: sections.baseEnd, lastTrailer: Buffer.from(bytes.subarray(sections.lastTrailerAt)) };
    return { cache };
  }

  /** As `parse`, yielding to the event loop every `sliceMs` so requests are answered meanwhile. */
  static async parseSliced(text: string | undefined, key: CacheKey, yieldNow: () => Promise<void>, sliceMs = 10): Promise<{ cache: FactsCache; problem?: string }> {
    const cache = new FactsCache(key);
    if (text === undefined || text === '') return { cache };
    const lines = text.split('\n');
    const header = checkHeader(lines[0], key) ?? checkTrailer(text, lines);
    if (header !== undefined) return { cache, problem: header };
    let sliceStart = Date.now();
    try {
      for (let i = 1; i < lines.length - 2; i++) {
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

  /**
   * What changed since the cache was read from bytes, as the lines of a
   * segment to append after them (`from`: their length; `lastTrailer`: how
   * they end, for the writer to check it appends to the file it read).
   * Undefined when the cache was not read from bytes, when the report read
   * was forgotten (no line says that), or when the segments would pass
   * MAX_JOURNAL_SHARE of the base: then it is written whole.
   */
  journalSegment(): { from: number; lastTrailer: Buffer; pieces: (string | Buffer)[] } | undefined {
    const read = this.readFrom;
    if (!read || (this.reportChanged && this.reportLine === undefined)) return undefined;
    const pieces: (string | Buffer)[] = [];
    const resolutions = this.resolutionsChanged ? this.currentResolutionsLine() : undefined;
    if (resolutions !== undefined) pieces.push(resolutions);
    if (this.reportChanged) pieces.push(this.reportLine!);
    for (const path of this.changedPaths) pieces.push(this.entries.has(path) ? this.lineOf(path) : asciiJson({ drop: path }));
    const bytes = pieces.reduce((sum, piece) => sum + piece.length + 1, 0);
    if (read.size - read.baseEnd + bytes > MAX_JOURNAL_SHARE * read.baseEnd) return undefined;
    return { from: read.size, lastTrailer: read.lastTrailer, pieces };
  }

  serialize(): string {
    return [...this.serializedLines()].join('\n') + '\n';
  }

  /**
   * The cache's lines, one at a time (a writer that streams them never holds
   * the whole text), the last one the hash of all before it.
   */
  *serializedLines(): Generator<string> {
    const checksum = createBodyChecksum();
    for (const line of this.bodyLines()) {
      checksum.update(line).update('\n');
      yield line;
    }
    yield trailerLine(checksum.digest());
  }

  /** The lines before the trailer (a writer that hashes what it writes adds `trailerLine` of that hash). */
  *bodyLines(): Generator<string> {
    for (const line of this.bodyPieces()) yield typeof line === 'string' ? line : line.toString('latin1');
  }

  /** As `bodyLines`, the lines kept as bytes (`parseBytes`) as those bytes: written as they were read, never decoded. */
  *bodyPieces(): Generator<string | Buffer> {
    yield headerLine(this.key);
    for (const line of this.prefixLines()) yield line;
    for (const path of [...this.entries.keys()]) if (this.entries.has(path)) yield this.lineOf(path);
  }

  /**
   * The last line of a cache whose lines before it, each with its newline,
   * have this checksum (body-checksum.ts); with `from`, of a segment
   * appended at that offset (`journalSegment`), whose lines have it.
   */
  static trailerLine(checksum: string, from?: number): string {
    return trailerLine(checksum, from);
  }

  private lineOf(path: string): string | Buffer {
    const stored = this.entries.get(path)!;
    return stored.line ?? entryLine(path, this.entry(path)!);
  }

  private prefixLines(): string[] {
    return [this.currentResolutionsLine(), this.reportLine].filter((line): line is string => line !== undefined);
  }

  private currentResolutionsLine(): string | undefined {
    if (this.unparsedResolutions !== undefined) return this.unparsedResolutions;
    if (this.resolutionSnapshot === undefined) return undefined;
    this.resolutionsLine ??= resolutionsLine(this.resolutionSnapshot);
    return this.resolutionsLine;
  }

  /** The entry with its summary and facts, parsing its line's tail on first use. */
  private entry(path: string): CacheEntry | undefined {
    const stored = this.entries.get(path);
    if (!stored) return undefined;
    if (stored.entry) return stored.entry;
    let tail: unknown;
    try {
      tail = JSON.parse(lineText(stored.line!, stored.tailAt));
    } catch {
      tail = undefined;
    }
    // The body hash was checked, so this is a writer's bug: the entry is dropped (the file is analysed again), never used.
    if (!Array.isArray(tail) || tail.length !== 2 || !isSummaryShaped(tail[0]) || (tail[1] !== 0 && !isFactsShaped(tail[1]))) {
      this.delete(path);
      return undefined;
    }
    const [summary, storedFacts] = tail as [FileSummary | null, Omit<FileFacts, 'file'> | 0];
    let facts: FileFacts | undefined;
    if (storedFacts !== 0) {
      // The parsed object becomes the facts (no copy of a large object graph).
      facts = storedFacts as FileFacts;
      facts.file = path;
    }
    stored.entry = { hash: stored.hash, summary: summary ?? undefined, facts, stamp: stored.stamp };
    if (!this.keepsLines) {
      stored.line = undefined;
      stored.tailAt = undefined;
    }
    return stored.entry;
  }

  /** Whether lines are kept for writing back (parse's keepLines); without, a parsed tail drops its line. */
  private keepsLines = false;

  private addLine(line: string, keepLine: boolean): void {
    if (line === '') return;
    if (keepLine && line.startsWith(RESOLUTIONS_LINE_START)) {
      // Kept as read, parsed on first use (`resolutions`).
      this.unparsedResolutions = line;
      this.resolutionsLine = line;
      return;
    }
    if (line.charCodeAt(0) === 123 /* { */) {
      const parsed = JSON.parse(line) as { resolutions?: unknown; findings?: unknown; drop?: unknown };
      if (typeof parsed.drop === 'string') {
        this.entries.delete(parsed.drop);
      } else if (parsed.resolutions !== undefined) {
        if (!isResolutionsShaped(parsed.resolutions)) throw new Error('the resolutions line is not {fingerprint, entries}');
        this.resolutionSnapshot = parsed.resolutions;
        if (keepLine) this.resolutionsLine = line;
      } else if (isReportShaped(parsed.findings)) {
        this.report = parsed.findings;
        this.reportLine = line;
      } else {
        throw new Error('a line is neither an entry, resolutions nor findings');
      }
      return;
    }
    this.keepsLines = keepLine;
    const tab = line.indexOf('\t');
    this.addEntry(line, tab < 0 ? line : line.slice(0, tab), tab);
  }

  /** An entry line as bytes (ASCII): only its head is decoded, the line is kept as those bytes. */
  private addEntryBytes(line: Buffer, keepLine: boolean): void {
    this.keepsLines = keepLine;
    const tab = line.indexOf(TAB);
    this.addEntry(line, line.toString('latin1', 0, tab < 0 ? line.length : tab), tab);
  }

  private addEntry(line: string | Buffer, headText: string, tab: number): void {
    const head = JSON.parse(headText) as unknown;
    if (tab < 0 || !Array.isArray(head) || head.length !== 4 || typeof head[0] !== 'string' || typeof head[1] !== 'string' || typeof head[2] !== 'number' || typeof head[3] !== 'number') {
      throw new Error('an entry is not [path, hash, mtime, size] and its summary and facts');
    }
    const [path, hash, mtimeMs, size] = head as [string, string, number, number];
    this.entries.set(path, { hash, stamp: { mtimeMs, size }, line, tailAt: tab + 1 });
  }
}

/**
 * JSON with every non-ASCII character escaped (`\u2026`): one such character
 * anywhere would make the whole cache text a two-byte string when it is
 * read (twice the memory, and slower to split, hash and parse).
 */
function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) : json;
}
const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;

const NEWLINE = 10;
const TAB = 9;
const OPEN_BRACKET = 91;

/** The text of a kept line from `from` on. */
function lineText(line: string | Buffer, from: number | undefined): string {
  return typeof line === 'string' ? line.slice(from) : line.toString('latin1', from);
}

/**
 * As `checkTrailer`, on the bytes of an ASCII cache, which may end in
 * appended segments: from the last trailer back to the base's, each
 * section's lines checked against its trailer, and a segment's `from` the
 * end of the section before it. Where each trailer line starts (the last
 * one's too), and where the base ends; or the problem.
 */
function checkSections(bytes: Buffer): { trailerStarts: Set<number>; lastTrailerAt: number; baseEnd: number } | { problem: string } {
  const trailerStarts = new Set<number>();
  let lastTrailerAt = -1;
  let end = bytes.length;
  for (;;) {
    const endsWithNewline = end >= 1 && bytes[end - 1] === NEWLINE;
    const trailerAt = endsWithNewline ? bytes.lastIndexOf(NEWLINE, end - 2) + 1 : -1;
    const trailer = parsedTrailer(trailerAt <= 0 ? undefined : bytes.toString('latin1', trailerAt, end - 1));
    const from = trailer?.from;
    const sectionStart = from ?? 0;
    const fits = from === undefined || (from > 0 && from < trailerAt && bytes[from - 1] === NEWLINE);
    const problem = fits ? trailerProblem(trailer, (checksum) => checksum.update(bytes.subarray(sectionStart, trailerAt))) : CORRUPT_SEGMENT;
    if (problem !== undefined) return { problem };
    trailerStarts.add(trailerAt);
    if (lastTrailerAt < 0) lastTrailerAt = trailerAt;
    if (from === undefined) return { trailerStarts, lastTrailerAt, baseEnd: end };
    end = from;
  }
}

const CORRUPT_SEGMENT = 'corrupt (a segment does not follow the one before it); ignored';

/** A trailer line's checksum (`end`) and, for a segment's, its `from`; undefined when the line is no trailer. */
function parsedTrailer(line: string | undefined): { end: string; from?: number } | undefined {
  let parsed: { end?: unknown; from?: unknown };
  try {
    parsed = line === undefined ? {} : (JSON.parse(line) as { end?: unknown; from?: unknown });
  } catch {
    return undefined;
  }
  if (typeof parsed?.end !== 'string') return undefined;
  const from = parsed.from;
  return typeof from === 'number' && Number.isSafeInteger(from) ? { end: parsed.end, from } : { end: parsed.end };
}

/** Every byte is ASCII (Node 18.15+; older ones: decoded as UTF-8 instead). */
function isAscii(bytes: Buffer): boolean {
  const check = (buffer as { isAscii?: (input: Buffer) => boolean }).isAscii;
  return check !== undefined && check(bytes);
}

function trustedStamp(stamp: FileStamp | undefined, trustStampsBefore: number | undefined): FileStamp {
  return stamp && trustStampsBefore !== undefined && stamp.mtimeMs >= 0 && stamp.mtimeMs < trustStampsBefore - RACY_MS ? stamp : NO_STAMP;
}

function headLine(path: string, hash: string, stamp: FileStamp): string {
  return asciiJson([path, hash, stamp.mtimeMs, stamp.size]) + '\t';
}

function headerLine(key: CacheKey): string {
  const header: Header = { pgPoolGuardFactsCache: FACTS_CACHE_FORMAT, engine: key.engine, options: key.options };
  return asciiJson(header);
}

/** The last line: the checksum of every line before it (each with its newline), or of a segment's lines and where it starts. */
function trailerLine(checksum: string, from?: number): string {
  return asciiJson(from === undefined ? { end: checksum } : { end: checksum, from });
}
/** How a trailer line starts (JSON.stringify writes the key first, unspaced). */
const TRAILER_LINE_START = '{"end":';


function isReportShaped(value: unknown): value is CachedReport {
  if (typeof value !== 'object' || value === null) return false;
  const { key, findings, notices, derived } = value as Partial<Record<keyof CachedReport, unknown>>;
  return typeof key === 'string' && Array.isArray(findings) && Array.isArray(notices) && (derived === undefined || isDerivedShaped(derived));
}

function isDerivedShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { entries, refs, lineTexts, pattern } = value as Partial<Record<keyof StoredDerivedReport, unknown>>;
  return Array.isArray(entries) && Array.isArray(refs) && Array.isArray(lineTexts) && refs.length === lineTexts.length && typeof pattern === 'string';
}

/** How `resolutionsLine` starts (JSON.stringify writes the key first, unspaced). */
const RESOLUTIONS_LINE_START = '{"resolutions":';

function parsedResolutions(line: string): ResolutionSnapshot | undefined {
  try {
    const parsed = (JSON.parse(line) as { resolutions?: unknown }).resolutions;
    return isResolutionsShaped(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function resolutionsLine(snapshot: ResolutionSnapshot): string {
  return asciiJson({ resolutions: { fingerprint: snapshot.fingerprint, entries: snapshot.entries } });
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

/**
 * The text ends with its trailer line and a newline (`lines`: the text split
 * at newlines, so the trailer is the one before the last, empty, item), and
 * the trailer's hash is that of everything before it: else it is damaged.
 */
function checkTrailer(text: string, lines: readonly string[]): string | undefined {
  const trailer = lines.length >= 3 && lines[lines.length - 1] === '' ? lines[lines.length - 2] : undefined;
  return trailerProblem(parsedTrailer(trailer), (checksum) => checksum.update(text.slice(0, text.length - trailer!.length - 1)));
}

/** Why a trailer (`parsedTrailer`) does not vouch for the lines before it, which `update` feeds a checksum; undefined when it does. */
function trailerProblem(trailer: { end: string } | undefined, update: (checksum: BodyChecksum) => void): string | undefined {
  if (!trailer) return 'corrupt (it does not end with the hash of its lines); ignored';
  const checksum = checksumLike(trailer.end);
  if (!checksum) return 'checked with a hash this Node does not have; ignored';
  update(checksum);
  if (trailer.end !== checksum.digest()) return 'corrupt (its content does not match the hash on its last line); ignored';
  return undefined;
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
  return headLine(path, entry.hash, entry.stamp) + asciiJson([entry.summary ?? EMPTY_SUMMARY_MARK, facts]);
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

/**
 * A cache text without the entries of `paths`, as if those files had
 * changed since it was written (the bench's warm runs on a directory it
 * must not edit). Undefined when the text is no cache.
 */
export function cacheTextWithout(text: string, paths: ReadonlySet<string>): { text: string; dropped: number } | undefined {
  const lines = text.split('\n');
  if (lines.length < 3 || lines[lines.length - 1] !== '') return undefined;
  // Every line but the trailers (segments' too: their lines are read in order all the same) and the empty item after the last newline, then a new trailer.
  const body = lines.slice(0, -1).filter((line, i) => i === 0 || !line.startsWith(TRAILER_LINE_START));
  const kept = body.filter((line, i) => {
    const tab = line.indexOf('\t');
    return i === 0 || tab < 0 || line.charCodeAt(0) !== 91 /* [ */ || !paths.has((JSON.parse(line.slice(0, tab)) as [string])[0]);
  });
  const keptText = kept.join('\n') + '\n';
  return { text: keptText + trailerLine(createBodyChecksum().update(keptText).digest()) + '\n', dropped: body.length - kept.length };
}
