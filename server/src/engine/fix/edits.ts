/**
 * Text edits against the current file texts. The rewrite collects edits per
 * file, then `finish()` sorts them and refuses overlaps: an edit is never
 * half-applied.
 */

export interface TextEditSpan {
  offset: number;
  length: number;
  newText: string;
}

/** Apply non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEditSpan[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.offset < cursor) throw new Error(`overlapping edits at offset ${edit.offset}`);
    out += text.slice(cursor, edit.offset) + edit.newText;
    cursor = edit.offset + edit.length;
  }
  return out + text.slice(cursor);
}

export class OverlapError extends Error {
  constructor(readonly path: string, readonly offset: number) {
    super(`${path}: two changes overlap at offset ${offset}`);
  }
}

/** Collects the edits of one file. */
export class FileEdits {
  private readonly spans: TextEditSpan[] = [];

  constructor(readonly path: string, readonly text: string) {}

  /** Replace a span. An edit that keeps the text still claims the span (see `covers`) but is dropped by `finish`. */
  replace(start: number, end: number, newText: string): void {
    this.spans.push({ offset: start, length: end - start, newText });
  }

  insert(offset: number, newText: string): void {
    this.spans.push({ offset, length: 0, newText });
  }

  remove(start: number, end: number): void {
    this.replace(start, end, '');
  }

  /** Is [start, end) inside a span already replaced or removed? */
  covers(start: number, end: number): boolean {
    return this.spans.some((s) => s.length > 0 && start >= s.offset && end <= s.offset + s.length);
  }

  isEmpty(): boolean {
    return this.spans.length === 0;
  }

  /** Sorted, non-overlapping edits; throws OverlapError when two edits collide. */
  finish(): TextEditSpan[] {
    // The same replacement reached by two routes is one edit.
    const changing = this.spans.filter((e) => this.text.slice(e.offset, e.offset + e.length) !== e.newText);
    const sorted = sortEdits(changing).filter(
      (e, i, all) => i === 0 || e.length === 0 || !(all[i - 1].offset === e.offset && all[i - 1].length === e.length && all[i - 1].newText === e.newText),
    );
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      if (sorted[i].offset < prev.offset + prev.length) {
        throw new OverlapError(this.path, sorted[i].offset);
      }
    }
    return mergeInsertionsAtSameOffset(sorted);
  }
}

/** Sort by offset; at one offset insertions come before a replacement starting there. */
function sortEdits(edits: TextEditSpan[]): TextEditSpan[] {
  return edits
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.offset - b.e.offset || a.e.length - b.e.length || a.index - b.index)
    .map(({ e }) => e);
}

/** Several insertions at one offset become one edit, in the order they were made. */
function mergeInsertionsAtSameOffset(edits: TextEditSpan[]): TextEditSpan[] {
  const out: TextEditSpan[] = [];
  for (const edit of edits) {
    const last = out[out.length - 1];
    if (last && last.length === 0 && last.offset === edit.offset) {
      out[out.length - 1] = { offset: edit.offset, length: edit.length, newText: last.newText + edit.newText };
    } else {
      out.push(edit);
    }
  }
  return out;
}
