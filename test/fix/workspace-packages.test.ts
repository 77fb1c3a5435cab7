/**
 * The Pool rewrite across workspace packages: a Client created in one package
 * (packages/db) is rewritten together with its importers in the apps, which
 * reach it through the package name (`@acme/db`, package.json `exports`,
 * pnpm-workspace.yaml) or a package.json `imports` entry (`#db`) — the
 * module graph's resolver picks the files (fix/scope.ts). Without the
 * package.json texts the apps' imports are external and the scope is the
 * package alone: the expectations below are the workspace resolution's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relative } from 'node:path';
import { rewriteScope } from '../../server/src/engine/fix';
import { fixFixture, loadFixture, workspaceFor } from './fixtureCorpus';

function changedFiles(name: string): { changed: string[]; after: (file: string) => string } {
  const fixture = loadFixture(name);
  const fixed = fixFixture(fixture);
  assert.deepEqual(fixed.refusals, [], 'no rewrite was refused');
  const changed = Object.keys(fixed.texts).filter((p) => fixed.texts[p] !== fixture.texts[p]).map((p) => relative(fixture.dir, p)).sort();
  return { changed, after: (file) => fixed.texts[`${fixture.dir}/${file}`] };
}

test('workspaces + exports map: the client in packages/db and the connect() in apps/api are rewritten together', () => {
  const { changed, after } = changedFiles('400-monorepo-workspaces-exports');
  assert.deepEqual(changed, ['apps/api/src/server.ts', 'packages/db/src/client.ts']);
  assert.match(after('packages/db/src/client.ts'), /export const db = new Pool\(\{ connectionString, application_name: 'acme-api', connectionTimeoutMillis: 10000 \}\);/);
  assert.match(after('apps/api/src/server.ts'), /await db\.query\('SELECT 1'\);/);
  assert.doesNotMatch(after('apps/api/src/server.ts'), /db\.connect\(\)/);
});

test('pnpm-workspace.yaml: the transaction in apps/api checks out a client of the Pool from packages/database', () => {
  const { changed, after } = changedFiles('401-monorepo-pnpm-workspace');
  assert.deepEqual(changed, ['apps/api/src/services/create-booking.ts', 'packages/database/src/index.ts']);
  const service = after('apps/api/src/services/create-booking.ts');
  assert.match(service, /const txClient = await client\.connect\(\);/);
  assert.match(service, /await txClient\.query\('BEGIN'\);/);
  assert.match(service, /txClient\.release\(failed\);/);
  assert.match(after('packages/database/src/index.ts'), /new pg\.Pool\(/);
});

test('package.json imports (#db): the default-exported client and the server importing it through #db', () => {
  const { changed, after } = changedFiles('402-monorepo-package-imports');
  assert.deepEqual(changed, ['services/accounts/src/db/index.js', 'services/accounts/src/server.js']);
  assert.match(after('services/accounts/src/server.js'), /await db\.query\('SELECT 1'\);/);
});

test('the rewrite scope reaches the apps only through the package.json texts', () => {
  const fixture = loadFixture('400-monorepo-workspaces-exports');
  const creation = `${fixture.dir}/packages/db/src/client.ts`;
  const scope = (ws: ReturnType<typeof workspaceFor>) => rewriteScope(ws, creation).map((p) => relative(fixture.dir, p)).sort();
  const withManifests = workspaceFor(fixture, fixture.texts);
  withManifests.getFindings();
  assert.deepEqual(scope(withManifests), ['apps/api/src/routes/orders.ts', 'apps/api/src/server.ts', 'packages/db/src/client.ts',
    'packages/db/src/index.ts', 'packages/db/src/queries.ts']);
  const withoutManifests = workspaceFor({ ...fixture, manifests: {} }, fixture.texts);
  withoutManifests.getFindings();
  assert.deepEqual(scope(withoutManifests), ['packages/db/src/client.ts', 'packages/db/src/index.ts', 'packages/db/src/queries.ts']);
});
