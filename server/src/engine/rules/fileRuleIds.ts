/**
 * Which rules are per-file rules (fileRules.ts), by id alone: the facts
 * depend on which of them run, and the hosts ask that (cache keys, option
 * changes) without loading the hooks, whose checks come with TypeScript.
 * fileRules.ts's FILE_RULE_HOOKS hold exactly these rules (test/rules/file-rules.test.ts).
 */
import type { RuleId, RuleSetting } from '../types';

export const FILE_RULE_IDS: readonly RuleId[] = ['pool-client-leak'];

/** Which per-file rules run during the walk, as a key: facts differ when it changes. */
export function enabledFileRules(rules: Partial<Record<RuleId, RuleSetting>>): string {
  return FILE_RULE_IDS.filter((id) => rules[id] !== 'off').join(',');
}
