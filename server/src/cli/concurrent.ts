/**
 * `--concurrency`: parse + fact extraction spread over worker threads while
 * the main thread analyses its own share. Facts are installed into the
 * Workspace in source order, so findings and notices are identical to the
 * sequential `analyse`. A worker that dies loses nothing: its unfinished
 * batches are analysed on the main thread, with a notice.
 */
import { Worker } from 'node:worker_threads';
import type { WorkspaceApi } from '../engine/api';
import type { EngineOptions, FileFacts, FileNotice } from '../engine/types';
import { readSource, readTextFile, type AnalysisInput, type AnalysisResult } from './analyse';
import { Progress, type ProgressStream } from './progress';

export interface ScanWorkerData {
  options: Partial<EngineOptions>;
  /** Test hook: the worker exits after this many batches. */
  crashAfterBatches?: number;
}
export interface ScanBatch {
  id: number;
  files: Array<{ index: number; file: string }>;
}
export interface ScanResult {
  index: number;
  /** Absent when the file could not be read (see notices). */
  text?: string;
  /** Absent when the worker's analysis threw: the main thread redoes it. */
  facts?: FileFacts;
  notices: FileNotice[];
}

export interface ConcurrencyOptions {
  /** Worker threads besides the main thread (≥ 1). */
  workers: number;
  workerScript: string;
  engineOptions: Partial<EngineOptions>;
  crashAfterBatches?: number;
}

/** Batches small enough that the threads finish together, large enough to keep messages few. */
const MAX_BATCH_FILES = 16;
const BATCHES_PER_THREAD = 4;
const IN_FLIGHT_PER_WORKER = 2;

interface WorkerState {
  worker: Worker;
  inFlight: Map<number, ScanBatch>;
  alive: boolean;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function analyseConcurrently(
  workspace: WorkspaceApi,
  input: AnalysisInput,
  progressStream: ProgressStream,
  concurrency: ConcurrencyOptions,
): Promise<AnalysisResult> {
  const { analyzeFile, setFacts } = workspace;
  if (!analyzeFile || !setFacts) throw new Error('this engine cannot take facts computed elsewhere');
  for (const config of input.projectConfigs) {
    const text = readTextFile(config);
    if (text !== undefined) workspace.setProjectConfig(config, text);
  }
  const sources = input.sources;
  const results: Array<ScanResult | undefined> = new Array(sources.length);
  const extraNotices: FileNotice[] = [];
  const progress = new Progress(progressStream, sources.length);
  let done = 0;
  const record = (result: ScanResult) => {
    results[result.index] = result;
    done++;
    progress.update(done);
  };

  const analyseHere = (index: number) => {
    const file = sources[index]!;
    const notices: FileNotice[] = [];
    const text = input.override?.file === file ? input.override.text : readSource(file, notices);
    record({ index, text, facts: text === undefined ? undefined : analyzeFile.call(workspace, file, text), notices });
  };

  const batchFiles = Math.max(1, Math.min(MAX_BATCH_FILES, Math.ceil(sources.length / ((concurrency.workers + 1) * BATCHES_PER_THREAD))));
  const queue: ScanBatch[] = [];
  let batch: ScanBatch | undefined;
  for (let index = 0; index < sources.length; index++) {
    if (input.override?.file === sources[index]) continue; // the stdin text stays on this thread
    if (!batch || batch.files.length === batchFiles) queue.push((batch = { id: queue.length, files: [] }));
    batch.files.push({ index, file: sources[index]! });
  }

  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const workers: WorkerState[] = [];
  const dispatch = (state: WorkerState) => {
    while (state.alive && state.inFlight.size < IN_FLIGHT_PER_WORKER && queue.length > 0) {
      const next = queue.shift()!;
      state.inFlight.set(next.id, next);
      state.worker.postMessage(next);
    }
  };
  const fail = (state: WorkerState, reason: string) => {
    if (!state.alive) return;
    state.alive = false;
    const lost = [...state.inFlight.values()];
    state.inFlight.clear();
    if (lost.length > 0) {
      // Back to the front of the queue: the main thread (or another worker) takes them.
      queue.unshift(...lost);
      extraNotices.push({ file: lost[0]!.files[0]!.file, message: `worker thread failed (${reason}); its ${lost.reduce((n, b) => n + b.files.length, 0)} files were analysed on the main thread` });
    }
    void state.worker.terminate();
    poke();
  };
  for (let i = 0; i < concurrency.workers; i++) {
    let worker: Worker;
    try {
      const workerData: ScanWorkerData = { options: concurrency.engineOptions, crashAfterBatches: concurrency.crashAfterBatches };
      worker = new Worker(concurrency.workerScript, { workerData });
    } catch {
      break; // no worker: this thread does it all
    }
    const state: WorkerState = { worker, inFlight: new Map(), alive: true };
    workers.push(state);
    worker.on('message', (message: { id: number; results: ScanResult[] }) => {
      if (!state.alive) return;
      state.inFlight.delete(message.id);
      for (const result of message.results) record(result);
      dispatch(state);
      poke();
    });
    worker.on('error', (err) => fail(state, errorMessage(err)));
    worker.on('exit', (code) => fail(state, `exit code ${code}`));
    dispatch(state);
  }

  try {
    if (input.override && sources.includes(input.override.file)) analyseHere(sources.indexOf(input.override.file));
    for (;;) {
      const next = queue.shift();
      if (next) {
        for (const { index } of next.files) analyseHere(index);
        // Let worker results in and hand out more batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (!workers.some((w) => w.alive && w.inFlight.size > 0)) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    for (const state of workers) {
      state.alive = false;
      void state.worker.terminate();
    }
  }

  // Install in source order: the Workspace sees exactly the sequential sequence.
  const notices: FileNotice[] = [];
  const texts = new Map<string, string>();
  try {
    for (let index = 0; index < sources.length; index++) {
      const file = sources[index]!;
      const result = results[index]!;
      notices.push(...result.notices);
      if (result.text === undefined) continue;
      texts.set(file, result.text);
      try {
        setFacts.call(workspace, result.facts ?? analyzeFile.call(workspace, file, result.text), result.text);
      } catch (err) {
        notices.push({ file, message: `internal error while analysing this file: ${errorMessage(err)}` });
      }
    }
    const findings = workspace.getFindings();
    return { findings, texts, notices: [...workspace.notices(), ...notices, ...extraNotices], files: sources.length };
  } finally {
    progress.done();
  }
}
