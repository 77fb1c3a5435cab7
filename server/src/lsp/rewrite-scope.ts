/**
 * The Pool rewrite looks for importers among the files it is given and
 * parses each one; over a whole workspace that is far too slow for a code
 * action. From the cached facts (no parsing) we keep only the candidates:
 * the creation's file, files with a relative import or re-export that can
 * point at it, and files with DI tokens (injection sites). The rewrite then
 * does the exact analysis on that short list.
 */
import * as path from 'node:path';
import type { WorkspaceApi } from '../engine/api';
import type { EngineOptions, FileFacts, FileNotice, Finding } from '../engine/types';
import { SOURCE_EXTENSIONS } from '../shared/settings';

function withoutExtension(p: string): string {
  const ext = path.posix.extname(p);
  return SOURCE_EXTENSIONS.includes(ext) ? p.slice(0, -ext.length) : p;
}

function mayPointAt(fromFile: string, specifier: string, targetStem: string): boolean {
  if (!specifier.startsWith('.')) return false;
  // Cheap string test first: the last segment must name the target (or its directory, for index files).
  const last = withoutExtension(specifier.slice(specifier.lastIndexOf('/') + 1));
  const targetBase = path.posix.basename(targetStem);
  const indexDir = targetBase === 'index' ? path.posix.basename(path.posix.dirname(targetStem)) : undefined;
  if (last !== targetBase && last !== indexDir && last !== '.' && last !== '..') return false;
  const base = withoutExtension(path.posix.join(path.posix.dirname(fromFile), specifier));
  return base === targetStem || path.posix.join(base, 'index') === targetStem;
}

export function rewriteCandidates(workspace: WorkspaceApi, creationFile: string): string[] {
  const targetStem = withoutExtension(creationFile);
  const out: string[] = [];
  for (const file of workspace.files()) {
    if (file === creationFile) {
      out.push(file);
      continue;
    }
    const facts = workspace.facts(file);
    if (!facts) continue;
    const imports = facts.nodes.some((n) => (n.kind === 'import' && mayPointAt(file, n.specifier, targetStem)) || n.kind === 'di');
    if (imports || facts.starExports.some((s) => mayPointAt(file, s, targetStem))) out.push(file);
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
}
