// The identity of the analysis engine, for facts caches: a hash of every
// source file under server/src/engine (sorted by path) and of the TypeScript
// version that parses for it. Any change to the engine, or a TypeScript
// upgrade, gives a new identity, so caches written by another engine are
// ignored. scripts/build.mjs computes it once and bakes it into the bundles;
// runs from source (tests) compute it on first use.
'use strict';
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

function sourceFiles(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

function engineIdentity(root) {
  const engineDir = join(root, 'server', 'src', 'engine');
  const hash = createHash('sha256');
  const typescript = JSON.parse(readFileSync(require.resolve('typescript/package.json', { paths: [root] }), 'utf8'));
  hash.update(`typescript@${typescript.version}\n`);
  for (const file of sourceFiles(engineDir, []).sort()) {
    hash.update(`${relative(engineDir, file).split('\\').join('/')}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 20);
}

module.exports = { engineIdentity };
