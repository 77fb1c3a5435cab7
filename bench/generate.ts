/**
 * Generates the synthetic bench workspace (.bench/workspace): 2,000 files,
 * ~300,000 lines of TS and JS, deterministic for a given GENERATOR_VERSION.
 * Regenerates only when the manifest is missing or from another version.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Random } from './random';
import { LARGE_MODULE, type BenchWorkspace } from './types';
import {
  ENTITIES, camel, configBlock, directQueryRouteBlock, enumBlock, helperClassBlock, interfaceBlock, pascal,
  pureFunctionBlock, repositoryMethodBlock, routeBlock, serviceMethodBlock, typeAliasBlock,
} from './templates';

export const GENERATOR_VERSION = 1;
const SEED = 20241125;
const MANIFEST = 'bench-manifest.json';

const COUNTS = { db: 20, sharedClientDb: 3, repositories: 400, services: 400, routes: 300, utils: 300, types: 300, legacy: 279 };
const TOTAL_FILES = 2000;
const LARGE_MODULE_LINES = 2000;

interface Manifest {
  version: number;
  files: string[];
  lines: number;
}

/** Appends blocks from `next` until `lines` has at least `target` lines. */
function fill(lines: string[], target: number, next: (i: number) => string[]): string[] {
  for (let i = 0; lines.length < target; i++) lines.push(...next(i));
  return lines;
}

function dbModule(rng: Random, i: number): string[] {
  const lines = ["import { Client, Pool } from 'pg';", "import type { QueryResultRow } from 'pg';", ''];
  if (i < COUNTS.sharedClientDb) {
    // A few modules share one Client: the pattern the analysis looks for.
    lines.push(`export const db = new Client({ connectionString: process.env.DATABASE_URL_${i} });`, 'void db.connect();', '');
  } else {
    lines.push(`export const db = new Pool({ connectionString: process.env.DATABASE_URL_${i}, max: ${rng.int(5, 30)} });`, '');
  }
  lines.push(
    'export async function one<T extends QueryResultRow>(text: string, params: unknown[] = []): Promise<T | undefined> {',
    '  const { rows } = await db.query<T>(text, params);',
    '  return rows[0];',
    '}',
    '',
    `export const createReportingClient = () => new Client({ connectionString: process.env.REPORTING_URL_${i} });`,
    '',
  );
  return fill(lines, rng.int(60, 120), (k) => (k % 2 ? configBlock(rng, `db${i}x${k}`) : pureFunctionBlock(rng, `db${i}x${k}`, true)));
}

function repository(rng: Random, i: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const lines = [
    `import { db } from '../db/db-${i % COUNTS.db}';`,
    `import type { ${pascal(entity)}Entity${i % COUNTS.types} } from '../types/${entity}-types-${i % COUNTS.types}';`,
    '',
    ...interfaceBlock(rng, `${pascal(entity)}Row`),
    `export class ${pascal(entity)}Repository${i} {`,
  ];
  fill(lines, rng.int(110, 190), () => repositoryMethodBlock(rng, entity, true));
  lines.push('}', '', `export const ${camel(entity)}Repository${i} = new ${pascal(entity)}Repository${i}();`, '');
  return lines;
}

function service(rng: Random, i: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const repo = `${camel(entity)}Repository${i}`;
  const lines = [
    `import { ${repo} } from '../repositories/${entity}-repository-${i}';`,
    `import { hash${i % COUNTS.utils} as hashKey } from '../utils/cache-${i % COUNTS.utils}';`,
    '',
    `export class ${pascal(entity)}Service${i} {`,
    `  private readonly cache = new Map<string, unknown>();`,
    `  constructor(private readonly repository = ${repo}) {}`,
    '',
  ];
  const verbs = ['Get', 'Post', 'Put', 'Delete', 'Patch'];
  for (const verb of verbs) lines.push(...serviceMethodBlock(rng, entity, verb, true));
  fill(lines, rng.int(110, 170), () => serviceMethodBlock(rng, entity, `${pascal(entity)}${rng.int(1, 9999)}`, true));
  lines.push('}', '', `export const ${camel(entity)}Service${i} = new ${pascal(entity)}Service${i}();`, '');
  return lines;
}

function routes(rng: Random, i: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const svc = `${camel(entity)}Service${i}`;
  const lines = [
    "import { Router, type NextFunction, type Request, type Response } from 'express';",
    `import { ${svc} } from '../services/${entity}-service-${i}';`,
    `import { db } from '../db/db-${i % COUNTS.db}';`,
    '',
    'export const router = Router();',
    '',
    ...directQueryRouteBlock(rng, entity, true),
  ];
  return fill(lines, rng.int(120, 200), () => routeBlock(rng, entity, svc, true));
}

function util(rng: Random, i: number): string[] {
  const lines = ["import { createHash } from 'node:crypto';", '', `export const hash${i} = (s: string): string => createHash('sha1').update(s).digest('hex');`, ''];
  lines.push(...helperClassBlock(rng, ENTITIES[i % ENTITIES.length] + 'Cache', true));
  return fill(lines, rng.int(100, 180), (k) => (k % 3 === 2 ? helperClassBlock(rng, `u${i}x${k}`, true) : pureFunctionBlock(rng, `u${i}x${k}`, true)));
}

function types(rng: Random, i: number): string[] {
  const entity = pascal(ENTITIES[i % ENTITIES.length]);
  const lines = [...interfaceBlock(rng, `${entity}Entity${i}`)];
  return fill(lines, rng.int(110, 190), (k) => {
    const name = `${entity}${i}x${k}`;
    return k % 3 === 0 ? interfaceBlock(rng, name) : k % 3 === 1 ? typeAliasBlock(rng, name) : enumBlock(rng, name);
  });
}

function legacy(rng: Random, i: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const lines = [
    "'use strict';",
    "const express = require('express');",
    rng.chance(0.5) ? "const { Pool } = require('pg');" : "const pg = require('pg');",
    '',
    lines0(rng, i),
    '',
    'const router = express.Router();',
    '',
  ];
  // CommonJS: helpers are plain (non-exported) functions; the router is module.exports.
  const helper = (k: number) => pureFunctionBlock(rng, `${entity}${i}x${k}`, false).map((l) => l.replace(/^export /, ''));
  fill(lines, rng.int(100, 170), (k) => (k % 3 === 0 ? helper(k) : directQueryRouteBlock(rng, entity, false)));
  lines.push('module.exports = router;', '');
  return lines;
}

function lines0(rng: Random, i: number): string {
  return `const db = new ${rng.chance(0.5) ? 'Pool' : 'pg.Pool'}({ connectionString: process.env.LEGACY_DB_${i % 7} });`;
}

/** The 2,000-line module the LSP bench edits; it reaches a shared Client. */
function largeModule(rng: Random): string[] {
  const lines = [
    "import { Router, type Request, type Response } from 'express';",
    "import { db } from '../db/db-0';",
    '',
    'export const router = Router();',
    '',
  ];
  fill(lines, LARGE_MODULE_LINES - 40, (k) => {
    const entity = ENTITIES[k % ENTITIES.length];
    switch (k % 4) {
      case 0: return directQueryRouteBlock(rng, entity, true);
      case 1: return interfaceBlock(rng, `Large${pascal(entity)}${k}`);
      case 2: return pureFunctionBlock(rng, `large${k}`, true);
      default: return helperClassBlock(rng, `large${k}`, true);
    }
  });
  // Pad with one-line constants to exactly LARGE_MODULE_LINES lines (the final newline ends the last one).
  for (let k = 0; lines.length < LARGE_MODULE_LINES; k++) lines.push(`export const largeConstant${k} = ${rng.int(0, 1e6)};`);
  return lines.slice(0, LARGE_MODULE_LINES);
}

function plan(rng: Random): Array<[string, string[]]> {
  const files: Array<[string, string[]]> = [];
  for (let i = 0; i < COUNTS.db; i++) files.push([`src/db/db-${i}.ts`, dbModule(rng, i)]);
  for (let i = 0; i < COUNTS.types; i++) files.push([`src/types/${ENTITIES[i % ENTITIES.length]}-types-${i}.ts`, types(rng, i)]);
  for (let i = 0; i < COUNTS.utils; i++) files.push([`src/utils/cache-${i}.ts`, util(rng, i)]);
  for (let i = 0; i < COUNTS.repositories; i++) files.push([`src/repositories/${ENTITIES[i % ENTITIES.length]}-repository-${i}.ts`, repository(rng, i)]);
  for (let i = 0; i < COUNTS.services; i++) files.push([`src/services/${ENTITIES[i % ENTITIES.length]}-service-${i}.ts`, service(rng, i)]);
  for (let i = 0; i < COUNTS.routes; i++) files.push([`src/routes/${ENTITIES[i % ENTITIES.length]}-routes-${i}.ts`, routes(rng, i)]);
  for (let i = 0; i < COUNTS.legacy; i++) files.push([`legacy/${ENTITIES[i % ENTITIES.length]}-${i}.js`, legacy(rng, i)]);
  files.push([LARGE_MODULE, largeModule(rng)]);
  if (files.length !== TOTAL_FILES) throw new Error(`generator planned ${files.length} files, want ${TOTAL_FILES}`);
  return files;
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    return m.version === GENERATOR_VERSION && Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the workspace, generating it first if it is missing or stale. */
export function ensureWorkspace(dir: string): BenchWorkspace {
  let manifest = readManifest(dir);
  if (!manifest) {
    rmSync(dir, { recursive: true, force: true });
    const rng = new Random(SEED);
    let lines = 0;
    const files: string[] = [];
    for (const [file, content] of plan(rng)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content.join('\n') + '\n');
      files.push(file);
      lines += content.length;
    }
    manifest = { version: GENERATOR_VERSION, files, lines };
    writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest));
  }
  return { dir, files: manifest.files, lines: manifest.lines, largeFile: LARGE_MODULE };
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(__dirname, '..', '.bench', 'workspace');
  if (!existsSync(dirname(dir))) mkdirSync(dirname(dir), { recursive: true });
  const ws = ensureWorkspace(dir);
  console.log(`${ws.files.length} files, ${ws.lines} lines in ${ws.dir}`);
}
