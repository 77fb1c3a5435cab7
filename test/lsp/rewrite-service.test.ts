/** The code action list never computes a Pool rewrite; it is computed once per revision, after the list or in codeAction/resolve. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine/workspace';
import { computePoolRewrite } from '../../server/src/engine/fix';
import { RewriteService } from '../../server/src/lsp/rewrite-service';
import type { ComputePoolRewrite } from '../../server/src/lsp/fix-provider';

const FILES: Record<string, string> = {
  '/w/db.js': "const { Client } = require('pg');\nconst db = new Client();\nmodule.exports = db;\n",
  '/w/app.js': "const db = require('./db');\nconst app = require('express')();\napp.get('/', async (req, res) => res.json((await db.query('SELECT 1')).rows));\n",
};

const getText = (p: string): string | undefined => FILES[p];

/** The shared-client finding of FILES and a service over it whose computations are counted, at a revision the test moves on. */
function counted() {
  const ws = new Workspace({ displayRoot: '/w' });
  for (const [p, t] of Object.entries(FILES)) ws.updateFile(p, t);
  const finding = ws.getFindings().find((f) => f.rule === 'shared-client')!;
  let computed = 0;
  const counting: ComputePoolRewrite = (w, f, text, options) => {
    computed++;
    return computePoolRewrite(w, f, text, options);
  };
  let revision = 1;
  const service = new RewriteService(ws, counting, () => revision, () => undefined, () => '/w');
  return { finding, service, calls: () => computed, nextRevision: () => void revision++ };
}

describe('RewriteService', () => {
  it('lists without computing, computes once per revision, and again after a change', () => {
    const { finding, service, calls, nextRevision } = counted();

    for (let i = 0; i < 5; i++) assert.ok('deferred' in service.forListing(finding)!);
    assert.equal(calls(), 0, 'listing never computes');
    const first = service.compute(finding, getText);
    assert.equal(first?.title, 'Rewrite `db` to a pg Pool (1 file)');
    assert.equal(service.compute(finding, getText), first);
    assert.equal(service.forListing(finding), first, 'listed as computed');
    assert.equal(calls(), 1, 'computed once for the revision');
    nextRevision();
    assert.ok('deferred' in service.forListing(finding)!, 'a new revision drops the result');
    service.compute(finding, getText);
    assert.equal(calls(), 2);
  });

  it("writes the folder's connectionTimeoutMillis, and computes again when the setting changes", () => {
    const { finding, service } = counted();
    const inserted = (): string => service.compute(finding, getText)!.edits.get('/w/db.js')!.map((e) => e.newText).join('|');

    assert.match(inserted(), /\{ connectionTimeoutMillis: 10000 \}/, 'the default without a setting');
    service.setConnectionTimeoutMillis(1500);
    assert.match(inserted(), /\{ connectionTimeoutMillis: 1500 \}/, 'the same revision, computed again with the new setting');
    const again = service.compute(finding, getText);
    service.setConnectionTimeoutMillis(1500);
    assert.equal(service.compute(finding, getText), again, 'an unchanged setting keeps the computed rewrite');
  });

  it('computes what a list handed out unresolved, once, for the next list of the revision', () => {
    const { finding, service, calls, nextRevision } = counted();

    assert.equal(service.hasListedUnresolved(), false);
    assert.ok('deferred' in service.forListing(finding)!);
    assert.equal(service.hasListedUnresolved(), true);
    service.computeListed(getText);
    assert.equal(calls(), 1);
    assert.equal(service.hasListedUnresolved(), false);
    assert.equal(service.forListing(finding)?.title, 'Rewrite `db` to a pg Pool (1 file)', 'the next list is complete');
    service.computeListed(getText);
    assert.equal(service.compute(finding, getText)?.title, 'Rewrite `db` to a pg Pool (1 file)');
    assert.equal(calls(), 1, 'still computed once');

    nextRevision();
    assert.equal(service.hasListedUnresolved(), false, 'a new revision forgets what the old one listed');
    service.computeListed(getText);
    assert.equal(calls(), 1);
  });
});
