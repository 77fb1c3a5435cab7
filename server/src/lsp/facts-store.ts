/**
 * The language server's facts cache on disk, in the storage folder the
 * client hands in (`initializationOptions.storagePath`; VS Code's
 * `context.storageUri`): one file per workspace folder. A restart reads it
 * and installs the facts of every file whose text is unchanged, so only
 * changed files are parsed. Reading and writing are sliced with yields, so
 * requests are answered meanwhile; writes go to a temp file and are renamed
 * into place, so a crash never leaves half a cache. The text is written in
 * chunks as its lines are made: at 10,000 files it is 16 MB, and the whole
 * string (with the list of lines it was joined from) was the server's peak.
 * The module resolutions of the run are saved with the facts
 * (facts-cache.ts), as the CLI's `--cache` keeps them.
 */
import { createHash } from 'node:crypto';
import { promises as fsp, closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceApi } from '../engine/api';
import { FactsCache, type CachedReport, type CacheKey, type FileStamp } from '../shared/facts-cache';
import { yieldToEventLoop } from './exclusive';

/**
 * Characters of lines written at once: under V8's large-object size, so each
 * chunk dies young; 256 K chunks went to the large-object space and stayed
 * resident until the next full GC.
 */
const WRITE_CHUNK = 32 * 1024;
/** Time making lines before the event loop gets a turn. */
const SLICE_MS = 10;

export class FactsStore {
  constructor(
    private readonly storagePath: string,
    private readonly log: (message: string) => void,
  ) {}

  private fileFor(root: string): string {
    return join(this.storagePath, `facts-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.jsonl`);
  }

  /** The cache of folder `root` (empty when there is none, or it is stale or corrupt — logged). */
  async load(root: string, key: CacheKey): Promise<FactsCache> {
    let text: string | undefined;
    try {
      text = await fsp.readFile(this.fileFor(root), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`Facts cache for ${root} could not be read: ${(error as Error).message}`);
    }
    const { cache, problem } = await FactsCache.parseSliced(text, key, yieldToEventLoop);
    text = undefined;
    if (problem) this.log(`Facts cache for ${root} ${problem}`);
    return cache;
  }

  /**
   * Write what the engine holds now (sliced; the engine may change
   * meanwhile, the snapshot is per file): every file's text scan, the facts
   * of the parsed ones, and `stampOf` the stat of each file whose text was
   * read from disk, when it is old enough to be trusted next time; and
   * `report`, the engine's findings (`report.key`: what they were derived
   * from), which the next start publishes before installing anything when
   * nothing changed.
   */
  async save(root: string, key: CacheKey, engine: WorkspaceApi, stampOf: (path: string) => FileStamp | undefined, report?: CachedReport): Promise<void> {
    const cache = snapshot(engine, key, stampOf, report);
    const file = this.fileFor(root);
    const temp = `${file}.${process.pid}.tmp`;
    let handle: fsp.FileHandle | undefined;
    try {
      await fsp.mkdir(this.storagePath, { recursive: true });
      handle = await fsp.open(temp, 'w');
      let sliceStart = Date.now();
      for (const chunk of chunks(cache)) {
        await handle.write(chunk);
        if (Date.now() - sliceStart >= SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = Date.now();
        }
      }
      await handle.close();
      handle = undefined;
      await fsp.rename(temp, file);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      this.log(`Facts cache for ${root} could not be written: ${(error as Error).message}`);
    }
  }

  /** At shutdown: no event loop to yield to any more. */
  saveNow(root: string, key: CacheKey, engine: WorkspaceApi, stampOf: (path: string) => FileStamp | undefined, report?: CachedReport): void {
    const file = this.fileFor(root);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.storagePath, { recursive: true });
      const fd = openSync(temp, 'w');
      try {
        for (const chunk of chunks(snapshot(engine, key, stampOf, report))) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      this.log(`Facts cache for ${root} could not be written: ${(error as Error).message}`);
    }
  }
}

/** The cache's text in pieces of about WRITE_CHUNK characters, each ending in a newline. */
function* chunks(cache: FactsCache): Generator<string> {
  let lines: string[] = [];
  let size = 0;
  for (const line of cache.serializedLines()) {
    lines.push(line);
    size += line.length + 1;
    if (size >= WRITE_CHUNK) {
      yield lines.join('\n') + '\n';
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}

function snapshot(engine: WorkspaceApi, key: CacheKey, stampOf: (path: string) => FileStamp | undefined, report: CachedReport | undefined): FactsCache {
  const cache = new FactsCache(key);
  cache.setFindings(report);
  for (const path of engine.files()) {
    const hash = engine.hashOf?.(path);
    if (!hash) continue;
    const facts = engine.facts(path);
    const summary = engine.summaryOf?.(path);
    // The host checked each stamp against the time of its read (analysis.ts `recordStamp`).
    if (facts || summary) cache.set(path, hash, facts, summary, stampOf(path), Number.POSITIVE_INFINITY);
  }
  // The resolutions computed so far, for the next start (valid while the file set and configs are the same).
  const resolutions = engine.resolutionSnapshot?.();
  if (resolutions) cache.setResolutions(resolutions);
  return cache;
}
