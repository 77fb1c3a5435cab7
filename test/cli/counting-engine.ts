/** The real engine for in-process CLI runs, counting the files it parses and its findings derivations. */
import * as path from 'node:path';
import type { CliEngine } from '../../server/src/cli/engine';
import { runCliInProcess } from './in-process';
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
  const counting = countingEngine('engine-a');
  const { stdout, stderr } = await runCliInProcess(['--format', 'json', ...args], cwd, { engine: counting.engine });
  const report = JSON.parse(stdout) as { findings: unknown[]; notices: unknown[] };
  return { findings: report.findings, notices: report.notices, stderr, parsed: counting.parsed.sort(), derived: counting.derived() };
}
