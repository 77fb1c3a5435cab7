/**
 * Runs the CLI front end in-process (runCli with the real engine, the same
 * wiring as server/src/cli/main.ts) on one fixture, with cwd = the fixture so
 * its .pgpoolguardrc.json applies, and returns the reported findings. No
 * process per fixture: the corpus costs its analysis, not 90 Node start-ups.
 * test/cli/cli.test.ts keeps the smoke tests of the built CLI bundle.
 */
import { join } from 'node:path';
import { runCli, type CliIo } from '../../server/src/cli/run';
import type { CliEngine } from '../../server/src/cli/engine';
import { Workspace } from '../../server/src/engine/workspace';
import { RULE_REGISTRY } from '../../server/src/engine/rules/index';
import { FIXTURES_DIR } from './expected';
import { parseReport, type CliRun } from './parse-report';

export const inProcessEngine: CliEngine = {
  createWorkspace: (options, displayRoot) => new Workspace({ options, displayRoot }),
  rules: RULE_REGISTRY,
  version: '0.0.0-test',
};

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pg-pool-guard ...args` in `cwd`, in this process. */
export async function runCliInProcess(args: readonly string[], cwd: string, stdin = ''): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    readStdin: async () => stdin,
  };
  const code = await runCli(args, io, inProcessEngine);
  return { code, stdout, stderr };
}

export async function runEngineOnFixture(fixture: string): Promise<CliRun> {
  let run: InProcessRun;
  try {
    run = await runCliInProcess(['--format', 'json', '.'], join(FIXTURES_DIR, fixture));
  } catch (err) {
    return { ok: false, error: `runCli threw: ${(err as Error).stack ?? err}` };
  }
  if (run.code !== 0 && run.code !== 1) return { ok: false, error: `exit ${run.code}: ${run.stderr.trim().slice(0, 500)}` };
  return parseReport(run.stdout);
}
