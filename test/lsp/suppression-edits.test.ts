import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { disableFileEdit, disableLineEdit, type OffsetEdit } from '../../server/src/lsp/suppression-edits';

const apply = (text: string, e: OffsetEdit) => text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length);

describe('suppression edits', () => {
  it('inserts the next-line comment above the line with its indentation', () => {
    const text = 'function f() {\n\t  return db.query("x");\n}\n';
    const edit = disableLineEdit(text, 1, 'shared-client');
    assert.deepEqual(edit, { offset: 15, length: 0, newText: '\t  // pg-pool-guard-disable-next-line shared-client\n' });
    assert.equal(apply(text, edit), 'function f() {\n\t  // pg-pool-guard-disable-next-line shared-client\n\t  return db.query("x");\n}\n');
  });

  it('keeps CRLF line endings', () => {
    const text = 'a;\r\n  b;\r\n';
    assert.equal(apply(text, disableLineEdit(text, 1, 'client-reuse')), 'a;\r\n  // pg-pool-guard-disable-next-line client-reuse\r\n  b;\r\n');
  });

  it('puts the file comment at the very top when there is no prologue', () => {
    const text = "// header comment\nimport { Client } from 'pg';\n";
    assert.equal(apply(text, disableFileEdit('/w/a.ts', text, 'shared-client')), `/* pg-pool-guard-disable shared-client */\n${text}`);
  });

  it('puts the file comment after a shebang', () => {
    const text = "#!/usr/bin/env node\nconst pg = require('pg');\n";
    assert.equal(apply(text, disableFileEdit('/w/a.js', text, 'shared-client')), "#!/usr/bin/env node\n/* pg-pool-guard-disable shared-client */\nconst pg = require('pg');\n");
  });

  it("puts the file comment after 'use strict' / 'use client' directives, including a trailing comment on that line", () => {
    const text = "#!/usr/bin/env node\n'use strict';\n\"use client\"; // directive\nconst x = 1;\n";
    assert.equal(
      apply(text, disableFileEdit('/w/a.js', text, 'client-reuse')),
      "#!/usr/bin/env node\n'use strict';\n\"use client\"; // directive\n/* pg-pool-guard-disable client-reuse */\nconst x = 1;\n",
    );
  });

  it('appends a line when the directive is the whole file', () => {
    const text = "'use server'";
    assert.equal(apply(text, disableFileEdit('/w/a.ts', text, 'shared-client')), "'use server'\n/* pg-pool-guard-disable shared-client */\n");
  });

  it('does not treat a string expression after other code as a directive', () => {
    const text = "const a = 1;\n'not a directive';\n";
    assert.equal(disableFileEdit('/w/a.ts', text, 'shared-client').offset, 0);
  });
});
