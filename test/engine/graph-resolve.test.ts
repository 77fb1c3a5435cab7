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

test('extension-less relative specifiers: .ts before .tsx before a directory, and a built path that maps to a source', () => {
  // The resolver answers `./x` → x.ts / x.tsx itself (resolve.ts extensionlessSourceFile); TypeScript's order decides every case here.
  const r = resolverWith(['/w/src/view.ts', '/w/src/view.tsx', '/w/src/view/index.ts', '/w/src/card.tsx', '/w/src/card/index.ts',
    '/w/src/list/index.ts', '/w/src/user.service.ts', '/w/src/app.ts', '/w/src/legacy.js', '/w/src/legacy.tsx',
    '/w/src/model.ts', '/w/build/model.tsx'], {
    '/w/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'build', rootDir: 'src' } }),
  });
  assert.equal(r.resolve('./view', '/w/src/app.ts'), '/w/src/view.ts');
  assert.equal(r.resolve('../src/view', '/w/src/app.js'), '/w/src/view.ts');
  assert.equal(r.resolve('./card', '/w/src/app.ts'), '/w/src/card.tsx');
  assert.equal(r.resolve('./list', '/w/src/app.ts'), '/w/src/list/index.ts');
  assert.equal(r.resolve('./user.service', '/w/src/app.ts'), '/w/src/user.service.ts');
  assert.equal(r.resolve('./legacy', '/w/src/app.cjs'), '/w/src/legacy.tsx');
  // build/model.ts is not a workspace file, but TypeScript's lookup of it finds src/model.ts through the outDir mapping, before build/model.tsx.
  assert.equal(r.resolve('../build/model', '/w/src/app.ts'), '/w/src/model.ts');
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

test('tsx and jsx siblings, .mts through .mjs, absolute specifiers', () => {
  const r = resolverWith(['/w/src/App.tsx', '/w/src/view.jsx', '/w/src/util.mts', '/w/src/db.ts']);
  assert.equal(r.resolve('./App', '/w/src/main.ts'), '/w/src/App.tsx');
  assert.equal(r.resolve('./view', '/w/src/main.js'), '/w/src/view.jsx');
  assert.equal(r.resolve('./util.mjs', '/w/src/main.ts'), '/w/src/util.mts');
  assert.equal(r.resolve('/w/src/db', '/w/src/main.ts'), '/w/src/db.ts');
});

const ROOT_WITH_WORKSPACES = JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*', 'apps/*'] });

test('workspace packages (package.json workspaces): exports map, main, types, subpaths', () => {
  const r = resolverWith(['/w/packages/db/src/index.ts', '/w/packages/db/src/admin.ts', '/w/packages/log/index.js', '/w/packages/kit/src/main.ts',
    '/w/apps/api/src/server.ts'], {
    '/w/package.json': ROOT_WITH_WORKSPACES,
    '/w/packages/db/package.json': JSON.stringify({ name: '@acme/db', exports: { '.': { types: './src/index.ts', import: './src/index.ts' }, './admin': './src/admin.ts' } }),
    '/w/packages/log/package.json': JSON.stringify({ name: 'acme-log', main: 'index.js' }),
    '/w/packages/kit/package.json': JSON.stringify({ name: '@acme/kit', types: './src/main.ts' }),
    '/w/apps/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { '@acme/db': 'workspace:*' } }),
  });
  assert.equal(r.resolve('@acme/db', '/w/apps/api/src/server.ts'), '/w/packages/db/src/index.ts');
  assert.equal(r.resolve('@acme/db/admin', '/w/apps/api/src/server.ts'), '/w/packages/db/src/admin.ts');
  // Not exported: the exports map is the package's whole surface.
  assert.equal(r.resolve('@acme/db/src/admin', '/w/apps/api/src/server.ts'), undefined);
  assert.equal(r.resolve('acme-log', '/w/apps/api/src/server.ts'), '/w/packages/log/index.js');
  assert.equal(r.resolve('@acme/kit', '/w/apps/api/src/server.ts'), '/w/packages/kit/src/main.ts');
  assert.equal(r.resolve('@acme/other', '/w/apps/api/src/server.ts'), undefined);
  assert.equal(r.resolve('pg', '/w/apps/api/src/server.ts'), undefined);
});

test('require and import conditions: each importer gets its own, the other is tried when it has none', () => {
  const r = resolverWith(['/w/packages/db/src/esm.ts', '/w/packages/db/src/cjs.cts', '/w/packages/only/src/index.cjs', '/w/apps/a.ts', '/w/apps/b.cjs'], {
    '/w/package.json': JSON.stringify({ workspaces: { packages: ['packages/*'] } }),
    '/w/packages/db/package.json': JSON.stringify({ name: 'db', exports: { import: './src/esm.ts', require: './src/cjs.cts' } }),
    '/w/packages/only/package.json': JSON.stringify({ name: 'only', exports: { require: './src/index.cjs' } }),
  });
  assert.equal(r.resolve('db', '/w/apps/a.ts'), '/w/packages/db/src/esm.ts');
  assert.equal(r.resolve('db', '/w/apps/b.cjs'), '/w/packages/db/src/cjs.cts');
  assert.equal(r.resolve('only', '/w/apps/a.ts'), '/w/packages/only/src/index.cjs');
});

test('pnpm-workspace.yaml packages, negated globs', () => {
  const r = resolverWith(['/w/packages/db/src/index.ts', '/w/packages/fixtures/db/src/index.ts', '/w/services/api/main.ts'], {
    '/w/package.json': JSON.stringify({ name: 'root', private: true }),
    '/w/pnpm-workspace.yaml': "packages:\n  - 'packages/**'\n  - \"services/*\"\n  - '!**/fixtures/**'\n",
    '/w/packages/db/package.json': JSON.stringify({ name: '@acme/db', main: './src/index.ts' }),
    '/w/packages/fixtures/db/package.json': JSON.stringify({ name: '@acme/fixture-db', main: './src/index.ts' }),
  });
  assert.equal(r.resolve('@acme/db', '/w/services/api/main.ts'), '/w/packages/db/src/index.ts');
  assert.equal(r.resolve('@acme/fixture-db', '/w/services/api/main.ts'), undefined);
  // Malformed YAML lists no packages.
  r.setConfig('/w/pnpm-workspace.yaml', 'packages: [unclosed');
  assert.equal(r.resolve('@acme/db', '/w/services/api/main.ts'), undefined);
});

test('package.json imports (#db), with wildcards and conditions', () => {
  const r = resolverWith(['/w/src/lib/db.ts', '/w/src/lib/cache.js', '/w/src/routes/users.ts'], {
    '/w/package.json': JSON.stringify({ name: 'api', type: 'module', imports: { '#db': { node: './src/lib/db.ts', default: './src/lib/db.ts' }, '#lib/*': './src/lib/*' } }),
  });
  assert.equal(r.resolve('#db', '/w/src/routes/users.ts'), '/w/src/lib/db.ts');
  assert.equal(r.resolve('#lib/cache.js', '/w/src/routes/users.ts'), '/w/src/lib/cache.js');
  assert.equal(r.resolve('#nope', '/w/src/routes/users.ts'), undefined);
});

test('built targets map back to sources: outDir/rootDir of the package tsconfig, dist → src without one', () => {
  const r = resolverWith(['/w/packages/db/src/index.ts', '/w/packages/db/src/client.ts', '/w/packages/raw/src/index.js', '/w/packages/lib/source/index.ts',
    '/w/apps/api/routes.ts', '/w/src/db.ts', '/w/src/app.ts'], {
    '/w/package.json': JSON.stringify({ workspaces: ['packages/*', 'apps/*'], imports: { '#db': './build/db.js' } }),
    '/w/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'build', rootDir: 'src' } }),
    '/w/tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true } }),
    '/w/packages/db/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: './dist' } }),
    '/w/packages/db/package.json': JSON.stringify({ name: '@acme/db', main: './dist/index.js', types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './client': './dist/client.js' } }),
    '/w/packages/raw/package.json': JSON.stringify({ name: 'raw', main: 'dist/index.js' }),
    '/w/packages/lib/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'out', rootDir: 'source' } }),
    '/w/packages/lib/package.json': JSON.stringify({ name: 'lib', main: 'out/index.js' }),
  });
  assert.equal(r.resolve('@acme/db', '/w/apps/api/routes.ts'), '/w/packages/db/src/index.ts');
  assert.equal(r.resolve('@acme/db/client', '/w/apps/api/routes.ts'), '/w/packages/db/src/client.ts');
  assert.equal(r.resolve('raw', '/w/apps/api/routes.ts'), '/w/packages/raw/src/index.js');
  assert.equal(r.resolve('lib', '/w/apps/api/routes.ts'), '/w/packages/lib/source/index.ts');
  assert.equal(r.resolve('#db', '/w/src/app.ts'), '/w/src/db.ts');
});

test("a package without outDir maps the directories its package.json points into (build/, out/) to src/, never over a file that exists", () => {
  const r = resolverWith(['/w/packages/db/src/index.ts', '/w/packages/db/src/pool.ts', '/w/packages/jsdb/lib/index.js', '/w/packages/jsdb/src/index.js',
    '/w/packages/esm/src/index.mts', '/w/apps/api/routes.ts'], {
    '/w/package.json': JSON.stringify({ workspaces: ['packages/*', 'apps/*'] }),
    '/w/packages/db/package.json': JSON.stringify({ name: '@acme/db', main: './build/index.js',
      exports: { '.': { types: './build/index.d.ts', default: './build/index.js' }, './pool': { import: './build/pool.js' } } }),
    '/w/packages/jsdb/package.json': JSON.stringify({ name: 'jsdb', main: 'lib/index.js' }),
    '/w/packages/esm/package.json': JSON.stringify({ name: 'esm', exports: './out/index.mjs' }),
  });
  assert.equal(r.resolve('@acme/db', '/w/apps/api/routes.ts'), '/w/packages/db/src/index.ts');
  assert.equal(r.resolve('@acme/db/pool', '/w/apps/api/routes.ts'), '/w/packages/db/src/pool.ts');
  // lib/index.js is in the workspace: it is the answer, not src/index.js.
  assert.equal(r.resolve('jsdb', '/w/apps/api/routes.ts'), '/w/packages/jsdb/lib/index.js');
  assert.equal(r.resolve('esm', '/w/apps/api/routes.ts'), '/w/packages/esm/src/index.mts');
});

test('a package only under node_modules is external, and a package extends resolves through a workspace package', () => {
  // The front ends never hand in node_modules: a same-named installed package is not a workspace file.
  const r = resolverWith(['/w/apps/api/server.ts', '/w/packages/db/index.ts', '/w/packages/config/base.json.ts'], {
    '/w/package.json': JSON.stringify({ name: 'root', dependencies: { '@acme/db': '1.0.0' } }),
    '/w/packages/db/package.json': JSON.stringify({ name: '@acme/db', main: 'index.ts' }),
  });
  assert.equal(r.resolve('@acme/db', '/w/apps/api/server.ts'), undefined);
  const withConfig = resolverWith(['/w/apps/api/src/server.ts', '/w/apps/api/src/lib/db.ts'], {
    '/w/package.json': ROOT_WITH_WORKSPACES,
    '/w/packages/tsconfig/package.json': JSON.stringify({ name: '@acme/tsconfig' }),
    '/w/packages/tsconfig/base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['../../apps/api/src/*'] } } }),
    '/w/apps/api/tsconfig.json': JSON.stringify({ extends: '@acme/tsconfig/base.json' }),
  });
  assert.equal(withConfig.resolve('~/lib/db', '/w/apps/api/src/server.ts'), '/w/apps/api/src/lib/db.ts');
});

test('workspace resolution follows package.json changes', () => {
  const r = resolverWith(['/w/packages/db/src/index.ts', '/w/apps/api/server.ts'], { '/w/package.json': ROOT_WITH_WORKSPACES });
  assert.equal(r.resolve('@acme/db', '/w/apps/api/server.ts'), undefined);
  r.setConfig('/w/packages/db/package.json', JSON.stringify({ name: '@acme/db', main: 'src/index.ts' }));
  assert.equal(r.resolve('@acme/db', '/w/apps/api/server.ts'), '/w/packages/db/src/index.ts');
  r.setConfig('/w/packages/db/package.json', JSON.stringify({ name: '@acme/database', main: 'src/index.ts' }));
  assert.equal(r.resolve('@acme/db', '/w/apps/api/server.ts'), undefined);
  assert.equal(r.resolve('@acme/database', '/w/apps/api/server.ts'), '/w/packages/db/src/index.ts');
  r.removeConfig('/w/package.json');
  assert.equal(r.resolve('@acme/database', '/w/apps/api/server.ts'), undefined);
});

test("a package's own name through its exports; installed packages are external without a lookup", () => {
  const r = resolverWith(['/w/src/db.ts', '/w/src/routes.ts', '/w/src/express.ts'], {
    '/w/package.json': JSON.stringify({ name: 'orders-api', exports: { './db': './src/db.ts' } }),
  });
  assert.equal(r.resolve('orders-api/db', '/w/src/routes.ts'), '/w/src/db.ts');
  // A workspace file named like an installed package is not what the bare name means.
  assert.equal(r.resolve('express', '/w/src/routes.ts'), undefined);
});

test("a directory with a trailing slash: require('../') and './lib/' (package.json main, index files)", () => {
  const r = resolverWith(['/w/pkg/index.js', '/w/pkg/test/a.js', '/w/pkg/lib/index.ts', '/w/other/main.js'], {
    '/w/other/package.json': JSON.stringify({ name: 'other', main: 'main.js' }),
  });
  assert.equal(r.resolve('../', '/w/pkg/test/a.js'), '/w/pkg/index.js');
  assert.equal(r.resolve('./lib/', '/w/pkg/index.js'), '/w/pkg/lib/index.ts');
  assert.equal(r.resolve('../../other/', '/w/pkg/test/a.js'), '/w/other/main.js');
});
