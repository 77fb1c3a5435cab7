/**
 * The rule registry: the single source of truth for what rules exist and how
 * they are presented. Everything else is derived from this table or checked
 * against it by a test (test/rules/registry.test.ts):
 *   - `RuleId` (types.ts) and the rule implementations (rules/index.ts, one per id);
 *   - the `pgPoolGuard.rules` settings schema in package.json and the
 *     `.pgpoolguardrc.json` JSON Schema (shared/settings.ts → schemas/);
 *   - CLI config validation (cli/config.ts, with that schema);
 *   - the fixable list (fix/index.ts FIXABLE_RULES), docs/rules/<id>.md and
 *     the README's rules table;
 *   - SARIF `tool.driver.rules` and LSP `codeDescription` links.
 *
 * Adding a rule: one row here, one file in rules/ (a `Rule` whose `check`
 * reports findings without a severity), one table test in test/rules/, one
 * page docs/rules/<id>.md, then `node --import tsx scripts/sync-settings.ts`.
 */
import type { Severity } from '../types';

/** Groups rules in the docs and settings: the shared-connection rules today, the Pool misuse rules next (issue 9). */
export type RuleCategory = 'shared-connection' | 'pool';

export interface RuleDefinition {
  /** kebab-case, stable: it is the setting key, the suppression-comment name and the doc page name. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly category: RuleCategory;
  /** A quick fix / `--fix` rewrites what this rule reports (when it can be done safely). */
  readonly fixable: boolean;
  /** One sentence ending in a period: settings UI, SARIF, the doc page's summary line. */
  readonly description: string;
}

export const RULE_DEFINITIONS = [
  {
    id: 'shared-client',
    defaultSeverity: 'warning',
    category: 'shared-connection',
    fixable: true,
    description: 'A single pg Client is shared by concurrent callers, so their queries run one at a time; use a Pool.',
  },
  {
    id: 'shared-client-transaction',
    defaultSeverity: 'error',
    category: 'shared-connection',
    fixable: true,
    description: 'A transaction is started on a pg Client shared by concurrent callers, so their statements interleave inside one transaction.',
  },
  {
    id: 'client-reuse',
    defaultSeverity: 'warning',
    category: 'shared-connection',
    fixable: true,
    description: 'connect() or end() runs per request on a module-level pg Client, which cannot reconnect and is closed for every caller.',
  },
  {
    id: 'pool-transaction',
    defaultSeverity: 'error',
    category: 'pool',
    fixable: true,
    description: 'BEGIN is sent through a Pool, so the transaction\'s statements may run on different connections and it does not exist.',
  },
  {
    id: 'pool-client-leak',
    defaultSeverity: 'warning',
    category: 'pool',
    fixable: true,
    description: 'A client checked out with pool.connect() is not released on every path; once the pool is empty every caller waits.',
  },
  {
    id: 'pool-per-request',
    defaultSeverity: 'warning',
    category: 'pool',
    fixable: true,
    description: 'A Pool is created per request: a connection storm, and pools that are never ended.',
  },
  {
    id: 'pool-error-listener',
    defaultSeverity: 'warning',
    category: 'pool',
    fixable: true,
    description: "A long-lived Pool has no 'error' listener, so an idle client's network error crashes the process.",
  },
  {
    id: 'pool-connect-timeout',
    defaultSeverity: 'info',
    category: 'pool',
    fixable: true,
    description: 'A long-lived Pool has no connectionTimeoutMillis, so callers wait forever when no connection is free.',
  },
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULE_DEFINITIONS)[number]['id'];

export const RULE_CATEGORY_TITLES: Readonly<Record<RuleCategory, string>> = {
  'shared-connection': 'Shared connections',
  pool: 'Pool misuse',
};

/** A registry row with its derived documentation link. */
export interface RuleMeta extends RuleDefinition {
  readonly id: RuleId;
  readonly docsUrl: string;
}

export const RULE_DOCS_BASE = 'https://github.com/pg-pool-guard/pg-pool-guard/blob/main/docs/rules/';

/** Metadata of every rule, in registry order (SARIF `tool.driver.rules`, LSP `codeDescription`, settings). */
export const RULE_REGISTRY: readonly RuleMeta[] = RULE_DEFINITIONS.map((definition) => ({
  ...definition,
  docsUrl: `${RULE_DOCS_BASE}${definition.id}.md`,
}));

const BY_ID = new Map<string, RuleMeta>(RULE_REGISTRY.map((meta) => [meta.id, meta]));

export function ruleMetaById(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}
