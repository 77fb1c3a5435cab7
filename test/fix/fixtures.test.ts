/**
 * The rewrite over the whole fixture corpus (test/fixtures/<case>/, positives
 * have a non-empty expected.json): engine → findings → rewrite every shared
 * client → apply. Then every file still parses, TypeScript fixtures that
 * type-checked before still do, re-analysis finds no shared client left, and
 * a second --fix has nothing to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyEdits, computePoolRewrite } from '../../server/src/engine/fix';
import { hasSyntaxErrors } from '../../server/src/engine/fix/source';
import { clientFindings, loadFixture, positiveFixtures, workspaceFor, type Fixture } from './fixtureCorpus';
import { typeErrors } from './typecheck';
import ts from 'typescript';

function fixtureCompilerOptions(fixture: Fixture): ts.CompilerOptions {
  const tsconfig = Object.keys(fixture.configs).find((p) => p.endsWith('tsconfig.json'));
  if (!tsconfig) return {};
  const parsed = ts.parseConfigFileTextToJson(tsconfig, fixture.configs[tsconfig]).config?.compilerOptions ?? {};
  const options: ts.CompilerOptions = {};
  if (parsed.baseUrl) options.baseUrl = join(tsconfig, '..', parsed.baseUrl);
  if (parsed.paths) options.paths = parsed.paths;
  return options;
}

/** Fixtures whose rewrite must be refused, and the reason it must give. */
const REFUSED: Record<string, string> = {
  '71-tx-through-wrapper': 'goes through a wrapper of the shared client',
  '300-neg-tx-jest-isolation-hooks': 'look like test-isolation hooks',
  '311-tx-method-return-singleton': 'uses this client in a way the rewrite cannot follow',
  '309-field-stored-from-local-reconnecting': 'which its own event handler calls again to reconnect (line 20)',
  '451-refuse-reconnect-reassigns-client': 'line 11: `client` is given a new Client here, in reconnect(), as well as on line 5',
  '100-mysql2-shared-connection-callbacks': 'beginTransaction() on the shared connection: a mysql2 pool has no beginTransaction()',
  '621-tx-step-callback-shared-client': 'it calls step(), a function it was handed, without the client',
  '624-client-subclass-shared-by-bot': 'is a GuildStore, a class of this project extending the driver',
};

const names = positiveFixtures();
const rewritten: Array<{ fixture: Fixture; after: Record<string, string> }> = [];

test('there are positive fixtures to rewrite', () => {
  assert.ok(names.length >= 20, `found ${names.length}`);
});

for (const name of names) {
  test(`fix fixture: ${name}`, () => {
    const fixture = loadFixture(name);
    const texts = { ...fixture.texts };
    const ws = workspaceFor(fixture, texts);
    assert.ok(clientFindings(ws).length > 0, 'the engine reports a shared client');

    // Rewrite one client at a time, re-analysing in between (creation ids move).
    const refused: string[] = [];
    const reasons: string[] = [];
    for (let round = 0; round < 10; round++) {
      const finding = clientFindings(ws).find((f) => !refused.includes(`${f.creation!.file}#${f.creation!.id}`));
      if (!finding) break;
      const rewrite = computePoolRewrite(ws, finding, (p) => texts[p]);
      assert.ok(rewrite, `a rewrite for ${finding.message}`);
      if (rewrite.edits.size === 0) {
        refused.push(`${finding.creation!.file}#${finding.creation!.id}`);
        reasons.push(rewrite.reason ?? '');
        continue;
      }
      for (const [path, edits] of rewrite.edits) {
        texts[path] = applyEdits(texts[path], edits);
        ws.updateFile(path, texts[path]);
      }
    }
    if (REFUSED[name]) {
      assert.equal(refused.length, 1, 'the rewrite is refused');
      assert.ok(reasons[0].includes(REFUSED[name]), `reason: ${reasons[0]}`);
      for (const [path, text] of Object.entries(texts)) assert.equal(text, fixture.texts[path], `${path} is unchanged`);
      return;
    }
    assert.deepEqual(refused, [], `no rewrite was refused: ${reasons.join('; ')}`);

    for (const [path, text] of Object.entries(texts)) {
      assert.equal(hasSyntaxErrors(path, text), false, `${path} parses after the rewrite`);
    }
    // Re-analysis: nothing left to report, so a second --fix has nothing to do.
    const fresh = workspaceFor(fixture, texts);
    assert.deepEqual(clientFindings(fresh).map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`), [], 'no shared client left');

    if (Object.keys(fixture.texts).some(isTypeScript)) rewritten.push({ fixture, after: texts });
  });
}

// One program for all fixtures before and one after (type-checking each fixture
// alone costs a second apiece); fixtures with their own tsconfig go alone.
test('TypeScript fixtures that type-checked before still type-check', () => {
  const shared = rewritten.filter((r) => Object.keys(r.fixture.configs).length === 0);
  const own = rewritten.filter((r) => Object.keys(r.fixture.configs).length > 0);
  const pick = (list: typeof rewritten, which: 'before' | 'after'): Record<string, string> =>
    Object.assign({}, ...list.map((r) => onlyTypeScript(which === 'before' ? r.fixture.texts : r.after)));
  const before = typeErrors(pick(shared, 'before'));
  const after = typeErrors(pick(shared, 'after'));
  let checked = 0;
  for (const r of shared) {
    const mine = (errors: string[]): string[] => errors.filter((e) => e.startsWith(r.fixture.dir + '/'));
    if (mine(before).length > 0) continue;
    checked++;
    assert.deepEqual(mine(after), [], `${r.fixture.name} still type-checks`);
  }
  for (const r of own) {
    const options = fixtureCompilerOptions(r.fixture);
    if (typeErrors(onlyTypeScript(r.fixture.texts), options).length > 0) continue;
    checked++;
    assert.deepEqual(typeErrors(onlyTypeScript(r.after), options), [], `${r.fixture.name} still type-checks`);
  }
  assert.ok(checked >= 10, `only ${checked} fixtures type-checked before the rewrite`);
});

function isTypeScript(path: string): boolean {
  return /\.(ts|tsx|mts|cts)$/.test(path);
}

function onlyTypeScript(texts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(texts).filter(([p]) => isTypeScript(p)));
}
