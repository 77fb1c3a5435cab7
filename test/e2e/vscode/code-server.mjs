// Starts and stops a throw-away code-server: private user-data, extensions,
// config and XDG dirs, its own process group so nothing outlives the test.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, openSync, writeFileSync, existsSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil } from './poll.mjs';

export const CODE_SERVER_ENTRY = new URL('../node_modules/code-server/out/node/entry.js', import.meta.url).pathname;

/** User settings that keep the workbench quiet and deterministic. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'typescript.suggest.enabled': false,
  'javascript.suggest.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  // Keep edits unsaved until the test saves them, so it can check the fix and
  // its undo/redo in the editors first: the web workbench auto-saves after 1 s
  // by default, and VS Code saves every file a multi-file refactoring (such as
  // the 2-file Pool rewrite) edited as soon as it is applied.
  'files.autoSave': 'off',
  'files.refactoring.autoSave': false,
  // The test reads the protocol trace from the output channel's log (see test.mjs).
  'pgPoolGuard.trace.server': 'verbose',
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Dirs + env for one isolated code-server; `settings` override USER_SETTINGS. */
export function prepareHome(root, settings = {}) {
  const dirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    config: join(root, 'config.yaml'),
    log: join(root, 'code-server.log'),
  };
  const xdg = { XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_DATA_HOME: join(root, 'xdg-data'), XDG_CACHE_HOME: join(root, 'xdg-cache') };
  for (const dir of [dirs.userData, dirs.extensions, ...Object.values(xdg), join(dirs.userData, 'User')]) mkdirSync(dir, { recursive: true });
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const env = { ...process.env, ...xdg };
  // Never let code-server inherit a session that would forward to another instance.
  delete env.VSCODE_IPC_HOOK_CLI;
  return { dirs, env };
}

function commonArgs(dirs) {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', dirs.config];
}

export function installExtension(home, vsix) {
  const run = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...commonArgs(home.dirs), '--install-extension', vsix], {
    env: home.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension failed (exit ${run.status}):\n${output}`);
  }
  return output.trim();
}

/** Serves code-server in its own session/process group; `stop()` kills the whole group. */
export async function startCodeServer(home) {
  const port = await freePort();
  const logFd = openSync(home.dirs.log, 'a');
  const child = spawn(process.execPath, [
    CODE_SERVER_ENTRY, ...commonArgs(home.dirs),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ], { env: home.env, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  killGroupOnExit(child.pid);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (!child.pid) return;
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try { process.kill(-child.pid, signal); } catch { return; }
      // Wait for the whole group (extension host, language servers) to be gone.
      const gone = await pollUntil(() => !groupAlive(child.pid), { timeout: 10_000, interval: 200 }).then(() => true, () => false);
      if (gone) return;
    }
  };

  try {
    await pollUntil(async () => {
      if (exited) throw new Error(`code-server exited early; see ${home.dirs.log}`);
      try {
        const response = await fetch(`${url}/healthz`);
        return response.ok;
      } catch {
        return false;
      }
    }, { timeout: 60_000, interval: 250, what: 'code-server /healthz' });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, pid: child.pid, stop };
}

/**
 * If this process dies first (an exception, `timeout`'s SIGTERM, Ctrl+C),
 * take the code-server group down with it: its extension host and language
 * servers would otherwise outlive the test.
 */
function killGroupOnExit(pgid) {
  if (!pgid) return;
  process.once('exit', () => {
    try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.once(signal, () => process.exit(1));
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function codeServerInstalled() {
  return existsSync(CODE_SERVER_ENTRY);
}
