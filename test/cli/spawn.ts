/**
 * Runs the real bundled CLI (`node bin/pg-pool-guard.js`). The bundle is
 * rebuilt first when any server source is newer than it, under a lock
 * directory so parallel test files do not build over each other.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI_BIN = path.join(REPO_ROOT, 'bin', 'pg-pool-guard.js');
const CLI_BUNDLE = path.join(REPO_ROOT, 'server', 'out', 'cli.js');
const LOCK_DIR = path.join(REPO_ROOT, 'server', 'out', '.cli-build.lock');
const LOCK_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 60_000;

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!fs.existsSync(CLI_BUNDLE)) return true;
  return fs.statSync(CLI_BUNDLE).mtimeMs < newestSourceMtime(path.join(REPO_ROOT, 'server', 'src'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Make sure server/out/cli.js reflects the current sources. */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK_DIR}; remove it if no build is running`);
      await sleep(100);
    }
  }
  try {
    if (!isStale()) return; // another test file built it while we waited
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  } finally {
    fs.rmdirSync(LOCK_DIR);
  }
}

export interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBuiltCli(args: readonly string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '', DEBUG: '', ...options.env };
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
