/** The rewrite's candidate files are picked from cached facts, without parsing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine/index';
import { rewriteCandidates } from '../../server/src/lsp/rewrite-scope';

describe('rewrite candidates', () => {
  it('keeps the creation file and the files whose relative imports can reach it', () => {
    const ws = new Workspace();
    const files: Record<string, string> = {
      '/w/src/db/index.ts': "import { Client } from 'pg';\nexport const db = new Client();\n",
      '/w/src/a.ts': "import { db } from './db';\nexport const a = db;\n",
      '/w/src/b.ts': "const { db } = require('./db/index.js');\nmodule.exports = db;\n",
      '/w/src/c.ts': "export * from './db/index';\n",
      '/w/src/other/db.ts': "export const db = 1;\n",
      '/w/src/d.ts': "import { db } from './other/db';\nexport const d = db;\n",
      '/w/src/e.ts': "import express from 'express';\nexport const app = express();\n",
    };
    for (const [path, text] of Object.entries(files)) ws.updateFile(path, text);
    assert.deepEqual(rewriteCandidates(ws, '/w/src/db/index.ts').sort(), ['/w/src/a.ts', '/w/src/b.ts', '/w/src/c.ts', '/w/src/db/index.ts']);
    assert.deepEqual(rewriteCandidates(ws, '/w/src/other/db.ts').sort(), ['/w/src/d.ts', '/w/src/other/db.ts']);
  });
});
