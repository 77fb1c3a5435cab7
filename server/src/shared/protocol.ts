/**
 * Custom LSP protocol between the pg-pool-guard language server and its
 * clients. Plain strings and interfaces only, so both the server bundle and
 * the VS Code client bundle can import it without pulling in the other side.
 */

/** Server → client notification: analysis progress for a status item. */
export const STATUS_NOTIFICATION = 'pgPoolGuard/status';

/** `warning`: the analysis finished but skipped files (size, time budget) or was cancelled; `message` says why. */
export type StatusState = 'analysing' | 'ok' | 'warning' | 'error';

export interface StatusParams {
  state: StatusState;
  /** Files currently in the analysis. */
  files: number;
  /** Problems currently shown (all files, settings applied). */
  problems: number;
  /** Files left out of the analysis (too large, over the time budget). */
  skipped: number;
  /** Duration of the last analysis pass in milliseconds (0 while analysing). */
  ms: number;
  /** What went wrong (`error`) or what was left out (`warning`), for a tooltip. */
  message?: string;
}

/** workspace/executeCommand: re-scan every workspace folder from disk. */
export const ANALYZE_WORKSPACE_COMMAND = 'pgPoolGuard.analyzeWorkspace';
/** workspace/executeCommand: open a rule's documentation; argument is the URL. */
export const SHOW_DOCUMENTATION_COMMAND = 'pgPoolGuard.showDocumentation';

/** workspace/executeCommand: apply the WorkspaceEdit argument (code actions sent as Commands to clients without CodeAction literals). */
export const APPLY_EDIT_COMMAND = 'pgPoolGuard.applyEdit';

/** Code action kind for "apply every safe Pool rewrite in this file". */
export const FIX_ALL_KIND = 'source.fixAll.pgPoolGuard';

/** `initializationOptions` the server understands (all optional). */
export interface InitializationOptions {
  /** Delay between the last edit and re-analysis; default 200 ms. */
  debounceMs?: number;
  /** A single file analysis slower than this is abandoned with a log line; default 5000 ms. */
  analysisBudgetMs?: number;
  /** How long a code action request waits for a running analysis before answering from what it has; default 10000 ms. */
  codeActionWaitMs?: number;
  /**
   * How long a code action list waits for the rewrites of its findings (computed
   * ahead of it once an analysis settles) before listing them unresolved;
   * default 400 ms. 0: never compute ahead (the list offers them unresolved).
   */
  rewriteListWaitMs?: number;
  /**
   * A folder the server may keep its facts cache in (VS Code: the extension's
   * `context.storageUri`), so a restart parses only the files that changed.
   * Without it nothing is written.
   */
  storagePath?: string;
}
