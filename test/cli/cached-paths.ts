/** The files a CLI cache file has entries for, as the next run reads it (with the key its own header names). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { FactsCache } from '../../server/src/shared/facts-cache';

export function cachedPaths(file: string): string[] {
  const bytes = fs.readFileSync(file);
  const header = JSON.parse(bytes.toString('latin1', 0, bytes.indexOf(10))) as { engine: string; options: string };
  const { cache, problem } = FactsCache.parseBytes(bytes, { engine: header.engine, options: header.options });
  assert.equal(problem, undefined);
  return [...cache.paths()];
}
