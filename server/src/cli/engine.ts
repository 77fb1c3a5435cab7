/**
 * What the CLI needs from the engine, injected so the front end can be
 * tested on its own and so main.ts is the only place that knows the real one.
 */
import type { WorkspaceApi } from '../engine/api';
import type { EngineOptions } from '../engine/types';
import type { FixCommandInput, FixCommandResult } from './fix-command';
import type { RuleMeta } from './ruleMeta';

export interface CliEngine {
  /** `displayRoot`: the directory paths inside messages are written relative to. */
  createWorkspace(options: EngineOptions, displayRoot: string): WorkspaceApi;
  rules: readonly RuleMeta[];
  version: string;
  /** --fix / --fix-dry-run (runFixCommand); refused when absent. */
  fix?: (input: FixCommandInput) => FixCommandResult;
  /** The bundled scan worker (server/out/scan-worker.js); without it --concurrency is off. */
  workerScript?: string;
}
