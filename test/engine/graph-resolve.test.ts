import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleResolver } from '../../server/src/engine/graph/resolve';

function resolverWith(files: string[], configs: Record<string, string> = {}): ModuleResolver {
  const resolver = new ModuleResolver();
  for (const f of files) resolver.addFile(f);
  for (const [p, text] of Object.entries(configs)) resolver.setConfig(p, text);
  return resolver;
}

test('relative, extension-less, index and exact paths', () => {
  const r = resolverWith(['/w/src/db.ts', '/w/src/lib/index.js', '/w/src/routes/users.ts', '/w/src/raw.mjs']);
  assert.equal(r.resolve('../db', '/w/src/routes/users.ts'), '/w/src/db.ts');
  assert.equal(r.resolve('./db.ts', '/w/src/app.ts'), '/w/src/db.ts');
  assert.equal(r.resolve('./lib', '/w/src/app.ts'), '/w/src/lib/index.js');
  assert.equal(r.resolve('./raw.mjs', '/w/src/app.ts'), '/w/src/raw.mjs');
  assert.equal(r.resolve('./missing', '/w/src/app.ts'), undefined);
});

test('TS-ESM .js specifier names the .ts source', () => {
  const r = resolverWith(['/w/db.ts', '/w/util.mts']);
  assert.equal(r.resolve('./db.js', '/w/app.ts'), '/w/db.ts');
  assert.equal(r.resolve('./util.mjs', '/w/app.ts'), '/w/util.mts');
});

test('.d.ts files are never targets', () => {
  const r = resolverWith(['/w/types.d.ts']);
  assert.equal(r.resolve('./types', '/w/app.ts'), undefined);
});

test('bare specifiers are external without a mapping', () => {
  const r = resolverWith(['/w/pg.ts']);
  assert.equal(r.resolve('pg', '/w/app.ts'), undefined);
});

test('tsconfig paths with wildcard, longest prefix wins, JSONC text', () => {
  const r = resolverWith(['/w/src/db/index.ts', '/w/src/special/db.ts', '/w/src/app.ts'], {
    '/w/tsconfig.json': `{
      // comments are fine
      "compilerOptions": { "baseUrl": "./src", "paths": { "@/*": ["./*"], "@/db": ["./special/db"], "@lib/*": ["./lib/*", "./*"], }, },
    }`,
  });
  assert.equal(r.resolve('@/db', '/w/src/app.ts'), '/w/src/special/db.ts');
  assert.equal(r.resolve('@/db/index', '/w/src/app.ts'), '/w/src/db/index.ts');
  assert.equal(r.resolve('@lib/db', '/w/src/app.ts'), '/w/src/db/index.ts');
  // baseUrl alone maps bare names too.
  assert.equal(r.resolve('app', '/w/src/db/index.ts'), '/w/src/app.ts');
});

test('nearest config wins and extends is followed', () => {
  const r = resolverWith(['/w/shared/db.ts', '/w/pkg/src/app.ts', '/w/pkg/src/db.ts'], {
    '/w/tsconfig.base.json': '{ "compilerOptions": { "paths": { "#db": ["./shared/db"] } } }',
    '/w/pkg/tsconfig.json': '{ "extends": "../tsconfig.base.json" }',
    '/w/tsconfig.json': '{ "compilerOptions": { "paths": { "#db": ["./pkg/src/db"] } } }',
  });
  assert.equal(r.resolve('#db', '/w/pkg/src/app.ts'), '/w/shared/db.ts');
  assert.equal(r.resolve('#db', '/w/other.ts'), '/w/pkg/src/db.ts');
});

test('jsconfig works like tsconfig; malformed config is ignored', () => {
  const r = resolverWith(['/w/lib/db.js', '/w/app.js'], {
    '/w/jsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["lib/*"] } } }',
    '/x/tsconfig.json': '{ not json',
  });
  assert.equal(r.resolve('~/db', '/w/app.js'), '/w/lib/db.js');
  assert.equal(r.resolve('~/db', '/x/app.js'), undefined);
});

test('cache is invalidated when files or configs change', () => {
  const r = resolverWith(['/w/app.ts']);
  assert.equal(r.resolve('./db', '/w/app.ts'), undefined);
  r.addFile('/w/db.ts');
  assert.equal(r.resolve('./db', '/w/app.ts'), '/w/db.ts');
  r.removeFile('/w/db.ts');
  assert.equal(r.resolve('./db', '/w/app.ts'), undefined);
  r.addFile('/w/lib/db.ts');
  assert.equal(r.resolve('@db', '/w/app.ts'), undefined);
  r.setConfig('/w/tsconfig.json', '{ "compilerOptions": { "paths": { "@db": ["lib/db"] } } }');
  assert.equal(r.resolve('@db', '/w/app.ts'), '/w/lib/db.ts');
  r.removeConfig('/w/tsconfig.json');
  assert.equal(r.resolve('@db', '/w/app.ts'), undefined);
});

test("framework aliases of a generated tsconfig that is not in the repository (Nuxt's ~, ~~, @; SvelteKit's $lib)", () => {
  const nuxt = resolverWith(['/w/server/db.ts', '/w/server/api/users.get.ts', '/w/app/components/list.ts'], {
    '/w/tsconfig.json': '{ "extends": "./.nuxt/tsconfig.json" }',
  });
  assert.equal(nuxt.resolve('~/server/db', '/w/server/api/users.get.ts'), '/w/server/db.ts');
  assert.equal(nuxt.resolve('~~/server/db', '/w/server/api/users.get.ts'), '/w/server/db.ts');
  assert.equal(nuxt.resolve('@/server/db', '/w/server/api/users.get.ts'), '/w/server/db.ts');
  // Nuxt 4: srcDir is app/, tried after the root.
  assert.equal(nuxt.resolve('~/components/list', '/w/server/api/users.get.ts'), '/w/app/components/list.ts');
  const kit = resolverWith(['/w/src/lib/server/db.ts', '/w/src/lib/index.ts', '/w/src/routes/+page.server.ts'], {
    '/w/tsconfig.json': '{ "extends": "./.svelte-kit/tsconfig.json", "compilerOptions": { "strict": true } }',
  });
  assert.equal(kit.resolve('$lib/server/db', '/w/src/routes/+page.server.ts'), '/w/src/lib/server/db.ts');
  assert.equal(kit.resolve('$lib', '/w/src/routes/+page.server.ts'), '/w/src/lib/index.ts');
  // The project's own paths replace the generated ones (TypeScript's extends rule).
  const own = resolverWith(['/w/src/lib/server/db.ts', '/w/src/routes/+page.server.ts'], {
    '/w/tsconfig.json': '{ "extends": "./.svelte-kit/tsconfig.json", "compilerOptions": { "paths": { "#db": ["./src/lib/server/db.ts"] } } }',
  });
  assert.equal(own.resolve('$lib/server/db', '/w/src/routes/+page.server.ts'), undefined);
  assert.equal(own.resolve('#db', '/w/src/routes/+page.server.ts'), '/w/src/lib/server/db.ts');
  // Another generated config name is not a framework's.
  const other = resolverWith(['/w/src/lib/server/db.ts', '/w/src/a.ts'], { '/w/tsconfig.json': '{ "extends": "./.gen/tsconfig.json" }' });
  assert.equal(other.resolve('$lib/server/db', '/w/src/a.ts'), undefined);
});

test('no tsconfig: the aliases of the framework whose config file is in the directory or above', () => {
  const kit = resolverWith(['/w/svelte.config.js', '/w/src/lib/server/db.js', '/w/src/routes/api/+server.js']);
  assert.equal(kit.resolve('$lib/server/db', '/w/src/routes/api/+server.js'), '/w/src/lib/server/db.js');
  const nuxt = resolverWith(['/w/nuxt.config.ts', '/w/server/db.ts', '/w/server/api/x.ts']);
  assert.equal(nuxt.resolve('~/server/db', '/w/server/api/x.ts'), '/w/server/db.ts');
  const plain = resolverWith(['/w/src/lib/server/db.js', '/w/src/a.js']);
  assert.equal(plain.resolve('$lib/server/db', '/w/src/a.js'), undefined);
});
