/**
 * Generates the synthetic bench workspaces, deterministic for a given
 * GENERATOR_VERSION, in the proportions of a real monorepo: most files never
 * touch the database (React components, hooks, a UI kit with stories,
 * utilities, unit tests, scripts), a few are vendored minified bundles, and
 * a backend (routes → services → repositories → db modules, jobs, a Nest
 * module with DI tokens, legacy CommonJS) is the part that can matter.
 *
 * - `pg-using`: 10,000 files / ~600k lines; three db modules share a Client.
 * - `pg-free`: 6,000 files, the same frontend; its API talks HTTP and Redis.
 *
 * A workspace is regenerated only when its manifest is missing or stale.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Random } from './random';
import { LARGE_MODULE, type BenchWorkspace, type WorkspaceProfile } from './types';
import {
  ENTITIES, camel, configBlock, directQueryRouteBlock, enumBlock, helperClassBlock, interfaceBlock, pascal,
  pureFunctionBlock, repositoryMethodBlock, routeBlock, serviceMethodBlock, typeAliasBlock,
} from './templates';
import { component, hook, script, story, themeTokens, uiPiece, unitTest, utility, vendoredBundle } from './templates-app';

export const GENERATOR_VERSION = 2;
const SEED = 20241125;
const MANIFEST = 'bench-manifest.json';
const LARGE_MODULE_LINES = 2000;

interface Counts {
  components: number; hooks: number; componentTests: number; vendored: number; tokens: number; uiPieces: number;
  stories: number; uiTests: number; utils: number; utilTests: number; db: number; sharedClientDb: number;
  repositories: number; services: number; routes: number; jobs: number; apiTests: number; adminControllers: number;
  legacy: number; scripts: number;
}

const PROFILES: Record<WorkspaceProfile, { total: number; counts: Counts }> = {
  'pg-using': {
    total: 10_000,
    counts: {
      components: 3500, hooks: 605, componentTests: 1100, vendored: 10, tokens: 40, uiPieces: 800, stories: 400, uiTests: 400,
      utils: 800, utilTests: 500, db: 12, sharedClientDb: 3, repositories: 300, services: 300, routes: 240, jobs: 60,
      apiTests: 400, adminControllers: 40, legacy: 300, scripts: 90,
    },
  },
  'pg-free': {
    total: 6_000,
    counts: {
      components: 2200, hooks: 300, componentTests: 700, vendored: 10, tokens: 40, uiPieces: 500, stories: 250, uiTests: 250,
      utils: 600, utilTests: 350, db: 0, sharedClientDb: 0, repositories: 0, services: 200, routes: 200, jobs: 0,
      apiTests: 150, adminControllers: 0, legacy: 100, scripts: 50,
    },
  },
};

interface Manifest {
  version: number;
  profile: WorkspaceProfile;
  files: string[];
  lines: number;
  bytes: number;
}

type Planned = [path: string, lines: string[]];

/** Appends blocks from `next` until `lines` has at least `target` lines. */
function fill(lines: string[], target: number, next: (i: number) => string[]): string[] {
  for (let i = 0; lines.length < target; i++) lines.push(...next(i));
  return lines;
}

const API = 'apps/api/src';
const WEB = 'apps/web/src';

function dbModule(rng: Random, i: number, shared: boolean): string[] {
  const lines = ["import { Client, Pool } from 'pg';", "import type { QueryResultRow } from 'pg';", ''];
  if (shared) {
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

function repository(rng: Random, i: number, dbCount: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const lines = [
    `import { db } from '../db/db-${i % dbCount}';`,
    '',
    ...interfaceBlock(rng, `${pascal(entity)}Row`),
    `export class ${pascal(entity)}Repository${i} {`,
  ];
  fill(lines, rng.int(110, 190), () => repositoryMethodBlock(rng, entity, true));
  lines.push('}', '', `export const ${camel(entity)}Repository${i} = new ${pascal(entity)}Repository${i}();`, '');
  return lines;
}

/** With repositories: a service over one. Without (pg-free): a service calling an upstream HTTP API and Redis. */
function service(rng: Random, i: number, utilCount: number, withRepositories: boolean): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const repo = `${camel(entity)}Repository${i}`;
  const lines = withRepositories
    ? [`import { ${repo} } from '../repositories/${entity}-repository-${i}';`]
    : ["import Redis from 'ioredis';", '', `const redis = new Redis(process.env.REDIS_URL_${i % 5});`, `const upstream = process.env.UPSTREAM_${i % 5} ?? 'http://localhost:8080';`];
  lines.push(
    `import { hash } from '../lib/cache-key-${i % 50}';`,
    `import { formatUser0 } from '@acme/utils/util-${i % utilCount}';`,
    '',
    `const hashKey = (s: string) => hash(s) + formatUser0.name;`,
    '',
    `export class ${pascal(entity)}Service${i} {`,
    `  private readonly cache = new Map<string, unknown>();`,
  );
  if (withRepositories) lines.push(`  constructor(private readonly repository = ${repo}) {}`, '');
  else {
    lines.push(
      '  private readonly repository = {',
      '    async findById(key: string, limit: number) {',
      `      const cached = await redis.get('${entity}:' + key);`,
      '      if (cached) return JSON.parse(cached) as unknown[];',
      `      const res = await fetch(\`\${upstream}/${entity}s/\${key}?limit=\${limit}\`);`,
      '      return (await res.json()) as unknown[];',
      '    },',
      '  } as Record<string, (key: string, limit: number) => Promise<unknown[]>>;',
      '',
    );
  }
  for (const verb of ['Get', 'Post', 'Put', 'Delete', 'Patch']) lines.push(...serviceMethodBlock(rng, entity, verb, true));
  fill(lines, rng.int(110, 170), () => serviceMethodBlock(rng, entity, `${pascal(entity)}${rng.int(1, 9999)}`, true));
  lines.push('}', '', `export const ${camel(entity)}Service${i} = new ${pascal(entity)}Service${i}();`, '');
  return lines;
}

function routes(rng: Random, i: number, dbCount: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const svc = `${camel(entity)}Service${i}`;
  const lines = [
    "import { Router, type NextFunction, type Request, type Response } from 'express';",
    `import { ${svc} } from '../services/${entity}-service-${i}';`,
  ];
  if (dbCount > 0) lines.push(`import { db } from '../db/db-${i % dbCount}';`);
  lines.push('', 'export const router = Router();', '');
  if (dbCount > 0) lines.push(...directQueryRouteBlock(rng, entity, true));
  return fill(lines, rng.int(120, 200), () => routeBlock(rng, entity, svc, true));
}

function cacheKeyModule(i: number): string[] {
  return ["import { createHash } from 'node:crypto';", '', `export const hash = (s: string): string => createHash('sha1').update('${i}:' + s).digest('hex');`, ''];
}

function job(rng: Random, i: number, services: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const s = i % services;
  const svc = `${camel(ENTITIES[s % ENTITIES.length])}Service${s}`;
  return [
    "import cron from 'node-cron';",
    `import { ${svc} } from '../services/${ENTITIES[s % ENTITIES.length]}-service-${s}';`,
    '',
    `export function schedule${pascal(entity)}Job${i}(): void {`,
    `  cron.schedule('*/${rng.int(1, 59)} * * * *', async () => {`,
    `    await ${svc}.handleGet({ id: 'batch-${i}' }, { limit: ${rng.int(10, 500)} }, null);`,
    '  });',
    '}',
    '',
    ...helperClassBlock(rng, `job${i}`, true),
  ];
}

function apiApp(routeCount: number): string[] {
  const lines = ["import express from 'express';"];
  for (let i = 0; i < routeCount; i++) lines.push(`import { router as router${i} } from './routes/${ENTITIES[i % ENTITIES.length]}-routes-${i}';`);
  lines.push('', 'export const app = express();', 'app.use(express.json());');
  for (let i = 0; i < routeCount; i++) lines.push(`app.use('/api/v${1 + (i % 3)}', router${i});`);
  lines.push('', "app.listen(Number(process.env.PORT ?? 3000));", '');
  return lines;
}

function legacy(rng: Random, i: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const lines = [
    "'use strict';",
    "const express = require('express');",
    rng.chance(0.5) ? "const { Pool } = require('pg');" : "const pg = require('pg');",
    '',
    `const db = new ${rng.chance(0.5) ? 'Pool' : 'pg.Pool'}({ connectionString: process.env.LEGACY_DB_${i % 7} });`,
    '',
    'const router = express.Router();',
    '',
  ];
  const helper = (k: number) => pureFunctionBlock(rng, `${entity}${i}x${k}`, false).map((l) => l.replace(/^export /, ''));
  fill(lines, rng.int(100, 170), (k) => (k % 3 === 0 ? helper(k) : directQueryRouteBlock(rng, entity, false)));
  lines.push('module.exports = router;', '');
  return lines;
}

/** pg-free legacy: the same CommonJS routers over an HTTP upstream. */
function legacyHttp(rng: Random, i: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const lines = ["'use strict';", "const express = require('express');", "const axios = require('axios');", '', 'const router = express.Router();', ''];
  const helper = (k: number) => pureFunctionBlock(rng, `${entity}${i}x${k}`, false).map((l) => l.replace(/^export /, ''));
  fill(lines, rng.int(100, 170), (k) =>
    k % 3 === 0
      ? helper(k)
      : [`router.get('/${entity}s/${k}', async (req, res) => {`, `  const { data } = await axios.get(process.env.UPSTREAM + '/${entity}s/' + req.params.id);`, '  res.json(data);', '});', ''],
  );
  lines.push('module.exports = router;', '');
  return lines;
}

/** A Nest module providing the shared Client under a DI token, and controllers injecting it. */
function adminModule(): string[] {
  return [
    "import { Global, Module } from '@nestjs/common';",
    "import { Client } from 'pg';",
    '',
    '@Global()',
    '@Module({',
    '  providers: [',
    '    {',
    "      provide: 'ADMIN_PG',",
    '      useFactory: async () => {',
    '        const client = new Client({ connectionString: process.env.ADMIN_DATABASE_URL });',
    '        await client.connect();',
    '        return client;',
    '      },',
    '    },',
    '  ],',
    "  exports: ['ADMIN_PG'],",
    '})',
    'export class AdminDatabaseModule {}',
    '',
  ];
}

function adminController(rng: Random, i: number): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  // Half of them never name pg: the DI token is their only link to the Client.
  const typed = i % 2 === 0;
  return [
    "import { Controller, Get, Inject, Param } from '@nestjs/common';",
    ...(typed ? ["import type { Client } from 'pg';"] : []),
    '',
    `@Controller('admin/${entity}s')`,
    `export class Admin${pascal(entity)}Controller${i} {`,
    `  constructor(@Inject('ADMIN_PG') private readonly pg: ${typed ? 'Client' : '{ query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }'}) {}`,
    '',
    "  @Get(':id')",
    "  async findOne(@Param('id') id: string) {",
    `    const { rows } = await this.pg.query('SELECT * FROM ${entity}s WHERE id = $1', [id]);`,
    '    return rows[0];',
    '  }',
    '}',
    '',
    ...interfaceBlock(rng, `Admin${pascal(entity)}Dto${i}`),
  ];
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
  for (let k = 0; lines.length < LARGE_MODULE_LINES; k++) lines.push(`export const largeConstant${k} = ${rng.int(0, 1e6)};`);
  return lines.slice(0, LARGE_MODULE_LINES);
}

function typesModule(rng: Random, i: number): string[] {
  const entity = pascal(ENTITIES[i % ENTITIES.length]);
  return fill([...interfaceBlock(rng, `${entity}Entity${i}`)], rng.int(40, 90), (k) => {
    const name = `${entity}${i}x${k}`;
    return k % 3 === 0 ? interfaceBlock(rng, name) : k % 3 === 1 ? typeAliasBlock(rng, name) : enumBlock(rng, name);
  });
}

function plan(rng: Random, profile: WorkspaceProfile): Planned[] {
  const { counts: c } = PROFILES[profile];
  const files: Planned[] = [];
  const add = (path: string, lines: string[]) => files.push([path, lines]);

  // packages/ui: tokens, pieces, stories, tests
  for (let i = 0; i < c.tokens; i++) add(`packages/ui/src/theme/tokens-${i}.ts`, themeTokens(rng, i));
  const pieceName = (i: number) => `${['Button', 'Card', 'Modal', 'Table', 'Tabs', 'Badge', 'Avatar', 'Tooltip', 'Menu', 'Drawer', 'Field', 'Select'][i % 12]}${i}`;
  for (let i = 0; i < c.uiPieces; i++) add(`packages/ui/src/piece-${i}.tsx`, uiPiece(rng, i));
  for (let i = 0; i < c.stories; i++) add(`packages/ui/src/piece-${i}.stories.tsx`, story(rng, i, pieceName(i), `./piece-${i}`));
  for (let i = 0; i < c.uiTests; i++) add(`packages/ui/test/piece-${i}.test.tsx`, unitTest(rng, i, `import { ${pieceName(i)} } from '../src/piece-${i}';`, [pieceName(i)]));

  // packages/utils
  for (let i = 0; i < c.utils; i++) add(`packages/utils/src/util-${i}.ts`, utility(rng, i));
  for (let i = 0; i < c.utilTests; i++) add(`packages/utils/test/util-${i}.test.ts`, unitTest(rng, i, `import * as subject from '../src/util-${i}';`, ['subject']));

  // apps/web: components, hooks, component tests, vendored bundles
  const componentPath = (i: number) => `${WEB}/components/${ENTITIES[i % ENTITIES.length]}/view-${i}.tsx`;
  for (let i = 0; i < c.hooks; i++) add(`${WEB}/hooks/use-thing-${i}.ts`, hook(rng, i));
  for (let i = 0; i < c.components; i++) {
    const imports = [
      `import { ${pieceName(i % c.uiPieces)} } from '@acme/ui/piece-${i % c.uiPieces}';`,
      `import * as util from '@acme/utils/util-${i % c.utils}';`,
      `import { use${['Debounce', 'Fetch', 'LocalStorage', 'MediaQuery', 'Pagination', 'Selection', 'Toggle', 'Form'][(i % c.hooks) % 8]}${i % c.hooks} } from '../../hooks/use-thing-${i % c.hooks}';`,
    ];
    if (i % 7 === 3 && i > 0) imports.push(`import * as sibling from './view-${i - ENTITIES.length >= 0 ? i - ENTITIES.length : i}';`);
    add(componentPath(i), component(rng, i, imports));
  }
  for (let i = 0; i < c.componentTests; i++) {
    const target = (i * 3) % c.components;
    add(`${WEB}/components/${ENTITIES[target % ENTITIES.length]}/__tests__/view-${target}.test.tsx`, unitTest(rng, i, `import * as view from '../view-${target}';`, ['view']));
  }
  const bundleSizes = [120_000, 180_000, 250_000, 320_000, 400_000, 520_000, 640_000, 800_000, 1_100_000, 1_500_000];
  for (let i = 0; i < c.vendored; i++) {
    const path = i < 8 ? `apps/web/public/vendor/lib-${i}.min.js` : `apps/web/static/js/chunk-vendors.${(0x1a2b3c + i * 7919).toString(16)}.js`;
    add(path, vendoredBundle(rng, bundleSizes[i % bundleSizes.length]));
  }

  // apps/api
  for (let i = 0; i < 50 && c.services > 0; i++) add(`${API}/lib/cache-key-${i}.ts`, cacheKeyModule(i));
  for (let i = 0; i < c.db; i++) add(`${API}/db/db-${i}.ts`, dbModule(rng, i, i < c.sharedClientDb));
  for (let i = 0; i < c.repositories; i++) add(`${API}/repositories/${ENTITIES[i % ENTITIES.length]}-repository-${i}.ts`, repository(rng, i, c.db));
  for (let i = 0; i < c.services; i++) add(`${API}/services/${ENTITIES[i % ENTITIES.length]}-service-${i}.ts`, service(rng, i, c.utils, c.repositories > 0));
  for (let i = 0; i < c.routes; i++) add(`${API}/routes/${ENTITIES[i % ENTITIES.length]}-routes-${i}.ts`, routes(rng, i, c.db));
  for (let i = 0; i < c.jobs; i++) add(`${API}/jobs/job-${i}.ts`, job(rng, i, c.services));
  for (let i = 0; i < c.apiTests; i++) {
    const s = i % c.services;
    const name = `${camel(ENTITIES[s % ENTITIES.length])}Service${s}`;
    add(`apps/api/test/service-${i}.test.ts`, unitTest(rng, i, `import { ${name} } from '../src/services/${ENTITIES[s % ENTITIES.length]}-service-${s}';`, [`${name}.handleGet`]));
  }
  if (c.routes > 0) add(`${API}/app.ts`, apiApp(c.routes));
  if (c.db > 0) add(LARGE_MODULE, largeModule(rng));
  for (let i = 0; i < 30 && c.services > 0; i++) add(`${API}/types/types-${i}.ts`, typesModule(rng, i));

  // apps/admin: a Nest app sharing one Client through a DI token
  if (c.adminControllers > 0) {
    add('apps/admin/src/admin-database.module.ts', adminModule());
    for (let i = 0; i < c.adminControllers; i++) add(`apps/admin/src/controllers/admin-${i}.controller.ts`, adminController(rng, i));
  }

  for (let i = 0; i < c.legacy; i++) add(`legacy/${ENTITIES[i % ENTITIES.length]}-${i}.js`, c.db > 0 ? legacy(rng, i) : legacyHttp(rng, i));
  for (let i = 0; i < c.scripts; i++) add(`scripts/task-${i}.js`, script(rng, i));

  const sources = files;
  const total = PROFILES[profile].total;
  // Top up (or check) to the profile's exact file count with more utilities.
  for (let i = c.utils; sources.length < total; i++) sources.push([`packages/utils/src/util-${i}.ts`, utility(rng, i)]);
  if (sources.length !== total) throw new Error(`generator planned ${sources.length} files for ${profile}, want ${total}`);
  return sources;
}

function readManifest(dir: string, profile: WorkspaceProfile): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    return m.version === GENERATOR_VERSION && m.profile === profile && Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}

const TSCONFIG = JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true, baseUrl: '.',
      paths: { '@acme/ui/*': ['packages/ui/src/*'], '@acme/utils/*': ['packages/utils/src/*'] },
    },
  },
  null,
  2,
);

/** Returns the workspace, generating it first if it is missing or stale. */
export function ensureWorkspace(dir: string, profile: WorkspaceProfile): BenchWorkspace {
  let manifest = readManifest(dir, profile);
  if (!manifest) {
    rmSync(dir, { recursive: true, force: true });
    const rng = new Random(SEED + (profile === 'pg-free' ? 1 : 0));
    let lines = 0;
    let bytes = 0;
    const files: string[] = [];
    for (const [file, content] of plan(rng, profile)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      const text = content.join('\n') + '\n';
      writeFileSync(join(dir, file), text);
      files.push(file);
      lines += content.length;
      bytes += text.length;
    }
    writeFileSync(join(dir, 'tsconfig.json'), TSCONFIG + '\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `bench-${profile}`, private: true, workspaces: ['apps/*', 'packages/*'] }, null, 2) + '\n');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist/\n');
    manifest = { version: GENERATOR_VERSION, profile, files, lines, bytes };
    writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest));
  }
  return { dir, profile, files: manifest.files, lines: manifest.lines, bytes: manifest.bytes, largeFile: profile === 'pg-using' ? LARGE_MODULE : undefined };
}

if (require.main === module) {
  const profile = (process.argv[2] ?? 'pg-using') as WorkspaceProfile;
  const dir = process.argv[3] ?? join(__dirname, '..', '.bench', profile);
  if (!existsSync(dirname(dir))) mkdirSync(dirname(dir), { recursive: true });
  const ws = ensureWorkspace(dir, profile);
  console.log(`${ws.files.length} files, ${ws.lines} lines, ${ws.bytes} chars in ${ws.dir}`);
}
