/**
 * A Client created through a project module that re-exports pg, over a real
 * stdio LSP connection to the built server (facts computed in its worker with
 * the file's re-exports): reported on the closed creating file, and gone once
 * the open re-exporter re-exports another SDK's Client instead.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspTestClient, removeProject, writeProject } from './harness';

const WRAPPER = "const pg = require('pg');\nmodule.exports = pg;\n";
const DB = "const lib = require('./lib/db');\nconst client = new lib.Client({ connectionString: process.env.DATABASE_URL });\nclient.connect();\nmodule.exports = client;\n";
const APP = "const express = require('express');\nconst client = require('./db');\nconst app = express();\napp.get('/users', async (req, res) => {\n  res.json((await client.query('SELECT * FROM users')).rows);\n});\napp.listen(3000);\n";

describe('LSP: a Client created through a module that re-exports pg', () => {
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    dir = writeProject({ 'lib/db.js': WRAPPER, 'db.js': DB, 'app.js': APP, 'package.json': '{ "name": "reexp" }' });
    client = await LspTestClient.start({ workspaceDir: dir, configuration: () => ({}) });
  });

  after(async () => {
    await client.stop();
    removeProject(dir);
  });

  it('reports the shared Client on the closed db.js, then drops it when the re-exporter stops re-exporting pg', async () => {
    const dbUri = fileUri(join(dir, 'db.js'));
    const reported = await client.nextPublish(dbUri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(reported.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['shared-client', 1, 15]]);
    const wrapperUri = client.open(join(dir, 'lib/db.js'), WRAPPER, 'javascript');
    client.change(wrapperUri, [{ text: "const pg = require('discord.js');\nmodule.exports = pg;\n" }]);
    const cleared = await client.nextPublish(dbUri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
  });
});
