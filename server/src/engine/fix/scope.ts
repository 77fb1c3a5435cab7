/**
 * Which files a rewrite of one client may have to touch, from the cached
 * facts alone (no parsing), with the analysis's own module resolution
 * (tsconfig/jsconfig paths, index files, `.js` → `.ts`):
 * the creation's file, every file that imports it, and — through files that
 * pass it on (`export … from`, `export *`, re-exported imports) — their
 * importers too; plus files with DI tokens. The rewrite then parses only these.
 */
import type { WorkspaceApi } from '../api';
import type { FileFacts } from '../types';

export function rewriteScope(workspace: WorkspaceApi, creationFile: string): string[] {
  const all = workspace.files();
  const inScope = new Set<string>([creationFile]);
  const passOn = new Set<string>([creationFile]);
  const queue = [creationFile];
  while (queue.length > 0) {
    const target = queue.shift()!;
    for (const file of all) {
      if (file === target) continue;
      const facts = workspace.facts(file);
      if (!facts) continue;
      const resolvesToTarget = (specifier: string): boolean => workspace.resolveImport(specifier, file) === target;
      const imports = facts.nodes.filter((n) => n.kind === 'import' && resolvesToTarget(n.specifier));
      const star = facts.starExports.some(resolvesToTarget);
      if (imports.length === 0 && !star) continue;
      inScope.add(file);
      const importIds = new Set(imports.map((n) => n.id));
      if ((star || passesOn(facts, importIds)) && !passOn.has(file)) {
        passOn.add(file);
        queue.push(file);
      }
    }
  }
  for (const file of all) {
    if (workspace.facts(file)?.nodes.some((n) => n.kind === 'di')) inScope.add(file);
  }
  return [...inScope];
}

/** Does the file export one of these imports (directly, or through a binding that aliases it)? */
function passesOn(facts: FileFacts, importIds: ReadonlySet<string>): boolean {
  const aliases = new Set(importIds);
  for (const edge of facts.edges) if (edge.kind === 'alias' && importIds.has(edge.to)) aliases.add(edge.from);
  return facts.exports.some((e) => aliases.has(e.target));
}
