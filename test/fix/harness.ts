/**
 * Test helpers: run the rewrite over an in-memory set of files and apply it.
 * Paths are virtual ('/app/…'); nothing touches the disk.
 */
import { applyEdits, rewriteToPool } from '../../server/src/engine/fix';
import type { PoolRewrite } from '../../server/src/engine/fix';
import { DEFAULT_PG_MODULES } from '../../server/src/engine/types';

export interface RewriteResult {
  rewrite: PoolRewrite | undefined;
  /** path → text after applying the edits (only files that changed). */
  output: Record<string, string>;
}

/** Rewrite the client created at the first occurrence of `marker` in `creationFile`. */
export function rewriteFiles(files: Record<string, string>, creationFile: string, marker = 'new '): RewriteResult {
  const text = files[creationFile];
  const offset = text.indexOf(marker);
  if (offset < 0) throw new Error(`marker ${marker} not found in ${creationFile}`);
  const rewrite = rewriteToPool({
    files: Object.keys(files),
    getText: (p) => files[p],
    creation: { file: creationFile, offset },
    pgModules: DEFAULT_PG_MODULES,
  });
  const output: Record<string, string> = {};
  for (const [path, edits] of rewrite?.edits ?? []) output[path] = applyEdits(files[path], edits);
  return { rewrite, output };
}

/** The files after the rewrite (unchanged files included). */
export function afterRewrite(files: Record<string, string>, result: RewriteResult): Record<string, string> {
  return { ...files, ...result.output };
}
