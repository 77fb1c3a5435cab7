/** The real engine for in-process CLI runs, counting the files it parses and its findings derivations. */
import * as path from 'node:path';
import type { CliEngine } from '../../server/src/cli/engine';
import { runCli, type CliIo } from '../../server/src/cli/run';
import { analyzeText } from '../../server/src/engine/analyze';
import { RULE_REGISTRY } from '../../server/src/engine/rules/index';
import { Workspace } from '../../server/src/engine/workspace';

export function countingEngine(identity: string): { engine: CliEngine; parsed: string[]; derived: () => number } {
  const parsed: string[] = [];
  let derivations = 0;
  class CountingWorkspace extends Workspace {
    override getFindings() {
      derivations++;
      return super.getFindings();
    }
  }
  const engine: CliEngine = {
    createWorkspace: (options, displayRoot, host) =>
      new CountingWorkspace({ options, displayRoot, readText: host.readText, hashText: host.hashText, analyze: (p, t, o) => (parsed.push(path.basename(p)), analyzeText(p, t, o)) }),
    rules: RULE_REGISTRY,
    version: '0.0.0-test',
    identity,
  };
  return { engine, parsed, derived: () => derivations };
}

/** One in-process CLI run (JSON report) with a counting engine: its findings and notices, stderr, the files parsed and the derivations. */
export async function runCounted(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, env: { NO_COLOR: '1' }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, readStdin: async () => '' };
  const counting = countingEngine('engine-a');
  await runCli(['--format', 'json', ...args], io, counting.engine);
  const report = JSON.parse(stdout) as { findings: unknown[]; notices: unknown[] };
  return { findings: report.findings, notices: report.notices, stderr, parsed: counting.parsed.sort(), derived: counting.derived() };
}
