/**
 * The per-file rules' ids (rules/fileRuleIds.ts, read by the hosts without
 * loading the walk's hooks) are exactly the rules FILE_RULE_HOOKS holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FILE_RULE_HOOKS } from '../../server/src/engine/rules/fileRules';
import { enabledFileRules, FILE_RULE_IDS } from '../../server/src/engine/rules/fileRuleIds';

test('FILE_RULE_IDS lists the rules of FILE_RULE_HOOKS', () => {
  assert.deepEqual([...FILE_RULE_IDS].sort(), FILE_RULE_HOOKS.map((hook) => hook.rule).sort());
});

test('enabledFileRules leaves out the per-file rules that are off', () => {
  assert.equal(enabledFileRules({}), FILE_RULE_IDS.join(','));
  assert.equal(enabledFileRules({ 'pool-client-leak': 'off' }), '');
});
