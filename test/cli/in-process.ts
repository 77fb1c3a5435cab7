/**
 * The CLI in-process: runCli with the real engine, wired as
 * server/src/cli/main.ts wires it, and captured streams. No process start-up
 * per run; test/cli/cli.test.ts keeps the smoke tests of the built bundle.
 */
import { runCli, type CliIo } from '../../server/src/cli/run';
import type { CliEngine } from '../../server/src/cli/engine';
import { Workspace } from '../../server/src/engine/workspace';
import { RULE_REGISTRY } from '../../server/src/engine/rules/index';
import { engineIdentity } from '../../server/src/shared/engine-identity';

export const inProcessEngine: CliEngine = {
  createWorkspace: (options, displayRoot, host) => new Workspace({ options, displayRoot, readText: host.readText, hashText: host.hashText }),
  rules: RULE_REGISTRY,
  version: '0.0.0-test',
  identity: engineIdentity(),
};

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pg-pool-guard ...args` in `cwd`, in this process (with `options.engine`, another engine: one that counts its work). */
export async function runCliInProcess(args: readonly string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv; engine?: CliEngine } = {}): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    env: { NO_COLOR: '1', ...options.env },
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    readStdin: async () => options.input ?? '',
  };
  const code = await runCli(args, io, options.engine ?? inProcessEngine);
  return { code, stdout, stderr };
}

