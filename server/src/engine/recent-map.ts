/**
 * A map that keeps only its most recently set keys: what the analyser keeps
 * for the documents being edited (their trees), and the language server's
 * worker and main thread keep of them (the facts last sent).
 */

/** Set `key` to `value` as the most recent key (undefined: forget it), then drop the oldest keys beyond `max`. */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V | undefined, max: number): void {
  map.delete(key);
  if (value === undefined) return;
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
