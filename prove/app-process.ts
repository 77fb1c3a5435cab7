/**
 * Runs one copy of the example app as a child process: migrate a fresh
 * database, start `node server.js`, poll /health until it answers, stop it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onEarlyExit } from './cleanup';
import { REPO_NODE_MODULES } from './paths';
import { freePort } from './ports';
import { HttpClient } from './http';
import { GENEROUS_TIMEOUT_MS, pollUntil } from './wait';

export interface RunningApp {
  baseUrl: string;
  http: HttpClient;
  /** Recent stdout/stderr of the app, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 20_000;

function appEnv(databaseUrl: string, port?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_PATH: REPO_NODE_MODULES };
  if (port !== undefined) env.PORT = String(port);
  return env;
}

/** Run the app's own migrate.js (schema + seed) against `databaseUrl`. */
export function migrate(appDir: string, databaseUrl: string): void {
  const result = spawnSync(process.execPath, [join(appDir, 'migrate.js')], {
    cwd: appDir,
    env: appEnv(databaseUrl),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`migrate.js failed in ${appDir} (exit ${result.status})\n${result.stdout}${result.stderr}`);
  }
}

export async function startApp(appDir: string, databaseUrl: string): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['server.js'], {
    cwd: appDir,
    env: appEnv(databaseUrl, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const capture = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    const done = (): void => {
      exited = true;
      resolve();
    };
    child.once('exit', done);
    // A spawn failure emits 'error' and maybe no 'exit'.
    child.once('error', (err) => {
      capture(Buffer.from(`\n[spawn error] ${err.message}\n`));
      done();
    });
  });
  const unregister = onEarlyExit(() => {
    if (!exited && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const http = new HttpClient(baseUrl);
  const stop = async (): Promise<void> => {
    http.close();
    if (!exited) child.kill('SIGTERM');
    // An app that ignores SIGTERM gets SIGKILL after a grace period.
    const grace = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, 5_000);
    await exitPromise;
    clearTimeout(grace);
    unregister();
  };
  try {
    const state = await pollUntil(
      `${appDir} to answer GET /health`,
      async () => {
        if (exited) return 'exited';
        const res = await http.request('GET', '/health');
        return res.status === 200 ? 'ready' : undefined;
      },
      { timeoutMs: GENEROUS_TIMEOUT_MS, intervalMs: 100 },
    );
    if (state === 'exited') throw new Error(`${appDir}: the app exited during start-up`);
  } catch (err) {
    await stop();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\n--- app output ---\n${output}`);
  }
  return { baseUrl, http, output: () => output, stop };
}

/** A throwaway database server of the proof (PostgreSQL or MariaDB). */
export interface ProofDatabase {
  createDatabase(name: string): Promise<void>;
  url(database: string): string;
}

export interface AppUnderTest<Db> {
  label: string;
  app: RunningApp;
  /** The harness's own connection to the app's database. */
  db: Db;
}

/** Fresh database, the app's own migrate.js, `node server.js`, then the harness's own connection. */
export async function launchApp<Db>(label: string, appDir: string, server: ProofDatabase, database: string, connect: (url: string) => Promise<Db>): Promise<AppUnderTest<Db>> {
  await server.createDatabase(database);
  const url = server.url(database);
  migrate(appDir, url);
  const app = await startApp(appDir, url);
  try {
    return { label, app, db: await connect(url) };
  } catch (err) {
    await app.stop();
    throw err;
  }
}

/** Run `work`, adding the app's recent output to any error so failures explain themselves. */
export async function withAppOutput<T>(target: { label: string; app: RunningApp }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${target.label}: ${message}\n--- app output ---\n${target.app.output()}`);
  }
}
