/**
 * Entry point of server/out/server.js. On the main thread it is the
 * language server; started as a worker thread by facts-worker.ts, the same
 * bundle parses and extracts facts instead (so TypeScript ships once).
 */
import { isMainThread, workerData } from 'node:worker_threads';

/* eslint-disable @typescript-eslint/no-require-imports */
if (!isMainThread && (workerData as { pgPoolGuardFactsWorker?: boolean } | undefined)?.pgPoolGuardFactsWorker) {
  (require('./facts-worker-main') as typeof import('./facts-worker-main')).runFactsWorker();
} else {
  require('./server');
}
