/**
 * Starts a throwaway MariaDB for the MySQL proof: Debian's `mariadbd`, its
 * data directory made by `mariadb-install-db` in a temp dir (owned by the
 * `mysql` user when we are root: mariadbd refuses to run as root unless told
 * `--user`), listening on a random port on 127.0.0.1 with its socket in the
 * same temp dir. The server is our child process; stop() ends it and removes
 * the dir, and an early exit (exception, Ctrl-C) kills it and removes the dir.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { onEarlyExit } from './cleanup';
import { freePort } from './ports';
import { GENEROUS_TIMEOUT_MS, pollUntil } from './wait';

export interface RunningMariadb {
  /** `mariadbd Ver 10.11…`, for the report. */
  kind: string;
  port: number;
  /** `mysql://root@127.0.0.1:<port>/<database>` (no password: a throwaway server bound to loopback). */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const SAFE_DB_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const SERVER_BINARIES = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'];
const INSTALL_BINARIES = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];

function firstExisting(paths: readonly string[]): string | undefined {
  return paths.find((path) => existsSync(path));
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function mysqlUserIds(): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function tail(file: string): string {
  return existsSync(file) ? `\n--- ${file} ---\n${readFileSync(file, 'utf8').slice(-4000)}` : '';
}

export async function startMariadb(): Promise<RunningMariadb> {
  const server = firstExisting(SERVER_BINARIES);
  const install = firstExisting(INSTALL_BINARIES);
  if (!server || !install) {
    throw new Error(
      `No MariaDB found (${SERVER_BINARIES.join(' or ')} and ${INSTALL_BINARIES.join(' or ')}). ` +
        'Install it: apt-get install mariadb-server',
    );
  }
  const owner = isRoot() ? mysqlUserIds() : undefined;
  if (isRoot() && !owner) throw new Error('running as root but there is no "mysql" user to run MariaDB as');
  const userArgs = owner ? ['--user=mysql'] : [];
  const baseDir = mkdtempSync('/tmp/pg-pool-guard-mariadb-');
  const dataDir = join(baseDir, 'data');
  const errorLog = join(baseDir, 'error.log');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const removeDir = (): void => rmSync(baseDir, { recursive: true, force: true });
  const unregister = onEarlyExit(() => {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    removeDir();
  });
  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const grace = setTimeout(() => child?.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(grace);
    }
    removeDir();
    unregister();
  };
  try {
    if (owner) chownSync(baseDir, owner.uid, owner.gid);
    const init = spawnSync(
      install,
      ['--no-defaults', `--datadir=${dataDir}`, ...userArgs, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (init.status !== 0) {
      throw new Error(`${install} failed (${init.error?.message ?? `exit ${init.status}`})\n${init.stdout}${init.stderr}`);
    }
    const version = spawnSync(server, ['--version'], { encoding: 'utf8' }).stdout.trim();
    // The port is picked free just before starting; retry if another process took it meanwhile.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const args = [
        '--no-defaults', `--datadir=${dataDir}`, ...userArgs, `--port=${port}`, '--bind-address=127.0.0.1',
        `--socket=${join(baseDir, 'mariadb.sock')}`, `--pid-file=${join(baseDir, 'mariadb.pid')}`, `--log-error=${errorLog}`,
        '--skip-name-resolve', '--skip-log-bin', '--innodb-flush-log-at-trx-commit=0', '--max-connections=200',
      ];
      const started = spawn(server, args, { stdio: 'ignore' });
      child = started;
      exited = new Promise((resolve) => {
        started.once('exit', () => resolve());
        started.once('error', () => resolve());
      });
      const url = (database: string): string => `mysql://root@127.0.0.1:${port}/${database}`;
      const state = await pollUntil(
        'MariaDB to accept connections',
        async () => {
          if (started.exitCode !== null || started.signalCode !== null) return 'exited';
          const connection = await createConnection(url('mysql'));
          try {
            await connection.query('SELECT 1');
            return 'ready';
          } finally {
            await connection.end().catch(() => undefined);
          }
        },
        { timeoutMs: GENEROUS_TIMEOUT_MS, intervalMs: 100 },
      );
      if (state === 'ready') {
        return {
          kind: version || server,
          port,
          url,
          createDatabase: (name) => createDatabase(url('mysql'), name),
          stop,
        };
      }
      if (attempt >= 3) throw new Error(`mariadbd exited during start-up${tail(errorLog)}`);
    }
  } catch (err) {
    await stop().catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}${tail(errorLog)}`);
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  if (!SAFE_DB_NAME.test(name)) throw new Error(`unsafe database name: ${name}`);
  await withMysql(adminUrl, (connection) => connection.query(`CREATE DATABASE ${name}`));
}

/** Open a short-lived connection, run `work`, always close it. */
export async function withMysql<T>(url: string, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await createConnection(url);
  try {
    return await work(connection);
  } finally {
    await connection.end().catch(() => undefined);
  }
}
