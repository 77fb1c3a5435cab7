/** The Pool rewrite of a Client created through a project module that re-exports pg. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Workspace } from '../../server/src/engine/workspace';
import { applyEdits, computePoolRewrite } from '../../server/src/engine/fix';

const APP = "const express = require('express');\nconst db = require('./db');\nconst app = express();\napp.get('/a', async (req, res) => res.json(await db.query('SELECT 1')));\n";

function rewrite(wrapper: string, db: string) {
  const texts: Record<string, string> = { '/ws/lib/pg.js': wrapper, '/ws/db.js': db, '/ws/app.js': APP };
  const ws = new Workspace({ displayRoot: '/ws', readText: (p) => texts[p] });
  for (const [path, text] of Object.entries(texts)) ws.updateFile(path, text);
  const [finding] = ws.getFindings().filter((f) => f.rule === 'shared-client');
  assert.ok(finding, 'shared-client is reported');
  const result = computePoolRewrite(ws, finding, (p) => texts[p])!;
  const edits = result.edits.get('/ws/db.js');
  return { reason: result.reason, db: edits ? applyEdits(texts['/ws/db.js'], edits) : undefined };
}

test('a re-exporter whose value is the driver: `new lib.Client` becomes `new lib.Pool`', () => {
  const { db, reason } = rewrite("module.exports = require('pg');\n", "const lib = require('./lib/pg');\nconst db = new lib.Client();\ndb.connect();\nmodule.exports = db;\n");
  assert.equal(reason, undefined);
  assert.match(db!, /new lib\.Pool\(/);
  assert.doesNotMatch(db!, /Client/);
});

test('a re-exporter that hands out the Client but no Pool: refused, saying why', () => {
  const { db, reason } = rewrite("export { Client } from 'pg';\n", "const { Client } = require('./lib/pg');\nconst db = new Client();\nmodule.exports = db;\n");
  assert.equal(db, undefined);
  assert.match(reason!, /^line 2: the Client comes from '\.\/lib\/pg', which re-exports it from the driver but exports no Pool/);
});
