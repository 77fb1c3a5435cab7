// Child process of fixtures-live.ts, run as `node --import tsx fixture-loader.cjs <jobs.json>`:
// loads each rewritten fixture module with the real `pg` and sends SELECT 1
// through what it exports. Packages the repo does not install are stubbed
// (stubs/), pg.native and pg-compatible wrappers (neon, a custom module) map
// to the JavaScript pg, and servers do not really listen. Prints one
// `RESULT {json}` line per job. One process for all jobs: starting tsx costs
// seconds, loading one more module milliseconds.
'use strict';
const Module = require('node:module');
const net = require('node:net');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const pg = require('pg');

const jobs = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
let constructed = [];
const BasePool = pg.Pool;
pg.Pool = class RecordingPool extends BasePool {
  constructor(...args) {
    super(...args);
    constructed.push(this);
  }
};
Object.defineProperty(pg, 'native', { value: pg, configurable: true });

const PG_ALIASES = new Set(['@neondatabase/serverless', ...jobs.flatMap((j) => j.aliases)]);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (PG_ALIASES.has(request)) return require.resolve('pg');
  try {
    return resolve.call(this, request, parent, ...rest);
  } catch (err) {
    if (err.code !== 'MODULE_NOT_FOUND' || request.startsWith('.') || request.startsWith('/')) throw err;
    return path.join(__dirname, 'stubs', request === '@nestjs/common' ? 'nestjs-common.cjs' : 'anything.cjs');
  }
};
Module.register(pathToFileURL(path.join(__dirname, 'stubs', 'esm-hooks.mjs')), {
  data: { aliases: [...PG_ALIASES], stub: path.join(__dirname, 'stubs', 'anything.cjs') },
});
net.Server.prototype.listen = function (...args) {
  const done = args.find((a) => typeof a === 'function');
  if (done) setImmediate(done);
  return this;
};
let rejections = [];
process.on('unhandledRejection', (reason) => rejections.push(String(reason && reason.stack ? reason.stack : reason)));

const isPool = (v) => v instanceof BasePool;
const canQuery = (v) => v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.query === 'function';
const isClass = (f) => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

async function selectOne(queryable) {
  const result = await queryable.query('SELECT 1 AS one');
  const rows = Array.isArray(result) ? result : result && result.rows;
  if (!Array.isArray(rows) || rows.length !== 1 || Number(rows[0].one) !== 1) throw new Error(`SELECT 1 gave ${JSON.stringify(result)}`);
}

const GETTER = /^(get|create|connect|use|open)|^(db|pool|client|database|pg|sql)$/i;

async function check(target) {
  const ns = await import(pathToFileURL(target).href);
  const candidates = [];
  const add = (name, value) => candidates.push([name, value]);
  for (const [name, value] of Object.entries(ns)) add(name, value);
  if (ns.default && typeof ns.default === 'object') for (const [name, value] of Object.entries(ns.default)) add(`default.${name}`, value);
  const tried = [];
  for (const [name, value] of candidates) {
    try {
      if (isPool(value) || (typeof value === 'object' && canQuery(value))) {
        await selectOne(value);
        return `${name}.query()`;
      }
      if (typeof value === 'function' && !isClass(value) && value.length === 0 && GETTER.test(name.replace(/^default\./, ''))) {
        const got = await value();
        if (isPool(got) || canQuery(got)) {
          await selectOne(got);
          return `${name}().query()`;
        }
      }
    } catch (err) {
      tried.push(`${name}: ${err.message}`);
    }
  }
  for (const { metadata } of (globalThis.__pgPoolGuardNestModules ?? []).splice(0)) {
    for (const provider of (metadata && metadata.providers) || []) {
      if (!provider || typeof provider.useFactory !== 'function') continue;
      const got = await provider.useFactory();
      if (isPool(got)) {
        await selectOne(got);
        return `provider ${String(provider.provide)}: useFactory().query()`;
      }
    }
  }
  if (constructed.length > 0) {
    await selectOne(constructed[0]);
    return `the Pool it constructs (not exported as such${tried.length ? `; ${tried.join('; ')}` : ''})`;
  }
  throw new Error(`no Pool was constructed${tried.length ? `; ${tried.join('; ')}` : ''}`);
}

async function run(job) {
  constructed = [];
  rejections = [];
  const via = await check(job.module);
  for (const pool of constructed) await selectOne(pool);
  if (constructed.length === 0) throw new Error('no Pool was constructed');
  // The module's own startup queries (pool.query('SELECT 1') …) must have settled, and a rejection surfaced.
  const deadline = Date.now() + 10_000;
  while (!constructed.every((p) => p.waitingCount === 0 && p.idleCount === p.totalCount) && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setImmediate(resolve));
  if (rejections.length > 0) throw new Error(`unhandled rejection: ${rejections[0]}`);
  return { ok: true, via, pools: constructed.length };
}

(async () => {
  for (const job of jobs) {
    let verdict;
    try {
      verdict = await run(job);
    } catch (err) {
      const text = String(err && err.stack ? err.stack : err);
      const missing = /database "([^"]+)" does not exist/.exec(text);
      verdict = { ok: false, detail: text.split('\n').slice(0, 3).join(' | '), missingDatabase: missing ? missing[1] : undefined };
    }
    // Close this module's pools before the next one: 100+ modules' idle connections would exhaust max_connections.
    await Promise.all(constructed.map((pool) => pool.end().catch(() => undefined)));
    process.stdout.write(`\nRESULT ${JSON.stringify({ module: job.module, ...verdict })}\n`);
  }
  process.exit(0);
})();
