/**
 * Optional link to the Pool-rewrite engine (server/src/engine/fix). It is
 * loaded with a guarded `require` so the server still builds and runs, just
 * without the rewrite action, when that module is absent.
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

export function loadPoolRewrite(log: (message: string) => void): ComputePoolRewrite | undefined {
  try {
    // A plain require inside try: esbuild bundles the module when it exists and leaves this call alone when it does not.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fixModule = require('../engine/fix') as { computePoolRewrite?: unknown; computeFix?: unknown };
    // computeFix: the connection rewrite for the shared-connection rules, the Pool rules' own fixes otherwise.
    if (typeof fixModule.computeFix === 'function') return fixModule.computeFix as ComputePoolRewrite;
    if (typeof fixModule.computePoolRewrite === 'function') return fixModule.computePoolRewrite as ComputePoolRewrite;
    log('Pool rewrite engine has no computePoolRewrite export; the rewrite quick fix is disabled');
  } catch {
    log('Pool rewrite engine not available; the rewrite quick fix is disabled');
  }
  return undefined;
}
