/**
 * The key a module is known by in argument tokens (facts/arguments.ts): its
 * path without a script extension and without a trailing `/index`, so
 * `./routes`, `./routes.js` and `./routes/index.ts` name one module. Shared
 * with the file selection, which finds a token's consumer by it (no parser
 * needed).
 */
import { posix } from 'node:path';

const SCRIPT_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.mts', '.cts']);

export function moduleKey(path: string): string {
  let p = path;
  const extension = posix.extname(p);
  if (SCRIPT_EXTENSIONS.has(extension)) p = p.slice(0, -extension.length);
  if (p.endsWith('/index')) p = p.slice(0, -'/index'.length);
  return p;
}
