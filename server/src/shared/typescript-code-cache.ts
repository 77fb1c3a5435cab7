/**
 * The TypeScript compiler's compiled code, kept between runs: V8 compiles
 * the 9 MB typescript.js for ~200 ms on every load (the CLI's --cache, where
 * a warm run that parses one file would spend more on that than on the
 * file), and parsing it takes zone memory that the allocator keeps resident
 * (each language server thread that loads the minified 3.6 MB copy is ~6 MB
 * smaller with the cached code). With Node's own compile cache (22.1+) that
 * is `module.enableCompileCache()`. On older Nodes the same V8 code cache
 * by hand, for that one file: its cached data lives in the temp directory,
 * keyed by the file's path, size and mtime and by the Node version (V8
 * rejects data of another build or flags, and then it is made again).
 * Written only when there was none or V8 rejected it — v8-compile-cache-lib
 * rewrites its 2.3 MB blob and serialises the code again on every run.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createHash } from 'node:crypto';
import { threadId } from 'node:worker_threads';

interface LoadableModule {
  exports: unknown;
  filename: string;
}
type Loader = (module: LoadableModule, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

/** `compiler`: the file that is TypeScript (default: the `typescript` package this module resolves). Call once per thread. */
export function cacheTypeScriptCode(compiler?: string): void {
  const enableCompileCache = (Module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (enableCompileCache) {
    enableCompileCache();
    return;
  }
  let target: string;
  try {
    target = compiler ?? require.resolve('typescript');
  } catch {
    return;
  }
  const load = extensions['.js'];
  extensions['.js'] = function loadWithCodeCache(module, filename) {
    if (filename !== target) return load(module, filename);
    extensions['.js'] = load;
    if (!runWithCodeCache(module, filename)) load(module, filename);
  };
}

/** Runs the file as CommonJS, compiled with its cached code when there is some; false when it could not even be read. */
function runWithCodeCache(module: LoadableModule, filename: string): boolean {
  let source: string;
  let stat: fs.Stats;
  try {
    source = fs.readFileSync(filename, 'utf8');
    stat = fs.statSync(filename);
  } catch {
    return false;
  }
  const key = createHash('sha1').update(`${filename}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 20);
  const cacheFile = path.join(os.tmpdir(), 'pg-pool-guard-code-cache', `${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: LoadableModule, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, Module.createRequire(filename), module, filename, path.dirname(filename));
  if (cachedData === undefined || script.cachedDataRejected === true) writeCodeCache(cacheFile, script.createCachedData());
  return true;
}

/** Temp file + rename: a concurrent run (or thread) reads the old data or the new, never half of it. */
function writeCodeCache(cacheFile: string, data: Buffer): void {
  // Both threads of the language server may write it on their first run.
  const temp = `${cacheFile}.${process.pid}.${threadId}.tmp`;
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, cacheFile);
  } catch {
    // An optimisation only: the next run compiles again.
    fs.rmSync(temp, { force: true });
  }
}
