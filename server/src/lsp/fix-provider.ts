/**
 * The server's link to the Pool-rewrite engine (server/src/engine/fix). The
 * engine parses the files it rewrites, so it needs the TypeScript compiler,
 * which the server's main thread otherwise never loads (the analysis worker
 * parses): it is required on the first rewrite, not at start (~34 MB of
 * resident memory in a thread that loads the compiler).
 */
import type { WorkspaceApi } from '../engine/api';
import type { Finding } from '../engine/types';
import type { OffsetEdit } from './suppression-edits';

export interface PoolRewrite {
  /** Absolute path → edits against that file's current text; empty when the rewrite was refused. */
  edits: Map<string, OffsetEdit[]>;
  /** Applicable: it has edits and nothing was unsafe (offered as the preferred fix and by fix-all). */
  preferred: boolean;
  title: string;
  /** Why the rewrite was refused, when it was. */
  reason?: string;
}

export type ComputePoolRewrite = (
  workspace: WorkspaceApi,
  finding: Finding,
  getText: (path: string) => string | undefined,
  options?: { displayRoot?: string; connectionTimeoutMillis?: number },
) => PoolRewrite | undefined;

type FixEngine = typeof import('../engine/fix');

let fixEngine: FixEngine | undefined;

/** computeFix of the fix engine: the connection rewrite for the shared-connection rules, the Pool rules' own fixes otherwise. */
export const computePoolRewrite: ComputePoolRewrite = (workspace, finding, getText, options) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  fixEngine ??= require('../engine/fix') as FixEngine;
  return fixEngine.computeFix(workspace, finding, getText, options);
};
