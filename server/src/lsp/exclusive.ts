/** Runs async tasks one at a time, in call order; a failing task does not block the next. */
export class TaskQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Lets the event loop answer other messages (code actions, cancellations) during long work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `run` after `ms`; returns what cancels it. 0 runs it on the next turn
 * of the event loop (setImmediate), not after the 1 ms that Node's
 * setTimeout waits at least.
 */
export function runAfter(ms: number, run: () => void): () => void {
  if (ms <= 0) {
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}
