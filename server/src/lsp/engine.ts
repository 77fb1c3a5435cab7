/** The language server's link to the analysis engine. */
import { Workspace } from '../engine/workspace';
import { ruleMetaById } from '../engine/rules/registry';
import type { TextReader } from '../engine/workspace';
import { hashText } from '../shared/text-hash';

/**
 * The Workspace keeps no texts: should it need one again (pgModules changed
 * before the analysis refreshed it) it asks `readText` (the open document's
 * text, else the disk's).
 */
export function createWorkspace(readText: TextReader): Workspace {
  return new Workspace({ readText, hashText });
}

export function ruleDocsUrl(rule: string): string | undefined {
  return ruleMetaById(rule)?.docsUrl;
}
