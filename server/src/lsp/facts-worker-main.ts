/**
 * The worker side of facts-worker.ts: parse and extract facts for each text
 * it is sent, with the engine exactly as the main thread's Workspace would
 * (a file the extractor throws on contributes only a notice).
 */
import { parentPort } from 'node:worker_threads';
import { analyzeText } from '../engine/analyze';
import { unanalysedFacts } from '../engine/workspace';
import type { WorkerRequest, WorkerResponse } from './facts-worker';

export function runFactsWorker(): void {
  parentPort!.on('message', (request: WorkerRequest) => {
    let facts;
    try {
      facts = analyzeText(request.path, request.text, request.options);
      if (facts.file !== request.path) facts = { ...facts, file: request.path };
    } catch (error) {
      facts = unanalysedFacts(request.path, `pg-pool-guard could not analyse this file: ${error instanceof Error ? error.message : String(error)}`);
    }
    const response: WorkerResponse = { id: request.id, facts };
    parentPort!.postMessage(response);
  });
  const ready: WorkerResponse = { ready: true };
  parentPort!.postMessage(ready);
}
