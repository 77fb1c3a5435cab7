/** The language server's link to the analysis engine. */
import { ruleMetaById } from '../engine/rules/index';
import { Workspace } from '../engine/workspace';

export { Workspace };

export function createWorkspace(): Workspace {
  return new Workspace();
}

export function ruleDocsUrl(rule: string): string | undefined {
  return ruleMetaById(rule)?.docsUrl;
}
