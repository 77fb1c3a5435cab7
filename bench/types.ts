/**
 * The contract between the bench runner (bench/run.ts) and its sections
 * (CLI, language server, big files).
 */

/** One row of the printed markdown table. */
export interface BenchRow {
  /** What was measured, e.g. "(a) CLI cold scan". */
  measurement: string;
  /** The measured value with its unit, e.g. "1234 ms" or "142 MB". */
  value: string;
  /** e.g. "a/b = 1.21"; empty when the row has no ratio. */
  ratio?: string;
  /** e.g. "≤ 1.3"; empty when the row has no target. */
  target?: string;
  /** true = PASS, false = MISS, undefined = informational row. */
  pass?: boolean;
}

export type WorkspaceProfile = 'pg-using' | 'pg-free';

/** A generated workspace, as described by its manifest, or a directory given with --dir. */
export interface BenchWorkspace {
  /** Absolute path of the workspace root. */
  dir: string;
  profile?: WorkspaceProfile;
  /** Workspace-relative paths of every generated source file. */
  files: string[];
  lines: number;
  bytes: number;
  /** Workspace-relative path of the 2,000-line file for editor latency measurements. */
  largeFile?: string;
}

/** Workspace-relative path of the 2,000-line module (pg-using workspace). */
export const LARGE_MODULE = 'apps/api/src/routes/large-module.ts';
