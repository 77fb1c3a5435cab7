/**
 * The checksum a facts cache's trailer lines carry (facts-cache.ts): CRC-32
 * where Node has `zlib.crc32` (20.15+, 22.2+: about 3× faster than sha1 on
 * an 18 MB cache, which every warm run reads and checks), else sha1. It is
 * there to catch damage (a torn write, a truncated copy), not tampering.
 * The digest names its algorithm, so a cache is checked the way it was
 * written, whichever Node reads it.
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';

export interface BodyChecksum {
  update(data: string | Uint8Array): BodyChecksum;
  /** The algorithm's name, a dash, the value: `crc32-1a2b3c4d`, `sha1-…` (base64url). */
  digest(): string;
}

type Crc32 = (data: string | Uint8Array, value?: number) => number;
const crc32 = (zlib as { crc32?: Crc32 }).crc32;

class Crc32Checksum implements BodyChecksum {
  private value = 0;
  constructor(private readonly crc: Crc32) {}
  update(data: string | Uint8Array): BodyChecksum {
    this.value = this.crc(data, this.value);
    return this;
  }
  digest(): string {
    return `crc32-${this.value.toString(16).padStart(8, '0')}`;
  }
}

class Sha1Checksum implements BodyChecksum {
  private readonly hash = createHash('sha1');
  update(data: string | Uint8Array): BodyChecksum {
    this.hash.update(data);
    return this;
  }
  digest(): string {
    return `sha1-${this.hash.digest('base64url')}`;
  }
}

/** The checksum a writer uses: the fastest this Node has. */
export function createBodyChecksum(): BodyChecksum {
  return crc32 ? new Crc32Checksum(crc32) : new Sha1Checksum();
}

/** A checksum of the algorithm `digest` was made with; undefined when this Node has none such (or the digest names none). */
export function checksumLike(digest: string): BodyChecksum | undefined {
  if (digest.startsWith('crc32-')) return crc32 ? new Crc32Checksum(crc32) : undefined;
  if (digest.startsWith('sha1-')) return new Sha1Checksum();
  return undefined;
}
