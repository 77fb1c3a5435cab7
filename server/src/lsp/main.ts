/**
 * Entry point of server/out/server.js. On the main thread it is the
 * language server; started as a worker thread by facts-worker.ts, the same
 * bundle parses and extracts facts instead (so TypeScript ships once).
 */
import * as path from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import { cacheTypeScriptCode } from '../shared/typescript-code-cache';

// Each thread loads the compiler from the file beside the bundle (scripts/build.mjs), when it first needs it.
cacheTypeScriptCode(path.join(__dirname, 'typescript.js'));

/* eslint-disable @typescript-eslint/no-require-imports */
if (!isMainThread && (workerData as { pgPoolGuardFactsWorker?: boolean } | undefined)?.pgPoolGuardFactsWorker) {
  (require('./facts-worker-main') as typeof import('./facts-worker-main')).runFactsWorker();
} else {
  require('./server');
}
