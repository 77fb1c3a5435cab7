import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/workspace';
import { analyzeText } from '../../server/src/engine/analyze';

const DB = '/ws/db.ts';
const ROUTES = '/ws/routes.ts';
const DB_TEXT = `import { Client } from 'pg';
export const db = new Client();
export function formatRow(row: { id: number }) {
  return String(row.id);
}
`;
const routesUsing = (expression: string) => `import express from 'express';
import { db, formatRow } from './db';
const app = express();
app.get('/users', async (req, res) => {
  res.json(${expression});
});
`;
const USES_CLIENT = routesUsing(`(await db.query('SELECT 1')).rows`);
const USES_HELPER = routesUsing(`formatRow({ id: 1 })`);

test('a finding appears in db.ts when routes.ts starts using the client, and disappears when it stops', () => {
  const ws = new Workspace({ displayRoot: '/ws' });
  ws.updateFile(DB, DB_TEXT);
  ws.updateFile(ROUTES, USES_HELPER);
  assert.deepEqual(ws.getFindings(), []);
  assert.deepEqual(ws.takeChangedFiles(), []);

  ws.updateFile(ROUTES, USES_CLIENT);
  assert.deepEqual(ws.findingsForFile(DB).map((f) => [f.rule, f.range.start.line, f.range.start.character]), [['shared-client', 1, 18]]);
  assert.deepEqual(ws.findingsForFile(ROUTES), []);
  assert.deepEqual(ws.takeChangedFiles(), [DB]);
  assert.deepEqual(ws.takeChangedFiles(), [], 'taking clears the set');

  ws.updateFile(ROUTES, USES_HELPER);
  assert.deepEqual(ws.findingsForFile(DB), []);
  assert.deepEqual(ws.takeChangedFiles(), [DB]);
});

test('updating with unchanged text is a no-op', () => {
  let parses = 0;
  const counting = new Workspace({
    displayRoot: '/ws',
    analyze: (path, text, options) => {
      parses++;
      return analyzeText(path, text, options);
    },
  });
  counting.updateFile(DB, DB_TEXT);
  counting.updateFile(ROUTES, USES_CLIENT);
  const first = counting.getFindings();
  assert.equal(parses, 2);
  const factsBefore = counting.facts(DB);
  counting.updateFile(DB, DB_TEXT);
  assert.equal(parses, 2);
  assert.equal(counting.facts(DB), factsBefore);
  assert.equal(counting.getFindings(), first, 'findings stay cached');
  assert.equal(counting.stats().reparsed, 2);
  counting.updateFile(DB, DB_TEXT + '\n');
  assert.equal(parses, 3);
  assert.equal(counting.stats().reparsed, 1);
});

test('removeFile drops its findings and the findings it caused elsewhere', () => {
  const ws = new Workspace({ displayRoot: '/ws' });
  ws.updateFile(DB, DB_TEXT);
  ws.updateFile(ROUTES, USES_CLIENT);
  assert.equal(ws.getFindings().length, 1);
  ws.takeChangedFiles();
  ws.removeFile(ROUTES);
  assert.equal(ws.hasFile(ROUTES), false);
  assert.deepEqual(ws.files(), [DB]);
  assert.deepEqual(ws.getFindings(), []);
  assert.deepEqual(ws.takeChangedFiles(), [DB]);
  ws.removeFile(DB);
  assert.deepEqual(ws.files(), []);
  assert.equal(ws.facts(DB), undefined);
});

test('removing the file that holds a finding reports it as changed (so diagnostics are cleared)', () => {
  const ws = new Workspace({ displayRoot: '/ws' });
  ws.analyzeAll([[DB, DB_TEXT], [ROUTES, USES_CLIENT]]);
  ws.takeChangedFiles();
  ws.removeFile(DB);
  assert.deepEqual(ws.takeChangedFiles(), [DB]);
});

test('rule options, display root and project configs re-derive findings', () => {
  const ws = new Workspace();
  ws.updateFile('/ws/src/db.ts', DB_TEXT);
  ws.updateFile('/ws/src/routes.ts', USES_CLIENT.replace("'./db'", "'@/db'"));
  assert.deepEqual(ws.getFindings(), []);
  ws.setProjectConfig('/ws/tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }');
  const [finding] = ws.getFindings();
  // Default display root: the common directory of all files.
  assert.match(finding.message, /\(Express handler, routes\.ts:4\)/);
  ws.setDisplayRoot('/ws');
  assert.match(ws.getFindings()[0].message, /\(Express handler, src\/routes\.ts:4\)/);
  ws.setOptions({ rules: { 'shared-client': 'error' } });
  assert.equal(ws.getFindings()[0].severity, 'error');
  ws.removeProjectConfig('/ws/tsconfig.json');
  assert.deepEqual(ws.getFindings(), []);
});

test('pgModules changes re-analyse every file', () => {
  const ws = new Workspace({ displayRoot: '/ws' });
  ws.updateFile(DB, DB_TEXT.replace("'pg'", "'my-pg'"));
  ws.updateFile(ROUTES, USES_CLIENT);
  assert.deepEqual(ws.getFindings(), []);
  ws.setOptions({ pgModules: ['my-pg'] });
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
});

test('bad input never throws', () => {
  const ws = new Workspace({
    analyze: () => {
      throw new Error('boom');
    },
  });
  const facts = ws.updateFile('/ws/x.ts', "import 'pg'; whatever");
  assert.deepEqual(facts.nodes, []);
  assert.match(ws.notices()[0].message, /boom/);
  const real = new Workspace();
  real.updateFile('/ws/bin.ts', '\u0000\u0001\u0002');
  real.updateFile('/ws/broken.ts', 'export const = = new Client(;;');
  assert.deepEqual(real.getFindings(), []);
});

test('paths are kept as given: a backslash in a POSIX file name is part of the name (front ends convert Windows separators)', () => {
  const ws = new Workspace({ displayRoot: '/ws' });
  ws.updateFile('/ws/db.ts', DB_TEXT);
  ws.updateFile('/ws/we\\ird.ts', USES_CLIENT);
  assert.equal(ws.hasFile('/ws/we\\ird.ts'), true);
  assert.equal(ws.hasFile('/ws/we/ird.ts'), false);
  assert.deepEqual(ws.files().sort(), ['/ws/db.ts', '/ws/we\\ird.ts']);
  const findings = ws.getFindings();
  assert.deepEqual(findings.map((f) => f.file), ['/ws/db.ts']);
  assert.match(findings[0].message, /\(Express handler, we\\ird\.ts:4\)/);
  assert.deepEqual(findings[0].related.map((r) => r.file), ['/ws/we\\ird.ts']);
  ws.removeFile('/ws/we\\ird.ts');
  assert.deepEqual(ws.getFindings(), []);
});

test('message paths outside the display root are relative, with ../', () => {
  const ws = new Workspace({ displayRoot: '/ws/app' });
  ws.updateFile('/ws/lib/db.ts', DB_TEXT);
  ws.updateFile('/ws/lib/routes.ts', USES_CLIENT);
  const [finding] = ws.getFindings();
  assert.match(finding.message, /\(Express handler, \.\.\/lib\/routes\.ts:4\)/);
  ws.setDisplayRoot('C:/ws');
  assert.match(ws.getFindings()[0].message, /\(Express handler, \/ws\/lib\/routes\.ts:4\)/, 'another drive: absolute');
});

test('with a reader the workspace keeps no texts: a pgModules change re-reads the files it must re-analyse', () => {
  const disk = new Map([[DB, DB_TEXT.replace("'pg'", "'my-pg'")], [ROUTES, USES_CLIENT]]);
  const reads: string[] = [];
  const ws = new Workspace({
    displayRoot: '/ws',
    readText: (path) => {
      reads.push(path);
      return disk.get(path);
    },
  });
  for (const [path, text] of disk) ws.updateFile(path, text);
  assert.deepEqual(ws.getFindings(), []);
  assert.deepEqual(reads, [], 'nothing re-read while the facts are current');
  ws.setOptions({ pgModules: ['my-pg'] });
  assert.deepEqual(ws.filesNeedingFacts(), [DB], 'db.ts names the new driver module: its facts come first (does it create a client?)');
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
  assert.deepEqual(reads.sort(), [DB, ROUTES], 'then routes.ts, which imports the file that creates one');
  assert.deepEqual(ws.filesNeedingFacts(), []);
});

test('takeNewNotices: every notice at the first call, then only those of files installed since', () => {
  const ws = new Workspace();
  const messages = () => ws.takeNewNotices().map((n) => `${n.file}: ${n.kind ?? ''}`).sort();
  ws.updateFile('/ws/bin.ts', '\u0000\u0001\u0002');
  ws.updateFile('/ws/broken.ts', "import 'pg';\nexport const = = new Client(;;");
  ws.updateFile('/ws/fine.ts', 'export const x = 1;\n');
  ws.getFindings();
  const all = ws.notices().map((n) => `${n.file}: ${n.kind ?? ''}`).sort();
  assert.equal(all.length, 2, JSON.stringify(all));
  assert.deepEqual(messages(), all);
  assert.deepEqual(messages(), [], 'nothing installed since');
  ws.updateFile('/ws/fine.ts', 'export const x = 2;\n');
  ws.getFindings();
  assert.deepEqual(messages(), [], 'an installed file without notices');
  ws.updateFile('/ws/broken.ts', "import 'pg';\nexport const = = new Client(;;;");
  ws.getFindings();
  assert.deepEqual(messages(), all.filter((line) => line.startsWith('/ws/broken.ts')));
  ws.removeFile('/ws/bin.ts');
  assert.deepEqual(messages(), []);
  assert.deepEqual(ws.notices().map((n) => n.file), ['/ws/broken.ts']);
});

test('a file that cannot be re-read when its facts are needed contributes a notice, not stale facts', () => {
  const ws = new Workspace({ displayRoot: '/ws', readText: () => undefined });
  ws.updateFile(DB, DB_TEXT);
  ws.updateFile(ROUTES, USES_CLIENT);
  assert.equal(ws.getFindings().length, 0, 'routes.ts was not parsed when it came in, and cannot be read now');
  assert.match(ws.notices().map((n) => n.message).join('\n'), /could not be read again/);
  ws.setOptions({ pgModules: ['other'] });
  assert.deepEqual(ws.getFindings(), []);
});

test('setFacts installs facts computed elsewhere, keyed by the content hash of their text', () => {
  const ws = new Workspace({ displayRoot: '/ws', readText: () => undefined, hashText: (text) => `len:${text.length}` });
  ws.setFacts(analyzeText(DB, DB_TEXT), `len:${DB_TEXT.length}`);
  ws.setFacts(analyzeText(ROUTES, USES_CLIENT), `len:${USES_CLIENT.length}`);
  assert.equal(ws.getFindings().length, 1);
  assert.equal(ws.hashOf(DB), `len:${DB_TEXT.length}`);
  assert.equal(ws.upToDate(DB, `len:${DB_TEXT.length}`), true);
  assert.equal(ws.upToDate(DB, 'len:0'), false);
  let parses = 0;
  const counting = new Workspace({ readText: () => undefined, analyze: (p, t, o) => (parses++, analyzeText(p, t, o)) });
  counting.setFacts(analyzeText(DB, DB_TEXT), 'the hash of some other text');
  counting.updateFile(DB, DB_TEXT);
  assert.equal(parses, 1, 'facts of another text are replaced when this text comes in');
  counting.updateFile(DB, DB_TEXT);
  assert.equal(parses, 1);
});
