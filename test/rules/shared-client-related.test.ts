// The related information of a shared-client finding: up to five callers,
// nearest first (path length, then file, then offset), each with its path,
// pointing at the statement in the handler that reaches the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRule, TEST_ROOT } from '../helpers/ruleTester';

const handlers = (prefix: string, count: number, use: string) =>
  `import express from 'express';
${use === 'db' ? `import { db } from '../db';` : `import { listUsers } from '../services/users';`}
export const router = express.Router();
${Array.from({ length: count }, (_, i) => `router.get('/${prefix}${i + 1}', async (req, res) => {
  res.json(${use === 'db' ? `(await db.query('SELECT 1')).rows` : 'await listUsers()'});
});`).join('\n')}
`;

test('related lists the five nearest callers with their paths', () => {
  const findings = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'services/users.ts': `import { db } from '../db';
export async function listUsers() {
  return (await db.query('SELECT * FROM users')).rows;
}
`,
    'routes/c.ts': handlers('c', 3, 'service'),
    'routes/b.ts': handlers('b', 2, 'db'),
    'routes/a.ts': handlers('a', 2, 'db'),
  });
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(
    finding.message,
    'pg Client `db` is shared by concurrent callers (Express handler, routes/a.ts:4): their queries run one at a time. Use a Pool.',
  );
  assert.deepEqual(
    finding.related.map((r) => [r.file.slice(TEST_ROOT.length + 1), r.range.start.line + 1, r.message]),
    [
      ['routes/a.ts', 5, 'Express handler GET /a1 → db'],
      ['routes/a.ts', 8, 'Express handler GET /a2 → db'],
      ['routes/b.ts', 5, 'Express handler GET /b1 → db'],
      ['routes/b.ts', 8, 'Express handler GET /b2 → db'],
      ['routes/c.ts', 5, 'Express handler GET /c1 → listUsers → db'],
    ],
  );
  assert.equal(finding.creation?.file, `${TEST_ROOT}/db.ts`);
});

test('a transaction finding names the handler that runs it, not the nearest other caller', () => {
  const findings = runRule({
    'db.ts': `import { Client } from 'pg';\nexport const db = new Client();\n`,
    'routes/a.ts': `import express from 'express';
import { db } from '../db';
export const router = express.Router();
router.get('/health', async (req, res) => res.json((await db.query('SELECT 1')).rows));
router.post('/transfer', async (req, res) => {
  await db.query('BEGIN');
  await db.query('COMMIT');
  res.end();
});
`,
  }).filter((f) => f.rule === 'shared-client-transaction');
  assert.equal(findings.length, 1);
  assert.deepEqual(
    findings[0].related.map((r) => [r.file.slice(TEST_ROOT.length + 1), r.range.start.line + 1, r.message]),
    [
      ['db.ts', 2, 'pg Client `db` is created here'],
      ['routes/a.ts', 6, 'Express handler POST /transfer → db'],
    ],
  );
});
