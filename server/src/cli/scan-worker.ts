/**
 * Worker thread for `--concurrency` (bundled to server/out/scan-worker.js):
 * reads the files of each batch it is sent, runs the engine's fact extractor
 * and posts the facts (plain data) back for the main thread to install.
 * Options come in workerData, exactly as the main thread's Workspace has them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeText } from '../engine/analyze';
import { DEFAULT_PG_MODULES, type EngineOptions, type FileNotice } from '../engine/types';
import { readSource } from './analyse';
import type { ScanBatch, ScanResult, ScanWorkerData } from './concurrent';

const data = workerData as ScanWorkerData;
const options: EngineOptions = { pgModules: [...DEFAULT_PG_MODULES], rules: {}, ...data.options };
let batches = 0;

parentPort!.on('message', (batch: ScanBatch) => {
  if (data.crashAfterBatches !== undefined && batches++ >= data.crashAfterBatches) process.exit(3);
  const results: ScanResult[] = [];
  for (const { index, file } of batch.files) {
    const notices: FileNotice[] = [];
    const text = readSource(file, notices);
    if (text === undefined) {
      results.push({ index, notices });
      continue;
    }
    try {
      const facts = analyzeText(file, text, options);
      results.push({ index, text, facts: facts.file === file ? facts : { ...facts, file }, notices });
    } catch {
      // The main thread analyses it again and records the failure exactly as the sequential path does.
      results.push({ index, text, notices });
    }
  }
  parentPort!.postMessage({ id: batch.id, results });
});
