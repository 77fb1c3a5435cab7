/**
 * The built bundles are pure ASCII (scripts/build.mjs): one character outside
 * Latin-1 anywhere in a script — a comment included — makes V8 hold its whole
 * source as a two-byte string, twice the memory, for the life of the process
 * (the 11 MB server bundle, in each of its two threads).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const BUNDLES = ['server/out/server.js', 'server/out/typescript.js', 'server/out/cli.js', 'client/out/extension.js'];

test('every built bundle is pure ASCII', () => {
  for (const bundle of BUNDLES) {
    const path = join(ROOT, bundle);
    assert.ok(existsSync(path), `${bundle} is missing: run \`node scripts/build.mjs\` first`);
    const text = readFileSync(path, 'latin1');
    const at = text.search(/[^\x00-\x7f]/);
    const line = at < 0 ? 0 : text.slice(0, at).split('\n').length;
    assert.equal(at, -1, `${bundle}: a non-ASCII byte on line ${line}`);
  }
});
