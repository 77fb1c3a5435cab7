/**
 * The pre-pass file selection (engine/selection/): which files the
 * Workspace parses, from a text scan of every file. Findings with and
 * without it are compared over the whole corpus in
 * test/corpus/selection.test.ts; these tests pin down what is selected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/workspace';
import { MAX_PARSE_CHARS } from '../../server/src/engine/text-checks';
import type { EngineOptions } from '../../server/src/engine/types';
import { stringLiteralCandidates } from '../../server/src/engine/selection/string-literals';
import { summarize } from '../../server/src/engine/selection/summary';

/** Which files ended up with facts (were parsed), after the findings were derived. */
function parsed(files: Record<string, string>, options: Partial<EngineOptions> = {}): { parsed: string[]; rules: string[] } {
  const ws = new Workspace({ displayRoot: '/ws', options });
  for (const [path, text] of Object.entries(files)) ws.updateFile(`/ws/${path}`, text);
  const rules = ws.getFindings().map((f) => f.rule);
  return { parsed: ws.files().filter((f) => ws.facts(f) !== undefined).map((f) => f.slice('/ws/'.length)).sort(), rules };
}

const DB = "const { Client } = require('pg');\nconst db = new Client();\nmodule.exports = db;\n";
const APP = "const express = require('express');\nconst db = require('./db');\nconst app = express();\napp.get('/a', async (req, res) => res.json(await db.query('SELECT 1')));\napp.post('/b', async (req, res) => res.json(await db.query('SELECT 2')));\n";
const UNRELATED = "export function formatDate(d: Date) {\n  return d.toISOString();\n}\n";

test('no file names a driver module: nothing is parsed', () => {
  const result = parsed({ 'a.ts': UNRELATED, 'b.ts': "import { formatDate } from './a';\nformatDate(new Date());\n" });
  assert.deepEqual(result, { parsed: [], rules: [] });
});

test('the driver file and its importers are parsed; a file with no import path to them is not', () => {
  const result = parsed({ 'db.js': DB, 'app.js': APP, 'util/format.ts': UNRELATED });
  assert.deepEqual(result.parsed, ['app.js', 'db.js']);
  assert.deepEqual(result.rules, ['shared-client']);
});

test('importees of selected files are parsed too (a connection handed to them as a value)', () => {
  const app = "const db = require('./db');\nconst makeUsers = require('./routes/users');\nmodule.exports = makeUsers(db);\n";
  const users = "module.exports = function makeUsers(db) {\n  return { list: () => db.query('SELECT 1') };\n};\n";
  const result = parsed({ 'db.js': DB, 'app.js': app, 'routes/users.js': users, 'other.ts': UNRELATED });
  assert.deepEqual(result.parsed, ['app.js', 'db.js', 'routes/users.js']);
});

test('a module every file imports, beside the db: not parsed, nor its other importers, unless it reaches the db itself', () => {
  const service = "import { db } from './db';\nimport { formatDate } from './utils';\nimport express from 'express';\nconst app = express();\napp.get('/a', async (req, res) => res.json({ at: formatDate(new Date()), rows: (await db.query('SELECT 1')).rows }));\napp.get('/b', async (req, res) => res.json((await db.query('SELECT 2')).rows));\n";
  const component = "import { formatDate } from './utils';\nimport { Button } from './button';\nexport const View = () => Button(formatDate(new Date()));\n";
  const button = 'export const Button = (label: string) => label;\n';
  const db = "import { Client } from 'pg';\nexport const db = new Client();\n";
  const files = { 'db.ts': db, 'service.ts': service, 'utils.ts': UNRELATED, 'component.ts': component, 'button.ts': button };
  const result = parsed(files);
  assert.deepEqual(result.parsed, ['db.ts', 'service.ts']);
  assert.deepEqual(result.rules, ['shared-client']);
  // The same utils importing the db: now its importers may reach the client through it.
  const reaching = parsed({ ...files, 'utils.ts': "import { db } from './db';\nexport const formatDate = (d: Date) => d.toISOString();\nexport const count = () => db.query('SELECT count(*) FROM t');\n" });
  assert.deepEqual(reaching.parsed, ['component.ts', 'db.ts', 'service.ts', 'utils.ts']);
});

test('a registry or context token a selected file provides: the files that name it are parsed (their code reads the value by name)', () => {
  const server = "import { ApolloServer } from '@apollo/server';\nimport { db } from './db';\nimport { resolvers } from './resolvers';\nexport const server = new ApolloServer({ resolvers, context: async () => ({ db }) });\n";
  const resolvers = "import { formatDate } from './utils';\nexport const resolvers = { Query: { users: async (_: unknown, __: unknown, context: any) => (await context.db.query('SELECT 1')).rows, today: () => formatDate(new Date()) } };\n";
  const db = "import { Client } from 'pg';\nexport const db = new Client();\n";
  const files = { 'db.ts': db, 'server.ts': server, 'resolvers.ts': resolvers, 'utils.ts': UNRELATED, 'other.ts': "export const x = 1;\n" };
  const withSelection = parsed(files);
  // utils.ts is imported by resolvers.ts but never names `db`: it cannot read the value.
  assert.deepEqual(withSelection.parsed, ['db.ts', 'resolvers.ts', 'server.ts']);
  const ws = new Workspace({ displayRoot: '/ws', selectFiles: false });
  for (const [path, text] of Object.entries(files)) ws.updateFile(`/ws/${path}`, text);
  assert.deepEqual(withSelection.rules, ws.getFindings().map((f) => f.rule));
  assert.ok(withSelection.rules.includes('shared-client'), `the resolvers share the Client (${withSelection.rules.join(', ')})`);
});

test('a client published under a name (global, fastify.decorate): every file naming it is parsed, imported or not', () => {
  const db = "const { Pool } = require('pg');\nglobalThis.db = new Pool();\n";
  const reader = "async function list() {\n  return db.query('SELECT 1');\n}\nmodule.exports = { list };\n";
  assert.deepEqual(parsed({ 'db.js': db, 'users.js': reader, 'other.ts': UNRELATED }).parsed, ['db.js', 'users.js']);
  // Written with an escape in a string (`get('d\x62')`): still found, from the cooked candidate literals.
  const setter = "const { Pool } = require('pg');\nconst app = require('express')();\napp.set('db', new Pool());\nmodule.exports = app;\n";
  const getter = "module.exports = (req) => req.app.get('d\\x62').query('SELECT 1');\n";
  assert.deepEqual(parsed({ 'app.js': setter, 'route.js': getter, 'other.ts': UNRELATED }).parsed, ['app.js', 'route.js']);
  // Only a consumer of the name (`process.on`), no provider among the selected files: nothing more is parsed.
  const consumerOnly = "const { Client } = require('pg');\nconst db = new Client();\nprocess.on('exit', () => db.end());\nmodule.exports = db;\n";
  assert.deepEqual(parsed({ 'db.js': consumerOnly, 'cli.js': "process.on('SIGINT', () => process.exit(1));\n" }).parsed, ['db.js']);
  const fastify = "const { Pool } = require('pg');\nmodule.exports = async (app) => app.decorate('db', new Pool());\n";
  assert.deepEqual(parsed({ 'plugin.js': fastify, 'route.js': "module.exports = async (app) => app.get('/', () => app.db.query('SELECT 1'));\n" }).parsed, ['plugin.js', 'route.js']);
});

test('every row of the driver table selects its files, and the drivers setting adds its own modules', () => {
  const mysql = "const mysql = require('mysql2');\nmodule.exports = mysql.createConnection({});\n";
  assert.deepEqual(parsed({ 'db.js': mysql, 'other.ts': UNRELATED }).parsed, ['db.js']);
  const wrapper = "const { connect } = require('./lib/mysql');\nmodule.exports = connect();\n";
  assert.deepEqual(parsed({ 'db.js': wrapper, 'other.ts': UNRELATED }).parsed, []);
  assert.deepEqual(parsed({ 'db.js': wrapper, 'other.ts': UNRELATED }, { drivers: { mysql2: ['./lib/mysql'] } }).parsed, ['db.js']);
  assert.deepEqual(parsed({ 'db.js': "import { Client } from 'my-pg';\nexport const db = new Client();\n" }, { pgModules: ['my-pg'] }).parsed, ['db.js']);
});

test('a file that later starts importing the client is parsed then, and its finding appears', () => {
  const ws = new Workspace({ displayRoot: '/ws' });
  ws.updateFile('/ws/db.js', DB);
  ws.updateFile('/ws/app.js', "const express = require('express');\nmodule.exports = express();\n");
  assert.deepEqual(ws.getFindings(), []);
  assert.equal(ws.facts('/ws/app.js'), undefined);
  ws.updateFile('/ws/app.js', APP);
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
});

test('candidate literals: every real specifier is a candidate, whatever a regex literal or an apostrophe does to a tokenizer', () => {
  const text = "const quote = /'/; const db = require('./db');\nconst s = \"it's\"; import('./lazy');\n// don't\nexport * from `./all`;\nconst t = `${x}`;\nconst e = '\\x2e/escaped';\n";
  const candidates = stringLiteralCandidates(text);
  for (const specifier of ['./db', './lazy', './all', './escaped']) assert.ok(candidates.includes(specifier), `${specifier} in ${JSON.stringify(candidates)}`);
  assert.ok(!candidates.some((c) => c.includes('${')), 'a template with a substitution is no specifier');
});

test('summaries: oversized and binary files carry the notice a parse would have given; link needles', () => {
  assert.match(summarize('/ws/big.js', 'x'.repeat(MAX_PARSE_CHARS + 1)).notices[0].message, /larger than 2 MB/);
  assert.match(summarize('/ws/bin.js', 'a\u0000b').notices[0].message, /binary/);
  assert.deepEqual(summarize('/ws/a.ts', "@Inject('DB') db").links, ['di']);
  assert.deepEqual(summarize('/ws/a.ts', 'global.db = 1').links, []);
  assert.deepEqual(summarize('/ws/a.ts', 'const \\u0064b = 1').links, ['di'], 'an escaped identifier could hide any needle');
  assert.deepEqual(summarize('/ws/a.ts', 'const a = 1').links, []);
});

test('DI tokens join files without imports: a file injecting a token a selected file provides is parsed', () => {
  const provider = "import { Client } from 'pg';\nexport const providers = [{ provide: 'PG', useValue: new Client() }];\n";
  const consumer = "import { Inject } from '@nestjs/common';\nexport class Users {\n  constructor(@Inject('PG') private readonly pg: any) {}\n}\n";
  const otherToken = "import { Inject } from '@nestjs/common';\nexport class Mail {\n  constructor(@Inject('SMTP') private readonly smtp: any) {}\n}\n";
  // mail.service.ts could hold a DI node, but not one naming 'PG': left out.
  assert.deepEqual(parsed({ 'db.providers.ts': provider, 'users.service.ts': consumer, 'mail.service.ts': otherToken, 'other.ts': UNRELATED }).parsed, [
    'db.providers.ts',
    'users.service.ts',
  ]);
  // An identifier token: the consumer names it in its text.
  const byName = "import { Client } from 'pg';\nexport const providers = [{ provide: PG_CONNECTION, useValue: new Client() }];\n";
  const injectsByName = "export class Users {\n  constructor(@Inject(PG_CONNECTION) private readonly pg: any) {}\n}\n";
  assert.deepEqual(parsed({ 'db.providers.ts': byName, 'users.service.ts': injectsByName, 'mail.service.ts': otherToken }).parsed, ['db.providers.ts', 'users.service.ts']);
});

test('a driver name written where no specifier can be (a vendored bundle\'s `{name:"pg"}`) does not select the file; every specifier form does', () => {
  const bundle = 'var x={name:"pg",version:"2.9.7"};if(t==="pg")x.opts=["pg"];\n';
  assert.deepEqual(parsed({ 'vendor.min.js': bundle, 'other.ts': UNRELATED }).parsed, []);
  const forms = [
    "import { Client } from 'pg';",
    "import 'pg';",
    "export { Client } from \"pg\";",
    "import pg = require('pg');",
    'const pg = require(`pg`);',
    "const pg = require( /* the driver */ 'pg');",
    "const pg = await import(\n  'pg');",
    "import { Client } from // the driver\n  'pg';",
    "import { Client } fr\\u006fm 'pg';",
  ];
  for (const form of forms) assert.ok(parsed({ 'db.ts': form, 'other.ts': UNRELATED }).parsed.includes('db.ts'), form);
});

test('a driver file that only names the module (a loader, a type import) creates nothing: its importers are not parsed, until it creates a client', () => {
  const loader = "import type { Client } from 'pg';\nexport let driver: Client | undefined;\nexport const label = 'none';\n";
  const user = "import { driver, label } from './loader';\nimport express from 'express';\nconst app = express();\napp.get('/', async (req, res) => res.send(await driver?.query(label)));\napp.get('/b', async (req, res) => res.send(await driver?.query(label)));\n";
  const files = { 'loader.ts': loader, 'app.ts': user, 'other.ts': UNRELATED };
  assert.deepEqual(parsed(files), { parsed: ['loader.ts'], rules: [] });
  const ws = new Workspace({ displayRoot: '/ws' });
  for (const [path, text] of Object.entries(files)) ws.updateFile(`/ws/${path}`, text);
  assert.deepEqual(ws.getFindings(), []);
  // The same candidate literals, so the same text scan: only the new facts (a creation) can redo the selection.
  const creating = "import { Client } from 'pg';\nexport let driver: Client | undefined = new Client();\nexport const label = 'none';\n";
  assert.deepEqual(summarize('/ws/loader.ts', creating), summarize('/ws/loader.ts', loader));
  ws.updateFile('/ws/loader.ts', creating);
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
  assert.ok(ws.facts('/ws/app.ts') !== undefined);
});

test('a name published with a value that reaches no client (`app.set(\'version\', pkg.version)`) selects nothing; once the value is the client, the files naming it are parsed', () => {
  const app = (value: string) =>
    "const { Pool } = require('pg');\nconst express = require('express');\nconst pkg = require('./package.json');\nconst pool = new Pool();\nconst app = express();\n" +
    `app.set('db', ${value});\napp.get('/', async (req, res) => res.json((await pool.query('SELECT 1')).rows));\nmodule.exports = app;\n`;
  const route = "module.exports = async (req, res) => res.json((await req.app.get('db').query('SELECT 2')).rows);\n";
  const files = { 'app.js': app('pkg.version'), 'routes/list.js': route, 'other.ts': UNRELATED };
  assert.deepEqual(parsed(files).parsed, ['app.js']);
  const ws = new Workspace({ displayRoot: '/ws' });
  for (const [path, text] of Object.entries(files)) ws.updateFile(`/ws/${path}`, text);
  ws.getFindings();
  assert.equal(ws.facts('/ws/routes/list.js'), undefined);
  // The same text scan and the same tokens: only the reach of `reg:db` changed.
  assert.deepEqual(summarize('/ws/app.js', app('pool')), summarize('/ws/app.js', app('pkg.version')));
  ws.updateFile('/ws/app.js', app('pool'));
  const reference = new Workspace({ displayRoot: '/ws', selectFiles: false });
  for (const [path, text] of Object.entries({ ...files, 'app.js': app('pool') })) reference.updateFile(`/ws/${path}`, text);
  assert.deepEqual(ws.getFindings(), reference.getFindings());
  assert.ok(ws.facts('/ws/routes/list.js') !== undefined, 'routes/list.js reads the client by its name');
  assert.equal(ws.facts('/ws/other.ts'), undefined);
});

test('importers are parsed only once the file exports something that reaches the client; an edit that makes an export reach it parses them then', () => {
  const db = (body: string) => `import { Client } from 'pg';\nconst client = new Client();\nexport const label = 'orders-db';\nexport async function query(text: string) {\n  return ${body};\n}\n`;
  const app = "import express from 'express';\nimport { query, label } from './db';\nconst app = express();\napp.get('/a', async (req, res) => res.json(await query('SELECT 1')));\napp.get('/b', async (req, res) => res.json({ label, rows: await query('SELECT 2') }));\n";
  const files = { 'db.ts': db('text.length'), 'app.ts': app, 'other.ts': UNRELATED };
  assert.deepEqual(parsed(files), { parsed: ['db.ts'], rules: [] });
  const ws = new Workspace({ displayRoot: '/ws' });
  for (const [path, text] of Object.entries(files)) ws.updateFile(`/ws/${path}`, text);
  assert.deepEqual(ws.getFindings(), []);
  assert.equal(ws.facts('/ws/app.ts'), undefined);
  const reaching = db('client.query(text)');
  assert.deepEqual(summarize('/ws/db.ts', reaching), summarize('/ws/db.ts', db('text.length')), 'the same text scan: only the facts say the export now reaches the client');
  ws.updateFile('/ws/db.ts', reaching);
  const reference = new Workspace({ displayRoot: '/ws', selectFiles: false });
  for (const [path, text] of Object.entries({ ...files, 'db.ts': reaching })) reference.updateFile(`/ws/${path}`, text);
  assert.deepEqual(ws.getFindings(), reference.getFindings());
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
  assert.ok(ws.facts('/ws/app.ts') !== undefined);
});

test('a module that re-exports a driver makes its importers driver files: the one creating a client through it is parsed, and its importers', () => {
  const files = {
    'lib/pg.js': "module.exports = require('pg');\n",
    'lib/chain.js': "export * from './pg';\n",
    'db.js': "const pg = require('./lib/pg');\nconst db = new pg.Client();\nmodule.exports = db;\n",
    'app.js': APP,
    'scripts/check.js': "const { types } = require('../lib/pg');\ntypes.setTypeParser(20, Number);\n",
    'scripts/report.js': "const check = require('./check');\nconsole.log(check);\n",
    'util/format.ts': UNRELATED,
  };
  const result = parsed(files);
  // check.js imports the re-exporter (a driver file, parsed) but creates nothing: report.js is not parsed.
  assert.deepEqual(result.parsed, ['app.js', 'db.js', 'lib/chain.js', 'lib/pg.js', 'scripts/check.js']);
  assert.deepEqual(result.rules, ['shared-client']);
  // Through a chain of re-exporters (`export * from './pg'` re-exports the driver too).
  const chained = parsed({ ...files, 'db.js': "import { Client } from './lib/chain';\nconst db = new Client();\nmodule.exports = db;\n" });
  assert.deepEqual(chained.rules, ['shared-client']);
  // A module that re-exports only another SDK's `Client` is no driver: nothing is parsed.
  assert.deepEqual(parsed({ ...files, 'lib/pg.js': "module.exports = require('discord.js');\n", 'lib/chain.js': UNRELATED }), { parsed: [], rules: [] });
});

test('a re-exporter that changes re-analyses its importers: the finding comes and goes with the re-export', () => {
  const ws = new Workspace({ displayRoot: '/ws' });
  ws.updateFile('/ws/lib/db.js', "module.exports = { version: 1 };\n");
  ws.updateFile('/ws/db.js', "const lib = require('./lib/db');\nconst db = new lib.Client();\nmodule.exports = db;\n");
  ws.updateFile('/ws/app.js', APP);
  assert.deepEqual(ws.getFindings(), []);
  ws.updateFile('/ws/lib/db.js', "const pg = require('pg');\nmodule.exports = pg;\n");
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
  ws.updateFile('/ws/lib/db.js', "const pg = require('discord.js');\nmodule.exports = pg;\n");
  assert.deepEqual(ws.getFindings(), []);
  ws.updateFile('/ws/lib/db.js', "export { Client } from 'pg';\n");
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
  ws.removeFile('/ws/lib/db.js');
  assert.deepEqual(ws.getFindings(), []);
});

test('facts computed elsewhere without the re-exports the file now sees are not installed: they are asked for again', () => {
  const ws = new Workspace({ displayRoot: '/ws', readText: (path) => texts[path] });
  const texts: Record<string, string> = {
    '/ws/lib/db.js': "export { Client } from 'pg';\n",
    '/ws/db.js': "import { Client } from './lib/db';\nexport const db = new Client();\n",
    '/ws/app.js': "import express from 'express';\nimport { db } from './db';\nexpress().get('/', async () => db.query('SELECT 1'));\n",
  };
  for (const [path, text] of Object.entries(texts)) ws.setSummary(path, ws.summarizeFile(path, text), ws.hashOf(path) ?? 'h:' + text.length);
  for (const [path, text] of Object.entries(texts)) ws.setFacts(ws.analyzeFile(path, text), ws.hashOf(path)!, undefined, ws.summaryOf(path));
  assert.deepEqual(ws.getFindings().map((f) => f.rule), ['shared-client']);
  assert.deepEqual(ws.reexportsFor('/ws/db.js'), { './lib/db': [{ name: 'Client', driver: 'pg', path: 'Client' }] });
});
