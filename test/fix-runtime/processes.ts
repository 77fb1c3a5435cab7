/**
 * Child processes of the runtime corpus: the CLI, an app's scripts (which
 * must exit by themselves) and its server (stopped by the harness). Every
 * child is killed if the test process ends early.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { onEarlyExit } from '../../prove/cleanup';
import { HttpClient } from '../../prove/http';
import { pollUntil } from '../../prove/wait';

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because it did not exit within the time allowed. */
  timedOut: boolean;
}

const OUTPUT_LIMIT = 40_000;

/** `tsx file.ts` → `node --import tsx file.ts`; `node x` → this Node. */
export function commandLine(run: readonly string[]): { command: string; args: string[] } {
  const [head, ...rest] = run;
  if (head === 'tsx') return { command: process.execPath, args: ['--import', 'tsx', ...rest] };
  if (head === 'node') return { command: process.execPath, args: rest };
  return { command: head, args: rest };
}

function track(child: ChildProcess): { output: () => { stdout: string; stderr: string }; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; done: () => boolean } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString('utf8')).slice(-OUTPUT_LIMIT)));
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-OUTPUT_LIMIT)));
  let finished = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      finished = true;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      finished = true;
      stderr += `\n[spawn error] ${err.message}\n`;
      resolve({ code: null, signal: null });
    });
  });
  return { output: () => ({ stdout, stderr }), exited, done: () => finished };
}

/** Run to completion; killed (and reported as timed out) after `timeoutMs`. */
export async function runToExit(run: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Exited> {
  const { command, args } = commandLine(run);
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tracked = track(child);
  const unregister = onEarlyExit(() => {
    if (!tracked.done()) child.kill('SIGKILL');
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await tracked.exited;
  clearTimeout(timer);
  unregister();
  return { code, signal, ...tracked.output(), timedOut };
}

export interface RunningServer {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/** Start a server and wait until GET /health answers 200 (or it exits, or 30 s pass). */
export async function startServer(run: readonly string[], cwd: string, env: NodeJS.ProcessEnv, port: number): Promise<RunningServer> {
  const { command, args } = commandLine(run);
  const child = spawn(command, args, { cwd, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tracked = track(child);
  const unregister = onEarlyExit(() => {
    if (!tracked.done()) child.kill('SIGKILL');
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const http = new HttpClient(baseUrl);
  const output = (): string => {
    const { stdout, stderr } = tracked.output();
    return `${stdout}${stderr}`;
  };
  const stop = async (): Promise<void> => {
    if (!tracked.done()) child.kill('SIGTERM');
    const grace = setTimeout(() => {
      if (!tracked.done()) child.kill('SIGKILL');
    }, 5_000);
    await tracked.exited;
    clearTimeout(grace);
    unregister();
  };
  try {
    const state = await pollUntil(`GET /health on port ${port}`, async () => {
      if (tracked.done()) return 'exited';
      const res = await http.request('GET', '/health');
      return res.status === 200 ? 'ready' : undefined;
    }, { timeoutMs: 30_000, intervalMs: 100 });
    if (state === 'exited') throw new Error('the app exited during start-up');
  } catch (err) {
    http.close();
    await stop();
    throw new Error(`${(err as Error).message}\n--- app output ---\n${output()}`);
  }
  http.close();
  return { baseUrl, output, stop };
}
