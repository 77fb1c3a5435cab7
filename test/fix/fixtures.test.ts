/**
 * The rewrite over the whole fixture corpus (test/fixtures/<case>/, positives
 * have a non-empty expected.json): engine → findings → rewrite every shared
 * client → apply. Then every file still parses, TypeScript fixtures that
 * type-checked before still do, re-analysis finds no shared client left, and
 * a second --fix has nothing to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { applyEdits, computePoolRewrite } from '../../server/src/engine/fix';
import { hasSyntaxErrors } from '../../server/src/engine/fix/source';
import { SOURCE_EXTENSIONS, normalizeSettings } from '../../server/src/shared/settings';
import type { Finding } from '../../server/src/engine/types';
import { typeErrors } from './typecheck';
import ts from 'typescript';

const FIXTURES = join(__dirname, '..', 'fixtures');

interface Fixture {
  name: string;
  dir: string;
  texts: Record<string, string>;
  configs: Record<string, string>;
  pgModules?: string[];
}

function loadFixture(name: string): Fixture {
  const dir = join(FIXTURES, name);
  const texts: Record<string, string> = {};
  const configs: Record<string, string> = {};
  (function walk(d: string): void {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (entry === 'node_modules') continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE_EXTENSIONS.some((e) => entry.endsWith(e)) && !entry.endsWith('.d.ts')) texts[full] = readFileSync(full, 'utf8');
      else if (entry === 'tsconfig.json' || entry === 'jsconfig.json') configs[full] = readFileSync(full, 'utf8');
    }
  })(dir);
  const rc = join(dir, '.pgpoolguardrc.json');
  const pgModules = existsSync(rc) ? normalizeSettings(JSON.parse(readFileSync(rc, 'utf8'))).pgModules : undefined;
  return { name, dir, texts, configs, pgModules };
}

function positives(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => /^\d+-/.test(n) && statSync(join(FIXTURES, n)).isDirectory())
    .filter((n) => {
      const expected = JSON.parse(readFileSync(join(FIXTURES, n, 'expected.json'), 'utf8')) as unknown[];
      return expected.length > 0;
    })
    .sort();
}

function workspaceFor(fixture: Fixture, texts: Record<string, string>): Workspace {
  const ws = new Workspace({ options: fixture.pgModules ? { pgModules: fixture.pgModules } : {}, displayRoot: fixture.dir });
  for (const [path, text] of Object.entries(fixture.configs)) ws.setProjectConfig(path, text);
  for (const [path, text] of Object.entries(texts)) ws.updateFile(path, text);
  return ws;
}

const clientFindings = (ws: Workspace): Finding[] => ws.getFindings().filter((f) => f.creation);

function fixtureCompilerOptions(fixture: Fixture): ts.CompilerOptions {
  const tsconfig = Object.keys(fixture.configs).find((p) => p.endsWith('tsconfig.json'));
  if (!tsconfig) return {};
  const parsed = ts.parseConfigFileTextToJson(tsconfig, fixture.configs[tsconfig]).config?.compilerOptions ?? {};
  const options: ts.CompilerOptions = {};
  if (parsed.baseUrl) options.baseUrl = join(tsconfig, '..', parsed.baseUrl);
  if (parsed.paths) options.paths = parsed.paths;
  return options;
}

const names = positives();

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
    for (let round = 0; round < 10; round++) {
      const finding = clientFindings(ws).find((f) => !refused.includes(`${f.creation!.file}#${f.creation!.id}`));
      if (!finding) break;
      const rewrite = computePoolRewrite(ws, finding, (p) => texts[p]);
      assert.ok(rewrite, `a rewrite for ${finding.message}`);
      if (rewrite.edits.size === 0) {
        refused.push(`${finding.creation!.file}#${finding.creation!.id}`);
        continue;
      }
      for (const [path, edits] of rewrite.edits) {
        texts[path] = applyEdits(texts[path], edits);
        ws.updateFile(path, texts[path]);
      }
    }
    assert.deepEqual(refused, [], 'no rewrite was refused');

    for (const [path, text] of Object.entries(texts)) {
      assert.equal(hasSyntaxErrors(path, text), false, `${path} parses after the rewrite`);
    }
    // Re-analysis: nothing left to report, so a second --fix has nothing to do.
    const fresh = workspaceFor(fixture, texts);
    assert.deepEqual(clientFindings(fresh).map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`), [], 'no shared client left');

    const tsFiles = Object.keys(fixture.texts).filter((p) => /\.(ts|tsx|mts|cts)$/.test(p));
    if (tsFiles.length > 0) {
      const options = fixtureCompilerOptions(fixture);
      const before = typeErrors(fixture.texts, options);
      if (before.length === 0) assert.deepEqual(typeErrors(texts, options), [], 'still type-checks');
    }
  });
}
