/**
 * Makes the two app copies the proof compares: the example as written, and
 * the same copy after `pg-pool-guard --fix`: the proof is about what --fix
 * produces, so there is no hand-written stand-in.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI_BUNDLE, CLI_SCRIPT, REPO_ROOT } from './paths';

export interface FixedCopy {
  /** How the fixed copy was made, for the report. */
  method: string;
  /** Files (relative to the app dir) that differ from the original. */
  changedFiles: string[];
}

/** Every regular file under `dir` (skipping node_modules), relative path → text. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      if (name === 'node_modules') continue;
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

function changedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

function runCli(args: string[], cwd = REPO_ROOT): { status: number | null; output: string; stdout: string } {
  const result = spawnSync(process.execPath, [CLI_SCRIPT, '--no-color', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const error = result.error ? `${result.error.message}\n` : '';
  return { status: result.status, output: `${error}${result.stdout ?? ''}${result.stderr ?? ''}`, stdout: result.stdout ?? '' };
}

function requireCliBundle(): void {
  if (!existsSync(CLI_BUNDLE)) {
    throw new Error(`${relative(REPO_ROOT, CLI_BUNDLE)} is missing: run \`npm run build\` first. The proof needs \`pg-pool-guard --fix\`.`);
  }
}

export interface ReportedFinding {
  rule: string;
  /** Relative to the app dir, forward slashes. */
  file: string;
  line: number;
}

/** What pg-pool-guard reports for an app dir (JSON format), or a loud error. */
export function analyseApp(appDir: string): ReportedFinding[] {
  requireCliBundle();
  const run = runCli(['--format', 'json', '--fail-on', 'none', '.'], appDir);
  if (run.status !== 0) throw new Error(`pg-pool-guard failed on ${appDir} (exit ${run.status}):\n${run.output}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    throw new Error(`pg-pool-guard --format json printed something that is not JSON:\n${run.output}`);
  }
  const findings = (parsed as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new Error(`pg-pool-guard --format json has no findings array:\n${run.stdout}`);
  return findings.map((f: { rule: string; file: string; line: number }) => ({ rule: f.rule, file: f.file, line: f.line }));
}

export function copyApp(sourceDir: string, targetDir: string): void {
  cpSync(sourceDir, targetDir, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('node_modules') });
}

export interface FixOptions {
  /** Extra CLI arguments for --fix and the check after it (e.g. `-c config.json`). */
  cliArgs?: string[];
  /** The copy must have no finding left after --fix (default); false when a config turned some rules off for the fix only. */
  expectClean?: boolean;
}

/**
 * Copy `sourceDir` to `targetDir` and fix it. Throws — loudly, with the CLI's
 * output — when --fix is unavailable, changes nothing, or leaves findings.
 */
export function makeFixedCopy(sourceDir: string, targetDir: string, options: FixOptions = {}): FixedCopy {
  const cliArgs = options.cliArgs ?? [];
  copyApp(sourceDir, targetDir);
  const before = snapshot(targetDir);
  requireCliBundle();
  const fix = runCli([...cliArgs, '--fix', targetDir]);
  if (fix.status === null || fix.status === 2) {
    throw new Error(`pg-pool-guard --fix failed (exit ${fix.status}):\n${fix.output}`);
  }
  const changedFiles = changedBetween(before, snapshot(targetDir));
  if (changedFiles.length === 0) {
    throw new Error(`pg-pool-guard --fix changed nothing in ${sourceDir} (exit ${fix.status}):\n${fix.output}`);
  }
  if (options.expectClean !== false) {
    const check = runCli([...cliArgs, '--fail-on', 'info', targetDir]);
    if (check.status !== 0) {
      throw new Error(`pg-pool-guard still reports findings after --fix (exit ${check.status}):\n${check.output}`);
    }
  }
  const fixMethod = cliArgs.length > 0 ? `pg-pool-guard ${cliArgs.join(' ')} --fix` : 'pg-pool-guard --fix';
  return { method: fixMethod, changedFiles };
}
