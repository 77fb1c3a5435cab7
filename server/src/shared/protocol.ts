/**
 * Custom LSP protocol between the pg-pool-guard language server and its
 * clients. Plain strings and interfaces only, so both the server bundle and
 * the VS Code client bundle can import it without pulling in the other side.
 */

/** Server → client notification: analysis progress for a status item. */
export const STATUS_NOTIFICATION = 'pgPoolGuard/status';

export type StatusState = 'analysing' | 'ok' | 'error';

export interface StatusParams {
  state: StatusState;
  /** Files currently known to the analysis. */
  files: number;
  /** Duration of the last analysis in milliseconds (0 while analysing). */
  ms: number;
  message?: string;
}

/** workspace/executeCommand: re-scan every workspace folder from disk. */
export const ANALYZE_WORKSPACE_COMMAND = 'pgPoolGuard.analyzeWorkspace';
/** workspace/executeCommand: open a rule's documentation; argument is the URL. */
export const SHOW_DOCUMENTATION_COMMAND = 'pgPoolGuard.showDocumentation';

/** Code action kind for "apply every safe Pool rewrite in this file". */
export const FIX_ALL_KIND = 'source.fixAll.pgPoolGuard';

/** `initializationOptions` the server understands (all optional). */
export interface InitializationOptions {
  /** Delay between the last edit and re-analysis; default 200 ms. */
  debounceMs?: number;
  /** A single file analysis slower than this is abandoned with a log line; default 5000 ms. */
  analysisBudgetMs?: number;
}
