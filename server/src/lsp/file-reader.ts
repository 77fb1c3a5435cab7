/**
 * Reads workspace files for the analysis. Oversized files are not read at
 * all (the engine would only turn them into a notice); other problems are
 * reported as a reason instead of an exception.
 */
import { promises as fs, readFileSync, statSync } from 'node:fs';
import { toForwardSlashes } from '../shared/discovery';
import type { FileStamp } from '../shared/facts-cache';

/**
 * Larger files are not analysed in the editor: they are generated bundles or
 * data, and one multi-megabyte parse would stall every diagnostic behind it.
 */
export const MAX_READ_BYTES = 2 * 1024 * 1024;

/** `stamp`: the file's mtime and size, taken before the read (a later write moves the mtime). */
export type ReadResult = { ok: true; text: string; stamp?: FileStamp } | { ok: false; missing: boolean; reason: string };

/**
 * `noLinksBelow`: a folder root; a path that is, or goes through, a symbolic
 * link below it is treated as absent, as the folder scan does (it never
 * follows links): a watched-file event must not pull `/etc/passwd` in through
 * `src/evil.ts -> /etc/passwd`. Links above the root (a symlinked home) are
 * the user's business.
 */
export async function readSourceText(path: string, options: { noLinksBelow?: string } = {}): Promise<ReadResult> {
  try {
    if (options.noLinksBelow !== undefined && (await goesThroughLink(path, options.noLinksBelow))) return { ok: false, missing: true, reason: 'a symbolic link' };
    const stat = await fs.stat(path);
    if (!stat.isFile()) return { ok: false, missing: true, reason: 'not a file' };
    if (stat.size > MAX_READ_BYTES) return { ok: false, missing: false, reason: `${stat.size} bytes, over the ${MAX_READ_BYTES}-byte limit` };
    return { ok: true, text: await fs.readFile(path, 'utf8'), stamp: { mtimeMs: stat.mtimeMs, size: stat.size } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', reason: String((error as Error).message) };
  }
}

async function goesThroughLink(path: string, root: string): Promise<boolean> {
  const base = toForwardSlashes(root).replace(/\/+$/, '');
  const file = toForwardSlashes(path);
  if (!file.startsWith(`${base}/`)) return false;
  let current = base;
  for (const segment of file.slice(base.length + 1).split('/')) {
    current = `${current}/${segment}`;
    if ((await fs.lstat(current)).isSymbolicLink()) return true;
  }
  return false;
}

/**
 * The file's mtime and size, without reading it; undefined when it is not a
 * regular file or cannot be stat'ed. Synchronous: one stat is a few
 * microseconds, and 10,000 promise round trips through the thread pool cost
 * more than the stats themselves.
 */
export function stampOf(path: string): FileStamp | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? { mtimeMs: stat.mtimeMs, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}

/** Synchronous variant for code actions, which must answer from one call stack. */
export function readSourceTextSync(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_READ_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
