/**
 * Pool rewrites for code actions. A rewrite parses every file that uses the
 * Client and can take a while in a big workspace, while a code action list
 * must answer in milliseconds. So the list never computes one: it offers the
 * action unresolved (or, once computed, as it turned out — applicable or
 * disabled with the reason), and codeAction/resolve computes it, once per
 * revision of the analysis and the open documents. A rewrite listed
 * unresolved is computed right after that answer (`computeListed`), off the
 * request, so the next list of the same revision — the Ctrl+. after the
 * lightbulb — names its files, or shows it disabled with the reason instead
 * of offering a refused rewrite as applicable (VS Code takes an action's
 * title and disabled state from the list, never from resolve).
 */
import { fixKeyOf, poolFixTitle } from './rewrite-keys';
import type { WorkspaceApi } from '../engine/api';
import type { CreationNode, Finding } from '../engine/types';
import type { ComputePoolRewrite, PoolRewrite } from './fix-provider';

export interface DeferredRewrite {
  deferred: true;
  title: string;
  /** Identifies the Client for codeAction/resolve. */
  key: string;
}

export class RewriteService {
  private readonly rewrites = new Map<string, PoolRewrite | undefined>();
  /** Listed unresolved in this revision and not computed yet. */
  private readonly listedUnresolved = new Map<string, Finding>();
  private cachedRevision = -1;
  /** The folder's `connectionTimeoutMillis` setting, which the rewrite writes into the Pool (undefined: the engine's default). */
  private connectionTimeoutMillis: number | undefined;
  /** Rewrites computed since the server started (for tests and logs). */
  computed = 0;

  constructor(
    private readonly engine: WorkspaceApi,
    private readonly computePoolRewrite: ComputePoolRewrite,
    /** Changes whenever the analysis or an open document changes. */
    private readonly revision: () => number,
    private readonly log: (message: string) => void,
    /** Paths in refusal reasons are relative to this directory. */
    private readonly displayRoot: () => string | undefined = () => undefined,
  ) {}

  /** The folder's settings changed: rewrites computed with the old timeout are stale. */
  setConnectionTimeoutMillis(value: number | undefined): void {
    if (value === this.connectionTimeoutMillis) return;
    this.connectionTimeoutMillis = value;
    this.rewrites.clear();
  }

  static keyOf(finding: Finding): string | undefined {
    return fixKeyOf(finding);
  }

  /** For listing: the rewrite if this revision already computed it, else a stand-in to resolve. Never computes. */
  forListing(finding: Finding): PoolRewrite | DeferredRewrite | undefined {
    const key = RewriteService.keyOf(finding);
    if (!key) return undefined;
    this.dropIfStale();
    if (this.rewrites.has(key)) return this.rewrites.get(key);
    this.listedUnresolved.set(key, finding);
    const poolFix = poolFixTitle(finding);
    return { deferred: true, key, title: poolFix ?? `Rewrite \`${this.holderName(finding)}\` to a pg Pool` };
  }

  /** Whether this revision computed the finding's rewrite already (or it has none to compute). */
  isComputed(finding: Finding): boolean {
    const key = RewriteService.keyOf(finding);
    if (!key) return true;
    this.dropIfStale();
    return this.rewrites.has(key);
  }

  /** Whether a listing of this revision handed out a rewrite that is not computed yet. */
  hasListedUnresolved(): boolean {
    this.dropIfStale();
    return this.listedUnresolved.size > 0;
  }

  /** Computes the rewrites listed unresolved in this revision (call it after the list was answered). */
  computeListed(getText: (path: string) => string | undefined): void {
    this.dropIfStale();
    for (const finding of [...this.listedUnresolved.values()]) this.compute(finding, getText);
  }

  /** The rewrite, computed at most once per revision. */
  compute(finding: Finding, getText: (path: string) => string | undefined): PoolRewrite | undefined {
    const key = RewriteService.keyOf(finding);
    if (!key) return undefined;
    this.dropIfStale();
    if (this.rewrites.has(key)) return this.rewrites.get(key);
    let rewrite: PoolRewrite | undefined;
    const started = Date.now();
    try {
      this.computed++;
      rewrite = this.computePoolRewrite(this.engine, finding, getText, { displayRoot: this.displayRoot(), connectionTimeoutMillis: this.connectionTimeoutMillis });
    } catch (error) {
      this.log(`Pool rewrite failed for ${finding.file}:${finding.range.start.line + 1}: ${(error as Error).stack ?? error}`);
    }
    const ms = Date.now() - started;
    // Named as the user knows it (file:line), not by the internal creation key.
    if (ms > 200) this.log(`Pool rewrite for ${finding.file}:${finding.range.start.line + 1} took ${ms} ms`);
    this.rewrites.set(key, rewrite);
    this.listedUnresolved.delete(key);
    return rewrite;
  }

  private holderName(finding: Finding): string {
    // (The shared-connection rules' listing title; a Pool rule's fix has its own, POOL_FIX_TITLES.)
    const creation = finding.creation!;
    const node = this.engine.facts(creation.file)?.nodes.find((n): n is CreationNode => n.id === creation.id && n.kind === 'creation');
    return node?.holderName ?? 'client';
  }

  private dropIfStale(): void {
    const revision = this.revision();
    if (revision === this.cachedRevision) return;
    this.rewrites.clear();
    this.listedUnresolved.clear();
    this.cachedRevision = revision;
  }
}

