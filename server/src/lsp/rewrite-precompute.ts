/**
 * Rewrites computed ahead of the code action list. VS Code takes an action's
 * title and disabled state from the list, never from codeAction/resolve, so
 * a rewrite the list hands out unresolved is shown as applicable even when it
 * will be refused. So, as soon as an analysis settles, the rewrites of the
 * open documents' findings are computed in the background, one per event-loop
 * turn (messages are read in between), and the work stops as soon as the
 * revision moves on (the next edit). A list that arrives first moves its own
 * findings to the front and waits for them within a small bound; past the
 * bound it answers with the unresolved action, as before.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import type { Finding } from '../engine/types';
import type { RewriteService } from './rewrite-service';

type GetText = (path: string) => string | undefined;

interface Job {
  service: Pick<RewriteService, 'compute' | 'isComputed'>;
  finding: Finding;
}

export interface PrecomputeHooks {
  /** Changes whenever the analysis or an open document changes. */
  revision(): number;
  /** Only a settled analysis is worth computing against. */
  isSettled(): boolean;
  /** The open documents' texts (and files on disk) as the rewrite must see them. */
  getText(): GetText;
  log(message: string): void;
}

export class RewritePrecompute {
  private queue: Job[] = [];
  private revision = -1;
  private running = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly hooks: PrecomputeHooks) {}

  /** An analysis settled: compute these findings' rewrites in the background (replaces what was queued). */
  schedule(jobs: Job[]): void {
    this.revision = this.hooks.revision();
    this.queue = jobs.filter((j) => !j.service.isComputed(j.finding));
    this.kick();
  }

  /**
   * A list is being answered for these findings: compute their rewrites first
   * and resolve true once all are computed, false after `timeoutMs` (or when
   * cancelled, or when the analysis is not settled: nothing is computed then).
   */
  whenComputed(jobs: Job[], timeoutMs: number, token?: CancellationToken): Promise<boolean> {
    const done = (): boolean => jobs.every((j) => j.service.isComputed(j.finding));
    if (done()) return Promise.resolve(true);
    if (!this.hooks.isSettled()) return Promise.resolve(false);
    if (this.revision !== this.hooks.revision()) {
      this.revision = this.hooks.revision();
      this.queue = [];
    }
    const wanted = jobs.filter((j) => !j.service.isComputed(j.finding));
    this.queue = [...wanted, ...this.queue.filter((q) => !wanted.some((w) => w.finding === q.finding))];
    this.kick();
    return new Promise((resolve) => {
      let finished = false;
      const finish = (value: boolean): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        cancellation?.dispose();
        this.waiters.delete(check);
        resolve(value);
      };
      const check = (): void => {
        if (done()) finish(true);
        else if (!this.running) finish(false); // stopped: the revision moved on
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const cancellation = token?.onCancellationRequested(() => finish(false));
      this.waiters.add(check);
    });
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    setImmediate(() => this.step());
  }

  /** One rewrite per turn of the event loop, so an edit that arrives meanwhile is read and stops the rest. */
  private step(): void {
    const stale = this.revision !== this.hooks.revision() || !this.hooks.isSettled();
    const job = stale ? undefined : this.queue.shift();
    if (job && !job.service.isComputed(job.finding)) {
      try {
        job.service.compute(job.finding, this.hooks.getText());
      } catch (error) {
        this.hooks.log(`Computing a Pool rewrite ahead of the list failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
    if (stale) this.queue = [];
    this.running = this.queue.length > 0;
    for (const check of [...this.waiters]) check();
    if (this.running) setImmediate(() => this.step());
  }
}
