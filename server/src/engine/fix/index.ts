/**
 * The Pool rewrite (quick fix and CLI --fix): turns a shared pg Client into a
 * Pool across every file that uses it, as one atomic set of text edits — or
 * refuses it, with the reasons, when any part cannot be done safely.
 */
import type { WorkspaceApi } from '../api';
import type { CreationNode, Finding } from '../types';
import { DEFAULT_PG_MODULES } from '../types';
import { rewriteToPool } from './rewrite';
import type { PoolRewrite } from './rewrite';
import { rewriteScope } from './scope';

export { applyEdits } from './edits';
export type { TextEditSpan } from './edits';
export type { PoolRewrite, RewriteRequest } from './rewrite';
export type { RewriteProblem } from './problems';
export { formatProblems } from './problems';
export { rewriteToPool } from './rewrite';
export { rewriteScope } from './scope';

/** The rules whose findings a Pool rewrite fixes. */
export const FIXABLE_RULES: readonly string[] = ['shared-client', 'shared-client-transaction', 'client-reuse'];

export interface ComputeOptions {
  /** Paths in the refusal reason are relative to this directory. */
  displayRoot?: string;
}

/**
 * Compute the rewrite for the shared client a finding is about. Undefined when
 * the finding names no client creation or the creation is no longer a Client
 * (already rewritten). A rewrite with no edits is a refusal; `reason` says why.
 */
export function computePoolRewrite(workspace: WorkspaceApi, finding: Finding, getText: (path: string) => string | undefined, options: ComputeOptions = {}): PoolRewrite | undefined {
  const creation = finding.creation;
  if (!creation) return undefined;
  const node = workspace.facts(creation.file)?.nodes.find((n): n is CreationNode => n.id === creation.id && n.kind === 'creation');
  const offset = node?.range.offset ?? (finding.file === creation.file ? finding.range.offset : undefined);
  if (offset === undefined) return undefined;
  const pgModules = node && !DEFAULT_PG_MODULES.includes(node.module) ? [...DEFAULT_PG_MODULES, node.module] : DEFAULT_PG_MODULES;
  try {
    const sameClient = workspace.getFindings().filter((f) => f.creation?.file === creation.file && f.creation.id === creation.id);
    const perRequestCalls = new Map<string, Set<number>>();
    for (const f of sameClient) {
      if (f.rule !== 'client-reuse') continue;
      if (!perRequestCalls.has(f.file)) perRequestCalls.set(f.file, new Set());
      perRequestCalls.get(f.file)!.add(f.range.offset);
    }
    return rewriteToPool({
      files: rewriteScope(workspace, creation.file),
      getText,
      creation: { file: creation.file, offset },
      pgModules,
      reportedUses: sameClient.filter((f) => f.rule !== 'shared-client').map((f) => ({ file: f.file, line: f.range.start.line + 1 })),
      resolve: (specifier, importer) => workspace.resolveImport(specifier, importer),
      perRequestCalls,
      displayRoot: options.displayRoot ?? workspace.displayRoot,
    });
  } catch (err) {
    // Bad input never crashes the caller: no rewrite, with the reason.
    const message = `the rewrite failed unexpectedly (${(err as Error).message}); nothing was changed.`;
    return { title: 'Rewrite to a pg Pool', preferred: false, reason: message, problems: [{ file: creation.file, line: 1, message }], edits: new Map(), files: [] };
  }
}
