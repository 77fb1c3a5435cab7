/**
 * A single self-updating `Analysing 1200/2000 files…` line on stderr. Only on
 * a terminal, only once a scan has run for a second, cleared when done.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;

export class Progress {
  private readonly started: number;
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.started = clock();
  }

  update(done: number): void {
    if (!this.stream.isTTY) return;
    const now = this.clock();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_EVERY_MS) return;
    this.lastDraw = now;
    this.shown = true;
    this.stream.write(`\r\u001b[KAnalysing ${done}/${this.total} files…`);
  }

  done(): void {
    if (this.shown) this.stream.write('\r\u001b[K');
    this.shown = false;
  }
}
