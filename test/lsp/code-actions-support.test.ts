/** buildCodeActions in-process: what a client without disabledSupport is (not) sent. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../server/src/engine/types';
import { buildCodeActions } from '../../server/src/lsp/code-actions';
import { DB_TS, NEW_CLIENT, rangeOf } from './project';

const PATH = '/w/src/db.ts';
const range = rangeOf(DB_TS, NEW_CLIENT);
const finding: Finding = {
  rule: 'shared-client',
  severity: 'warning',
  file: PATH,
  range: { start: range.start, end: range.end, offset: DB_TS.indexOf(NEW_CLIENT), length: NEW_CLIENT.length },
  message: 'shared',
  related: [],
  creation: { file: PATH, id: 1 as never },
};
const refused = { edits: new Map(), preferred: false, title: 'Rewrite `db` to a pg Pool', reason: 'LISTEN receives notifications on one connection only' };

function actions(codeActionDisabled: boolean) {
  return buildCodeActions(PATH, { textDocument: { uri: 'file:///w/src/db.ts' }, range, context: { diagnostics: [] } }, {
    findings: [finding],
    diagnosticFor: () => ({ range, message: 'shared' }),
    docsUrl: () => 'https://example.test/shared-client',
    fileFor: () => ({ uri: 'file:///w/src/db.ts', version: 1, document: TextDocument.create('file:///w/src/db.ts', 'typescript', 1, DB_TS) }),
    rewrites: { forListing: () => refused, compute: () => refused },
    support: { codeActionResolveEdit: true, codeActionDisabled, documentChanges: true },
  });
}

describe('code actions and disabledSupport', () => {
  it('shows a refused rewrite disabled, with its reason, to a client that supports it', () => {
    const rewrite = actions(true).find((a) => a.title === refused.title);
    assert.deepEqual(rewrite?.disabled, { reason: refused.reason });
  });

  it('leaves it out for a client without disabledSupport, which would offer it as if it worked', () => {
    const titles = actions(false).map((a) => a.title);
    assert.ok(!titles.includes(refused.title), JSON.stringify(titles));
    assert.ok(titles.includes('Disable shared-client for this line'));
  });
});
