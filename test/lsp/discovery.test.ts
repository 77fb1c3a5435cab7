import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FolderFilter, toForwardSlashes } from '../../server/src/shared/discovery';
import { removeProject, writeProject } from './harness';

describe('workspace discovery', () => {
  let dir: string;
  let root: string;

  before(() => {
    dir = writeProject({
      'src/a.ts': '',
      'src/b.jsx': '',
      'src/types.d.ts': '',
      'src/readme.md': '',
      'src/generated/g.ts': '',
      'src/nested/.gitignore': 'secret.ts\n',
      'src/nested/secret.ts': '',
      'src/nested/open.mts': '',
      'logs/x.js': '',
      'node_modules/pg/index.js': '',
      'dist/out.js': '',
      'tsconfig.json': '{}',
      'packages/app/jsconfig.json': '{}',
      '.gitignore': 'logs/\n',
    });
    root = toForwardSlashes(dir);
  });

  after(() => removeProject(dir));

  it('walks sources and project configs, honouring skipped dirs, .gitignore files and exclude globs', async () => {
    const found = await new FolderFilter(dir, ['src/generated/**']).discover();
    assert.deepEqual(found.sources, [`${root}/src/a.ts`, `${root}/src/b.jsx`, `${root}/src/nested/open.mts`]);
    assert.deepEqual(found.projectConfigs, [`${root}/packages/app/jsconfig.json`, `${root}/tsconfig.json`]);
  });

  it('answers single-file questions the same way', async () => {
    const filter = new FolderFilter(dir, ['src/generated/**']);
    assert.equal(await filter.includes(join(dir, 'src/a.ts')), true);
    assert.equal(await filter.includes(join(dir, 'src/new-file.cts')), true);
    assert.equal(await filter.includes(join(dir, 'src/generated/g.ts')), false);
    assert.equal(await filter.includes(join(dir, 'src/nested/secret.ts')), false);
    assert.equal(await filter.includes(join(dir, 'logs/x.js')), false);
    assert.equal(await filter.includes(join(dir, 'node_modules/pg/index.js')), false);
    assert.equal(await filter.includes(join(dir, 'src/readme.md')), false);
    assert.equal(await filter.includes('/elsewhere/a.ts'), false);
  });

  it('reads sibling directories together and still applies each .gitignore only below its own directory', async () => {
    // 12 packages of 3 levels, read a depth at a time; every third package ignores its own `gen.ts` files,
    // one package's deep folder ignores `x.ts`, another's brings its `gen.ts` back (as git does: the deepest
    // .gitignore decides), one under tmp/ tries to (git never enters an ignored directory), and the root ignores `tmp/`.
    const files: Record<string, string> = { '.gitignore': 'tmp/\n' };
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) {
      const pkg = `packages/p${i}`;
      for (const f of ['src/index.ts', 'src/gen.ts', 'src/deep/x.ts', 'src/deep/gen.ts', 'tmp/t.ts']) files[`${pkg}/${f}`] = '';
      if (i % 3 === 0) files[`${pkg}/.gitignore`] = 'gen.ts\n';
      if (i === 4) files[`${pkg}/src/deep/.gitignore`] = 'x.ts\n';
      if (i === 3) files[`${pkg}/src/deep/.gitignore`] = '!gen.ts\n';
      if (i === 6) files[`${pkg}/tmp/.gitignore`] = '!t.ts\n';
    }
    const wide = writeProject(files);
    try {
      const wideRoot = toForwardSlashes(wide);
      const filter = new FolderFilter(wide, []);
      for (const file of Object.keys(files)) {
        if (file.endsWith('.ts') && (await new FolderFilter(wide, []).includes(join(wide, file)))) expected.push(`${wideRoot}/${file}`);
      }
      const found = await filter.discover();
      assert.deepEqual(found.sources, expected.sort());
      // 12 × index.ts, 11 × deep/x.ts, the two gen.ts of the 8 packages that keep them, p3's deep gen.ts; nothing under tmp/.
      assert.equal(found.sources.filter((f) => f.slice(wideRoot.length).includes('/tmp/')).length, 0);
      assert.equal(found.sources.length, 12 + 11 + 8 * 2 + 1);
      assert.ok(found.sources.includes(`${wideRoot}/packages/p3/src/deep/gen.ts`));
      assert.ok(!found.sources.includes(`${wideRoot}/packages/p3/src/gen.ts`));
      assert.ok(!found.sources.includes(`${wideRoot}/packages/p4/src/deep/x.ts`));
      assert.ok(found.sources.includes(`${wideRoot}/packages/p4/src/deep/gen.ts`));
      assert.ok(!found.sources.includes(`${wideRoot}/packages/p0/src/deep/gen.ts`));
    } finally {
      removeProject(wide);
    }
  });
});
