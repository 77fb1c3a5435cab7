/**
 * The contract between the bench runner (bench/run.ts) and optional bench
 * sections such as the language-server bench (bench/lsp.ts, if present).
 */

/** One row of the printed markdown table. */
export interface BenchRow {
  /** What was measured, e.g. "(a) CLI full scan". */
  measurement: string;
  /** The measured value with its unit, e.g. "1234 ms" or "142 MB". */
  value: string;
  /** e.g. "a/b = 1.21"; empty when the row has no ratio. */
  ratio?: string;
  /** e.g. "≤ 1.5"; empty when the row has no target. */
  target?: string;
  /** true = PASS, false = MISS, undefined = informational row. */
  pass?: boolean;
}

/** The generated workspace, as described by its manifest. */
export interface BenchWorkspace {
  /** Absolute path of the workspace root (.bench/workspace). */
  dir: string;
  /** Workspace-relative paths of every generated source file. */
  files: string[];
  lines: number;
  /** Workspace-relative path of the 2,000-line file for editor latency measurements. */
  largeFile: string;
}

/** bench/lsp.ts exports this; run.ts calls it after the CLI section and appends its rows. */
export interface LspBenchModule {
  runLspBench(workspaceDir: string): Promise<BenchRow[]>;
}

/** Workspace-relative path of the 2,000-line module. */
export const LARGE_MODULE = 'src/big/large-module.ts';
