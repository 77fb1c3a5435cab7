/**
 * One app of the runtime corpus, end to end: copy it out of the repo, run the
 * real CLI (bin/pg-pool-guard.js --fix) on the copy, check what it changed (or
 * that it refused, and why), load the schema into a fresh database, run the
 * FIXED app's scripts (each must exit 0 within 15 s) and server (checks.ts),
 * then run --fix again (the same CLI code, in-process): it must change nothing.
 */
import { spawn } from 'node:child_process';
import ts from 'typescript';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI_SCRIPT, REPO_NODE_MODULES } from '../../prove/paths';
import { freePort } from '../../prove/ports';
import { withClient, type RunningPostgres } from '../../prove/postgres';
import { runCheck } from './checks';
import type { CorpusApp } from './corpus';
import { runToExit, startServer } from './processes';
import { runCli } from '../../server/src/cli/run';
import type { CliEngine } from '../../server/src/cli/engine';
import { runFixCommand } from '../../server/src/cli/fix-command';
import { Workspace } from '../../server/src/engine/workspace';
import { RULE_REGISTRY } from '../../server/src/engine/rules/index';

export const SCRIPT_TIMEOUT_MS = 15_000;

export interface AppResult {
  name: string;
  ok: boolean;
  /** What was verified, one line per step. */
  steps: string[];
  /** Set for refusal cases: the reason --fix gave. */
  refusal?: string;
  error?: string;
}

export async function runApp(app: CorpusApp, workRoot: string, pg: RunningPostgres, index: number): Promise<AppResult> {
  const steps: string[] = [];
  const dir = join(workRoot, app.name);
  try {
    cpSync(app.dir, dir, { recursive: true });
    symlinkSync(REPO_NODE_MODULES, join(dir, 'node_modules'), 'dir');
    const before = snapshot(dir);

    const fix = await cli(['--fix', '.'], dir);
    const after = snapshot(dir);
    const changed = [...after.keys()].filter((f) => !before.get(f)?.equals(after.get(f)!)).sort();
    if (app.manifest.refuse) {
      if (changed.length > 0) throw new Error(`--fix changed ${changed.join(', ')} although it had to refuse\n${fix.stderr}`);
      const reason = refusalLine(fix.stderr, app.manifest.refuse);
      if (!reason) throw new Error(`--fix did not refuse with "${app.manifest.refuse}":\n${fix.stderr}`);
      steps.push('--fix refused and changed nothing');
      return { name: app.name, ok: true, steps, refusal: reason };
    }
    // A shared Client rewritten to a Pool, or (Pool-misuse apps) Pool misuses fixed.
    if (!/(rewrote [1-9]\d* clients? to a Pool|fixed [1-9]\d* Pool misuses?)/.test(fix.stderr) || fix.code !== 0) throw new Error(`--fix did not rewrite cleanly (exit ${fix.code}):\n${fix.stdout}${fix.stderr}`);
    const expectedChanges = [...(app.manifest.changes ?? [])].sort();
    if (JSON.stringify(changed) !== JSON.stringify(expectedChanges)) throw new Error(`--fix changed [${changed.join(', ')}], expected [${expectedChanges.join(', ')}]\n${fix.stderr}`);
    steps.push(`--fix rewrote ${changed.join(', ')}; nothing left to report`);
    if (app.manifest.typecheck) {
      const errorsBefore = typeErrorsIn(app.dir);
      if (errorsBefore.length > 0) throw new Error(`the app does not type-check before --fix:\n${errorsBefore.join('\n')}`);
      const errorsAfter = typeErrorsIn(dir);
      if (errorsAfter.length > 0) throw new Error(`the fixed app does not type-check:\n${errorsAfter.join('\n')}`);
      steps.push('the fixed app type-checks');
    }

    const database = `rt_${index}_${app.name.replace(/[^a-z0-9]/g, '_')}`.slice(0, 60);
    await pg.createDatabase(database);
    const url = pg.url(database);
    if (app.schema) await withClient(url, (c) => c.query(app.schema.replaceAll(':database', database)));
    const env = appEnv(url, pg, database);

    for (const script of app.manifest.scripts ?? []) {
      const ran = await runToExit(script.run, dir, env, SCRIPT_TIMEOUT_MS);
      const label = script.run.join(' ');
      if (ran.timedOut) throw new Error(`${label} did not exit within ${SCRIPT_TIMEOUT_MS / 1000} s (a checked-out client never released? a pool never ended?)\n${ran.stdout}${ran.stderr}`);
      if (ran.code !== 0) throw new Error(`${label} exited with ${ran.code ?? ran.signal}\n${ran.stdout}${ran.stderr}`);
      let detail = '';
      if (script.expect) {
        const value = await withClient(url, async (c) => Object.values((await c.query(script.expect!.sql)).rows[0] ?? {})[0]);
        if (value !== script.expect.equals) throw new Error(`after ${label}: ${script.expect.sql} gave ${String(value)}, expected ${script.expect.equals}\n${ran.stdout}${ran.stderr}`);
        detail = `, ${script.expect.sql} = ${String(value)}`;
      }
      steps.push(`${label} exited 0${detail}`);
    }

    if (app.manifest.server) {
      const server = await startServer(app.manifest.server.run, dir, env, await freePort());
      try {
        steps.push(`${app.manifest.server.run.join(' ')} started`);
        for (const check of app.manifest.server.checks) {
          try {
            steps.push(`${check}: ${await runCheck(check, server.baseUrl, url, database)}`);
          } catch (err) {
            throw new Error(`${check}: ${(err as Error).message}\n--- app output ---\n${server.output()}`);
          }
        }
      } finally {
        await server.stop();
      }
    }

    const fixed = snapshot(dir);
    // The same CLI code in-process: a second process start per app costs more than the check.
    const again = await cliInProcess(['--fix', '.'], dir);
    const changedAgain = [...snapshot(dir)].filter(([f, bytes]) => !fixed.get(f)?.equals(bytes)).map(([f]) => f);
    if (changedAgain.length > 0 || !/rewrote 0 clients/.test(again.stderr)) throw new Error(`a second --fix changed ${changedAgain.join(', ') || 'something'}:\n${again.stderr}`);
    steps.push('a second --fix changed nothing');
    return { name: app.name, ok: true, steps };
  } catch (err) {
    return { name: app.name, ok: false, steps, error: (err as Error).message };
  }
}

function appEnv(url: string, pg: RunningPostgres, database: string): NodeJS.ProcessEnv {
  // PG* too, for apps that create `new Client()` with no argument.
  return { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'postgres', PGDATABASE: database, NODE_NO_WARNINGS: '1' };
}

function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_SCRIPT, '--no-color', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const inProcessEngine: CliEngine = {
  createWorkspace: (options, displayRoot) => new Workspace({ options, displayRoot }),
  rules: RULE_REGISTRY,
  version: 'test',
  identity: 'test',
  fix: runFixCommand,
};

async function cliInProcess(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--no-color', ...args], {
    cwd,
    env: {},
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    readStdin: async () => '',
  }, inProcessEngine);
  return { code, stdout, stderr };
}

/** The refusal line of --fix's summary that carries the expected reason. */
function refusalLine(stderr: string, expected: string): string | undefined {
  return stderr.split('\n').map((l) => l.trim()).find((l) => l.includes(expected));
}

/** Every file of the copy (not node_modules), as bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  (function walk(d: string): void {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules') continue;
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full));
    }
  })(dir);
  return out;
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** The TypeScript checker over an app's tsconfig.json: its errors, one line each. */
function typeErrorsIn(dir: string): string[] {
  const configPath = join(dir, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return [ts.flattenDiagnosticMessageText(read.error.messageText, ' ')];
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? relative(dir, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}
