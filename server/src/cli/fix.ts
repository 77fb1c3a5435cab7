/**
 * --fix / --fix-dry-run: applies the engine's Pool rewrites in passes, like
 * ESLint's fixer. A pass applies every safe rewrite that touches files no
 * earlier rewrite of the same pass touched; the workspace is then re-analysed
 * (only the edited files are re-parsed) and the next pass picks up the rest.
 */
import type { WorkspaceApi } from '../engine/api';
import type { Finding } from '../engine/types';
import { relativePath } from './report';

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface RewriteResult {
  preferred: boolean;
  reason?: string;
  edits: Map<string, TextEdit[]>;
}

/** The engine's rewrite entry points, injected (see CliEngine.fixer). */
export interface Fixer {
  fixableRules: readonly string[];
  computeRewrite(workspace: WorkspaceApi, finding: Finding, getText: (path: string) => string | undefined): RewriteResult | undefined;
  applyEdits(text: string, edits: readonly TextEdit[]): string;
}

export interface FixOutcome {
  /** Files whose text changed: path → text before the first edit. */
  originals: Map<string, string>;
  /** Clients that were left alone, with the engine's reason. */
  skipped: string[];
  rewrites: number;
}

const MAX_PASSES = 10;

export function applyFixes(workspace: WorkspaceApi, texts: Map<string, string>, fixer: Fixer, cwd: string): FixOutcome {
  const originals = new Map<string, string>();
  const skipped = new Map<string, string>();
  const done = new Set<string>();
  let rewrites = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const touched = new Set<string>();
    let appliedThisPass = 0;
    for (const finding of workspace.getFindings()) {
      const creation = finding.creation;
      if (!creation || !fixer.fixableRules.includes(finding.rule)) continue;
      const key = `${creation.file}#${creation.id}`;
      if (done.has(key) || skipped.has(key)) continue;
      let rewrite: RewriteResult | undefined;
      try {
        rewrite = fixer.computeRewrite(workspace, finding, (p) => texts.get(p));
      } catch (err) {
        rewrite = { preferred: false, reason: (err as Error).message, edits: new Map() };
      }
      if (!rewrite) continue;
      if (!rewrite.preferred || rewrite.edits.size === 0) {
        const where = `${relativePath(cwd, finding.file)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
        skipped.set(key, `${where}: not rewritten: ${rewrite.reason ?? 'the rewrite is not safe here'}`);
        continue;
      }
      if ([...rewrite.edits.keys()].some((file) => touched.has(file))) continue; // next pass, on fresh facts
      const updated = new Map<string, string>();
      try {
        for (const [file, edits] of rewrite.edits) {
          const text = texts.get(file);
          if (text === undefined) throw new Error(`no text for ${file}`);
          updated.set(file, fixer.applyEdits(text, edits));
        }
      } catch (err) {
        skipped.set(key, `${relativePath(cwd, finding.file)}: not rewritten: ${(err as Error).message}`);
        continue;
      }
      for (const [file, text] of updated) {
        if (!originals.has(file)) originals.set(file, texts.get(file)!);
        texts.set(file, text);
        workspace.updateFile(file, text);
        touched.add(file);
      }
      done.add(key);
      appliedThisPass++;
      rewrites++;
    }
    if (appliedThisPass === 0) break;
  }
  for (const [file, original] of originals) if (texts.get(file) === original) originals.delete(file);
  return { originals, skipped: [...skipped.values()], rewrites };
}
