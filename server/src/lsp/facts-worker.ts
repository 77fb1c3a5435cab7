/**
 * Parsing and fact extraction off the main thread, so no LSP request waits
 * behind them: the main thread keeps the Workspace (graph, findings, code
 * actions) and sends file texts to one worker thread, which sends back the
 * facts. The analysis budget is enforced while a file is being analysed: a
 * file whose facts take longer than the budget is abandoned by terminating
 * the worker (the next file gets a fresh one), so one pathological file can
 * cost the budget, never more. The worker runs the server's own bundle
 * (server/out/server.js starts the worker side when it is not the main
 * thread), so the .vsix carries TypeScript once.
 *
 * The facts of a generated file run to 10,000s of nodes, and receiving a
 * message is one uninterruptible task on this thread: such facts come in
 * parts of `PART_ITEMS`, the worker sending the next only after this
 * thread acknowledged the last, so requests are read in between.
 *
 * An open document's facts that only moved from the last ones sent are
 * preceded by their position map (MovedAhead), so the diagnostics are
 * published before the facts are received; for an edit of the comments,
 * whitespace or statements that walk to nothing between top-level
 * statements, before the facts are even made (engine/inert-edit.ts).
 *
 * A worker idle for `idleMs` is ended and the next job starts a new one:
 * with TypeScript loaded and the heap of the files it parsed, it is about
 * 90 MB of the server's resident set, which an editor sitting on a scanned
 * workspace does not need.
 */
import { Worker } from 'node:worker_threads';
import type { FileSummary } from '../engine/selection/summary';
import type { PositionMap } from '../engine/rules/remap';
import { KEPT_TREE_CHARS } from '../engine/text-checks';
import { keepRecent } from '../engine/recent-map';
import type { FileFacts } from '../engine/types';
import type { FactsOptions } from '../shared/facts-cache';

export type FactsOutcome =
  /** `summary` when the job asked for it. */
  | { kind: 'facts'; facts: FileFacts; summary?: FileSummary }
  /** Took longer than the budget: abandoned. */
  | { kind: 'over-budget'; ms: number }
  /** The worker died on this file (out of memory, a crash). */
  | { kind: 'failed'; reason: string };

export interface FactsJob {
  path: string;
  text: string;
  options: FactsOptions;
  /** Also the text scan (a big text: its scan would hold up this thread). */
  summarize?: boolean;
  /** An open document's text: the worker keeps its tree, so the next edit is parsed incrementally. */
  keepTree?: boolean;
}

/**
 * Sent ahead of an open document's facts when they differ from the facts
 * the worker sent for its last text only in positions (rules/remap.ts): the
 * map and what remapping the findings reads, so the main thread can publish
 * the moved findings without waiting for the facts to be serialised and
 * received. `base`: the facts of that last text, as this thread received them.
 */
export interface MovedAhead {
  moved: PositionMap;
  facts: Pick<FileFacts, 'lines' | 'suppressions'>;
  base: FileFacts;
}

/** The list-valued facts a large result is sent in parts of. */
export type FactsPart = Pick<FileFacts, 'nodes' | 'edges' | 'calls'>;
/** Items of each list per part (about 10 ms to receive on an idle machine). */
export const PART_ITEMS = 500;

/**
 * What the worker is sent (facts-worker-main.ts): a job, or the acknowledgement of a part.
 * `movedFrom`: the job whose facts for this path the main thread holds (see MovedAhead).
 */
export type WorkerRequest = (FactsJob & { id: number; movedFrom?: number }) | { ack: number };
/**
 * What it answers: the position map first when there is one, parts of a large result, then the facts (without the
 * parts' items) and the summary. Facts and parts go as JSON text: the objects a structured clone makes on this side
 * take their properties one by one, each past the fourth in a separate store, and held 1.7× the memory of the same
 * objects from JSON.parse, which was also faster to receive (350 against 205 bytes and 207 against 139 ms for
 * 100,000 import nodes). After the bench's pg-using scan the main thread's heap holds 80.7 MB live instead of 84.2
 * (out-of-object property stores 3.9 → 1.2 MB).
 */
export type WorkerResponse =
  | { ready: true }
  | { id: number; moved: PositionMap; movedFacts: MovedAhead['facts'] }
  | { id: number; partJson: string }
  | { id: number; factsJson: string; summary?: FileSummary };

interface Pending {
  id: number;
  job: FactsJob;
  resolve(outcome: FactsOutcome): void;
  /** The facts of the path's last kept job, which the worker compares the new ones with. */
  base?: { id: number; facts: FileFacts };
  onMoved?(ahead: MovedAhead): void;
}

/** Paths whose last facts are kept on both sides for MovedAhead (the documents being edited). */
export const KEPT_FACTS = 4;
/**
 * The job's facts are kept for MovedAhead (on both sides, by the same test): texts that keep their tree
 * only, since a generated module's facts run to 10,000s of nodes, too many to hold twice and too long to
 * compare before sending them.
 */
export function keepsFacts(job: Pick<FactsJob, 'keepTree' | 'text'>): boolean {
  return job.keepTree === true && typeof job.text === 'string' && job.text.length <= KEPT_TREE_CHARS;
}

/** Jobs posted ahead of the one being analysed, so the worker never idles between files. */
const POSTED_AHEAD = 4;
/**
 * The worker's young generation: V8's default (two 16 MB semi-spaces) fills
 * with the nodes of each parse, and the resident set keeps the high-water
 * mark. Parsing is nearly all short-lived garbage, so a small one costs
 * scavenges, not promotions.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 };
/** A worker with nothing to do for this long is ended (a new one costs about half a second to start). */
export const WORKER_IDLE_MS = 60_000;
/** A worker that dies this many times in a row without a result is not restarted; jobs then fail. */
const MAX_CONSECUTIVE_FAILURES = 3;

export class FactsWorker {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  /** Posted to the current worker, in order; the first is being analysed. */
  private readonly posted: Pending[] = [];
  private headSince = 0;
  /** The current worker has loaded its code: time from here on counts against the budget. */
  private ready = false;
  private budgetTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  /** Parts of the head job's facts received so far. */
  private parts: FactsPart | undefined;
  private consecutiveFailures = 0;
  private disposed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The last facts of each kept (open document) path, with their job: what the worker keeps too. */
  private readonly keptFacts = new Map<string, { id: number; facts: FileFacts }>();

  constructor(
    private readonly script: string,
    private readonly budgetMs: () => number,
    private readonly log: (message: string) => void,
    /** Extra workerData (tests of the worker itself). */
    private readonly workerData: Record<string, unknown> = {},
    private readonly idleMs = WORKER_IDLE_MS,
  ) {}

  /** `onMoved`: called, before the outcome, when the facts only moved from the path's last kept ones (MovedAhead). */
  analyse(job: FactsJob, onMoved?: (ahead: MovedAhead) => void): Promise<FactsOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'failed', reason: 'the language server is shutting down' });
    return new Promise((resolve) => {
      const base = onMoved && keepsFacts(job) ? this.keptFacts.get(job.path) : undefined;
      this.queue.push({ id: this.nextId++, job, resolve, base, onMoved });
      this.pump();
    });
  }

  /** A worker thread exists (it is ended when idle, started again for the next job). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Files waiting or being analysed. */
  get backlog(): number {
    return this.queue.length + this.posted.length;
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
    for (const pending of [...this.posted.splice(0), ...this.queue.splice(0)]) pending.resolve({ kind: 'failed', reason: 'the language server is shutting down' });
  }

  private pump(): void {
    if (this.queue.length === 0 && this.posted.length === 0) return;
    this.clearIdleTimer();
    if (this.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
      for (const pending of this.queue.splice(0)) pending.resolve({ kind: 'failed', reason: 'the analysis worker could not be started' });
      return;
    }
    const worker = this.ensureWorker();
    if (!worker) return;
    // Busy, it keeps the process alive until its files are done; idle, it must not.
    worker.ref();
    while (this.posted.length < POSTED_AHEAD && this.queue.length > 0) {
      const pending = this.queue.shift()!;
      this.posted.push(pending);
      if (this.posted.length === 1 && this.ready) this.startHead();
      const request: WorkerRequest = { id: pending.id, ...pending.job, options: structuredClone(pending.job.options), movedFrom: pending.base?.id };
      worker.postMessage(request);
    }
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.script, { workerData: { pgPoolGuardFactsWorker: true, ...this.workerData }, resourceLimits: WORKER_LIMITS });
      this.ready = false;
      worker.on('message', (message: WorkerResponse) => this.onResult(worker, message));
      worker.on('error', (error) => this.onDeath(worker, error.message));
      worker.on('exit', (code) => this.onDeath(worker, `exit code ${code}`));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.consecutiveFailures = MAX_CONSECUTIVE_FAILURES;
      this.log(`Analysis worker could not start: ${(error as Error).message}`);
      this.pump();
      return undefined;
    }
  }

  private startHead(): void {
    this.parts = undefined;
    this.headSince = Date.now();
    if (this.budgetTimer) clearTimeout(this.budgetTimer);
    this.budgetTimer = setTimeout(() => this.checkBudget(), this.budgetMs());
  }

  private checkBudget(): void {
    this.budgetTimer = undefined;
    const head = this.posted[0];
    if (!head) return;
    const ms = Date.now() - this.headSince;
    if (ms < this.budgetMs()) {
      this.budgetTimer = setTimeout(() => this.checkBudget(), this.budgetMs() - ms);
      return;
    }
    // Over budget: the worker is busy with `head` and cannot be interrupted otherwise.
    this.posted.shift();
    this.requeuePosted();
    this.stopWorker();
    head.resolve({ kind: 'over-budget', ms });
    this.pump();
  }

  private onResult(worker: Worker, message: WorkerResponse): void {
    if (worker !== this.worker) return;
    if ('ready' in message) {
      // Loading the worker's code (TypeScript included) is not the file's analysis.
      this.ready = true;
      if (this.posted.length > 0) this.startHead();
      return;
    }
    const head = this.posted[0];
    if (!head || head.id !== message.id) return;
    if ('moved' in message) {
      if (head.base) head.onMoved?.({ moved: message.moved, facts: message.movedFacts, base: head.base.facts });
      // The worker then sends the facts: acknowledged on setImmediate, after the connection wrote what onMoved
      // published (it writes on setImmediate too), since receiving the facts is a few ms this thread cannot interrupt.
      const ack: WorkerRequest = { ack: message.id };
      setImmediate(() => worker === this.worker && worker.postMessage(ack));
      return;
    }
    if ('partJson' in message) {
      const parts = (this.parts ??= { nodes: [], edges: [], calls: [] });
      const part = JSON.parse(message.partJson) as FactsPart;
      for (const node of part.nodes) parts.nodes.push(node);
      for (const edge of part.edges) parts.edges.push(edge);
      for (const call of part.calls) parts.calls.push(call);
      const ack: WorkerRequest = { ack: message.id };
      worker.postMessage(ack);
      return;
    }
    const last = JSON.parse(message.factsJson) as FileFacts;
    const facts = this.parts ? { ...last, nodes: [...this.parts.nodes, ...last.nodes], edges: [...this.parts.edges, ...last.edges], calls: [...this.parts.calls, ...last.calls] } : last;
    this.parts = undefined;
    this.posted.shift();
    this.consecutiveFailures = 0;
    keepRecent(this.keptFacts, head.job.path, keepsFacts(head.job) ? { id: head.id, facts } : undefined, KEPT_FACTS);
    if (this.posted.length > 0) this.startHead();
    else if (this.budgetTimer) {
      clearTimeout(this.budgetTimer);
      this.budgetTimer = undefined;
    }
    head.resolve({ kind: 'facts', facts, summary: message.summary });
    this.pump();
    if (this.posted.length === 0 && this.queue.length === 0) {
      worker.unref();
      this.clearIdleTimer();
      this.idleTimer = setTimeout(() => this.endIdle(worker), this.idleMs);
      this.idleTimer.unref();
    }
  }

  private endIdle(worker: Worker): void {
    this.idleTimer = undefined;
    if (worker === this.worker && this.posted.length === 0 && this.queue.length === 0) this.stopWorker();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private onDeath(worker: Worker, reason: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.parts = undefined;
    if (this.budgetTimer) clearTimeout(this.budgetTimer);
    this.budgetTimer = undefined;
    const head = this.posted.shift();
    this.requeuePosted();
    if (head) {
      this.consecutiveFailures++;
      this.log(`Analysis worker stopped while analysing ${head.job.path}: ${reason}`);
      head.resolve({ kind: 'failed', reason: `the analysis stopped (${reason})` });
    }
    if (!this.disposed) this.pump();
  }

  /** Jobs posted to a worker that is going away go back to the front of the queue. */
  private requeuePosted(): void {
    this.queue.unshift(...this.posted.splice(0));
  }

  private stopWorker(): void {
    this.clearIdleTimer();
    // A new worker compares with nothing it did not send itself.
    this.keptFacts.clear();
    const worker = this.worker;
    this.worker = undefined;
    this.parts = undefined;
    if (this.budgetTimer) clearTimeout(this.budgetTimer);
    this.budgetTimer = undefined;
    if (worker) void worker.terminate();
  }
}
