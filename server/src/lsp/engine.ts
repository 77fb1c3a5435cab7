/** The language server's link to the analysis engine. */
import { ruleMetaById, Workspace } from '../engine/index';

export function createWorkspace(): Workspace {
  return new Workspace();
}

export function ruleDocsUrl(rule: string): string | undefined {
  return ruleMetaById(rule)?.docsUrl;
}
