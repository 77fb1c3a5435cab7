// An edit of comments and whitespace between two tokens (or of statements
// that walk to nothing) moves the facts and changes nothing else
// (engine/inert-edit.ts): the map made from the old facts and the edit
// alone, before the walk, must be the one a comparison
// with the new facts gives, its lines must place every moved offset where
// the new facts do, and its suppressions must be the new ones. Checked on
// every file of the fixture corpus with edits at every line start, after
// the last statement and inside lines (only those between top-level
// statements count: names quote node texts); the edits that must not count as
// inert (they change tokens or line breaks the parser reads) are a table.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, IncrementalAnalyzer } from '../../server/src/engine/analyze';
import { positionMap } from '../../server/src/engine/rules/remap';
import { movedByInertEdit, statementRegion, type InertEdit } from '../../server/src/engine/inert-edit';
import { parseFile } from '../../server/src/engine/parse';
import { lineOf } from '../../server/src/engine/positions';
import type { FileFacts } from '../../server/src/engine/types';

const FIXTURES = join(__dirname, '..', 'fixtures');
const OPTIONS = { pgModules: ['pg'], rules: {} };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(c|m)?[jt]sx?$/.test(name)) out.push(path);
  }
  return out;
}

/** The edit the analyzer saw as inert (and what it moved), analysing `after` from the tree of `before`. */
function inertEditOf(path: string, before: string, after: string): { edit?: InertEdit; base: FileFacts; moved?: ReturnType<typeof movedByInertEdit>; facts: FileFacts } {
  const analyzer = new IncrementalAnalyzer();
  const base = analyzer.analyze(path, before, OPTIONS, true);
  let edit: InertEdit | undefined;
  let moved: ReturnType<typeof movedByInertEdit>;
  const facts = analyzer.analyze(path, after, OPTIONS, true, (e, sourceFile) => {
    edit = e;
    moved = movedByInertEdit(base, e, sourceFile);
  });
  return { edit, base, moved, facts };
}

/** Statements typed whole: logging that touches nothing, and statements that use, create, import, export or register. */
const TYPED_STATEMENTS = [
  "console.log('edit', 1);\n",
  'logger.info(`started`);\n',
  "db.query('SELECT 1');\n",
  'main();\n',
  "process.on('exit', () => {});\n",
  'setInterval(tick, 1000);\n',
  "require('pg');\n",
  'module.exports.extra = 1;\n',
  'global.db = new Client();\n',
  'new Client();\n',
  "'use client';\n",
  'app.listen(3000);\n',
  'pool.end();\n',
];

/** Every way of putting `insertion` in: at each line start, after the last line, before each `(`. */
function edits(text: string): string[] {
  const out: string[] = [];
  for (let at = 0; at >= 0 && out.length < 20; at = text.indexOf('\n', at + 1)) {
    const p = at === 0 ? 0 : at + 1;
    out.push(text.slice(0, p) + '// a note\n' + text.slice(p));
  }
  out.push(text + '\n// after the last statement\n');
  for (let at = text.indexOf('('), n = 0; at > 0 && n < 10; at = text.indexOf('(', at + 1), n++) out.push(text.slice(0, at) + ' /* c */' + text.slice(at));
  // Statements typed at line starts spread over the file: some only move the facts, most do more.
  const starts: number[] = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const spread = starts.filter((_, i) => i % Math.max(1, Math.floor(starts.length / 3)) === 0);
  for (const statement of TYPED_STATEMENTS) for (const p of spread) out.push(text.slice(0, p) + statement + text.slice(p));
  // The same inside blocks: at the start of indented lines (function bodies, callbacks, branches), indented alike.
  const indented = starts.filter((p) => text[p] === ' ' || text[p] === '\t');
  const inBlocks = indented.filter((_, i) => i % Math.max(1, Math.floor(indented.length / 4)) === 0);
  for (const statement of [...TYPED_STATEMENTS.slice(0, 4), "require('pg');\n", 'new Client();\n', '// a note\n', 'this.log();\n', 'await fetch(url);\n', 'arguments;\n']) {
    for (const p of inBlocks) out.push(text.slice(0, p) + '  ' + statement + text.slice(p));
  }
  // Removing a comment the text already has.
  const comment = text.indexOf('// ');
  if (comment >= 0) out.push(text.slice(0, comment) + text.slice(text.indexOf('\n', comment)));
  return out;
}

describe('inert edits', () => {
  it('the map made before the walk is the comparison\'s, on every fixture file and edit', () => {
    let asInert = 0;
    let all = 0;
    let files = 0;
    let typedInert = 0;
    let inBlocks = 0;
    for (const path of sourceFiles(FIXTURES)) {
      files++;
      const text = readFileSync(path, 'utf8');
      for (const edited of edits(text)) {
        all++;
        const { edit, base, moved, facts } = inertEditOf(path, text, edited);
        assert.deepEqual(facts, analyzeText(path, edited, OPTIONS), `${path}: the analyzer's facts are a fresh analysis's`);
        if (!edit || !moved) continue;
        asInert++;
        if (edit.newEnd - edit.start > 0 && /console|logger/.test(edited.slice(edit.start, edit.newEnd))) typedInert++;
        if (statementRegion(parseFile(path, edited).sourceFile!, edit.start, edit.newEnd)?.nested) inBlocks++;
        const compared = positionMap(base, facts);
        assert.ok(compared, `${path}: an edit taken as inert only moved the facts`);
        assert.deepEqual(moved.moved, compared, `${path}: the same map`);
        for (const offset of moved.moved.offsets.values()) assert.equal(lineOf(moved.facts.lines, offset), lineOf(facts.lines, offset), `${path}: offset ${offset} on the same line`);
        assert.deepEqual(moved.facts.suppressions, facts.suppressions, `${path}: the new suppressions`);
      }
    }
    assert.ok(asInert > files, `the edits between top-level statements are inert (${asInert} of ${all}, ${files} files)`);
    assert.ok(typedInert > files, `logging typed between statements walks to nothing (${typedInert})`);
    assert.ok(inBlocks > files, `edits between the statements of blocks are inert (${inBlocks})`);
  });

  const NOT_INERT: Array<[string, string, string]> = [
    ['a line break removed that ended a statement (`x; ++y` becomes `x++; y`)', 'let x = 1, y = 2;\nx\n++\ny\n', 'let x = 1, y = 2;\nx /**/ ++\ny\n'],
    ['a line break removed', 'const a = 1\nconst b = 2\n', 'const a = 1 const b = 2\n'],
    ['inside a string', "const sql = 'SELECT 1';\n", "const sql = 'SELECT  1';\n"],
    ['a statement typed that names a module binding', 'const a = 1;\n', 'const a = 1;\na;\n'],
    ['a statement typed that reads a member over a reference the module code has already', "import { Client } from 'pg';\nexport const db = new Client();\nvoid db.connect();\n", "import { Client } from 'pg';\nexport const db = new Client();\nvoid db.connect();\ndb.options;\n"],
    ['a statement typed before the directives', "'use client';\nexport const a = 1;\n", "console.log(1);\n'use client';\nexport const a = 1;\n"],
    ['a statement typed in a file with a syntax error', 'const a = ;\n', 'const a = ;\nconsole.log(1);\n'],
    ['a comment opened and not closed', 'const a = 1;\nconst b = 2;\n', 'const a = 1;\n/* const b = 2;\n'],
    ['a comment closed (its text becomes code)', 'const a = 1;\n// const b = 2;\n', 'const a = 1;\n/**/ const b = 2;\n'],
    ['in a file with a syntax error', 'const a = ;\n', 'const a = ;\n// note\n'],
    ['a syntax error made', 'const a = 1;\n', 'const a = 1;\n/* */ )\n'],
    ['inside a statement (names quote the text of nodes, comments included)', 'app.decorate("db", client);\n', 'app.decorate /* c */("db", client);\n'],
    ['a statement typed in a function that names its parameter', 'export function f(db) {\n  a();\n}\n', 'export function f(db) {\n  a();\n  db.end();\n}\n'],
    ['a statement typed in a function that names a destructured parameter', 'export function f({ pool: [db] }) {\n  a();\n}\n', 'export function f({ pool: [db] }) {\n  a();\n  db.end();\n}\n'],
    ['a statement typed in a function that names a local of another block', 'export function f() {\n  if (x) {\n    const db = g();\n  }\n  a();\n}\n', 'export function f() {\n  if (x) {\n    const db = g();\n  }\n  db;\n  a();\n}\n'],
    ['a statement typed in a method that reads `this`', 'class A {\n  m() {\n    a();\n  }\n}\n', 'class A {\n  m() {\n    a();\n    this.db;\n  }\n}\n'],
    ['a statement typed in an async function that awaits', 'export async function f() {\n  a();\n}\n', 'export async function f() {\n  a();\n  await g();\n}\n'],
    ['a statement typed in a function that passes a callback', 'export function f() {\n  a();\n}\n', 'export function f() {\n  a();\n  g(() => {});\n}\n'],
    ['a statement typed among a function\'s directives', "export function f() {\n  'use strict';\n  a();\n}\n", "export function f() {\n  console.log(1);\n  'use strict';\n  a();\n}\n"],
    ['a comment inside a call on one line (a DI token\'s label quotes it)', 'app.decorate("db", (() => { a(); return 1; })());\n', 'app.decorate("db", (() => { a(); /* c */ return 1; })());\n'],
    ['a comment in a function that is an element of an array (route paths quote elements)', "app.get(['/a', function () {\n  a();\n}], h);\n", "app.get(['/a', function () {\n  a();\n  // c\n}], h);\n"],
    ['inside a statement of a function', 'export function f() {\n  a(1);\n}\n', 'export function f() {\n  a(/* c */ 1);\n}\n'],
  ];
  for (const [what, before, after] of NOT_INERT) {
    it(`not for ${what}`, () => {
      const { edit, facts } = inertEditOf('/app/src/a.ts', before, after);
      assert.equal(edit, undefined);
      assert.deepEqual(facts, analyzeText('/app/src/a.ts', after, OPTIONS));
    });
  }

  it('the facts quote the text of the nodes inert-edit.ts AROUND_A_GAP was checked against, and no others', () => {
    // Where the facts read a node's text (`node.getText()`): a node kind a gap may be inside must not be one whose text is read.
    const FACTS = join(__dirname, '..', '..', 'server', 'src', 'engine', 'facts');
    const sites: string[] = [];
    for (const name of readdirSync(FACTS).filter((n) => n.endsWith('.ts')).sort()) {
      const source = ts.createSourceFile(name, readFileSync(join(FACTS, name), 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['getText', 'getFullText'].includes(node.expression.name.text)) {
          sites.push(`${name}: ${node.expression.expression.getText(source)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    // Identifiers and property accesses (classes, contexts x2), route paths (template, regular expression, array elements), a DI token's label.
    assert.deepEqual(sites, ['classes.ts: e', 'contexts.ts: e', 'contexts.ts: el', 'contexts.ts: e', 'contexts.ts: named', 'registries.ts: label'],
      'a new place the facts quote node text: check inert-edit.ts AROUND_A_GAP against it, then list it here');
  });

  it('for a logging statement typed above one like it, which the texts alone place inside the old one\'s string', () => {
    const before = "import { db } from './db';\nconsole.log('edit 0');\nexport const count = () => db.query('SELECT 1');\n";
    const after = "import { db } from './db';\nconsole.log('edit 1');\nconsole.log('edit 0');\nexport const count = () => db.query('SELECT 1');\n";
    const { edit, base, moved, facts } = inertEditOf('/app/src/count.ts', before, after);
    assert.deepEqual(edit, { start: 27, oldEnd: 27, newEnd: 27 + 23, lineDelta: 1 });
    assert.deepEqual(moved?.moved, positionMap(base, facts));
  });

  it('for a logging statement typed first in a function body and after the directives', () => {
    const cases: Array<[string, string]> = [
      ["import { db } from './db';\nexport function count() {\n  return db.query('SELECT 1');\n}\n", "import { db } from './db';\nexport function count() {\n  console.log('counting');\n  return db.query('SELECT 1');\n}\n"],
      ["'use client';\nexport const a = 1;\n", "'use client';\nconsole.log(1);\nexport const a = 1;\n"],
    ];
    for (const [before, after] of cases) {
      const { edit, base, moved, facts } = inertEditOf('/app/src/count.ts', before, after);
      assert.equal(edit?.lineDelta, 1, after);
      assert.deepEqual(moved?.moved, positionMap(base, facts));
    }
  });

  it('for a comment typed between two statements, a suppression comment among them', () => {
    const before = "import { Client } from 'pg';\nexport const db = new Client();\n";
    const after = "import { Client } from 'pg';\n// pg-pool-guard-disable-next-line shared-client\nexport const db = new Client();\n";
    const { edit, moved, facts } = inertEditOf('/app/src/db.ts', before, after);
    assert.deepEqual(edit, { start: 29, oldEnd: 29, newEnd: 29 + 49, lineDelta: 1 });
    assert.deepEqual(moved?.facts.suppressions, facts.suppressions);
    assert.deepEqual(facts.suppressions.lines, { 2: ['shared-client'] });
  });
});
