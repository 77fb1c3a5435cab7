/**
 * The events engineer's catalogue entries through the fact extractor: the
 * `method` convention (instance methods in a file that imports the module,
 * handler keys), queue concurrency (options, positional, several options),
 * passport, start-up events and resolver maps held by reference.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, contexts, imports } from './helpers/facts';

const summary = (source: string, path?: string) =>
  contexts(analyze(source, path)).map((c) => [c.entry, c.detail, c.perRequest, c.sequential ?? false, c.once ?? false]);

describe('the method convention', () => {
  it('Telegraf handlers on a bot received as a parameter count when the file imports telegraf, even type-only', () => {
    const source = [
      `import type { Telegraf } from 'telegraf';`,
      `export function register(bot: Telegraf) {`,
      `  bot.start(async (ctx) => {});`,
      `  bot.command('list', async (ctx) => {});`,
      `  bot.hears(/hi/, async (ctx) => {});`,
      `  bot.on('text', async (ctx) => {});`,
      `}`,
    ].join('\n');
    assert.deepEqual(summary(source), [
      ['telegraf.handler', 'start', true, false, false],
      ['telegraf.handler', 'command("list")', true, false, false],
      ['telegraf.handler', 'hears', true, false, false],
      ['telegraf.listener', 'on("text")', true, false, false],
    ]);
  });

  it('the same method names mean nothing in a file that does not import the module', () => {
    assert.deepEqual(summary(`export function register(bot: any) {\n  bot.command('list', async () => {});\n  agenda.define('x', async () => {});\n}`), []);
  });

  it('WizardScene steps are Telegraf handlers', () => {
    const source = `import { Scenes } from 'telegraf';\nexport const s = new Scenes.WizardScene('signup', async (ctx) => {}, async (ctx) => {});`;
    assert.deepEqual(summary(source), [['telegraf.wizard-step', 'signup', true, false, false]]);
  });

  it('kafkajs: eachMessage/eachBatch handlers are found by their keys, in any file', () => {
    assert.deepEqual(summary(`export async function go(consumer: any) {\n  await consumer.run({ eachMessage: async () => {} });\n}`),
      [['kafkajs.consumer', 'run({ eachMessage })', false, true, false]]);
    assert.deepEqual(summary(`export async function go(consumer: any) {\n  await consumer.run({ partitionsConsumedConcurrently: 4, eachBatch: handle });\n}\nasync function handle() {}`),
      [['kafkajs.consumer', 'run({ eachBatch })', false, false, false]]);
    assert.deepEqual(summary(`export async function go(task: any) {\n  await task.run({ retries: 2 });\n}`), []);
  });

  it('a handler by reference gets a ref edge', () => {
    const facts = analyze(`import amqp from 'amqplib';\nasync function onMessage(msg: any) {}\nexport function go(ch: any) { ch.consume('q', onMessage); }`);
    const [consume] = contexts(facts);
    assert.equal(consume.entry, 'amqplib.consume');
    assertEdge(facts, consume.id, 'b:onMessage', 'ref');
  });
});

describe('queue concurrency', () => {
  const beeQueue = (args: string) => summary(`import Queue from 'bee-queue';\nconst q = new Queue('x');\nq.process(${args});`)[0];
  it('Bee-Queue/Bull: a positional number before the handler; a name is skipped; anything unreadable is concurrent', () => {
    assert.equal(beeQueue('async (job) => {}')[3], true);
    assert.equal(beeQueue('1, async (job) => {}')[3], true);
    assert.equal(beeQueue('5, async (job) => {}')[3], false);
    assert.equal(beeQueue(`'resize', 3, async (job) => {}`)[3], false);
    assert.equal(beeQueue(`'resize', async (job) => {}`)[3], true);
    assert.equal(beeQueue('workers, async (job) => {}')[3], false);
  });

  it('Agenda: 5 at a time by default, the handler may sit where the options would', () => {
    const agenda = (args: string) => summary(`import { Agenda } from 'agenda';\nconst a = new Agenda();\na.define(${args});`)[0];
    assert.equal(agenda(`'x', async (job) => {}`)[3], false);
    assert.equal(agenda(`'x', { concurrency: 1 }, async (job) => {}`)[3], true);
    assert.equal(agenda(`'x', { concurrency: 2 }, async (job) => {}`)[3], false);
  });

  it('pg-boss: the largest of teamConcurrency and localConcurrency; teamSize alone fetches, it does not run in parallel', () => {
    const work = (args: string) => summary(`import PgBoss from 'pg-boss';\nconst boss = new PgBoss('');\nboss.work(${args});`)[0];
    assert.equal(work(`'q', async () => {}`)[3], true);
    assert.equal(work(`'q', { teamSize: 5 }, async () => {}`)[3], true);
    assert.equal(work(`'q', { teamSize: 5, teamConcurrency: 5 }, async () => {}`)[3], false);
    assert.equal(work(`'q', { localConcurrency: 3 }, async () => {}`)[3], false);
    assert.equal(work(`'q', options, async () => {}`)[3], false);
  });
});

describe('passport, Electron, ws, start-up events', () => {
  it('strategy verify callbacks (required or renamed) and serializers on a passport parameter', () => {
    const source = [
      `const LocalStrategy = require('passport-local').Strategy;`,
      `const { Strategy: JwtStrategy } = require('passport-jwt');`,
      `module.exports = (passport) => {`,
      `  passport.use(new LocalStrategy({ usernameField: 'email' }, async (email, password, done) => {}));`,
      `  passport.use(new JwtStrategy({}, async (payload, done) => {}));`,
      `  passport.deserializeUser(async (id, done) => {});`,
      `};`,
    ].join('\n');
    assert.deepEqual(summary(source, '/w/config/passport.js').map((c) => [c[0], c[1]]), [
      ['passport.strategy', 'verify'], ['passport.strategy', 'verify'], ['passport.session', 'deserializeUser'],
    ]);
  });

  it('ipcMain.handle is per request; ws listeners are WebSocket handlers; listening/ready run once', () => {
    assert.deepEqual(summary(`const { ipcMain } = require('electron');\nipcMain.handle('a', async () => 1);`, '/w/main.js'),
      [['electron.ipc-handle', 'handle("a")', true, false, false]]);
    const ws = contexts(analyze(`import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({});\nwss.on('listening', () => {});\nwss.on('connection', (s) => {});`));
    assert.deepEqual(ws.map((c) => [c.entry, c.contextKind, c.once ?? false]), [
      ['node.lifecycle-event', 'lifecycle event', true], ['ws.listener', 'WebSocket handler', false],
    ]);
  });
});

describe('resolver maps held by reference', () => {
  it('{ Query, Mutation } of required modules and rootValue: root', () => {
    const facts = analyze([
      `const Query = require('./resolvers/Query');`,
      `const mutations = require('./resolvers/Mutation');`,
      `const root = { hello: () => 'hi' };`,
      `const resolvers = { Query, Mutation: mutations, Link: { url: (p) => p.url } };`,
      `graphqlHTTP({ schema, rootValue: root });`,
    ].join('\n'), '/w/index.js');
    const details = contexts(facts).map((c) => c.detail);
    assert.deepEqual(details, ['Query', 'Mutation', 'Link.url', 'rootValue']);
    const query = imports(facts).find((i) => i.localName === 'Query')!;
    assertEdge(facts, contexts(facts)[0].id, query.id, 'ref');
    assertEdge(facts, contexts(facts)[3].id, 'b:root', 'ref');
  });

  it('an object with a Query key that holds a plain value is no resolver map', () => {
    assert.deepEqual(contexts(analyze(`const opts = { Query: 'users', limit: 5 };`)), []);
  });
});

describe('passport strategies whose module is the class', () => {
  it("require('passport-local') and a default import are the Strategy", () => {
    assert.deepEqual(summary(`const LocalStrategy = require('passport-local');\npassport.use(new LocalStrategy(async (u, p, done) => {}));`, '/w/a.js').map((c) => c[0]),
      ['passport.strategy']);
    assert.deepEqual(summary(`import GoogleStrategy from 'passport-google-oauth20';\nnew GoogleStrategy({}, async (a, r, profile, done) => {});`).map((c) => c[0]),
      ['passport.strategy']);
    assert.deepEqual(summary(`import * as jwt from 'passport-jwt';\nnew jwt.ExtractJwt(async () => {});`), []);
  });
});

describe('amqplib prefetch', () => {
  const consume = (before: string, options = '') =>
    summary(`import amqp from 'amqplib';\nexport async function go(ch: any) {\n  ${before}\n  ch.consume('q', async (msg: any) => {}${options});\n}`)[0][3];
  it('prefetch(1) on the same channel before consume makes it sequential', () => {
    assert.equal(consume(''), false);
    assert.equal(consume('await ch.prefetch(1);'), true);
    assert.equal(consume('await ch.prefetch(1);', ', { noAck: false }'), true);
  });
  it('no limit, another channel, a variable, noAck: true, or prefetch(0) stay concurrent', () => {
    assert.equal(consume('await ch.prefetch(10);'), false);
    assert.equal(consume('await other.prefetch(1);'), false);
    assert.equal(consume('await ch.prefetch(n);'), false);
    assert.equal(consume('await ch.prefetch(1);', ', { noAck: true }'), false);
    assert.equal(consume('await ch.prefetch(0);'), false);
    assert.equal(consume('const later = () => ch.prefetch(1);'), false);
  });
});

describe('NestJS passport strategies', () => {
  it('validate() of a class extending PassportStrategy(…) from @nestjs/passport, not of a look-alike', () => {
    const strategy = (from: string) => summary([
      `import { PassportStrategy } from '${from}';`,
      `import { Strategy } from 'passport-local';`,
      `export class LocalStrategy extends PassportStrategy(Strategy) {`,
      `  async validate(username: string, password: string) { return { username }; }`,
      `  helper() {}`,
      `}`,
    ].join('\n')).map((c) => [c[0], c[1]]);
    assert.deepEqual(strategy('@nestjs/passport'), [['nestjs.passport-strategy', 'LocalStrategy.validate']]);
    assert.deepEqual(strategy('./my-mixins'), []);
  });
});
