// Bundles the CLI, the language server and the VS Code client with esbuild.
// Runs on `npm ci` (prepare) so `npx pg-pool-guard` works from a clean clone.
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { engineIdentity } = createRequire(import.meta.url)('./engine-identity.cjs');

/**
 * Every module that imports a CommonJS package gets its own `__toESM` copy of
 * the package's exports from esbuild: for TypeScript's 2,244 exports in 47
 * engine modules that was ~300 ms of CPU at every start of the CLI and the
 * server, and 0.35 MB of heap per importing module (16 MB in each thread).
 * Every import of it reaches one shim instead, which binds the package with a
 * plain `require` and no copy at all (typescript-once.mjs).
 */
const TYPESCRIPT_ONCE = fileURLToPath(new URL('./typescript-once.mjs', import.meta.url));
/** `typescriptOnce(path)`: that one module's own import of TypeScript resolves to `path`, kept out of the bundle. */
const typescriptOnce = (runtimePath) => ({
  name: 'typescript-once',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^typescript$/ }, (args) =>
      args.importer !== TYPESCRIPT_ONCE ? { path: TYPESCRIPT_ONCE } : runtimePath ? { path: runtimePath, external: true } : undefined);
  },
});

/**
 * The language server loads TypeScript from its own minified file beside the
 * bundle, server/out/typescript.js, in each thread that needs it. V8 keeps a
 * script's source for as long as its functions live, and parsing a script
 * takes zone memory in proportion to its size, which glibc's allocator keeps
 * resident afterwards: inside the bundle, TypeScript's 9 MB were parsed by
 * each of the server's two threads at load, whether or not it needed the
 * compiler (~36 MB of zone each; the pg-using bench's peak RSS 336 -> 293 MB).
 * Minified, it is 3.6 MB; apart, a thread that never needs it never parses
 * it. The server's own code stays unminified, so its stack traces read.
 */
const SERVER_TYPESCRIPT = './typescript.js';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Strings, regexps and identifiers written as ASCII escapes; comments are made ASCII after the build (asciiComments).
  charset: 'ascii',
  // Facts caches written by another engine build are ignored (server/src/shared/engine-identity.ts).
  define: { __PG_POOL_GUARD_ENGINE_IDENTITY__: JSON.stringify(engineIdentity(process.cwd())) },
};

const targets = [
  // The CLI keeps `typescript` external: it is a runtime dependency of the npm package.
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js', external: ['typescript'], plugins: [typescriptOnce()] },
  // The server is self-contained so the .vsix works offline: its TypeScript is the file beside it.
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'server/out/server.js', plugins: [typescriptOnce(SERVER_TYPESCRIPT)] },
  {
    entryPoints: ['node_modules/typescript/lib/typescript.js'], outfile: 'server/out/typescript.js', bundle: false, minify: true,
    sourcemap: false, define: {},
  },
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'], plugins: [typescriptOnce()] },
];

/**
 * V8 keeps each script's source for as long as its functions live, and one
 * character outside Latin-1 makes the whole source a two-byte string: the
 * server bundle (11 MB, when TypeScript was inside) held 22.5 MB in each of
 * its two threads because of the box-drawing characters and arrows in comments.
 * With `charset: 'ascii'`, a comment is the only place such a character can
 * still be; each UTF-16 unit of it becomes one `?`, so columns (and the
 * source map) stay as they were.
 */
function asciiComments(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, '?');
  if (ascii !== text) writeFileSync(file, ascii);
}

for (const t of targets) {
  if (!existsSync(t.entryPoints[0])) continue;
  await build({ ...common, ...t });
  asciiComments(t.outfile);
}
