/** What the code-cache tests of the CLI and the language server share (shared/typescript-code-cache.ts). */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

/** Node 22.1+ has its own compile cache, which is used instead: then nothing is written to the temp directory. */
export const nodeHasCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Environment that makes `temp` the process's temp directory. */
export function tempDirEnv(temp: string): Record<string, string> {
  return { TMPDIR: temp, TMP: temp, TEMP: temp };
}

/** The code cache files written under the temp directory `temp`. */
export function codeCacheFiles(temp: string): string[] {
  const dir = path.join(temp, 'pg-pool-guard-code-cache');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
}
