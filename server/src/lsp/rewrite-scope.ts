/**
 * The Pool rewrite looks for importers among the files it is given and
 * parses each one; over a whole workspace that is far too slow for a code
 * action. From the cached facts (no parsing) we keep only the candidates:
 * the creation's file, files with an import or re-export the module graph
 * resolves to it, and files with DI tokens (injection sites). The rewrite
 * then does the exact analysis on that short list.
 */
import type { WorkspaceApi } from '../engine/api';
import type { EngineOptions, FileFacts, FileNotice, Finding } from '../engine/types';

export function rewriteCandidates(workspace: WorkspaceApi, creationFile: string): string[] {
  const out: string[] = [];
  for (const file of workspace.files()) {
    if (file === creationFile) {
      out.push(file);
      continue;
    }
    const facts = workspace.facts(file);
    if (!facts) continue;
    const pointsAtCreation = (specifier: string) => workspace.resolveImport(specifier, file) === creationFile;
    const imports = facts.nodes.some((n) => (n.kind === 'import' && pointsAtCreation(n.specifier)) || n.kind === 'di');
    if (imports || facts.starExports.some(pointsAtCreation)) out.push(file);
  }
  return out;
}

/** The workspace as the rewrite sees it: every query delegated, `files()` narrowed. */
export class NarrowedWorkspace implements WorkspaceApi {
  constructor(private readonly inner: WorkspaceApi, private readonly candidates: string[]) {}
  setOptions(options: Partial<EngineOptions>): void { this.inner.setOptions(options); }
  setProjectConfig(configPath: string, text: string): void { this.inner.setProjectConfig(configPath, text); }
  removeProjectConfig(configPath: string): void { this.inner.removeProjectConfig(configPath); }
  updateFile(p: string, text: string): FileFacts { return this.inner.updateFile(p, text); }
  removeFile(p: string): void { this.inner.removeFile(p); }
  hasFile(p: string): boolean { return this.inner.hasFile(p); }
  files(): string[] { return [...this.candidates]; }
  getFindings(): Finding[] { return this.inner.getFindings(); }
  findingsForFile(p: string): Finding[] { return this.inner.findingsForFile(p); }
  takeChangedFiles(): string[] { return this.inner.takeChangedFiles(); }
  notices(): FileNotice[] { return this.inner.notices(); }
  facts(p: string): FileFacts | undefined { return this.inner.facts(p); }
  resolveImport(specifier: string, importer: string): string | undefined { return this.inner.resolveImport(specifier, importer); }
}
