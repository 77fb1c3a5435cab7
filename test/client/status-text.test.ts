/** The VS Code status item's wording for the server's pgPoolGuard/status notifications. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusText } from '../../client/src/status-text';

describe('status item text', () => {
  it('says what the analysis holds, not how long the last pass took', () => {
    assert.equal(statusText({ state: 'ok', files: 142, problems: 2, skipped: 0, ms: 0 }), '142 files · 2 problems');
    assert.equal(statusText({ state: 'ok', files: 1, problems: 1, skipped: 0, ms: 7 }), '1 file · 1 problem');
    assert.equal(statusText({ state: 'ok', files: 2000, problems: 0, skipped: 0, ms: 5 }), '2,000 files · 0 problems');
  });

  it('counts skipped files in a warning, and says analysing / error otherwise', () => {
    assert.equal(statusText({ state: 'warning', files: 140, problems: 2, skipped: 2, ms: 9, message: '2 files not analysed: …' }), '140 files · 2 problems · 2 skipped');
    assert.equal(statusText({ state: 'analysing' }), 'pg-pool-guard: analysing…');
    assert.equal(statusText({ state: 'error', message: 'boom' }), 'pg-pool-guard: error');
  });
});
