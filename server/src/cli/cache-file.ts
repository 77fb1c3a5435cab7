/**
 * `--cache` / `--cache-location`, as ESLint has them: where the cache file
 * is, reading it (a missing file is an empty cache; a stale or corrupt one
 * is ignored with a notice), and after the run appending what changed
 * (facts-cache.ts `journalSegment`) or replacing it atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createBodyChecksum } from '../shared/body-checksum';
import { FactsCache, type CacheKey } from '../shared/facts-cache';

export const DEFAULT_CACHE_FILE = '.pgpoolguardcache';

/** About a megabyte of cache text per write. */
const WRITE_CHUNK = 1 << 20;
const NEWLINE = Buffer.from('\n');

/** The cache file: `location` (relative to cwd) when it names a file, `<location>/.pgpoolguardcache` for a directory. */
export function cacheFilePath(cwd: string, location: string | undefined): string {
  if (location === undefined) return path.resolve(cwd, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  const namesDirectory = /[\\/]$/.test(location) || isDirectory(resolved);
  return namesDirectory ? path.join(resolved, DEFAULT_CACHE_FILE) : resolved;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function readCacheFile(file: string, key: CacheKey): { cache: FactsCache; notice?: string } {
  let bytes: Buffer | undefined;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return { cache: new FactsCache(key), notice: `cannot read the cache (${(error as Error).message}); analysing every file` };
  }
  const { cache, problem } = FactsCache.parseBytes(bytes, key, { keepLines: true });
  return { cache, notice: problem ? `cache ${problem}; analysing every file` : undefined };
}

/**
 * Every byte of `pieces`, in order, with as few system calls as writev
 * allows (no copy into one buffer): at the file's position, or from offset `at`.
 */
function writeAll(fd: number, pieces: Buffer[], at?: number): void {
  let position = at;
  for (let i = 0; i < pieces.length; i += IOV_MAX) {
    const batch = pieces.slice(i, i + IOV_MAX);
    const total = batch.reduce((sum, piece) => sum + piece.length, 0);
    const written = fs.writevSync(fd, batch, position);
    // A short write (rare for a regular file): the rest from one copy of the batch.
    if (written < total) fs.writeSync(fd, Buffer.concat(batch).subarray(written), 0, total - written, position === undefined ? null : position + written);
    if (position !== undefined) position += total;
  }
}
/** The fewest buffers one writev may take on every system Node runs on. */
const IOV_MAX = 1024;

/** Entries of files that no longer exist are dropped; the file is replaced atomically (temp file + rename). */
export function writeCacheFile(file: string, cache: FactsCache, analysed: ReadonlySet<string>): string | undefined {
  for (const entry of [...cache.paths()]) {
    if (!analysed.has(entry) && !fs.existsSync(entry)) cache.delete(entry);
  }
  // Written even when empty (a workspace whose files the selection never parses), so the next run finds a current cache.
  if (!cache.dirty && fs.existsSync(file)) return undefined;
  const segment = cache.journalSegment();
  if (segment && appendSegment(file, segment)) return undefined;
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written in chunks as the lines are made: no string of the whole cache (17 MB at 10,000 files) is built.
    // Lines kept as the bytes read are copied as they are; each chunk is hashed as the bytes written.
    const fd = fs.openSync(temp, 'w');
    try {
      const checksum = createBodyChecksum();
      let pieces: Buffer[] = [];
      let text: string[] = [];
      let length = 0;
      const endText = () => {
        if (text.length > 0) pieces.push(Buffer.from(text.join('\n') + '\n', 'utf8'));
        text = [];
      };
      const flush = () => {
        endText();
        for (const piece of pieces) checksum.update(piece);
        writeAll(fd, pieces);
        pieces = [];
        length = 0;
      };
      for (const line of cache.bodyPieces()) {
        if (typeof line === 'string') text.push(line);
        else {
          endText();
          pieces.push(line, NEWLINE);
        }
        length += line.length + 1;
        if (length >= WRITE_CHUNK) flush();
      }
      flush();
      fs.writeSync(fd, FactsCache.trailerLine(checksum.digest()) + '\n');
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    return undefined;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    return `cannot write the cache (${(error as Error).message})`;
  }
}

/**
 * Append a segment to the cache file, when it is still the file the cache
 * was read from (its size, and its last trailer line, as read): false
 * otherwise, or when the write fails (what was appended is cut off again),
 * and the caller writes the cache whole instead.
 */
function appendSegment(file: string, segment: NonNullable<ReturnType<FactsCache['journalSegment']>>): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch {
    return false;
  }
  try {
    if (fs.fstatSync(fd).size !== segment.from) return false;
    const tail = Buffer.alloc(segment.lastTrailer.length);
    fs.readSync(fd, tail, 0, tail.length, segment.from - tail.length);
    if (!tail.equals(segment.lastTrailer)) return false;
    const checksum = createBodyChecksum();
    const pieces: Buffer[] = [];
    for (const line of segment.pieces) {
      const bytes = typeof line === 'string' ? Buffer.from(line, 'latin1') : line;
      checksum.update(bytes).update(NEWLINE);
      pieces.push(bytes, NEWLINE);
    }
    pieces.push(Buffer.from(FactsCache.trailerLine(checksum.digest(), segment.from) + '\n', 'latin1'));
    try {
      writeAll(fd, pieces, segment.from);
    } catch {
      fs.ftruncateSync(fd, segment.from);
      return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
}
