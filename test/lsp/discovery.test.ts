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
});
