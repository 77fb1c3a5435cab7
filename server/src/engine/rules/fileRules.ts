/**
 * Per-file rules: checks that need the syntax of one function (control flow)
 * and so must run while the file is parsed, inside the single fact walk, not
 * over the module graph. Each registers the method names whose calls it
 * wants to see (`connect`); the walker (facts/calls.ts) hands it every such
 * call whose receiver resolves to a module-level node, and the rule records
 * what it found as plain FileRuleFacts in the file's facts — cached and
 * re-derived per file like every other fact. Its graph half (a normal Rule in
 * rules/index.ts) confirms each fact against the graph (is the receiver a
 * Pool?) and reports it.
 *
 * Adding one: a hook here (in the rule's own file, next to its graph half),
 * its id in fileRuleIds.ts, the registry row, a table test. A hook must be cheap when it does nothing:
 * it runs during every scan.
 */
import type * as ts from 'typescript';
import type { LocalId, RuleId, RuleSetting } from '../types';
import type { VisitContext } from '../facts/visitContext';
import { poolClientLeakHook } from './poolClientLeak';
import { enabledFileRules } from './fileRuleIds';

export { enabledFileRules };

export interface FileRuleHook {
  readonly rule: RuleId;
  /** Method names whose calls the hook sees (`x.connect(…)`). */
  readonly methods: readonly string[];
  /** `call` is `receiver.method(…)`; `target` is the module-level node the receiver resolves to. */
  onMethodCall(walker: VisitContext, call: ts.CallExpression, target: LocalId): void;
}

export const FILE_RULE_HOOKS: readonly FileRuleHook[] = [poolClientLeakHook];

export type FileRuleHooksByMethod = ReadonlyMap<string, readonly FileRuleHook[]>;

const byRules = new Map<string, FileRuleHooksByMethod>();

/**
 * The hooks of the per-file rules that are not turned off, by method name. A
 * rule that is off costs the walk nothing; its facts are then absent, so the
 * workspace re-extracts facts when this set changes (enabledFileRules).
 */
export function fileRuleHooks(rules: Partial<Record<RuleId, RuleSetting>>): FileRuleHooksByMethod {
  const key = enabledFileRules(rules);
  let hooks = byRules.get(key);
  if (!hooks) {
    const byMethod = new Map<string, FileRuleHook[]>();
    for (const hook of FILE_RULE_HOOKS) {
      if (rules[hook.rule] === 'off') continue;
      for (const method of hook.methods) byMethod.set(method, [...(byMethod.get(method) ?? []), hook]);
    }
    byRules.set(key, (hooks = byMethod));
  }
  return hooks;
}
