/**
 * The Pool rewrite (quick fix and CLI --fix): turns a shared pg Client into a
 * Pool across every file that uses it, as one atomic set of text edits.
 */
import type { WorkspaceApi } from '../api';
import type { CreationNode, Finding } from '../types';
import { DEFAULT_PG_MODULES } from '../types';
import { rewriteToPool } from './rewrite';
import type { PoolRewrite } from './rewrite';

export { applyEdits } from './edits';
export type { TextEditSpan } from './edits';
export type { PoolRewrite, RewriteRequest } from './rewrite';
export { rewriteToPool } from './rewrite';

/** The rules whose findings a Pool rewrite fixes. */
export const FIXABLE_RULES: readonly string[] = ['shared-client', 'shared-client-transaction', 'client-reuse'];

/**
 * Compute the rewrite for the shared client a finding is about. Undefined when
 * the finding names no client creation or the creation is no longer a Client
 * (already rewritten). A rewrite with no edits is a refusal; `reason` says why.
 */
export function computePoolRewrite(workspace: WorkspaceApi, finding: Finding, getText: (path: string) => string | undefined): PoolRewrite | undefined {
  const creation = finding.creation;
  if (!creation) return undefined;
  const node = workspace.facts(creation.file)?.nodes.find((n): n is CreationNode => n.id === creation.id && n.kind === 'creation');
  const offset = node?.range.offset ?? (finding.file === creation.file ? finding.range.offset : undefined);
  if (offset === undefined) return undefined;
  const pgModules = node && !DEFAULT_PG_MODULES.includes(node.module) ? [...DEFAULT_PG_MODULES, node.module] : DEFAULT_PG_MODULES;
  try {
    const reportedFiles = workspace
      .getFindings()
      .filter((f) => f.rule !== 'shared-client' && f.creation?.file === creation.file && f.creation.id === creation.id)
      .map((f) => f.file);
    return rewriteToPool({ files: workspace.files(), getText, creation: { file: creation.file, offset }, pgModules, reportedFiles });
  } catch (err) {
    // Bad input never crashes the caller: no rewrite, with the reason.
    return { title: 'Rewrite to a pg Pool', preferred: false, reason: `Not rewritten: ${(err as Error).message}`, edits: new Map() };
  }
}
