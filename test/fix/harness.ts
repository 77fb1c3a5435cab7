/**
 * Test helpers: run the rewrite over an in-memory set of files and apply it.
 * Paths are virtual ('/app/…'); nothing touches the disk. The files are
 * analysed by a real Workspace first and the rewrite is asked for through
 * computePoolRewrite, as the CLI and the editor ask for it (same module
 * resolution, same per-request findings). `*.json` files are project configs.
 */
import { applyEdits, computePoolRewrite, rewriteToPool } from '../../server/src/engine/fix';
import type { PoolRewrite } from '../../server/src/engine/fix';
import { Workspace } from '../../server/src/engine/workspace';
import { DEFAULT_PG_MODULES } from '../../server/src/engine/types';
import type { CreationNode } from '../../server/src/engine/types';

export interface RewriteResult {
  rewrite: PoolRewrite | undefined;
  /** path → text after applying the edits (only files that changed). */
  output: Record<string, string>;
  /** True when the analysis reported the client (the rewrite went through computePoolRewrite). */
  analysed: boolean;
}

export function workspaceOf(files: Record<string, string>, root = '/app'): Workspace {
  const ws = new Workspace({ displayRoot: root });
  for (const [path, text] of Object.entries(files)) if (path.endsWith('.json')) ws.setProjectConfig(path, text);
  for (const [path, text] of Object.entries(files)) if (!path.endsWith('.json')) ws.updateFile(path, text);
  return ws;
}

/** Rewrite the client created at the first occurrence of `marker` in `creationFile`. */
export function rewriteFiles(files: Record<string, string>, creationFile: string, marker = 'new '): RewriteResult {
  const text = files[creationFile];
  const offset = text.indexOf(marker);
  if (offset < 0) throw new Error(`marker ${marker} not found in ${creationFile}`);
  const ws = workspaceOf(files);
  const creationIds = new Set(
    (ws.facts(creationFile)?.nodes ?? [])
      .filter((n): n is CreationNode => n.kind === 'creation' && n.range.offset <= offset && offset < n.range.offset + n.range.length)
      .map((n) => n.id),
  );
  const finding = ws.getFindings().find((f) => f.creation?.file === creationFile && creationIds.has(f.creation.id));
  const getText = (p: string): string | undefined => files[p];
  const rewrite = finding
    ? computePoolRewrite(ws, finding, getText, { displayRoot: '/app' })
    : rewriteToPool({ files: Object.keys(files).filter((p) => !p.endsWith('.json')), getText, creation: { file: creationFile, offset }, pgModules: DEFAULT_PG_MODULES, resolve: (s, i) => ws.resolveImport(s, i), displayRoot: '/app' });
  const output: Record<string, string> = {};
  for (const [path, edits] of rewrite?.edits ?? []) output[path] = applyEdits(files[path], edits);
  return { rewrite, output, analysed: !!finding };
}

/**
 * Rewrite the clients at each marker in turn, re-analysing in between (as
 * --fix does); the result of the last one, with the files changed by any.
 */
export function rewriteEach(files: Record<string, string>, creationFile: string, markers: readonly string[]): RewriteResult {
  let current = { ...files };
  const output: Record<string, string> = {};
  let last: RewriteResult | undefined;
  for (const marker of markers) {
    last = rewriteFiles(current, creationFile, marker);
    if (!last.rewrite?.preferred) return { ...last, output: { ...output, ...last.output } };
    Object.assign(output, last.output);
    current = { ...current, ...last.output };
  }
  return { ...last!, output };
}

/** The files after the rewrite (unchanged files included). */
export function afterRewrite(files: Record<string, string>, result: RewriteResult): Record<string, string> {
  return { ...files, ...result.output };
}
