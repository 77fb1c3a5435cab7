/** Rule metadata shared by the CLI (SARIF rules) and the language server (codeDescription). */
import type { RuleId, Severity } from '../types';
import type { RuleMeta } from './context';

const DOCS_BASE = 'https://github.com/pg-pool-guard/pg-pool-guard/blob/main/docs/rules/';

export function ruleMeta(id: RuleId, defaultSeverity: Severity, description: string): RuleMeta {
  return { id, defaultSeverity, description, docsUrl: `${DOCS_BASE}${id}.md` };
}
