/**
 * FileWalker.walksToNothing lets a statement typed between two top-level
 * statements publish its moved diagnostics before the walk, when walking it
 * alone leaves every table of the walk the size it was. Its comparison is
 * a list of fields (walker.ts BUILDER_LISTS, WALK_TABLES, WALK_COUNTERS):
 * a table added to the walker or the facts builder later and not listed
 * would let a statement that changes the facts pass for one that does not.
 * These tests fail on any such field until it is listed, or named below
 * with the reason it need not be compared.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { BUILDER_LISTS, FileWalker, WALK_COUNTERS, WALK_TABLES } from '../../server/src/engine/facts/walker';

const OPTIONS = { pgModules: ['pg'], rules: {} };

/** Walker fields that hold state but need no comparison, and why. */
const WALKER_NOT_COMPARED: Record<string, string> = {
  stack: 'the work list of the walk: empty again when it is drained',
  functionDepth: 'saved and restored around every function (visitFunction)',
  functionIndex: 'saved and restored around every function (visitFunction)',
  thisStatic: 'saved and restored around every function (visitFunction)',
  fileRuleHooks: "the file rules' hooks by method, made once from the options and only read by the walk",
};

/** Facts builder fields that grow only with a list that is compared, and why. */
const BUILDER_NOT_COMPARED: Record<string, string> = {
  byId: 'one entry per node of `nodes`',
  edgeIndex: 'one entry per edge of `edges`, or the bits of an edge between names walksToNothing refuses (it refuses any name the module declares)',
  exportIndex: 'one entry per export of `exports`',
  starExportSet: 'one entry per specifier of `starExports`',
  callFunctionIndexes: 'one entry per call of `calls`',
};

const isTable = (value: unknown) => value instanceof Map || value instanceof Set || Array.isArray(value);
const isCounter = (value: unknown) => typeof value === 'number' || typeof value === 'boolean';

function freshWalker(): FileWalker {
  const source = `import { Client } from 'pg';\nconst db = new Client();\nexport async function get() { return db.query('SELECT 1'); }\n`;
  return new FileWalker(ts.createSourceFile('/app/db.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS), OPTIONS);
}

/** The own fields of `object` whose values are tables or counters (what a walk can grow). */
function stateFields(object: object, withCounters: boolean): string[] {
  return Object.entries(object)
    .filter(([, value]) => isTable(value) || (withCounters && isCounter(value)))
    .map(([name]) => name)
    .sort();
}

describe('the tables walksToNothing compares', () => {
  it('every table and counter of the walker is compared, or says why it need not be', () => {
    const walker = freshWalker();
    const listed = new Set<string>([...WALK_TABLES, ...WALK_COUNTERS, ...Object.keys(WALKER_NOT_COMPARED)]);
    const missing = stateFields(walker, true).filter((name) => name !== 'out' && !listed.has(name));
    assert.deepEqual(missing, [], `walker fields walksToNothing does not compare: ${missing.join(', ')} (add them to WALK_TABLES / WALK_COUNTERS in walker.ts)`);
  });

  it('every list of the facts builder is compared, or says why it need not be', () => {
    const walker = freshWalker();
    const listed = new Set<string>([...BUILDER_LISTS, ...Object.keys(BUILDER_NOT_COMPARED)]);
    const missing = stateFields(walker.out, false).filter((name) => !listed.has(name));
    assert.deepEqual(missing, [], `facts builder fields walksToNothing does not compare: ${missing.join(', ')} (add them to BUILDER_LISTS in walker.ts)`);
  });

  it('every name in the lists is a field of the kind it is compared as', () => {
    const walker = freshWalker();
    const fields = walker as unknown as Record<string, unknown>;
    const lists = walker.out as unknown as Record<string, unknown>;
    for (const name of WALK_TABLES) assert.ok(fields[name] instanceof Map || fields[name] instanceof Set, `WALK_TABLES: ${name} is not a Map or Set of the walker`);
    for (const name of WALK_COUNTERS) assert.ok(isCounter(fields[name]), `WALK_COUNTERS: ${name} is not a number or boolean of the walker`);
    for (const name of BUILDER_LISTS) assert.ok(Array.isArray(lists[name]), `BUILDER_LISTS: ${name} is not a list of the facts builder`);
    for (const name of Object.keys(WALKER_NOT_COMPARED)) assert.ok(name in fields, `WALKER_NOT_COMPARED: ${name} is no field of the walker`);
    for (const name of Object.keys(BUILDER_NOT_COMPARED)) assert.ok(name in lists, `BUILDER_NOT_COMPARED: ${name} is no field of the facts builder`);
  });

  it('a statement that grows a compared table does not walk to nothing; one that grows none does', () => {
    const source = `import { Client } from 'pg';\nconst db = new Client();\nconsole.log('ready');\nsetTimeout(() => undefined, 10);\n`;
    const sf = ts.createSourceFile('/app/db.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const [, , logging, timer] = sf.statements;
    assert.equal(new FileWalker(sf, OPTIONS).walksToNothing([logging]), true);
    // The arrow function takes a function id (fnCounter): every later function's id would move.
    assert.equal(new FileWalker(sf, OPTIONS).walksToNothing([timer]), false);
  });
});
