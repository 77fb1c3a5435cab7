/**
 * Feeds files to the engine and collects findings. A tight synchronous read
 * loop: the engine parses each file once, so the CLI adds only the read.
 * With `--cache` (as ESLint's: metadata first, content as the fallback), a
 * file whose mtime and size are those recorded in the cache is not even
 * read: its cached text scan and facts go to the engine as they are; any
 * other file is read, and its entry is used when the content hash matches.
 * Afterwards every file's text scan, and the facts of the files the
 * engine's selection parsed, go into the cache. Texts are not kept: the
 * engine and the fixer re-read what they need.
 *
 * The cache also keeps the run's report, with a key of what it was derived
 * from (options, display root, the file set, config texts). A run with the
 * same key in which every file is unchanged — or changed in a way that
 * leaves its text scan and its facts as they were (a comment, a string
 * the selection ignores, a file the selection never parses whose scan is
 * the same) — reports it as it is: findings are a function of those, so
 * nothing is installed, selected or derived (`reuseReport`). The report
 * keeps how it was derived, so a file whose facts only moved (a statement
 * typed above its code that nothing refers to) moves it instead.
 */
import * as fs from 'node:fs';
import type { WorkspaceApi } from '../engine/api';
import type { FileFacts, FileNotice, Finding } from '../engine/types';
import type { FileSummary } from '../engine/selection/summary';
import { derivedOf, storedDerived, type CacheEntry, type CachedReport, type FactsCache, type FileStamp } from '../shared/facts-cache';
import type { DerivedReport } from '../engine/rules/index';
import { Progress, type ProgressStream } from './progress';

/** Larger files are not even read: no generated bundle is worth the memory. */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

export interface AnalysisInput {
  sources: readonly string[];
  projectConfigs: readonly string[];
  /** Text that replaces one file's content (from --stdin). */
  override?: { file: string; text: string };
  /** --cache: facts of unchanged files come from here, new ones go in. */
  cache?: FactsCache;
  /** The hash the workspace keys texts by (its `hashText`). */
  hashText?: (text: string) => string;
  /** What the findings depend on besides the files and config texts (options, display root): with it, --cache keeps the report and reuses it. */
  reportKey?: string;
}

export interface AnalysisResult {
  findings: Finding[];
  notices: FileNotice[];
  files: number;
  /** Files that were read and handed to the engine. */
  analysed: Set<string>;
  /** The cached report of an earlier run stood (no file's text scan or facts changed). */
  reusedReport: boolean;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function readTextFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function readSource(file: string, notices: FileNotice[], stamped?: (stamp: FileStamp) => void): string | undefined {
  let fd: number | undefined;
  try {
    // open + fstat + read on one descriptor: the same system calls readFileSync makes anyway.
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (stat.size > MAX_READ_BYTES) {
      notices.push({ file, message: `file larger than ${MAX_READ_BYTES / 1024 / 1024} MB skipped` });
      return undefined;
    }
    // The stat before the read: a write after it moves the mtime, so the next run reads the file again.
    stamped?.({ mtimeMs: stat.mtimeMs, size: stat.size });
    return readOpenFile(fd, stat.size);
  } catch (err) {
    notices.push({ file, message: `cannot read file: ${errorMessage(err)}` });
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** One buffer the reads share (grown to the largest file read): a file costs no buffer of its own, only its string. */
let readBuffer = Buffer.alloc(0);

/**
 * The text of an open file exactly as readFileSync(fd, 'utf8') gives it
 * (invalid UTF-8 decoded to U+FFFD, a BOM kept): up to the stat's size, or,
 * for a file that reports size 0 (a pipe, /proc), to its end.
 */
function readOpenFile(fd: number, size: number): string {
  if (readBuffer.length < size) readBuffer = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
  let length = 0;
  for (;;) {
    if (size === 0 && length === readBuffer.length) {
      const grown = Buffer.allocUnsafe(readBuffer.length * 2);
      readBuffer.copy(grown, 0, 0, length);
      readBuffer = grown;
    }
    const read = fs.readSync(fd, readBuffer, length, (size === 0 ? readBuffer.length : size) - length, null);
    length += read;
    if (read === 0 || (size !== 0 && length >= size)) break;
  }
  return readBuffer.toString('utf8', 0, length);
}

/** The file's mtime and size, without opening it; undefined when it cannot be stat'ed (the read then says why). */
function stampOf(file: string): FileStamp | undefined {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? { mtimeMs: stat.mtimeMs, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}

export function analyse(workspace: WorkspaceApi, input: AnalysisInput, progressStream: ProgressStream): AnalysisResult {
  // Stats of files modified after this (less the racy margin) are not trusted by the next run.
  const runStarted = Date.now();
  const notices: FileNotice[] = [];
  const analysed = new Set<string>();
  const configTexts: [string, string][] = [];
  for (const config of input.projectConfigs) {
    const text = readTextFile(config);
    if (text === undefined) continue;
    workspace.setProjectConfig(config, text);
    configTexts.push([config, text]);
  }
  const { cache, hashText } = input;
  const cached = cache && hashText && workspace.setFacts && workspace.setSummary && workspace.summaryOf ? { cache, hashText } : undefined;
  // The report depends on the options, the file set, the config texts and every file's text scan and facts (checked per file).
  const reportKey = cached && input.reportKey !== undefined && !input.override
    ? cached.hashText(JSON.stringify([input.reportKey, [...input.sources].sort(), configTexts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]))
    : undefined;
  const cachedReport = reportKey !== undefined ? cached!.cache.findingsFor(reportKey) : undefined;
  /** Scans and facts reuseReport computed before the report fell through: not computed twice. */
  const computed = new Map<string, Computed>();
  if (cachedReport) {
    const reused = reuseReport(workspace, input.sources, cached!, cachedReport, runStarted, progressStream, computed);
    if (reused) return reused;
  }
  /** Cache entries the engine got as they are: their facts or text scan (JSON.parse made them: no string table needed). */
  const install = (file: string, entry: CacheEntry & { summary: NonNullable<CacheEntry['summary']> }) => {
    if (entry.facts) workspace.setFacts!(entry.facts, entry.hash, undefined, entry.summary, true);
    else workspace.setSummary!(file, entry.summary, entry.hash, undefined, true);
  };
  /** Every file handed in with a hash, and its stat before it was read: what the cache records afterwards. */
  const handedIn = new Map<string, { hash: string; stamp: FileStamp | undefined }>();
  const progress = new Progress(progressStream, input.sources.length);
  let count = 0;
  try {
    for (const file of input.sources) {
      const isOverride = input.override?.file === file;
      count++;
      if (cached && !isOverride) {
        const stamp = stampOf(file);
        const entry = stamp ? cached.cache.unchanged(file, stamp) : undefined;
        if (entry?.summary) {
          analysed.add(file);
          install(file, { ...entry, summary: entry.summary });
          handedIn.set(file, { hash: entry.hash, stamp });
          progress.update(count);
          continue;
        }
      }
      let stamp: FileStamp | undefined;
      const text = isOverride ? input.override!.text : readSource(file, notices, (s) => (stamp = s));
      if (text !== undefined) {
        analysed.add(file);
        try {
          const hash = cached && !isOverride ? cached.hashText(text) : undefined;
          const entry = hash !== undefined ? cached!.cache.entryFor(file, hash) : undefined;
          const known = hash !== undefined ? computed.get(file) : undefined;
          if (known !== undefined && known.hash === hash && known.facts) {
            workspace.setFacts!(known.facts, known.hash, undefined, known.summary);
          } else if (entry?.summary) {
            install(file, { ...entry, summary: entry.summary });
            // A text scan only, of a file the engine wants parsed at once (it names a driver module): parse it now, from the text at hand.
            if (!entry.facts && workspace.wantsFactsNow?.(file)) workspace.updateFile(file, text);
          } else {
            workspace.updateFile(file, text);
          }
          if (hash !== undefined) handedIn.set(file, { hash, stamp });
        } catch (err) {
          // One file the engine chokes on must not cost the user the rest of the report.
          notices.push({ file, message: `internal error while analysing this file: ${errorMessage(err)}` });
        }
      }
      progress.update(count);
    }
    // Resolutions of the run that wrote the cache: the resolver uses them only while the file set and configs are the same.
    const seeded = cached?.cache.resolutions;
    if (seeded && workspace.seedResolutions) workspace.seedResolutions(seeded);
    const findings = workspace.getFindings();
    const resolutions = cached && workspace.resolutionSnapshot?.();
    if (resolutions) cached.cache.setResolutions(resolutions);
    // Every file's text scan, and the facts of the files the selection parsed (the others cost nothing next time either).
    for (const [file, { hash, stamp }] of handedIn) {
      if (!workspace.upToDate?.(file, hash)) continue;
      cached!.cache.set(file, hash, workspace.facts(file), workspace.summaryOf!(file), stamp, runStarted);
    }
    const engineNotices = workspace.notices();
    // A report of every file as the engine saw it (none unreadable, none the engine choked on) is worth keeping.
    if (reportKey !== undefined) {
      const derived = workspace.derivedReport?.();
      const textsRead = workspace.selectionReadTexts?.() ?? true;
      cached!.cache.setFindings(notices.length === 0 ? { key: reportKey, findings, notices: engineNotices, derived: derived && storedDerived(derived), textsRead } : undefined);
    }
    return { findings, notices: [...engineNotices, ...notices], files: count, analysed, reusedReport: false };
  } finally {
    progress.done();
  }
}

/**
 * The cached report, when it still holds: every file is unchanged (by stat,
 * else by hash), or its new text has the same text scan and — for a file
 * the last run parsed — the same facts (compared as the cache writes them;
 * a file with a DI needle that was not parsed must be unchanged: the
 * selection reads its text), or facts that only moved positions or added
 * bindings nothing refers to: then the report's derivation is moved with
 * them (`remapDerived`), as the engine does within one process. Undefined
 * at the first file that breaks it (the caller then analyses as usual);
 * otherwise the cache learns the new hashes, stats, scans, facts and report.
 */
function reuseReport(
  workspace: WorkspaceApi,
  sources: readonly string[],
  cached: { cache: FactsCache; hashText: (text: string) => string },
  report: CachedReport,
  runStarted: number,
  progressStream: ProgressStream,
  computed: Map<string, Computed>,
): AnalysisResult | undefined {
  const { cache, hashText } = cached;
  if (!workspace.summarizeFile || !workspace.analyzeFile) return undefined;
  const restamped: [string, FileStamp][] = [];
  const changed: (Computed & { file: string; stamp: FileStamp | undefined })[] = [];
  /** The report's derivation, once a file's facts moved it. */
  let moved: DerivedReport | undefined;
  const progress = new Progress(progressStream, sources.length);
  try {
    let count = 0;
    for (const file of sources) {
      progress.update(++count);
      const stat = stampOf(file);
      if (stat && cache.stampMatches(file, stat)) continue;
      const previousHash = cache.hashOf(file);
      if (previousHash === undefined) return undefined;
      const unreadable: FileNotice[] = [];
      let stamp: FileStamp | undefined;
      const text = readSource(file, unreadable, (s) => (stamp = s));
      if (text === undefined) return undefined;
      const hash = hashText(text);
      const previous = cache.entryFor(file, previousHash);
      if (!previous?.summary) return undefined;
      if (hash === previousHash) {
        if (stamp) restamped.push([file, stamp]);
        continue;
      }
      const summary = workspace.summarizeFile(file, text);
      computed.set(file, { hash, summary, facts: undefined });
      if (JSON.stringify(summary) !== JSON.stringify(previous.summary)) return undefined;
      // The selection reads the text of an unparsed file with a DI needle, and of any once it looked for names or members.
      if (!previous.facts && (summary.links.includes('di') || report.textsRead !== false)) return undefined;
      const facts = previous.facts ? workspace.analyzeFile(file, text) : undefined;
      computed.set(file, { hash, summary, facts });
      if (facts && factsJson(facts) !== factsJson(previous.facts!)) {
        // Notices are reported as they are, not moved: they must be the same.
        const from = moved ?? derivedOf(report);
        const next = from && JSON.stringify(facts.notices) === JSON.stringify(previous.facts!.notices) ? workspace.remapDerived?.(from, previous.facts!, facts) : undefined;
        if (!next) return undefined;
        moved = next;
      }
      changed.push({ file, hash, stamp, summary, facts });
    }
  } finally {
    progress.done();
  }
  for (const [file, stamp] of restamped) cache.restamp(file, stamp, runStarted);
  for (const { file, hash, stamp, summary, facts } of changed) cache.set(file, hash, facts, summary, stamp, runStarted);
  if (moved) cache.setFindings({ ...report, findings: moved.findings, derived: storedDerived(moved) });
  return { findings: moved?.findings ?? report.findings, notices: report.notices, files: sources.length, analysed: new Set(sources), reusedReport: true };
}

/** A file's text scan and (when computed) facts, of the text with this hash. */
interface Computed {
  hash: string;
  summary: FileSummary;
  facts: FileFacts | undefined;
}

/** Facts as the cache writes them (without the path, which the entry holds). */
function factsJson(facts: FileFacts): string {
  const { file: _file, ...rest } = facts;
  return JSON.stringify(rest);
}

/** The current text of a file for the engine and the fixer: the --stdin text for its file, else the disk's. */
export function sourceReader(override: AnalysisInput['override']): (file: string) => string | undefined {
  return (file) => (override?.file === file ? override.text : readTextFile(file));
}
