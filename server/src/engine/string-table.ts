/**
 * One copy of each string the Workspace keeps, none of them a view into a
 * file's text. Strings cut out of a text (an identifier's `text`, a
 * literal's value, `text.slice`) are V8 sliced strings that keep the WHOLE
 * text alive: before this, facts and summaries retained every file text
 * (48 MB of a 238 MB heap after a 10,000-file scan). Facts that come from
 * a worker or a cache are copies with one string per occurrence; interning
 * them gives one `'Express handler'`, one path per file, one id per node.
 */

/** V8 makes sliced and cons strings only from this length on (SlicedString::kMinLength): shorter ones are flat copies already. */
const MIN_VIEW_LENGTH = 13;

export class StringTable {
  private readonly strings = new Map<string, string>();

  /**
   * The table's copy of `value`, made on first sight: a flat string with no
   * reference to any text. `copy: false` keeps `value` itself as the copy
   * (a file path the host holds anyway, never cut from a file's text).
   */
  intern(value: string, copy = true): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    // JSON.parse of a literal allocates a fresh flat string: the one copy that holds nothing else alive.
    const kept = !copy || value.length < MIN_VIEW_LENGTH ? value : (JSON.parse(JSON.stringify(value)) as string);
    this.strings.set(kept, kept);
    return kept;
  }

  /** Intern every string in plain data (objects and arrays), in place; returns it. */
  internAll<T>(data: T): T {
    const stack: unknown[] = [data];
    while (stack.length > 0) {
      const value = stack.pop() as Record<string, unknown> | unknown[];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          if (typeof item === 'string') value[i] = this.intern(item);
          else if (item !== null && typeof item === 'object') stack.push(item);
        }
        continue;
      }
      for (const key in value) {
        const item = value[key];
        if (typeof item === 'string') value[key] = this.intern(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
    }
    return data;
  }

  get size(): number {
    return this.strings.size;
  }
}
