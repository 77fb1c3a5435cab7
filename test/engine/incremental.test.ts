// An edit updates the selection and the module graph's joins incrementally
// (only the edited file's facts and import edges change); the findings must
// be exactly those of a fresh analysis of the same texts, after every step of
// a sequence of edits that adds and removes pg imports, exports, re-exports,
// DI tokens and files. The counted cases check that the incremental path is
// the one taken: an edit that keeps imports and exports resolves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/workspace';
import { analyzeText, IncrementalAnalyzer } from '../../server/src/engine/analyze';
import { positionMap } from '../../server/src/engine/rules/remap';
import type { FileFacts, Finding } from '../../server/src/engine/types';

const ROOT = '/app';
const at = (file: string) => `${ROOT}/${file}`;

const INITIAL: Record<string, string> = {
  'src/db.ts': `import { Client } from 'pg';
export const db = new Client({ connectionString: process.env.DATABASE_URL });
void db.connect();
export function rowsOf(result: { rows: unknown[] }) {
  return result.rows;
}
`,
  'src/lib/index.ts': `export { rowsOf } from '../db';
export const VERSION = '1.0.0';
`,
  'src/routes/users.ts': `import express from 'express';
import { db } from '../db';
import { rowsOf } from '../lib';

export const users = express.Router();
users.get('/users/:id', async (req, res) => {
  res.json(rowsOf(await db.query('SELECT * FROM users WHERE id = $1', [req.params.id])));
});
`,
  'src/routes/health.ts': `import express from 'express';
import { VERSION } from '../lib';

export const health = express.Router();
health.get('/health', (req, res) => res.json({ ok: true, version: VERSION }));
`,
  'src/reports.service.ts': `import { Inject, Injectable } from '@nestjs/common';

@Injectable()
export class ReportsService {
  constructor(@Inject('REPORTS_DB') private readonly reports: { query(sql: string): Promise<unknown> }) {}
  async daily() {
    return this.reports.query('SELECT count(*) FROM orders');
  }
}
`,
  'src/reports.controller.ts': `import { Controller, Get } from '@nestjs/common';
import { ReportsService } from './reports.service';

@Controller('reports')
export class ReportsController {
  constructor(private readonly service: ReportsService) {}
  @Get('daily')
  daily() {
    return this.service.daily();
  }
}
`,
  // Not tied to the db by imports: only the DI token it injects can bring it into the selection.
  'src/audit/audit.service.ts': `import { Inject, Injectable } from '@nestjs/common';

declare const ARCHIVE_DB: { query(sql: string): Promise<unknown> };

@Injectable()
export class AuditService {
  constructor(@Inject(ARCHIVE_DB) private readonly store: { query(sql: string): Promise<unknown> }) {}
  list() {
    return this.store.query('SELECT * FROM audit_log');
  }
}
`,
  'src/audit/audit.controller.ts': `import { Controller, Get } from '@nestjs/common';
import { AuditService } from './audit.service';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}
  @Get()
  list() {
    return this.audit.list();
  }
}
`,
  'src/ui/button.tsx': `export function Button(props: { label: string }) {
  return <button>{props.label}</button>;
}
`,
  'src/util/format.ts': `export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}
`,
};

type Step = { name: string; apply: (files: Map<string, string>) => void };

const set = (file: string, text: string) => (files: Map<string, string>) => void files.set(at(file), text);
const edit = (file: string, change: (text: string) => string) => (files: Map<string, string>) => void files.set(at(file), change(files.get(at(file))!));

const STEPS: Step[] = [
  { name: 'a comment at the end of a route (imports and exports kept)', apply: edit('src/routes/users.ts', (t) => `${t}// reviewed\n`) },
  { name: 'a statement inside a handler body', apply: edit('src/routes/users.ts', (t) => t.replace('res.json(', 'console.log(req.params.id);\n  res.json(')) },
  {
    name: 'an unrelated file starts importing pg and exports a module-level Client',
    apply: set('src/util/format.ts', `import { Client } from 'pg';
export const audit = new Client();
export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}
`),
  },
  {
    name: 'a route starts using that Client',
    apply: edit('src/routes/health.ts', (t) => t.replace("import { VERSION } from '../lib';", "import { VERSION } from '../lib';\nimport { audit } from '../util/format';").replace('(req, res) => res.json', "async (req, res) => { await audit.query('SELECT 1'); return res.json").replace('VERSION }));', 'VERSION }); });')),
  },
  { name: 'the Client moves out of format.ts (its pg import removed)', apply: edit('src/util/format.ts', (t) => t.replace("import { Client } from 'pg';\n", '').replace('export const audit = new Client();', 'export const audit = { query: async (_sql: string) => undefined };')) },
  { name: 'the barrel re-exports everything of db.ts', apply: set('src/lib/index.ts', "export * from '../db';\nexport const VERSION = '1.0.1';\n") },
  { name: 'the route takes the Client from the barrel instead', apply: edit('src/routes/users.ts', (t) => t.replace("import { db } from '../db';\nimport { rowsOf } from '../lib';", "import { db, rowsOf } from '../lib';")) },
  { name: 'db.ts stops exporting the Client (a local one)', apply: edit('src/db.ts', (t) => t.replace('export const db = new Client', 'const db = new Client')) },
  { name: 'db.ts exports it again, as the default export', apply: edit('src/db.ts', (t) => `${t}export default db;\n`) },
  { name: 'db.ts exports it by name again', apply: edit('src/db.ts', (t) => t.replace('const db = new Client', 'export const db = new Client')) },
  {
    name: 'a provider module for the DI token appears',
    apply: set('src/reports.module.ts', `import { Module } from '@nestjs/common';
import { Client } from 'pg';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

const AUDIT_DB = Symbol('audit');

@Module({
  controllers: [ReportsController],
  providers: [ReportsService, { provide: 'REPORTS_DB', useValue: new Client() }, { provide: AUDIT_DB, useValue: new Client() }],
})
export class ReportsModule {}
`),
  },
  { name: 'the service injects another token', apply: edit('src/reports.service.ts', (t) => t.replace("@Inject('REPORTS_DB')", "@Inject('ANALYTICS_DB')")) },
  { name: 'and the first token again', apply: edit('src/reports.service.ts', (t) => t.replace("@Inject('ANALYTICS_DB')", "@Inject('REPORTS_DB')")) },
  { name: 'a file outside the selection starts injecting a provided token (by name: no new string)', apply: edit('src/audit/audit.service.ts', (t) => t.replace('@Inject(ARCHIVE_DB)', '@Inject(AUDIT_DB)')) },
  { name: 'a syntax error in the route', apply: edit('src/routes/users.ts', (t) => t.replace('async (req, res) => {', 'async (req, res) => {{')) },
  { name: 'the syntax error fixed', apply: edit('src/routes/users.ts', (t) => t.replace('async (req, res) => {{', 'async (req, res) => {')) },
  { name: 'the route file deleted', apply: (files) => void files.delete(at('src/routes/users.ts')) },
  {
    name: 'a new route file using db.ts',
    apply: set('src/routes/orders.ts', `import express from 'express';
import db from '../db';

export const orders = express.Router();
orders.post('/orders', async (req, res) => {
  await db.query('BEGIN');
  await db.query('INSERT INTO orders DEFAULT VALUES');
  await db.query('COMMIT');
  res.sendStatus(201);
});
`),
  },
];

function freshFindings(files: Map<string, string>, selectFiles: boolean): Finding[] {
  const workspace = new Workspace({ displayRoot: ROOT, selectFiles });
  for (const [path, text] of files) workspace.updateFile(path, text);
  return workspace.getFindings();
}

test('after every edit of a sequence the findings are those of a fresh analysis (selection on and off)', () => {
  const files = new Map(Object.entries(INITIAL).map(([file, text]) => [at(file), text]));
  const texts = new Map(files);
  const live = new Workspace({ displayRoot: ROOT, readText: (path) => texts.get(path) });
  for (const [path, text] of files) live.updateFile(path, text);
  assert.deepEqual(live.getFindings(), freshFindings(files, false));
  const seenRules = new Set<string>();
  for (const step of STEPS) {
    const before = new Map(files);
    step.apply(files);
    texts.clear();
    for (const [path, text] of files) texts.set(path, text);
    for (const path of before.keys()) if (!files.has(path)) live.removeFile(path);
    for (const [path, text] of files) if (before.get(path) !== text) live.updateFile(path, text);
    const findings = live.getFindings();
    for (const finding of findings) seenRules.add(finding.rule);
    assert.deepEqual(findings, freshFindings(files, true), `after "${step.name}": as a fresh analysis`);
    assert.deepEqual(findings, freshFindings(files, false), `after "${step.name}": as a fresh analysis of every file`);
    for (const path of files.keys()) {
      assert.deepEqual(live.findingsForFile(path), findings.filter((f) => f.file === path), `after "${step.name}": findings of ${path}`);
    }
  }
  // The sequence must exercise the joins it is about, or the comparison proves nothing.
  assert.ok(seenRules.has('shared-client') && seenRules.has('shared-client-transaction'), `rules seen: ${[...seenRules].join(', ')}`);
});

/** The findings of each file as published: one JSON text per file. */
function byFile(findings: Finding[]): Map<string, string> {
  const files = new Map<string, Finding[]>();
  for (const finding of findings) files.set(finding.file, [...(files.get(finding.file) ?? []), finding]);
  return new Map([...files].map(([file, list]) => [file, JSON.stringify(list)]));
}

test('parsed incrementally from the last tree (the worker, for open documents), every step gives the facts and findings of a fresh analysis; only files whose findings changed are reported changed', () => {
  const files = new Map(Object.entries(INITIAL).map(([file, text]) => [at(file), text]));
  // A tree kept for every file (the worker keeps the two edited last), so that every step parses incrementally.
  const analyzer = new IncrementalAnalyzer(Infinity);
  const parsedBefore = new Set<string>();
  let reparses = 0;
  const analyze = (path: string, text: string, options: Parameters<typeof analyzeText>[2]) => {
    if (parsedBefore.has(path)) reparses++;
    parsedBefore.add(path);
    return analyzer.analyze(path, text, options, true);
  };
  const live = new Workspace({ displayRoot: ROOT, readText: (path) => files.get(path), analyze });
  for (const [path, text] of files) live.updateFile(path, text);
  let published = byFile(live.getFindings());
  live.takeChangedFiles();
  // Edits inside statements and at their edges, on top of the sequence's own (comments, imports, syntax errors).
  const innerEdits: Step[] = [
    { name: 'a character typed inside an identifier', apply: edit('src/db.ts', (t) => t.replace('rowsOf(result', 'rowsOff(result')) },
    { name: 'the character deleted', apply: edit('src/db.ts', (t) => t.replace('rowsOff(result', 'rowsOf(result')) },
    { name: 'a call half typed', apply: edit('src/routes/users.ts', (t) => t.replace('res.json(', 'db.q\n  res.json(')) },
    { name: 'and finished', apply: edit('src/routes/users.ts', (t) => t.replace('db.q\n', "await db.query('SELECT 1');\n")) },
  ];
  for (const step of [...innerEdits, ...STEPS]) {
    const before = new Map(files);
    step.apply(files);
    for (const path of before.keys()) if (!files.has(path)) live.removeFile(path);
    for (const [path, text] of files) {
      if (before.get(path) === text) continue;
      live.updateFile(path, text);
      const facts = live.facts(path);
      if (facts) assert.deepEqual(facts, analyzeText(path, text), `after "${step.name}": the facts of ${path} as a fresh parse gives them`);
    }
    const findings = live.getFindings();
    assert.deepEqual(findings, freshFindings(files, true), `after "${step.name}": as a fresh analysis`);
    const next = byFile(findings);
    const changed = [...new Set([...published.keys(), ...next.keys()])].filter((file) => published.get(file) !== next.get(file)).sort();
    assert.deepEqual(live.takeChangedFiles(), changed, `after "${step.name}": the files whose findings changed`);
    published = next;
  }
  assert.ok(reparses >= 15, `only ${reparses} files parsed again`);
  assert.equal(analyzer.counts.incremental, reparses, 'every file parsed again was parsed from its last tree');
});

test('facts installed as the language server does (setFacts, text scan and facts computed elsewhere) give a fresh analysis\'s findings after every step; facts that did not change derive nothing; moved findings published before the install are what it gives', () => {
  const files = new Map(Object.entries(INITIAL).map(([file, text]) => [at(file), text]));
  const live = new Workspace({ displayRoot: ROOT, readText: (path) => files.get(path) });
  let earlyPublished = 0;
  let aheadPublished = 0;
  const handed = new Map<string, FileFacts>();
  // As analysis.ts: a file whose facts were wanted gets new facts with its summary; another gets its summary first.
  // Before the install, an open document's moved findings are asked for (and published when there are any).
  const install = (path: string, text: string) => {
    const hash = `h${text.length}:${text}`;
    const summary = live.summarizeFile(path, text);
    if (!live.hasFile(path) || !live.wantsFactsNow(path)) live.setSummary(path, summary, hash);
    if (!live.wantsFactsNow(path)) return;
    const facts = live.analyzeFile(path, text);
    // The worker's map (facts-worker.ts MovedAhead), made against its own copy of the facts it handed over last,
    // which are the installed ones or (when equal to them, so not installed) the ones found equal.
    const installed = live.facts(path);
    const base = handed.get(path);
    const map = base && positionMap(structuredClone(base), facts);
    const ahead = map && live.findingsIfMovedFrom(base!, map, facts, summary);
    if (map) assert.equal(live.findingsIfMovedFrom(structuredClone(base!), map, facts, summary), undefined, 'only from the very facts handed over');
    handed.set(path, facts);
    const current = ahead && live.getFindings();
    const early = live.findingsIfMoved(facts, summary);
    // findingsIfMoved leaves out facts equal to the installed ones (nothing moves); the map then moves nothing either.
    if (ahead && early === undefined) assert.deepEqual([ahead, facts], [current, installed], `${path}: facts as installed, findings as they are`);
    else assert.deepEqual(ahead, early, `the findings moved ahead of the facts of ${path}: those moved with them`);
    if (ahead) aheadPublished++;
    live.setFacts(facts, hash, undefined, summary);
    if (early === undefined) return;
    earlyPublished++;
    assert.equal(live.getFindings(), early, `the install of ${path} kept the findings published before it`);
    assert.deepEqual(early, freshFindings(files, true), `the findings published before the install of ${path}: as a fresh analysis`);
  };
  const fill = () => {
    for (const path of live.filesNeedingFacts()) install(path, files.get(path)!);
  };
  for (const [path, text] of files) install(path, text);
  fill();
  let derived = live.getFindings();
  let unchangedSteps = 0;
  const steps: Step[] = [
    { name: 'a comment after the last statement of the route', apply: edit('src/routes/users.ts', (t) => `${t}// todo: paginate\n`) },
    // Spans move below the edit, nothing else: the findings are moved, not derived.
    { name: 'a statement typed above the route\'s handler', apply: edit('src/routes/users.ts', (t) => t.replace('export const users', "console.log('routes');\nexport const users")) },
    { name: 'a blank line above the Client in db.ts', apply: edit('src/db.ts', (t) => t.replace('export const db', '\nexport const db')) },
    { name: 'the statement typed again, twice', apply: edit('src/routes/users.ts', (t) => t.replace("console.log('routes');\n", "console.log('routes');\nconsole.log('routes');\n")) },
    ...STEPS,
  ];
  for (const step of steps) {
    const before = new Map(files);
    step.apply(files);
    for (const path of before.keys()) if (!files.has(path)) live.removeFile(path);
    const factsBefore = new Map([...files.keys()].map((path) => [path, JSON.stringify(live.facts(path) ?? null)]));
    for (const [path, text] of files) if (before.get(path) !== text) install(path, text);
    fill();
    const findings = live.getFindings();
    assert.deepEqual(findings, freshFindings(files, true), `after "${step.name}": as a fresh analysis`);
    const sameFacts = [...files.keys()].every((path) => JSON.stringify(live.facts(path) ?? null) === factsBefore.get(path)) && before.size === files.size;
    if (sameFacts) {
      unchangedSteps++;
      assert.equal(findings, derived, `after "${step.name}": the facts are the same, so the findings were not derived again`);
    }
    derived = findings;
  }
  assert.ok(unchangedSteps >= 2, `${unchangedSteps} steps left every file's facts as they were`);
  assert.ok(earlyPublished >= 3, `${earlyPublished} installs had their moved findings published before them`);
  assert.ok(aheadPublished >= earlyPublished, `${aheadPublished} of them (and any with unchanged facts) could have been published ahead of their facts`);
});

test('the steps change the findings: the sequence is not one fixed answer', () => {
  const files = new Map(Object.entries(INITIAL).map(([file, text]) => [at(file), text]));
  const distinct = new Set<string>([JSON.stringify(freshFindings(files, true))]);
  for (const step of STEPS) {
    step.apply(files);
    distinct.add(JSON.stringify(freshFindings(files, true)));
  }
  assert.ok(distinct.size >= 5, `only ${distinct.size} distinct results over ${STEPS.length} steps`);
});

/** A workspace of `routes` route files importing db.ts, with every module resolution the graph and the selection make counted. */
function countedWorkspace(routes: number) {
  const texts = new Map<string, string>();
  texts.set(at('src/db.ts'), INITIAL['src/db.ts']);
  for (let i = 0; i < routes; i++) {
    texts.set(at(`src/routes/r${i}.ts`), `import express from 'express';
import { db } from '../db';
export const r${i} = express.Router();
r${i}.get('/r${i}', async (req, res) => res.json((await db.query('SELECT ${i}')).rows));
`);
  }
  const workspace = new Workspace({ displayRoot: ROOT, readText: (path) => texts.get(path) });
  for (const [path, text] of texts) workspace.updateFile(path, text);
  workspace.getFindings();
  let resolutions = 0;
  const resolver = (workspace as unknown as { graph: { resolver: { resolve: (s: string, f: string) => string | undefined } } }).graph.resolver;
  const resolve = resolver.resolve.bind(resolver);
  resolver.resolve = (specifier, file) => {
    resolutions++;
    return resolve(specifier, file);
  };
  const update = (file: string, text: string) => {
    texts.set(at(file), text);
    resolutions = 0;
    workspace.updateFile(at(file), text);
    return { findings: workspace.getFindings(), resolutions };
  };
  return { texts, update };
}

test('an edit that keeps imports and exports resolves no module at all', () => {
  const { texts, update } = countedWorkspace(40);
  const route = texts.get(at('src/routes/r7.ts'))!;
  const { findings, resolutions } = update('src/routes/r7.ts', route.replace("'SELECT 7'", "'SELECT 7 + 0'"));
  assert.equal(resolutions, 0);
  assert.equal(findings.length, 1);
  assert.ok(findings[0].related.length > 0);
});

test('a new string literal in a file without a DI needle keeps the selection (it reads string candidates only for DI keys)', () => {
  const texts = new Map(Object.entries(INITIAL).map(([file, text]) => [at(file), text]));
  const workspace = new Workspace({ displayRoot: ROOT, readText: (path) => texts.get(path) });
  for (const [path, text] of texts) workspace.updateFile(path, text);
  workspace.getFindings();
  let selections = 0;
  const internals = workspace as unknown as { select: () => unknown };
  const select = internals.select.bind(workspace);
  internals.select = () => {
    selections++;
    return select();
  };
  const update = (file: string, change: (text: string) => string) => {
    texts.set(at(file), change(texts.get(at(file))!));
    workspace.updateFile(at(file), texts.get(at(file))!);
    assert.deepEqual(workspace.getFindings(), freshFindings(texts, true), `after the edit of ${file}`);
  };
  update('src/routes/users.ts', (t) => t.replace('res.json(', "const trail = 'audit-trail';\n  console.log(trail);\n  res.json("));
  assert.equal(selections, 0, 'a route without a DI needle: the selection stands');
  update('src/reports.service.ts', (t) => t.replace("return this.reports.query('SELECT count(*) FROM orders');", "const tag = 'ARCHIVE';\n    console.log(tag);\n    return this.reports.query('SELECT count(*) FROM orders');"));
  assert.equal(selections, 1, 'a file with a DI needle: its strings can name a token, so the selection runs again');
});

test('an export added to db.ts joins again only db.ts and the files that import it, not every file', () => {
  const { texts, update } = countedWorkspace(40);
  const withExport = `${texts.get(at('src/db.ts'))}export const schema = 'public';\n`;
  const small = update('src/db.ts', withExport).resolutions;
  // The same edit on a workspace with twice the importers: the work follows the importers of db.ts.
  const larger = countedWorkspace(80);
  const large = larger.update('src/db.ts', withExport).resolutions;
  assert.ok(small > 0, 'the importers were joined again');
  assert.ok(small <= 2 * 40 + 4, `${small} resolutions for 40 importers`);
  assert.ok(large <= 2 * 80 + 4, `${large} resolutions for 80 importers`);
});

test('setFactsPaced builds a big file\'s graph tables in slices, with the findings setFacts gives; facts of a text replaced meanwhile are dropped', async () => {
  const functions = Array.from({ length: 600 }, (_, i) => `app.get('/r${i}', async (req, res) => res.json((await db.query('SELECT ${i}')).rows));\n`);
  const big = `import express from 'express';\nimport { Client } from 'pg';\nconst db = new Client();\nconst app = express();\n${functions.join('')}`;
  const path = at('src/generated.ts');
  const reference = new Workspace({ displayRoot: ROOT });
  reference.updateFile(path, big);
  const expected = reference.getFindings();
  assert.equal(expected.length, 1);

  const texts = new Map([[path, big]]);
  const paced = new Workspace({ displayRoot: ROOT, readText: (p) => texts.get(p) });
  const hash = 'hash-of-big';
  const summary = paced.summarizeFile(path, big);
  paced.setSummary(path, summary, hash);
  let pauses = 0;
  // A slice of 0 ms: a pause after every step, as on a machine too busy for any slice.
  await paced.setFactsPaced(paced.analyzeFile(path, big), hash, summary, async () => void pauses++, 0);
  assert.ok(pauses > 3, `${pauses} pauses`);
  assert.deepEqual(paced.getFindings(), expected);

  // The text changes while the tables are built: those facts are not installed.
  const edited = big.replace("'SELECT 0'", "'SELECT 0 + 0'");
  let replaced = false;
  const stale = paced.setFactsPaced(paced.analyzeFile(path, edited), 'hash-of-edited', paced.summarizeFile(path, edited), async () => {
    if (replaced) return;
    replaced = true;
    texts.set(path, big.replace('new Client()', 'makeClient()'));
    paced.updateFile(path, texts.get(path)!);
  }, 0);
  await stale;
  assert.deepEqual(paced.getFindings(), [], 'the findings of the text that replaced it');
});
