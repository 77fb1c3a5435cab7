/**
 * What the CLI needs to know about a rule (SARIF driver rules, config
 * validation). Structural, so the engine's registry entries fit as they are.
 */
import type { RuleId, Severity } from '../engine/types';

export interface RuleMeta {
  id: RuleId;
  defaultSeverity: Severity;
  description: string;
  docsUrl: string;
}
