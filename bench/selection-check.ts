/**
 * The file selection's soundness check: the CLI in-process on one directory
 * (with its .pgpoolguardrc.json), once with the engine parsing only what its
 * selection chose and once parsing every file; the JSON findings must be
 * identical. Used by test/corpus/selection.test.ts (every fixture) and by
 * `npm run bench` (the generated workspaces).
 */
import { isDeepStrictEqual } from 'node:util';
import { runCli, type CliIo } from '../server/src/cli/run';
import type { CliEngine } from '../server/src/cli/engine';
import { Workspace } from '../server/src/engine/workspace';
import { RULE_REGISTRY } from '../server/src/engine/rules/index';
import { engineIdentity } from '../server/src/shared/engine-identity';

export interface BothWays {
  same: boolean;
  /** The first differing finding of each run, when not the same. */
  difference?: string;
  files: number;
  findings: number;
  parsedWithSelection: number;
  parsedWithout: number;
  msWithSelection: number;
  msWithout: number;
}

interface OneRun {
  findings: unknown[];
  files: number;
  parsed: number;
  ms: number;
  stderr: string;
}

async function runOnce(dir: string, selectFiles: boolean): Promise<OneRun> {
  const workspaces: Workspace[] = [];
  const engine: CliEngine = {
    createWorkspace: (options, displayRoot, host) => {
      const ws = new Workspace({ options, displayRoot, readText: host.readText, hashText: host.hashText, selectFiles });
      workspaces.push(ws);
      return ws;
    },
    rules: RULE_REGISTRY,
    version: '0.0.0-selection-check',
    identity: engineIdentity(),
  };
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: dir,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    readStdin: async () => '',
  };
  const started = performance.now();
  const code = await runCli(['--format', 'json', '--fail-on', 'none', '.'], io, engine);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${dir}: exit ${code}: ${stderr.slice(0, 500)}`);
  const report = JSON.parse(stdout) as { findings: unknown[]; stats: { files: number } };
  const parsed = workspaces.reduce((sum, ws) => sum + ws.files().filter((file) => ws.facts(file) !== undefined).length, 0);
  return { findings: report.findings, files: report.stats.files, parsed, ms, stderr };
}

export async function runSelectionBothWays(dir: string): Promise<BothWays> {
  const selected = await runOnce(dir, true);
  const all = await runOnce(dir, false);
  const same = isDeepStrictEqual(selected.findings, all.findings);
  let difference: string | undefined;
  if (!same) {
    const key = (f: unknown) => JSON.stringify(f);
    const withKeys = new Set(all.findings.map(key));
    const selKeys = new Set(selected.findings.map(key));
    const missing = all.findings.filter((f) => !selKeys.has(key(f)));
    const extra = selected.findings.filter((f) => !withKeys.has(key(f)));
    difference = `  only without selection (${missing.length}): ${missing.slice(0, 3).map(key).join('\n    ')}\n  only with selection (${extra.length}): ${extra.slice(0, 3).map(key).join('\n    ')}`;
  }
  return {
    same,
    difference,
    files: all.files,
    findings: all.findings.length,
    parsedWithSelection: selected.parsed,
    parsedWithout: all.parsed,
    msWithSelection: selected.ms,
    msWithout: all.ms,
  };
}
