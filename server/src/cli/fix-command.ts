/**
 * --fix / --fix-dry-run over a whole workspace, as one transaction: every
 * rewrite is computed first (re-analysing between clients, since a rewrite
 * moves the others' positions), then either every changed file is written or
 * — dry run — a unified diff is printed. Rewrites that are not safe
 * (`preferred: false`) are not applied; they are listed with their reason.
 */
import path from 'path';
import { createTwoFilesPatch } from 'diff';
import type { WorkspaceApi } from '../engine/api';
import type { Finding } from '../engine/types';
import { applyEdits, computePoolRewrite, FIXABLE_RULES } from '../engine/fix/index';

export interface FixCommandInput {
  workspace: WorkspaceApi;
  /** Current text of a workspace file (undefined when unreadable). */
  readText: (file: string) => string | undefined;
  /** Write a file; throws on failure. Not called in a dry run. */
  writeText: (file: string, text: string) => void;
  dryRun: boolean;
  /** Paths in the output are relative to this directory. */
  cwd: string;
}

export interface FixRefusal {
  file: string;
  /** 1-based line of the client creation. */
  line: number;
  reason: string;
}

export interface FixCommandResult {
  output: string;
  changedFiles: string[];
  /** Clients rewritten. */
  rewritten: number;
  refused: FixRefusal[];
}

export function runFixCommand(input: FixCommandInput): FixCommandResult {
  const { workspace, cwd } = input;
  const originals = new Map<string, string>();
  const current = new Map<string, string>();
  const textOf = (file: string): string | undefined => current.get(file) ?? input.readText(file);
  const refused: FixRefusal[] = [];
  const refusedKeys = new Set<string>();
  let rewritten = 0;

  const limit = workspace.getFindings().length * 2 + 5;
  for (let round = 0; round < limit; round++) {
    const finding = nextFixable(workspace.getFindings(), refusedKeys);
    if (!finding) break;
    const key = keyOf(finding);
    const rewrite = computePoolRewrite(workspace, finding, textOf);
    if (!rewrite || !rewrite.preferred || rewrite.edits.size === 0) {
      refusedKeys.add(key);
      refused.push({ file: finding.file, line: finding.range.start.line + 1, reason: rewrite?.reason ?? 'no rewrite is known for this client' });
      continue;
    }
    const updated = new Map<string, string>();
    try {
      for (const [file, edits] of rewrite.edits) {
        const text = textOf(file);
        if (text === undefined) throw new Error(`cannot read ${file}`);
        updated.set(file, applyEdits(text, edits));
      }
    } catch (err) {
      refusedKeys.add(key);
      refused.push({ file: finding.file, line: finding.range.start.line + 1, reason: (err as Error).message });
      continue;
    }
    for (const [file, text] of updated) {
      if (!originals.has(file)) originals.set(file, textOf(file)!);
      current.set(file, text);
      workspace.updateFile(file, text);
    }
    rewritten++;
  }

  const changedFiles = [...current.keys()].filter((f) => current.get(f) !== originals.get(f)).sort();
  const rel = (file: string): string => path.relative(cwd, file).split(path.sep).join('/') || file;
  let output = '';
  if (input.dryRun) {
    for (const file of changedFiles) output += createTwoFilesPatch(`a/${rel(file)}`, `b/${rel(file)}`, originals.get(file)!, current.get(file)!);
  } else {
    writeAllOrNothing(input, changedFiles, current, originals);
  }
  output += summary(input.dryRun, rewritten, changedFiles.length, refused.map((r) => ({ ...r, file: rel(r.file) })));
  return { output, changedFiles, rewritten, refused };
}

function nextFixable(findings: Finding[], refused: ReadonlySet<string>): Finding | undefined {
  return findings.find((f) => f.creation && FIXABLE_RULES.includes(f.rule) && !refused.has(keyOf(f)));
}

function keyOf(finding: Finding): string {
  return `${finding.creation!.file}#${finding.creation!.id}`;
}

/** Write every file; if one write fails, put back the ones already written and rethrow. */
function writeAllOrNothing(input: FixCommandInput, files: string[], current: Map<string, string>, originals: Map<string, string>): void {
  const written: string[] = [];
  try {
    for (const file of files) {
      input.writeText(file, current.get(file)!);
      written.push(file);
    }
  } catch (err) {
    for (const file of written) {
      try {
        input.writeText(file, originals.get(file)!);
      } catch {
        // Best effort: the error below names the file that failed.
      }
    }
    throw err;
  }
}

function summary(dryRun: boolean, rewritten: number, files: number, refused: FixRefusal[]): string {
  const verb = dryRun ? 'would rewrite' : 'rewrote';
  let out = `pg-pool-guard --fix${dryRun ? '-dry-run' : ''}: ${verb} ${rewritten} client${rewritten === 1 ? '' : 's'} to a Pool in ${files} file${files === 1 ? '' : 's'}.\n`;
  if (refused.length > 0) {
    out += `${refused.length} client${refused.length === 1 ? '' : 's'} not rewritten:\n`;
    for (const r of refused) out += `  ${r.file}:${r.line}: ${r.reason.split('\n').join('\n    ')}\n`;
  }
  return out;
}
