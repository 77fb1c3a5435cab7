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

/**
 * A region whose final text is computed from its inner text after the inner
 * edits are applied (used to wrap a transaction in try/finally and re-indent it).
 */
interface Wrap {
  start: number;
  end: number;
  transform: (inner: string) => string;
}

export class OverlapError extends Error {}

/** Collects the edits of one file. */
export class FileEdits {
  private readonly spans: TextEditSpan[] = [];
  private readonly wraps: Wrap[] = [];

  constructor(readonly path: string, readonly text: string) {}

  replace(start: number, end: number, newText: string): void {
    if (this.text.slice(start, end) === newText) return;
    this.spans.push({ offset: start, length: end - start, newText });
  }

  insert(offset: number, newText: string): void {
    this.spans.push({ offset, length: 0, newText });
  }

  remove(start: number, end: number): void {
    this.replace(start, end, '');
  }

  wrap(start: number, end: number, transform: (inner: string) => string): void {
    this.wraps.push({ start, end, transform });
  }

  /** Is [start, end) inside a span already replaced or removed? */
  covers(start: number, end: number): boolean {
    return this.spans.some((s) => s.length > 0 && start >= s.offset && end <= s.offset + s.length);
  }

  isEmpty(): boolean {
    return this.spans.length === 0 && this.wraps.length === 0;
  }

  /** Sorted, non-overlapping edits; throws OverlapError when two edits collide. */
  finish(): TextEditSpan[] {
    const wraps = [...this.wraps].sort((a, b) => a.start - b.start);
    for (let i = 1; i < wraps.length; i++) {
      if (wraps[i].start < wraps[i - 1].end) throw new OverlapError(`${this.path}: two transaction rewrites overlap`);
    }
    let outer = this.spans.filter((s) => !wraps.some((w) => s.offset >= w.start && s.offset + s.length <= w.end && !(s.length === 0 && (s.offset === w.start || s.offset === w.end))));
    for (const w of wraps) {
      const inner = this.spans
        .filter((s) => !outer.includes(s) && s.offset >= w.start && s.offset + s.length <= w.end)
        .map((s) => ({ ...s, offset: s.offset - w.start }));
      const innerText = applyEditsChecked(this.text.slice(w.start, w.end), inner, this.path);
      outer.push({ offset: w.start, length: w.end - w.start, newText: w.transform(innerText) });
    }
    outer = sortEdits(outer);
    for (let i = 1; i < outer.length; i++) {
      const prev = outer[i - 1];
      if (outer[i].offset < prev.offset + prev.length) {
        throw new OverlapError(`${this.path}: overlapping edits at offset ${outer[i].offset}`);
      }
    }
    return mergeInsertionsAtSameOffset(outer);
  }
}

function applyEditsChecked(text: string, edits: TextEditSpan[], path: string): string {
  try {
    return applyEdits(text, sortEdits(edits));
  } catch {
    throw new OverlapError(`${path}: overlapping edits inside a transaction rewrite`);
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
