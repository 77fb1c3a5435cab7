/**
 * The --fix pass loop over a fake workspace and fixer: rewrites that touch a
 * file already edited in this pass wait for the next pass; refused rewrites
 * are reported, never applied.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkspaceApi } from '../../server/src/engine/api';
import type { FileFacts, Finding } from '../../server/src/engine/types';
import { applyFixes, type Fixer, type TextEdit } from '../../server/src/cli/fix';
import { range } from './fakeEngine';

const ROOT = '/project';
const file = (name: string) => `${ROOT}/${name}`;

/** creation id → the file it lives in and the files its rewrite edits (insert `<id>;` at offset 0). */
const CREATIONS: Record<string, { file: string; edits: string[]; refuse?: string }> = {
  A: { file: file('a.ts'), edits: [file('a.ts'), file('shared.ts')] },
  B: { file: file('b.ts'), edits: [file('b.ts'), file('shared.ts')] },
  C: { file: file('c.ts'), edits: [], refuse: 'the client escapes into a callback' },
};

function setup() {
  const texts = new Map([file('a.ts'), file('b.ts'), file('c.ts'), file('shared.ts')].map((f) => [f, 'x'] as [string, string]));
  const updates: string[] = [];
  const rewritten = new Set<string>();
  const workspace = {
    getFindings: (): Finding[] =>
      Object.entries(CREATIONS)
        .filter(([id]) => !rewritten.has(id))
        .map(([id, c]) => ({ rule: 'shared-client', severity: 'warning', file: c.file, range: range(0, 0, 0, 1), message: id, related: [], creation: { file: c.file, id } })),
    updateFile: (path: string, text: string) => {
      updates.push(path);
      texts.set(path, text);
      return {} as FileFacts;
    },
  } as unknown as WorkspaceApi;
  const fixer: Fixer = {
    fixableRules: ['shared-client'],
    computeRewrite: (_ws, finding) => {
      const creation = CREATIONS[finding.creation!.id];
      if (creation.refuse) return { preferred: false, reason: creation.refuse, edits: new Map() };
      return { preferred: true, edits: new Map(creation.edits.map((f) => [f, [{ offset: 0, length: 0, newText: `${finding.creation!.id};` }]])) };
    },
    applyEdits: (text: string, edits: readonly TextEdit[]) => {
      let out = text;
      for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
      // The fake analysis: a file edited by a rewrite no longer holds that client.
      for (const e of edits) rewritten.add(e.newText.replace(';', ''));
      return out;
    },
  };
  return { texts, updates, workspace, fixer };
}

describe('applyFixes', () => {
  it('applies rewrites sharing a file in separate passes and reports refusals', () => {
    const { texts, updates, workspace, fixer } = setup();
    const outcome = applyFixes(workspace, texts, fixer, ROOT);
    assert.equal(outcome.rewrites, 2);
    assert.deepEqual(outcome.skipped, ['c.ts:1:1: not rewritten: the client escapes into a callback']);
    assert.deepEqual([...outcome.originals.keys()].sort(), [file('a.ts'), file('b.ts'), file('shared.ts')]);
    assert.equal(texts.get(file('shared.ts')), 'B;A;x');
    assert.equal(texts.get(file('a.ts')), 'A;x');
    assert.equal(texts.get(file('c.ts')), 'x');
    // Pass 1 edits a.ts and shared.ts; b.ts waits for pass 2 because shared.ts was already touched.
    assert.deepEqual(updates, [file('a.ts'), file('shared.ts'), file('b.ts'), file('shared.ts')]);
  });
});
