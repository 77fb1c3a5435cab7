/**
 * Feeds files to the engine and collects findings. A tight synchronous read
 * loop: the engine parses each file once, so the CLI adds only the read.
 * With `--cache`, a file whose text has the hash of a cache entry gets that
 * entry's facts and is not parsed at all; the facts of the files the
 * engine's selection parsed go into the cache. Texts are not kept: the engine and
 * the fixer re-read what they need.
 */
import * as fs from 'node:fs';
import type { WorkspaceApi } from '../engine/api';
import type { FileNotice, Finding } from '../engine/types';
import type { FactsCache } from '../shared/facts-cache';
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

export function readSource(file: string, notices: FileNotice[]): string | undefined {
  let fd: number | undefined;
  try {
    // open + fstat + read on one descriptor: the same system calls readFileSync makes anyway.
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > MAX_READ_BYTES) {
      notices.push({ file, message: `file larger than ${MAX_READ_BYTES / 1024 / 1024} MB skipped` });
      return undefined;
    }
    return fs.readFileSync(fd, 'utf8');
  } catch (err) {
    notices.push({ file, message: `cannot read file: ${errorMessage(err)}` });
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function analyse(workspace: WorkspaceApi, input: AnalysisInput, progressStream: ProgressStream): AnalysisResult {
  const notices: FileNotice[] = [];
  const analysed = new Set<string>();
  for (const config of input.projectConfigs) {
    const text = readTextFile(config);
    if (text !== undefined) workspace.setProjectConfig(config, text);
  }
  const { cache, hashText } = input;
  const cached =
    cache && hashText && workspace.setFacts && workspace.summarizeFile
      ? { cache, hashText, setFacts: workspace.setFacts.bind(workspace), summarize: workspace.summarizeFile.bind(workspace) }
      : undefined;
  /** Files not found in the cache, by the hash of the text they were handed in with: their facts go in after the analysis. */
  const uncached = new Map<string, string>();
  const progress = new Progress(progressStream, input.sources.length);
  let count = 0;
  let fromCache = 0;
  try {
    for (const file of input.sources) {
      const isOverride = input.override?.file === file;
      const text = isOverride ? input.override!.text : readSource(file, notices);
      if (text !== undefined) {
        analysed.add(file);
        try {
          const hash = cached && !isOverride ? cached.hashText(text) : undefined;
          const facts = hash !== undefined ? cached!.cache.get(file, hash) : undefined;
          if (facts) {
            fromCache++;
            cached!.setFacts(facts, hash!, undefined, cached!.summarize(file, text));
          } else {
            if (hash !== undefined) uncached.set(file, hash);
            workspace.updateFile(file, text);
          }
        } catch (err) {
          // One file the engine chokes on must not cost the user the rest of the report.
          notices.push({ file, message: `internal error while analysing this file: ${errorMessage(err)}` });
        }
      }
      count++;
      progress.update(count);
    }
    const findings = workspace.getFindings();
    // Only the files the selection analysed have facts worth keeping; the others cost a text scan next time too.
    for (const [file, hash] of uncached) {
      const facts = workspace.facts(file);
      if (facts && workspace.upToDate?.(file, hash)) cached!.cache.set(file, hash, facts);
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
