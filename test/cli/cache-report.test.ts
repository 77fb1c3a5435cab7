/**
 * --cache keeps the run's report: a run in which no file's text scan or
 * facts changed reports it without deriving anything (no getFindings), and
 * any change that can move a finding — facts, the file set, a config, the
 * options — derives again. Every report must equal a run without the cache.
 * A cache whose lines do not match the hash on its last line is ignored; the
 * cache text is ASCII.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cacheTextWithout, FactsCache } from '../../server/src/shared/facts-cache';
import { SHARED_CLIENT_PROJECT } from './projects';
import { makeProject, removeProject } from './tmp';
import { runCounted } from './counting-engine';

const run = runCounted;

/** A --cache run and a run without it: the same report, and whether the cached one was derived. */
async function cachedAndPlain(dir: string) {
  const cached = await run(['--cache'], dir);
  const plain = await run([], dir);
  assert.deepEqual(cached.findings, plain.findings);
  assert.deepEqual(cached.notices, plain.notices);
  return cached;
}

describe('--cache keeps the report', () => {
  it('reports it as it is while no text scan or facts changed, and derives again when facts change', async () => {
    const dir = makeProject({ ...SHARED_CLIENT_PROJECT, 'util.ts': 'export const twice = (n: number) => n * 2;\n' });
    try {
      const cold = await cachedAndPlain(dir);
      assert.equal(cold.findings.length, 1);
      assert.equal(cold.derived, 1);

      const unchanged = await cachedAndPlain(dir);
      assert.equal(unchanged.derived, 0, 'nothing changed: the cached report');
      assert.deepEqual(unchanged.parsed, []);

      // A comment after the last line: db.ts is parsed to compare, its facts are the same, the report stands.
      fs.appendFileSync(path.join(dir, 'db.ts'), '// reviewed\n');
      const comment = await cachedAndPlain(dir);
      assert.equal(comment.derived, 0);
      assert.deepEqual(comment.parsed, ['db.ts']);

      // A file the selection never parses, with the same text scan: not even parsed.
      fs.appendFileSync(path.join(dir, 'util.ts'), 'export const thrice = (n: number) => n * 3;\n');
      const unselected = await cachedAndPlain(dir);
      assert.equal(unselected.derived, 0);
      assert.deepEqual(unselected.parsed, []);

      // A line above the Client moves every span of db.ts: its facts only moved, so the kept derivation is moved (db.ts parsed once).
      fs.writeFileSync(path.join(dir, 'db.ts'), `// the database\n${fs.readFileSync(path.join(dir, 'db.ts'), 'utf8')}`);
      const moved = await cachedAndPlain(dir);
      assert.equal(moved.derived, 0);
      assert.deepEqual(moved.parsed, ['db.ts']);
      assert.equal(moved.findings.length, 1);
      assert.equal((await cachedAndPlain(dir)).derived, 0, 'and the new report is kept');

      // The route stops using the Client: derived, and the finding is gone.
      fs.writeFileSync(path.join(dir, 'app.ts'), "export const app = 'no database here';\n");
      const gone = await cachedAndPlain(dir);
      assert.equal(gone.derived, 1);
      assert.deepEqual(gone.findings, []);
    } finally {
      removeProject(dir);
    }
  });

  it('derives again when a file appears, a config changes or the options change', async () => {
    const dir = makeProject(SHARED_CLIENT_PROJECT);
    try {
      await cachedAndPlain(dir);
      fs.writeFileSync(path.join(dir, 'late.ts'), SHARED_CLIENT_PROJECT['app.ts']);
      const added = await cachedAndPlain(dir);
      assert.equal(added.derived, 1, 'another file set');
      assert.equal(added.findings.length, 1);

      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
      assert.equal((await cachedAndPlain(dir)).derived, 1, 'a new config');
      assert.equal((await cachedAndPlain(dir)).derived, 0);

      fs.writeFileSync(path.join(dir, '.pgpoolguardrc.json'), JSON.stringify({ rules: { 'shared-client': 'warning' } }));
      const severity = await cachedAndPlain(dir);
      assert.equal(severity.derived, 1, 'other rule settings');
      assert.deepEqual(severity.findings.map((f) => (f as { severity: string }).severity), ['warning']);
    } finally {
      removeProject(dir);
    }
  });

  it('ignores a cache whose lines do not match the hash on its last line, and takes one an entry was cut from as that file changed', async () => {
    const dir = makeProject(SHARED_CLIENT_PROJECT);
    const cacheFile = path.join(dir, '.pgpoolguardcache');
    try {
      await cachedAndPlain(dir);
      const text = fs.readFileSync(cacheFile, 'utf8');
      const at = text.indexOf('SELECT');
      assert.ok(at > 0, 'the cache holds the route facts');
      fs.writeFileSync(cacheFile, text.slice(0, at) + 'UPDATE' + text.slice(at + 'SELECT'.length));
      const damaged = await run(['--cache'], dir);
      assert.match(damaged.stderr, /^notice: \.pgpoolguardcache: cache corrupt \(its content does not match the hash on its last line\); ignored; analysing every file$/m);
      assert.equal(damaged.derived, 1);
      assert.deepEqual(damaged.parsed, ['app.ts', 'db.ts']);

      const cut = cacheTextWithout(fs.readFileSync(cacheFile, 'utf8'), new Set([path.join(dir, 'db.ts')]));
      assert.equal(cut?.dropped, 1);
      fs.writeFileSync(cacheFile, cut!.text);
      const withoutDb = await cachedAndPlain(dir);
      assert.equal(withoutDb.stderr, '', 'still a valid cache');
      assert.deepEqual(withoutDb.parsed, ['db.ts'], 'db.ts has no entry: read and parsed, app.ts from the cache');
      assert.equal(withoutDb.derived, 1);
    } finally {
      removeProject(dir);
    }
  });

  it('writes the cache as ASCII (one non-ASCII character would make the whole text two-byte when read), and reads the same strings back', () => {
    const key = { engine: 'engine-a', options: 'o' };
    const cache = new FactsCache(key);
    const summary = { strings: ['Loading…', '\u{1F600} done'], modules: ['./caf\u00e9'], links: [], notices: [] };
    cache.set('/w/caf\u00e9.ts', 'hash', undefined, summary);
    const text = cache.serialize();
    assert.ok([...text].every((c) => c.charCodeAt(0) < 0x80), text);
    const read = FactsCache.parse(text, key);
    assert.equal(read.problem, undefined);
    assert.deepEqual(read.cache.entryFor('/w/caf\u00e9.ts', 'hash')?.summary, summary);
  });

  it('reads a cache from its bytes as from its text: entries kept as the bytes read are written back byte for byte', () => {
    const key = { engine: 'engine-a', options: 'o' };
    const cache = new FactsCache(key);
    const summary = (word: string) => ({ strings: [word, 'caf\u00e9'], modules: ['./db'], links: [], notices: [] });
    cache.set('/w/a.ts', 'ha', undefined, summary('a'), { mtimeMs: 1, size: 10 }, 10_000);
    cache.set('/w/b.ts', 'hb', undefined, summary('b'), { mtimeMs: 2, size: 20 }, 10_000);
    cache.setFindings({ key: 'k', findings: [], notices: [] });
    const text = cache.serialize();
    const fromBytes = FactsCache.parseBytes(Buffer.from(text), key, { keepLines: true });
    assert.equal(fromBytes.problem, undefined);
    assert.equal(fromBytes.cache.serialize(), text, 'unchanged: the same text');
    assert.deepEqual(fromBytes.cache.entryFor('/w/b.ts', 'hb')?.summary, summary('b'));
    assert.equal(fromBytes.cache.findingsFor('k')?.key, 'k');
    fromBytes.cache.restamp('/w/a.ts', { mtimeMs: 3, size: 10 }, 10_000);
    const restamped = FactsCache.parse(fromBytes.cache.serialize(), key);
    assert.ok(restamped.cache.stampMatches('/w/a.ts', { mtimeMs: 3, size: 10 }));
    assert.deepEqual(restamped.cache.entryFor('/w/a.ts', 'ha')?.summary, summary('a'));
    const damaged = Buffer.from(text.replace('"ha"', '"hx"'));
    assert.match(FactsCache.parseBytes(damaged, key).problem ?? '', /does not match/);
    assert.match(FactsCache.parseBytes(Buffer.from(text.slice(0, -1)), key).problem ?? '', /does not end/);
  });
});
