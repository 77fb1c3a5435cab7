/**
 * Runs the CLI front end in-process (runCliInProcess, the real engine) on one
 * fixture, with cwd = the fixture so its .pgpoolguardrc.json applies, and
 * returns the reported findings. No process per fixture: the corpus costs
 * its analysis, not 90 Node start-ups.
 */
import { join } from 'node:path';
import { runCliInProcess, type InProcessRun } from '../cli/in-process';
import { FIXTURES_DIR } from './expected';
import { parseReport, type CliRun } from './parse-report';

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
