/**
 * The selection follows an importer of a file with live exports only when the
 * importer's text can name one of them or use the module's namespace as a
 * value (engine/selection/member-use.ts). Findings with and without the
 * selection are compared over the corpus in test/corpus/selection.test.ts
 * (fixture 600 is this shape); these tests pin down what is left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/workspace';
import { mayReachExports } from '../../server/src/engine/selection/member-use';

const DB = [
  "const database = module.exports;",
  "database.init = async function (url) {",
  "  const { Pool } = require('pg');",
  "  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: 5000 });",
  "  database.pool = pool;",
  "};",
  "database.describe = () => 'postgres';",
  '',
].join('\n');
const STATUS = "const db = require('./db');\nexports.show = async (req, res) => res.json(await db.pool.query('SELECT 1'));\n";
const CONTROLLERS = "const controllers = module.exports;\ncontrollers.status = require('./status');\ncontrollers.home = (req, res) => res.send('hi');\n";
const HOME_ROUTE = "const controllers = require('../controllers');\nmodule.exports = (app) => app.get('/', controllers.home);\n";

function run(files: Record<string, string>): { ws: Workspace; parsed: () => string[]; rules: () => string[] } {
  const ws = new Workspace({ displayRoot: '/ws', options: {} });
  for (const [path, text] of Object.entries(files)) ws.updateFile(`/ws/${path}`, text);
  const rules = () => ws.getFindings().map((f) => f.rule);
  const parsed = () => ws.files().filter((f) => ws.facts(f) !== undefined).map((f) => f.slice('/ws/'.length)).sort();
  return { ws, parsed, rules };
}

test('an importer that reads only exports without a path to the Pool is not parsed; one naming the live export, or passing the module on, is', () => {
  const files = {
    'db.js': DB,
    'status.js': STATUS,
    'controllers.js': CONTROLLERS,
    'routes/home.js': HOME_ROUTE,
    'routes/status.js': "const controllers = require('../controllers');\nmodule.exports = (app) => app.get('/status', controllers.status.show);\n",
    'plugins.js': "const controllers = require('./controllers');\nexports.load = (hooks) => hooks.fire('load', { controllers });\n",
    'label.js': "const db = require('./db');\nmodule.exports = () => db.describe.name;\n",
  };
  const { parsed, rules } = run(files);
  rules();
  assert.deepEqual(parsed(), ['controllers.js', 'db.js', 'plugins.js', 'routes/status.js', 'status.js']);
});

test('an edit that makes a left-out importer name the live export parses it then', () => {
  const { ws, parsed, rules } = run({ 'db.js': DB, 'status.js': STATUS, 'controllers.js': CONTROLLERS, 'routes/home.js': HOME_ROUTE });
  rules();
  assert.ok(!parsed().includes('routes/home.js'));
  ws.updateFile('/ws/routes/home.js', "const controllers = require('../controllers');\nmodule.exports = (app) => app.get('/', controllers.status.show);\n");
  rules();
  assert.ok(parsed().includes('routes/home.js'));
});

/** Whether `text`, importing `./db`, may reach the live exports `names` of it. */
function may(text: string, names: string[] = ['pool']): boolean {
  return mayReachExports(text, names, (value) => value === './db');
}

test('member-use: member reads of a required namespace, outside a callee, cannot reach other exports', () => {
  assert.equal(may("const db = require('./db');\nmodule.exports = () => db.describe.name;\n"), false);
  assert.equal(may("const db = require('./db');\nfunction f() { return db.a.b(1) + db.c; }\nif (db.x != null && db.y ? 1 : db.z ?? 2) f();\n"), false);
  assert.equal(may("const db = require('./db');\nconst other = require('./other');\nother.db = 1;\n(0, other.f)();\n"), false);
  assert.equal(may("const db = require('./db');\nconst t = `${db.a}`;\n"), false);
  // The live name elsewhere (another object's member, a file name) is no import of it.
  assert.equal(may("const db = require('./db');\nconst cache = require('./cache');\nmodule.exports = () => [cache.pool, 'pool.js', db.describe.name];\n"), false);
});

test('member-use: naming a live export, or any use of the namespace beyond a member read, may reach it', () => {
  const cases = [
    "const db = require('./db');\nexports.q = () => db.pool.query('SELECT 1');\n",
    "const db = require('./db');\nexports.p = () => db.pool;\n",
    "const { pool } = require('./db');\n",
    "const p = require('./db')['pool'];\n",
    "import { pool as p } from './db';\n",
    "const db = require('./db');\nmodule.exports = db;\n",
    "const db = require('./db');\nregister(db);\n",
    "const db = require('./db');\nconst all = { ...db };\n",
    "const db = require('./db');\nconst k = 'x';\nexport const v = db[k];\n",
    "const db = require('./db');\ndb.query('SELECT 1');\n",
    "const db = require('./db');\n(db.query)('SELECT 1');\n",
    "const db = require('./db');\ndb.query?.('SELECT 1');\n",
    "const db = require('./db');\ndb.query!('SELECT 1');\n",
    "const db = require('./db');\ndb.query<Row>('SELECT 1');\n",
    "const db = require('./db');\ndb.query`SELECT 1`;\n",
    "const db = require('./db');\ndb.query\n('SELECT 1');\n",
    "const db = require('./db');\nconst { a } = { a: db };\n",
    "const db = require('./db'), other = 1;\n",
    "module.exports = require('./db');\n",
    "require('./db')(app);\n",
    "import * as db from './db';\n",
    "export * from './db';\n",
    "const db = await import('./db');\n",
    "let db; db = require('./db');\n",
    "const db = require(/* the database */ './db');\n",
    "const \\u0064b = require('./db');\n",
  ];
  for (const text of cases) assert.equal(may(text), true, text);
  // A live export name with an escape in a string key is among the cooked candidates.
  assert.equal(may("const { 'p\\x6fol': p } = require('./db');\n"), true);
});
