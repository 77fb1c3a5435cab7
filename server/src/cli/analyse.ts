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
 */
import * as fs from 'node:fs';
import type { WorkspaceApi } from '../engine/api';
import type { FileNotice, Finding } from '../engine/types';
import type { CacheEntry, FactsCache, FileStamp } from '../shared/facts-cache';
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
}

export interface AnalysisResult {
  findings: Finding[];
  notices: FileNotice[];
  files: number;
  /** Files that were read and handed to the engine. */
  analysed: Set<string>;
  /** Files whose facts came from the cache. */
  fromCache: number;
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
  for (const config of input.projectConfigs) {
    const text = readTextFile(config);
    if (text !== undefined) workspace.setProjectConfig(config, text);
  }
  const { cache, hashText } = input;
  const cached = cache && hashText && workspace.setFacts && workspace.setSummary && workspace.summaryOf ? { cache, hashText } : undefined;
  /** Cache entries the engine got as they are: their facts or text scan. */
  const install = (file: string, entry: CacheEntry & { summary: NonNullable<CacheEntry['summary']> }) => {
    if (entry.facts) workspace.setFacts!(entry.facts, entry.hash, undefined, entry.summary);
    else workspace.setSummary!(file, entry.summary, entry.hash);
  };
  /** Every file handed in with a hash, and its stat before it was read: what the cache records afterwards. */
  const handedIn = new Map<string, { hash: string; stamp: FileStamp | undefined }>();
  const progress = new Progress(progressStream, input.sources.length);
  let count = 0;
  let fromCache = 0;
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
          if (entry.facts) fromCache++;
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
          if (entry?.summary) {
            install(file, { ...entry, summary: entry.summary });
            if (entry.facts) fromCache++;
            // A text scan only, of a file the engine wants parsed at once (it names a driver module): parse it now, from the text at hand.
            else if (workspace.wantsFactsNow?.(file)) workspace.updateFile(file, text);
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
    return { findings, notices: [...workspace.notices(), ...notices], files: count, analysed, fromCache };
  } finally {
    progress.done();
  }
}

/** The current text of a file for the engine and the fixer: the --stdin text for its file, else the disk's. */
export function sourceReader(override: AnalysisInput['override']): (file: string) => string | undefined {
  return (file) => (override?.file === file ? override.text : readTextFile(file));
}
