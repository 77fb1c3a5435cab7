/**
 * The bare parse the edit-latency rows are measured against, taken where
 * the language server's own parse runs: in a worker thread, after it has
 * parsed the file enough times for the parser to be optimised (the server's
 * worker has parsed the whole workspace by the time an edit comes). Every
 * row gets the same warm-up and the same kind of sample, so two rows differ
 * only in the text parsed. The thread has V8's default heap, not the facts
 * worker's capped young generation: that cap makes each parse 10–20%
 * slower, a cost of the tool's memory trade-off, not of parsing.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Parses before any sample (about a second): the first few dozen still run
 * in V8's lower tiers, and the server's worker has parsed the whole
 * workspace, so more warm-up can only make the baseline faster, never flatter.
 */
const WARM_UP_PARSES = 200;

export class ParseBaseline {
  private readonly worker = new Worker(join(__dirname, 'parse-baseline-worker.cjs'));
  private nextId = 1;

  /** Parse `text` until the parser is warm. */
  async warmUp(path: string, text: string): Promise<void> {
    await this.parse(path, text, WARM_UP_PARSES);
  }

  /** One bare parse of `text`, in ms. */
  async time(path: string, text: string): Promise<number> {
    return (await this.parse(path, text, 1))[0];
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }

  private parse(path: string, text: string, times: number): Promise<number[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (message: { id: number; ms: number[] }) => {
        if (message.id !== id) return;
        this.worker.off('message', onMessage);
        this.worker.off('error', reject);
        resolve(message.ms);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage({ id, path, text, times });
    });
  }
}
