/**
 * The fixture projects of test/fixtures as the rewrite sees them: load one,
 * analyse it, rewrite every shared client in it (one at a time, re-analysing
 * in between, as --fix does). Used by the fix tests and the runtime corpus.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { applyEdits, computePoolRewrite, isConnectionRule } from '../../server/src/engine/fix';
import { SOURCE_EXTENSIONS, normalizeSettings } from '../../server/src/shared/settings';
import type { Finding } from '../../server/src/engine/types';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export interface Fixture {
  name: string;
  dir: string;
  texts: Record<string, string>;
  configs: Record<string, string>;
  /** package.json and pnpm-workspace.yaml texts (workspace packages, exports/imports), handed in like configs. */
  manifests: Record<string, string>;
  pgModules?: string[];
}

export function loadFixture(name: string): Fixture {
  const dir = join(FIXTURES, name);
  const texts: Record<string, string> = {};
  const configs: Record<string, string> = {};
  const manifests: Record<string, string> = {};
  (function walk(d: string): void {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (entry === 'node_modules') continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE_EXTENSIONS.some((e) => entry.endsWith(e)) && !entry.endsWith('.d.ts')) texts[full] = readFileSync(full, 'utf8');
      else if (entry === 'tsconfig.json' || entry === 'jsconfig.json') configs[full] = readFileSync(full, 'utf8');
      else if (entry === 'package.json' || entry === 'pnpm-workspace.yaml') manifests[full] = readFileSync(full, 'utf8');
    }
  })(dir);
  const rc = join(dir, '.pgpoolguardrc.json');
  const pgModules = existsSync(rc) ? normalizeSettings(JSON.parse(readFileSync(rc, 'utf8'))).pgModules : undefined;
  return { name, dir, texts, configs, manifests, pgModules };
}

/** Fixtures whose expected.json lists findings. */
export function positiveFixtures(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => /^\d+-/.test(n) && statSync(join(FIXTURES, n)).isDirectory())
    // Positive for the connection rewrite: a shared-connection finding is expected (Pool-rule fixtures have their own fix tests).
    .filter((n) => (JSON.parse(readFileSync(join(FIXTURES, n, 'expected.json'), 'utf8')) as Array<{ rule: string }>).some((e) => isConnectionRule(e.rule)))
    .sort();
}

export function workspaceFor(fixture: Fixture, texts: Record<string, string>): Workspace {
  const ws = new Workspace({ options: fixture.pgModules ? { pgModules: fixture.pgModules } : {}, displayRoot: fixture.dir });
  for (const [path, text] of Object.entries({ ...fixture.configs, ...fixture.manifests })) ws.setProjectConfig(path, text);
  for (const [path, text] of Object.entries(texts)) ws.updateFile(path, text);
  return ws;
}

/** Findings of the shared-connection rules (the Pool rules have fixes of their own, tested in poolFixes.test.ts). */
export const clientFindings = (ws: Workspace): Finding[] => ws.getFindings().filter((f) => f.creation && isConnectionRule(f.rule));

export interface FixedFixture {
  texts: Record<string, string>;
  /** Files holding a creation that was rewritten. */
  creationFiles: string[];
  /** Reasons of refused rewrites. */
  refusals: string[];
}

/** Rewrite every shared client of the fixture, as --fix would. */
export function fixFixture(fixture: Fixture): FixedFixture {
  const texts = { ...fixture.texts };
  const ws = workspaceFor(fixture, texts);
  const refused = new Set<string>();
  const refusals: string[] = [];
  const creationFiles = new Set<string>();
  for (let round = 0; round < 10; round++) {
    const finding = clientFindings(ws).find((f) => !refused.has(`${f.creation!.file}#${f.creation!.id}`));
    if (!finding) break;
    const rewrite = computePoolRewrite(ws, finding, (p) => texts[p]);
    if (!rewrite || rewrite.edits.size === 0) {
      refused.add(`${finding.creation!.file}#${finding.creation!.id}`);
      refusals.push(rewrite?.reason ?? 'no rewrite');
      continue;
    }
    creationFiles.add(finding.creation!.file);
    for (const [path, edits] of rewrite.edits) {
      texts[path] = applyEdits(texts[path], edits);
      ws.updateFile(path, texts[path]);
    }
  }
  return { texts, creationFiles: [...creationFiles], refusals };
}
