/** The files a rewrite may touch, picked from cached facts with the analysis's module resolution. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Workspace } from '../../server/src/engine/workspace';
import { rewriteScope } from '../../server/src/engine/fix';

function workspaceOf(selectFiles: boolean, files: Record<string, string>): Workspace {
  const ws = new Workspace({ selectFiles });
  ws.setProjectConfig('/w/tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }));
  for (const [path, text] of Object.entries(files)) ws.updateFile(path, text);
  return ws;
}

test('the creation file, its importers (relative, index, .js, tsconfig alias), barrels and their importers', () => {
  const files: Record<string, string> = {
    '/w/src/db/index.ts': "import { Client } from 'pg';\nexport const db = new Client();\n",
    '/w/src/a.ts': "import { db } from './db';\nexport const a = db;\n",
    '/w/src/b.ts': "const { db } = require('./db/index.js');\nmodule.exports = db;\n",
    '/w/src/c.ts': "export * from './db/index';\n",
    '/w/src/via-barrel.ts': "import { db } from './c';\nexport async function q() { return db.query('SELECT 1'); }\n",
    '/w/src/alias.ts': "import { db } from '@/db';\nexport async function q() { return db.query('SELECT 1'); }\n",
    '/w/src/other/db.ts': 'export const db = 1;\n',
    '/w/src/d.ts': "import { db } from './other/db';\nexport const d = db;\n",
    '/w/src/e.ts': "import express from 'express';\nexport const app = express();\n",
  };
  const ws = workspaceOf(false, files);
  assert.deepEqual(rewriteScope(ws, '/w/src/db/index.ts').sort(), ['/w/src/a.ts', '/w/src/alias.ts', '/w/src/b.ts', '/w/src/c.ts', '/w/src/db/index.ts', '/w/src/via-barrel.ts']);
  assert.deepEqual(rewriteScope(ws, '/w/src/other/db.ts').sort(), ['/w/src/d.ts', '/w/src/other/db.ts']);
});

test('with the file selection, the scope after an analysis has every importer (hosts compute it after the findings)', () => {
  const files: Record<string, string> = {
    '/w/src/db/index.ts': "import { Client } from 'pg';\nexport const db = new Client();\n",
    '/w/src/a.ts': "import { db } from './db';\nexport const a = db;\n",
    '/w/src/c.ts': "export * from './db/index';\n",
    '/w/src/via-barrel.ts': "import { db } from './c';\nexport async function q() { return db.query('SELECT 1'); }\n",
    '/w/src/alias.ts': "import { db } from '@/db';\nexport async function q() { return db.query('SELECT 1'); }\n",
    '/w/src/e.ts': "import express from 'express';\nexport const app = express();\n",
  };
  const selecting = workspaceOf(true, files);
  selecting.getFindings();
  const everything = workspaceOf(false, files);
  everything.getFindings();
  const expected = ['/w/src/a.ts', '/w/src/alias.ts', '/w/src/c.ts', '/w/src/db/index.ts', '/w/src/via-barrel.ts'];
  assert.deepEqual(rewriteScope(everything, '/w/src/db/index.ts').sort(), expected);
  assert.deepEqual(rewriteScope(selecting, '/w/src/db/index.ts').sort(), expected);
});
