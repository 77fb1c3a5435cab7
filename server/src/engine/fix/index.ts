/**
 * The Pool rewrite (quick fix and CLI --fix): turns a shared pg Client into a
 * Pool across every file that uses it, as one atomic set of text edits — or
 * refuses it, with the reasons, when any part cannot be done safely.
 */
import { reexporterOffersPool } from './reexports';
import type { WorkspaceApi } from '../api';
import type { CreationNode, Finding } from '../types';
import { DEFAULT_PG_MODULES } from '../types';
import { FIRST_LINE_ONLY, lineOf } from '../positions';
import { rewriteToPool } from './rewrite';
import type { PoolRewrite } from './rewrite';
import { rewriteScope } from './scope';
import { RULE_REGISTRY } from '../rules/registry';
import { acquireMethod, driverEntry } from '../catalogue/drivers';
import { PG_POOL_API, type PoolApi } from './context';
import { fixClientLeak, fixConnectTimeout, fixErrorListener, fixPerRequestPool } from './poolFixes';
import { fixPoolTransaction } from './poolTransaction';

export { applyEdits } from './edits';
export type { TextEditSpan } from './edits';
export type { PoolRewrite, RewriteRequest } from './rewrite';
export type { RewriteProblem } from './problems';
export { formatProblems } from './problems';
export { rewriteToPool } from './rewrite';
export { rewriteScope } from './scope';

/** The rules a quick fix exists for: the registry's fixable rows. */
export const FIXABLE_RULES: readonly string[] = RULE_REGISTRY.filter((rule) => rule.fixable).map((rule) => rule.id);

/** Rules whose fix rewrites the shared connection (one rewrite per creation covers all three). */
const CONNECTION_RULES: ReadonlySet<string> = new Set(['shared-client', 'shared-client-transaction', 'client-reuse']);

export function isConnectionRule(rule: string): boolean {
  return CONNECTION_RULES.has(rule);
}

/** Fix identity for the CLI's rounds: the creation for the connection rewrite, the finding itself for a Pool rule's fix. */
export function fixKey(finding: Finding): string {
  if (CONNECTION_RULES.has(finding.rule)) return `${finding.creation?.file}#${finding.creation?.id}`;
  return `${finding.rule}#${finding.file}#${finding.range.offset}`;
}

export interface ComputeOptions {
  /** Paths in the refusal reason are relative to this directory. */
  displayRoot?: string;
  /** The `connectionTimeoutMillis` setting: what the Pool rewrite and the pool-connect-timeout fix write (default 10,000). */
  connectionTimeoutMillis?: number;
}

/** The pool API of a driver row, as the transaction rewrite writes it. */
export function poolApiOf(driver: string): PoolApi {
  if (driver === 'pg' || driver === 'vercel-postgres') return PG_POOL_API;
  return {
    acquire: acquireMethod(driver),
    release: 'destroy-or-release',
    connectionType: (pool) => `Awaited<ReturnType<typeof ${pool}.${acquireMethod(driver)}>>`,
  };
}

/**
 * The quick fix for one finding: the connection rewrite (Client → Pool,
 * mysql2 connection → pool) for the shared-connection rules, the Pool rules'
 * own fixes otherwise. Undefined when there is nothing to compute.
 */
export function computeFix(workspace: WorkspaceApi, finding: Finding, getText: (path: string) => string | undefined, options: ComputeOptions = {}): PoolRewrite | undefined {
  if (CONNECTION_RULES.has(finding.rule)) return computePoolRewrite(workspace, finding, getText, options);
  const text = getText(finding.file);
  if (text === undefined) return undefined;
  const creation = finding.creation ? creationNode(workspace, finding.creation.file, finding.creation.id) : undefined;
  try {
    switch (finding.rule) {
      case 'pool-connect-timeout':
        return fixConnectTimeout({ file: finding.file, text, offset: finding.range.offset, connectionTimeoutMillis: options.connectionTimeoutMillis });
      case 'pool-error-listener':
        return fixErrorListener({ file: finding.file, text, offset: finding.range.offset });
      case 'pool-client-leak':
        return fixClientLeak({ file: finding.file, text, offset: finding.range.offset });
      case 'pool-per-request':
        return fixPerRequestPool({ file: finding.file, text, offset: finding.range.offset });
      case 'pool-transaction':
        if (!finding.creation || !sentOnThePool(workspace, finding)) {
          const message = 'the transaction is not sent through a pool variable of this file (a wrapper or a property); move it onto pool.connect() by hand.';
          const line = finding.range.start.line + 1;
          return { title: 'Run the transaction on one checked-out connection', preferred: false, reason: `line ${line}: ${message}`, problems: [{ file: finding.file, line, message }], edits: new Map(), files: [finding.file] };
        }
        return fixPoolTransaction({ file: finding.file, text, offset: finding.range.offset, pgModules: DEFAULT_PG_MODULES, poolApi: poolApiOf(creation?.driver ?? 'pg') });
      default:
        return undefined;
    }
  } catch (err) {
    const message = `the fix failed unexpectedly (${(err as Error).message}); nothing was changed.`;
    return { title: 'Fix', preferred: false, reason: message, problems: [{ file: finding.file, line: finding.range.start.line + 1, message }], edits: new Map(), files: [] };
  }
}

/**
 * The BEGIN call's receiver is the pool itself (its holder, or an import of
 * what its file exports), not a wrapper that forwards to it: only then can
 * `receiver.connect()` check out a client.
 */
function sentOnThePool(workspace: WorkspaceApi, finding: Finding): boolean {
  const creation = finding.creation!;
  const call = workspace.facts(finding.file)?.calls.find((c) => c.range.offset === finding.range.offset);
  const holds = (file: string, id: string): boolean => {
    if (file !== creation.file) return false;
    if (id === creation.id) return true;
    return (workspace.facts(file)?.edges ?? []).some((e) => e.from === id && e.to === creation.id && e.kind === 'alias');
  };
  if (!call) return false;
  if (holds(finding.file, call.target)) return true;
  const target = workspace.facts(finding.file)?.nodes.find((n) => n.id === call.target);
  if (target?.kind !== 'import') return false;
  const file = workspace.resolveImport(target.specifier, finding.file);
  if (file === undefined) return false;
  const exported = workspace.facts(file)?.exports.find((e) => e.name === (target.importedName === '*' ? 'default' : target.importedName));
  return exported !== undefined && holds(file, exported.target);
}

function creationNode(workspace: WorkspaceApi, file: string, id: string): CreationNode | undefined {
  return workspace.facts(file)?.nodes.find((n): n is CreationNode => n.id === id && n.kind === 'creation');
}

/**
 * Compute the rewrite for the shared client a finding is about. Undefined when
 * the finding names no client creation or the creation is no longer a Client
 * (already rewritten). A rewrite with no edits is a refusal; `reason` says why.
 */
export function computePoolRewrite(workspace: WorkspaceApi, finding: Finding, getText: (path: string) => string | undefined, options: ComputeOptions = {}): PoolRewrite | undefined {
  const creation = finding.creation;
  if (!creation) return undefined;
  const node = creationNode(workspace, creation.file, creation.id);
  const offset = node?.range.offset ?? (finding.file === creation.file ? finding.range.offset : undefined);
  if (offset === undefined) return undefined;
  const pgModules = node && !DEFAULT_PG_MODULES.includes(node.module) ? [...DEFAULT_PG_MODULES, node.module] : DEFAULT_PG_MODULES;
  const driver = node?.driver ?? 'pg';
  /** A rewrite with no edits: the reason, at the creation's line. */
  const refusal = (title: string, message: string): PoolRewrite => {
    const line = (node ? lineOf(workspace.facts(creation.file)?.lines ?? FIRST_LINE_ONLY, node.range.offset) : 0) + 1;
    return { title, preferred: false, reason: `line ${line}: ${message}`, problems: [{ file: creation.file, line, message }], edits: new Map(), files: [] };
  };
  if (node?.subclass !== undefined) {
    // The class's own methods (and callers of them) may rely on one connection: LISTEN, SET, a transaction across calls.
    const message = `\`${node.holderName || 'the client'}\` is a ${node.subclass}, a class of this project extending the driver's Client; turn ${node.subclass} into a class that holds a Pool (or extend Pool, checking its methods), then apply the fix.`;
    return refusal('Rewrite to a pg Pool', message);
  }
  const reexported = node ? workspace.facts(creation.file)?.reexports?.[node.module] : undefined;
  if (node && reexported && !reexporterOffersPool(reexported)) {
    const message = `the Client comes from '${node.module}', which re-exports it from the driver but exports no Pool the same way: export Pool from it (or import Pool from the driver), then apply the fix.`;
    return refusal('Rewrite to a pg Pool', message);
  }
  if (driver !== 'pg') {
    const entry = driverEntry(driver);
    const plan = entry?.poolRewrite;
    if (!plan || 'refused' in plan) {
      const label = entry?.labels.client ?? driver;
      return refusal(`Rewrite the ${label} to a pool`, `no safe rewrite of a ${label} to a pool: ${plan && 'refused' in plan ? plan.refused : 'this driver has none'}.`);
    }
  }
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
      exportsClient: exportsClient(workspace, creation.file, creation.id),
      driver,
      connectionTimeoutMillis: options.connectionTimeoutMillis,
    });
  } catch (err) {
    // Bad input never crashes the caller: no rewrite, with the reason.
    const message = `the rewrite failed unexpectedly (${(err as Error).message}); nothing was changed.`;
    return { title: 'Rewrite to a pg Pool', preferred: false, reason: message, problems: [{ file: creation.file, line: 1, message }], edits: new Map(), files: [] };
  }
}

/** Does the creation's file export its holder (or the creation itself, or an alias of either)? Read from the cached facts. */
function exportsClient(workspace: WorkspaceApi, file: string, creationId: string): boolean {
  const facts = workspace.facts(file);
  if (!facts) return false;
  const holders = new Set<string>([creationId]);
  const holder = facts.nodes.find((n): n is CreationNode => n.id === creationId && n.kind === 'creation')?.holder;
  if (holder !== undefined) holders.add(holder);
  for (const edge of facts.edges) if (edge.kind === 'alias' && holders.has(edge.to)) holders.add(edge.from);
  return facts.exports.some((e) => holders.has(e.target));
}
