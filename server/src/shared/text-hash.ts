/** The content hash the hosts give the engine (native sha1: about twice as fast as the engine's pure one on 28 MB of source). */
import { createHash } from 'node:crypto';

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}
