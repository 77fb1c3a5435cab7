/**
 * What the CLI needs from the engine, injected so the front end can be
 * tested on its own and so main.ts is the only place that knows the real one.
 */
import type { WorkspaceApi } from '../engine/api';
import type { EngineOptions } from '../engine/types';
import type { FixCommandInput, FixCommandResult } from './fix-command';
import type { RuleMeta } from './ruleMeta';

export interface WorkspaceHost {
  /** Re-reads a file's current text (the engine keeps none). */
  readText(file: string): string | undefined;
  /** The content hash texts are keyed by, in the workspace and the cache. */
  hashText(text: string): string;
}

export interface CliEngine {
  /** `displayRoot`: the directory paths inside messages are written relative to. */
  createWorkspace(options: EngineOptions, displayRoot: string, host: WorkspaceHost): WorkspaceApi;
  rules: readonly RuleMeta[];
  version: string;
  /** Which engine build computes the facts: a --cache written by another is ignored. */
  identity: string;
  /**
   * --cache, before the cache is read: keep V8's compiled code of the
   * modules loaded from now on (the TypeScript compiler: ~200 ms of
   * compiling per run), and let the young generation grow again (the
   * cold scan keeps it small for its peak RSS; a warm run's cache and
   * one large parse cost ~85 ms more scavenging in it).
   */
  prepareCachedRun?: () => void;
  /** --fix / --fix-dry-run (runFixCommand); refused when absent. */
  fix?: (input: FixCommandInput) => FixCommandResult;
}
