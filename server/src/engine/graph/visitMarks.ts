/**
 * Per-walk visited marks over the graph's dense node ids, reused across the
 * walks of one derivation. A walk that allocated (and filled) an array of
 * every id would cost the size of the workspace per walk — quadratic for a
 * file with one transaction per handler; here a walk costs what it visits.
 */
export class VisitMarks {
  private stamps = new Uint32Array(0);
  private parents = new Int32Array(0);
  private epoch = 0;

  /** Starts a walk over ids below `size` (the graph's idCount, read only when it may have grown). */
  begin(size: () => number): void {
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
    if (this.stamps.length === 0) this.grow(size());
  }

  /** An id at or past the arrays' end (ids interned since `begin`): make room. */
  private grow(size: number): void {
    const stamps = new Uint32Array(Math.max(size, this.stamps.length * 2, 16));
    stamps.set(this.stamps);
    const parents = new Int32Array(stamps.length);
    parents.set(this.parents);
    this.stamps = stamps;
    this.parents = parents;
  }

  has(id: number): boolean {
    return id < this.stamps.length && this.stamps[id] === this.epoch;
  }

  /** Marks `id` visited, reached from `parent` (-1 for the start). */
  set(id: number, parent: number): void {
    if (id >= this.stamps.length) this.grow(id + 1);
    this.stamps[id] = this.epoch;
    this.parents[id] = parent;
  }

  /** The id one step nearer the start, -1 for the start; only for a visited id. */
  parentOf(id: number): number {
    return this.parents[id];
  }
}
