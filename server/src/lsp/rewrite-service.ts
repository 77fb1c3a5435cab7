/**
 * Pool rewrites for code actions. The rewrite parses every importer of the
 * Client's module, which can take seconds in a big workspace, while a code
 * action list must answer in milliseconds. So:
 * - results are cached per Client until the workspace or an open document changes;
 * - when not cached, the rewrite is computed on the spot only if few files
 *   can be involved; otherwise the action is listed unresolved and its edit
 *   is computed by codeAction/resolve when the user picks it.
 */
import type { WorkspaceApi } from '../engine/api';
import type { CreationNode, Finding } from '../engine/types';
import type { ComputePoolRewrite, PoolRewrite } from './fix-provider';
import { NarrowedWorkspace, rewriteCandidates } from './rewrite-scope';

/** Compute eagerly when at most this many files could be touched. */
export const EAGER_REWRITE_FILES = 6;

export interface DeferredRewrite {
  deferred: true;
  title: string;
  /** Identifies the Client for codeAction/resolve. */
  key: string;
}

export class RewriteService {
  private readonly rewrites = new Map<string, PoolRewrite | undefined>();
  private readonly candidates = new Map<string, string[]>();
  private cachedRevision = -1;

  constructor(
    private readonly engine: WorkspaceApi,
    private readonly computePoolRewrite: ComputePoolRewrite,
    /** Changes whenever the analysis or an open document changes. */
    private readonly revision: () => number,
    private readonly log: (message: string) => void,
  ) {}

  static keyOf(finding: Finding): string | undefined {
    return finding.creation ? `${finding.creation.file}#${finding.creation.id}` : undefined;
  }

  /** For listing: the rewrite when cached or cheap, a deferred stand-in otherwise. */
  forListing(finding: Finding, getText: (path: string) => string | undefined): PoolRewrite | DeferredRewrite | undefined {
    const key = RewriteService.keyOf(finding);
    if (!key) return undefined;
    this.dropIfStale();
    if (this.rewrites.has(key)) return this.rewrites.get(key);
    if (this.candidatesFor(finding.creation!.file).length <= EAGER_REWRITE_FILES) return this.compute(finding, getText);
    return { deferred: true, key, title: `Rewrite \`${this.holderName(finding)}\` to a pg Pool` };
  }

  /** Always computes (or takes the cached result). */
  compute(finding: Finding, getText: (path: string) => string | undefined): PoolRewrite | undefined {
    const key = RewriteService.keyOf(finding);
    if (!key) return undefined;
    this.dropIfStale();
    if (this.rewrites.has(key)) return this.rewrites.get(key);
    let rewrite: PoolRewrite | undefined;
    const started = Date.now();
    try {
      const scope = new NarrowedWorkspace(this.engine, this.candidatesFor(finding.creation!.file));
      rewrite = this.computePoolRewrite(scope, finding, getText);
    } catch (error) {
      this.log(`Pool rewrite failed for ${finding.file}:${finding.range.start.line + 1}: ${(error as Error).stack ?? error}`);
    }
    const ms = Date.now() - started;
    // Named as the user knows it (file:line), not by the internal creation key.
    if (ms > 200) this.log(`Pool rewrite for ${finding.file}:${finding.range.start.line + 1} took ${ms} ms`);
    this.rewrites.set(key, rewrite);
    return rewrite;
  }

  private candidatesFor(creationFile: string): string[] {
    let list = this.candidates.get(creationFile);
    if (!list) {
      list = rewriteCandidates(this.engine, creationFile);
      this.candidates.set(creationFile, list);
    }
    return list;
  }

  private holderName(finding: Finding): string {
    const creation = finding.creation!;
    const node = this.engine.facts(creation.file)?.nodes.find((n): n is CreationNode => n.id === creation.id && n.kind === 'creation');
    return node?.holderName ?? 'client';
  }

  private dropIfStale(): void {
    const revision = this.revision();
    if (revision === this.cachedRevision) return;
    this.rewrites.clear();
    this.candidates.clear();
    this.cachedRevision = revision;
  }
}
