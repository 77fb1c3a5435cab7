/**
 * The one place a severity setting applies (the engine's derivation and the
 * language server's per-folder view both call it): `off` hides the finding,
 * any other setting replaces the severity the rule reported.
 */
import type { RuleSetting, Severity } from '../types';

export function severityUnder(setting: RuleSetting | undefined, reported: Severity): Severity | undefined {
  if (setting === 'off') return undefined;
  return setting ?? reported;
}
