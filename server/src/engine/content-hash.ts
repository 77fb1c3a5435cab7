/**
 * A fast 64-bit content hash of a text (two 32-bit multiply-xorshift lanes
 * over the UTF-16 code units, plus the length), as hex. It tells whether a
 * file's text is the one its facts came from, in the Workspace and in the
 * facts caches; it is not cryptographic (ESLint's content cache uses a 32-bit
 * murmur for the same job). Pure: no Node API, so workers and hosts agree.
 */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0') + text.length.toString(36);
}
