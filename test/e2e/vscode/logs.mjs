// The logs a code-server run leaves: the pg-pool-guard output channel (with
// the verbose protocol trace the tests read) and, for failed runs, copies of
// every log file.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The pg-pool-guard output channel's log file (a LogOutputChannel writes one under the window's logs). */
export function outputChannelLog(home) {
  const found = [];
  (function walk(dir) {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/pg-pool-guard\.log$/.test(name) || /pg-pool-guard\.pg-pool-guard/.test(name)) found.push(full);
    }
  })(join(home.dirs.userData, 'logs'));
  return found.map((file) => readFileSync(file, 'utf8')).join('\n');
}

/** Keeps the extension host and pg-pool-guard output channel logs of a failed run. */
export function copyLogs(from, to) {
  if (!existsSync(from)) return;
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) copyLogs(source, join(to, name));
    else if (name.endsWith('.log')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, name));
    }
  }
}
