/**
 * A --cache run that changed a few entries appends them to the cache file
 * (facts-cache.ts `journalSegment`) instead of writing it whole: the bytes
 * before stay as they were, the next run reads the segments in order (a
 * changed entry, a file gone, a new report), and reports what a run without
 * the cache reports. A damaged or truncated segment, or two appended from
 * the same file, make the whole cache ignored; once the segments pass a
 * quarter of the rest, the cache is written whole again. A cache checked
 * with sha1 (written by a Node without zlib.crc32) is read all the same.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FactsCache } from '../../server/src/shared/facts-cache';
import { SHARED_CLIENT_PROJECT } from './projects';
import { makeProject, removeProject } from './tmp';
import { runCounted } from './counting-engine';
import { cachedPaths } from './cached-paths';

/** The shared-Client app and forty helpers that take part in nothing: each a small entry of a cache large enough to append to. */
function appWithHelpers(): Record<string, string> {
  const files: Record<string, string> = { ...SHARED_CLIENT_PROJECT };
  for (let i = 0; i < 40; i++) files[`lib/format-${i}.ts`] = `export function format${i}(value: number): string {\n  return value.toFixed(${i % 5});\n}\n`;
  return files;
}

/** A --cache run, checked against a run without the cache. */
async function cachedRun(dir: string) {
  const cached = await runCounted(['--cache'], dir);
  assert.deepEqual(cached.findings, (await runCounted([], dir)).findings);
  return cached;
}

/** The segment trailers of a cache file (`{"end": …, "from": …}`), in order. */
function segmentTrailers(file: string): { end: string; from: number }[] {
  return fs.readFileSync(file, 'latin1').split('\n').filter((line) => line.startsWith('{"end":')).map((line) => JSON.parse(line) as { end: string; from?: number }).filter((t): t is { end: string; from: number } => t.from !== undefined);
}

/** A test body run in a fresh copy of `appWithHelpers`, given its directory and cache file; the copy is removed afterwards. */
function inApp(body: (dir: string, cacheFile: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = makeProject(appWithHelpers());
    try {
      await body(dir, path.join(dir, '.pgpoolguardcache'));
    } finally {
      removeProject(dir);
    }
  };
}

describe('--cache appends what changed', () => {
  it('keeps the bytes written before, and the next run reads the segments in order', inApp(async (dir, cacheFile) => {
    const cold = await cachedRun(dir);
    assert.equal(cold.findings.length, 1);
    const base = fs.readFileSync(cacheFile);
    assert.deepEqual(segmentTrailers(cacheFile), [], 'the first write is whole');

    fs.appendFileSync(path.join(dir, 'lib/format-3.ts'), 'export const formats = 3;\n');
    const edited = await cachedRun(dir);
    assert.equal(edited.derived, 0, 'the report stands');
    const once = fs.readFileSync(cacheFile);
    assert.ok(once.subarray(0, base.length).equals(base), 'the base is not written again');
    assert.deepEqual(segmentTrailers(cacheFile).map((t) => t.from), [base.length]);

    fs.rmSync(path.join(dir, 'lib/format-7.ts'));
    const removed = await cachedRun(dir);
    assert.equal(removed.derived, 1, 'another file set');
    assert.deepEqual(segmentTrailers(cacheFile).map((t) => t.from), [base.length, once.length]);

    // The next run takes everything from the segments: the new text of format-3, no entry for format-7, the new report.
    const warm = await cachedRun(dir);
    assert.equal(warm.derived, 0);
    assert.deepEqual(warm.parsed, []);
    assert.equal(warm.stderr, '');
    const paths = cachedPaths(cacheFile).map((p) => path.relative(dir, p));
    assert.ok(paths.includes(path.join('lib', 'format-3.ts')));
    assert.ok(!paths.includes(path.join('lib', 'format-7.ts')), 'the file gone has no entry');
  }));

  it('ignores the whole cache when a segment is damaged, cut short or appended to another file, and writes it whole', inApp(async (dir, cacheFile) => {
    await cachedRun(dir);
    const base = fs.readFileSync(cacheFile);
    fs.appendFileSync(path.join(dir, 'lib/format-1.ts'), '// one\n');
    await cachedRun(dir);
    const appended = fs.readFileSync(cacheFile);
    const segment = appended.subarray(base.length);
    assert.ok(segment.length > 0);

    const flipped = Buffer.from(appended);
    const at = flipped.indexOf('format-1.ts', base.length);
    assert.ok(at > base.length, 'the segment holds the edited entry');
    flipped.write('format-9.ts', at, 'latin1');
    const cases: [string, Buffer, RegExp][] = [
      ['a byte changed', flipped, /its content does not match the hash on its last line/],
      ['cut short', appended.subarray(0, appended.length - 5), /it does not end with the hash of its lines/],
      ['the same segment twice (two runs appending to one file)', Buffer.concat([appended, segment]), /does not match the hash|does not follow/],
    ];
    for (const [what, bytes, problem] of cases) {
      fs.writeFileSync(cacheFile, bytes);
      const damaged = await cachedRun(dir);
      assert.match(damaged.stderr, problem, what);
      assert.match(damaged.stderr, /analysing every file/, what);
      assert.deepEqual(segmentTrailers(cacheFile), [], `${what}: written whole`);
      assert.equal((await cachedRun(dir)).stderr, '', `${what}: and read again`);
    }
  }));

  it('writes the cache whole once the segments would pass a quarter of the rest', inApp(async (dir, cacheFile) => {
    await cachedRun(dir);
    let appends = 0;
    let rewrote = false;
    for (let i = 0; i < 60 && !rewrote; i++) {
      fs.appendFileSync(path.join(dir, `lib/format-${i % 40}.ts`), `// edit ${i}\n`);
      await cachedRun(dir);
      const segments = segmentTrailers(cacheFile).length;
      if (segments > 0) appends++;
      rewrote = segments === 0;
    }
    assert.ok(appends >= 3, `appended ${appends} times`);
    assert.ok(rewrote, 'compacted');
  }));

  it('reads a cache checked with sha1 (a Node without zlib.crc32 wrote it)', inApp(async (dir, cacheFile) => {
    await cachedRun(dir);
    const text = fs.readFileSync(cacheFile, 'latin1');
    const body = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
    fs.writeFileSync(cacheFile, `${body}${FactsCache.trailerLine(`sha1-${createHash('sha1').update(body, 'latin1').digest('base64url')}`)}\n`, 'latin1');
    const warm = await cachedRun(dir);
    assert.equal(warm.stderr, '');
    assert.equal(warm.derived, 0);
    assert.deepEqual(warm.parsed, []);
    fs.writeFileSync(cacheFile, `${body}${FactsCache.trailerLine('md5-AAAA')}\n`, 'latin1');
    assert.match((await cachedRun(dir)).stderr, /checked with a hash this Node does not have; ignored/);
  }));
});
