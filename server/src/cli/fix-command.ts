/**
 * --fix / --fix-dry-run over a whole workspace, as one transaction: every
 * rewrite is computed first (re-analysing between clients, since a rewrite
 * moves the others' positions), then either every changed file is written or
 * — dry run — a unified diff is printed. Refused rewrites are listed with
 * their reasons and change nothing.
 *
 * The files are handled as bytes: a file that is not valid UTF-8 is refused
 * (its bytes would not survive a text round trip), every file is read again
 * just before writing and the whole fix is abandoned if one changed since it
 * was analysed, and each file is written to a temporary file that is then
 * renamed over it — all files or none.
 */
import path from 'path';
import * as fs from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import type { WorkspaceApi } from '../engine/api';
import type { Finding } from '../engine/types';
import { lineOf } from '../engine/positions';
import { applyEdits, computeFix, FIXABLE_RULES, fixKey } from '../engine/fix/index';
import type { RewriteProblem } from '../engine/fix/index';

/** What --fix needs from the file system (injected in tests). */
export interface FixFileSystem {
  /** The file's bytes; throws when it cannot be read. */
  readFile(file: string): Uint8Array;
  /** Create or replace a file with these bytes and (when given) this mode; throws on failure. */
  writeFile(file: string, data: Uint8Array, mode?: number): void;
  rename(from: string, to: string): void;
  remove(file: string): void;
  /** Permission bits of an existing file. */
  mode(file: string): number | undefined;
  /** The file a path names after following symlinks (renaming over a symlink would replace the link). */
  realPath(file: string): string;
}

export const nodeFixFileSystem: FixFileSystem = {
  readFile: (file) => fs.readFileSync(file),
  writeFile: (file, data, mode) => fs.writeFileSync(file, data, mode === undefined ? undefined : { mode }),
  rename: (from, to) => fs.renameSync(from, to),
  remove: (file) => fs.rmSync(file, { force: true }),
  mode: (file) => {
    try {
      return fs.statSync(file).mode & 0o7777;
    } catch {
      return undefined;
    }
  },
  realPath: (file) => {
    try {
      return fs.realpathSync(file);
    } catch {
      return file;
    }
  },
};

export interface FixCommandInput {
  workspace: WorkspaceApi;
  /** The text each file was analysed with (undefined when it was not read). */
  readText: (file: string) => string | undefined;
  /** Default: the real file system. */
  fs?: FixFileSystem;
  dryRun: boolean;
  /** Paths in the output are relative to this directory. */
  cwd: string;
  /** The `connectionTimeoutMillis` setting (pool-connect-timeout's fix). */
  connectionTimeoutMillis?: number;
}

export interface FixRefusal {
  file: string;
  /** 1-based line of the client creation. */
  line: number;
  /** The client's name (`client`, `Db.pool`, `default export`). */
  holder: string;
  problems: RewriteProblem[];
  /** A Pool rule's fix (not a connection rewrite). */
  poolFix?: true;
}

export interface FixCommandResult {
  output: string;
  changedFiles: string[];
  /** Clients rewritten. */
  rewritten: number;
  refused: FixRefusal[];
}

/** --fix could not finish; nothing (or, when said so, not everything) was written. The CLI exits with 2. */
export class FixAbortedError extends Error {
  readonly code = FIX_ABORTED;
}

/** `code` of a FixAbortedError, for callers that do not load this module. */
export const FIX_ABORTED = 'PG_POOL_GUARD_FIX_ABORTED';

export function runFixCommand(input: FixCommandInput): FixCommandResult {
  const { workspace, cwd } = input;
  const fsys = input.fs ?? nodeFixFileSystem;
  const rel = (file: string): string => path.relative(cwd, file).split(path.sep).join('/') || file;
  const originals = new Map<string, string>();
  const current = new Map<string, string>();
  /** File → why its bytes cannot be rewritten (undefined: checked and fine). */
  const checked = new Map<string, RewriteProblem | undefined>();
  const textOf = (file: string): string | undefined => current.get(file) ?? input.readText(file);
  const refused: FixRefusal[] = [];
  const refusedKeys = new Set<string>();
  let rewritten = 0;
  let poolFixes = 0;

  const refuse = (finding: Finding, key: string, holder: string, problems: RewriteProblem[]): void => {
    refusedKeys.add(key);
    const refusal: FixRefusal = { file: finding.creation!.file, line: creationLine(workspace, finding), holder, problems };
    if (!isConnectionRewrite(finding)) refusal.poolFix = true;
    refused.push(refusal);
  };

  const limit = workspace.getFindings().length * 2 + 5;
  for (let round = 0; round < limit; round++) {
    const finding = nextFixable(workspace.getFindings(), refusedKeys);
    if (!finding) break;
    const key = keyOf(finding);
    const rewrite = computeFix(workspace, finding, textOf, { displayRoot: cwd, connectionTimeoutMillis: input.connectionTimeoutMillis });
    const holder = isConnectionRewrite(finding) ? holderOf(rewrite?.title) : creationHolder(workspace, finding);
    if (!rewrite || rewrite.edits.size === 0) {
      refuse(finding, key, holder, rewrite?.problems.length ? rewrite.problems : [{ file: finding.creation!.file, line: creationLine(workspace, finding), message: 'no rewrite is known for this client.' }]);
      continue;
    }
    const unsafe: RewriteProblem[] = [];
    for (const file of rewrite.edits.keys()) {
      if (!checked.has(file)) checked.set(file, bytesProblem(input, fsys, file));
      const problem = checked.get(file);
      if (problem) unsafe.push(problem);
    }
    if (unsafe.length > 0) {
      refuse(finding, key, holder, unsafe);
      continue;
    }
    const updated = new Map<string, string>();
    for (const [file, edits] of rewrite.edits) updated.set(file, applyEdits(textOf(file)!, edits));
    for (const [file, text] of updated) {
      if (!originals.has(file)) originals.set(file, textOf(file)!);
      current.set(file, text);
      workspace.updateFile(file, text);
    }
    if (isConnectionRewrite(finding)) rewritten++;
    else poolFixes++;
  }

  const changedFiles = [...current.keys()].filter((f) => current.get(f) !== originals.get(f)).sort();
  let output = '';
  if (input.dryRun) {
    for (const file of changedFiles) output += createTwoFilesPatch(`a/${rel(file)}`, `b/${rel(file)}`, originals.get(file)!, current.get(file)!);
  } else {
    writeAllOrNothing(fsys, changedFiles.map((file) => ({ file, before: originals.get(file)!, after: current.get(file)! })), rel);
  }
  output += summary(input.dryRun, rewritten, changedFiles.length, refused, rel, poolFixes);
  return { output, changedFiles, rewritten, refused };
}

function nextFixable(findings: Finding[], refused: ReadonlySet<string>): Finding | undefined {
  return findings.find((f) => f.creation && FIXABLE_RULES.includes(f.rule) && !refused.has(keyOf(f)));
}

function isConnectionRewrite(finding: Finding): boolean {
  return finding.rule === 'shared-client' || finding.rule === 'shared-client-transaction' || finding.rule === 'client-reuse';
}

function keyOf(finding: Finding): string {
  return fixKey(finding);
}

function creationLine(workspace: WorkspaceApi, finding: Finding): number {
  const creation = finding.creation!;
  const facts = workspace.facts(creation.file);
  const node = facts?.nodes.find((n) => n.id === creation.id);
  return (node && facts ? lineOf(facts.lines, node.range.offset) : finding.file === creation.file ? finding.range.start.line : 0) + 1;
}

/** The Pool a Pool rule's finding is about, by the name that holds it. */
function creationHolder(workspace: WorkspaceApi, finding: Finding): string {
  const creation = finding.creation!;
  const node = workspace.facts(creation.file)?.nodes.find((n) => n.id === creation.id);
  return node?.kind === 'creation' && node.holderName ? node.holderName : 'pool';
}

function holderOf(title: string | undefined): string {
  const match = title ? /`([^`]+)`/.exec(title) : null;
  return match ? match[1] : 'client';
}

/**
 * Why the bytes of this file cannot go through the rewrite: not valid UTF-8,
 * or not what was analysed. Undefined when they can.
 */
function bytesProblem(input: FixCommandInput, fsys: FixFileSystem, file: string): RewriteProblem | undefined {
  const analysed = input.readText(file);
  let bytes: Uint8Array;
  try {
    bytes = fsys.readFile(file);
  } catch (err) {
    throw new FixAbortedError(`${path.relative(input.cwd, file) || file} can no longer be read (${(err as Error).message}); no file was changed. Run --fix again.`);
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== undefined) {
    const { line, column } = bytePosition(bytes, invalid);
    return { file, line, column, message: `the file is not valid UTF-8 (byte 0x${bytes[invalid].toString(16).padStart(2, '0')} here): rewriting it would replace such bytes with U+FFFD. Convert it to UTF-8 first.` };
  }
  if (analysed === undefined || Buffer.from(bytes).toString('utf8') !== analysed) {
    throw new FixAbortedError(`${path.relative(input.cwd, file) || file} changed since it was analysed; no file was changed. Run --fix again.`);
  }
  return undefined;
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let extra: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      extra = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      extra = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      extra = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += extra + 1;
  }
  return undefined;
}

function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface PlannedWrite {
  file: string;
  before: string;
  after: string;
}

/**
 * Every file or none: write each new text to a temporary file beside it, read
 * every target again (it must still hold what was analysed), then rename the
 * temporary files over the targets. A failure before the renames removes the
 * temporary files; a failed rename puts back the files already renamed.
 */
function writeAllOrNothing(fsys: FixFileSystem, writes: PlannedWrite[], rel: (file: string) => string): void {
  const staged: Array<PlannedWrite & { target: string; temp: string; mode?: number }> = [];
  const cleanUp = (): void => {
    for (const s of staged) {
      try {
        fsys.remove(s.temp);
      } catch {
        // Best effort: a leftover temporary file is named after its target.
      }
    }
  };
  try {
    for (const w of writes) {
      const target = fsys.realPath(w.file);
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.pg-pool-guard-${process.pid}.tmp`);
      const mode = fsys.mode(target);
      staged.push({ ...w, target, temp, mode });
      fsys.writeFile(temp, Buffer.from(w.after, 'utf8'), mode);
    }
  } catch (err) {
    cleanUp();
    throw new FixAbortedError(`could not write ${rel(staged[staged.length - 1].file)} (${(err as Error).message}); no file was changed.`);
  }
  for (const s of staged) {
    let now: Uint8Array | undefined;
    try {
      now = fsys.readFile(s.target);
    } catch {
      now = undefined;
    }
    if (!now || !Buffer.from(now).equals(Buffer.from(s.before, 'utf8'))) {
      cleanUp();
      throw new FixAbortedError(`${rel(s.file)} ${now ? 'changed' : 'was removed'} since it was analysed; no file was changed. Run --fix again.`);
    }
  }
  const renamed: typeof staged = [];
  for (const s of staged) {
    try {
      fsys.rename(s.temp, s.target);
      renamed.push(s);
    } catch (err) {
      const notRestored: string[] = [];
      for (const done of renamed) {
        try {
          fsys.writeFile(done.temp, Buffer.from(done.before, 'utf8'), done.mode);
          fsys.rename(done.temp, done.target);
        } catch {
          notRestored.push(rel(done.file));
        }
      }
      cleanUp();
      const state = notRestored.length === 0 ? 'no file was changed' : `these files could not be put back and hold the rewrite: ${notRestored.join(', ')}`;
      throw new FixAbortedError(`could not write ${rel(s.file)} (${(err as Error).message}); ${state}.`);
    }
  }
}

function summary(dryRun: boolean, rewritten: number, files: number, refused: FixRefusal[], rel: (file: string) => string, poolFixes = 0): string {
  const verb = dryRun ? 'would rewrite' : 'rewrote';
  const inFiles = `in ${files} file${files === 1 ? '' : 's'}`;
  const fixesText = `${poolFixes} Pool misuse${poolFixes === 1 ? '' : 's'}`;
  let out = poolFixes === 0
    ? `pg-pool-guard --fix${dryRun ? '-dry-run' : ''}: ${verb} ${rewritten} client${rewritten === 1 ? '' : 's'} to a Pool ${inFiles}.\n`
    : rewritten === 0
      ? `pg-pool-guard --fix${dryRun ? '-dry-run' : ''}: ${dryRun ? 'would fix' : 'fixed'} ${fixesText} ${inFiles}.\n`
      : `pg-pool-guard --fix${dryRun ? '-dry-run' : ''}: ${verb} ${rewritten} client${rewritten === 1 ? '' : 's'} to a Pool and ${dryRun ? 'would fix' : 'fixed'} ${fixesText} ${inFiles}.\n`;
  if (refused.length === 0) return out;
  out += refused.every((r) => !r.poolFix)
    ? `${refused.length} client${refused.length === 1 ? '' : 's'} not rewritten:\n`
    : `${refused.length} finding${refused.length === 1 ? '' : 's'} not fixed:\n`;
  for (const r of refused) {
    // The client's own file is named once, in the heading; its problems say `line N`.
    const lines = r.problems.map((p) => {
      const column = p.column !== undefined ? `:${p.column}` : '';
      return `${p.file === r.file ? `line ${p.line}${column}` : `${rel(p.file)}:${p.line}${column}`}: ${p.message}`;
    });
    const heading = `  ${rel(r.file)}:${r.line} \`${r.holder}\``;
    out += lines.length === 1 ? `${heading}: ${lines[0]}\n` : `${heading}:\n${lines.map((l) => `    ${l}\n`).join('')}`;
  }
  return out;
}
