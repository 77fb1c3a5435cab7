/**
 * The concurrency-context catalogue: every framework convention that makes
 * code run concurrently (a route handler, an event listener, a resolver,
 * Promise.all, a cron job …), as data. The fact extractor compiles it once
 * (facts/contextIndex.ts) and one matcher per convention reads it
 * (facts/contexts.ts for calls and `new`, facts/classes.ts for decorators,
 * facts/objects.ts for resolver maps, facts/fileContexts.ts for file paths
 * and directives). docs/contexts.md lists every entry (checked by
 * test/engine/catalogue.test.ts).
 *
 * Adding a framework: one entry here (an existing convention, or a new
 * convention with its matcher), one fixture in test/fixtures/, one row in
 * docs/contexts.md.
 */

/**
 * How often the code of a context runs.
 * - per-request: once per request / event / message, many at a time (route handlers, listeners, resolvers);
 *   `client-reuse` looks for connect()/end() only inside these.
 * - concurrently: repeatedly or in parallel, but not per request (Promise.all, fan-outs, timers, cron, queue jobs).
 * - once: once per process, like top-level code (lifecycle hooks): never makes a Client shared, and
 *   connect()/end() inside is not per request.
 */
export type Runs = 'per-request' | 'concurrently' | 'once';

/** What kind of entry point it is (docs grouping; rules may ask). */
export type EntryPointKind =
  | 'http-route' | 'middleware' | 'http-server' | 'lifecycle' | 'event' | 'graphql' | 'server-action' | 'server-render'
  | 'fan-out' | 'timer' | 'queue';

/**
 * A queue consumer's concurrency: jobs run `default` at a time unless the
 * options object (argument `optionsArg`) sets `option` to a number literal.
 * At most one at a time, a consumer is sequential: it shares a Client only
 * together with another context.
 */
export interface QueueConcurrency {
  readonly optionsArg: number;
  /** The option, or several (the largest literal wins: pg-boss `teamSize` / `localConcurrency`). */
  readonly option: string | readonly string[];
  readonly default: number;
  /**
   * The concurrency is a positional number instead (`queue.process(5, handler)`,
   * `queue.process('name', 5, handler)`): the first number literal before the
   * last argument; string literals (job names) are skipped.
   */
  readonly positional?: boolean;
  /**
   * The concurrency is set by a call on the same receiver instead, in the same
   * function (`channel.prefetch(1)` before `channel.consume(…)`); the options
   * object (`optionsArg`) setting `unlessOption` to `true` voids it (`noAck`:
   * the broker then ignores the prefetch limit).
   */
  readonly receiverCall?: { readonly method: string; readonly unlessOption?: string };
}

/**
 * Which call arguments are handlers: `args[from..to)` (to: the end when absent), or the last handler among all.
 * `properties`: an options object among those arguments hands its handlers in these members
 * (`Bun.serve({ fetch(req) {} })`, `Deno.serve({ handler })`).
 */
export type HandlerArgs = { readonly from: number; readonly to?: number; readonly properties?: readonly string[] } | 'last';

interface EntryBase {
  /** Unique, `framework.what`: ContextNode.entry, docs/contexts.md. */
  readonly id: string;
  /** Who defines the convention, for the docs. */
  readonly framework: string;
  /** What messages call the context (ContextNode.contextKind): `Express handler GET /users → db`. */
  readonly label: string;
  readonly kind: EntryPointKind;
  readonly runs: Runs;
}

/**
 * `x.get(path, …handlers)` and the other route methods, `x.route(path).get(…)`,
 * `x.use(…)`, and route objects `x.route({ method, url | path, handler })`, on
 * any receiver. The label comes from the first router entry whose
 * `fileImports` the file imports; the entry without `fileImports` is the fallback.
 */
export interface RouterEntry extends EntryBase {
  readonly convention: 'router';
  readonly fileImports?: readonly string[];
  readonly methods: readonly string[];
  /** Label of `x.use(…)` contexts (default: `label`). */
  readonly middlewareLabel?: string;
}

/**
 * `x.on(event, handler)` (and addListener / prependListener) on any receiver
 * but `process` and a pg Client. The first listener entry whose `events` and
 * `fileImports` (each when present) match gives the label. Events in
 * LISTENER_IGNORED_EVENTS are never contexts.
 */
export interface ListenerEntry extends EntryBase {
  readonly convention: 'listener';
  readonly events?: readonly string[];
  readonly fileImports?: readonly string[];
}

/** `x.addHook('name', handler)` on any receiver; the first entry whose `names` (when present) include the name. */
export interface HookEntry extends EntryBase {
  readonly convention: 'hook';
  readonly methods: readonly string[];
  readonly names?: readonly string[];
}

/**
 * A call of a module's export, as `ns.fn(…)` (ns imported from one of
 * `modules`) or `fn(…)` (fn imported from one of them, under any local name);
 * `global`: the unshadowed global of that name counts too.
 */
export interface CallEntry extends EntryBase {
  readonly convention: 'call';
  readonly modules: readonly string[];
  readonly export: string;
  readonly global?: boolean;
  /** `Bun.serve(…)`: the call is a member of this unshadowed global (a runtime's namespace). */
  readonly globalNamespace?: string;
  readonly handlers: HandlerArgs;
  /**
   * `arg0`: the first argument's text when it is a string literal (a cron expression); else fixed text;
   * `fileRoute`: the route of the file below that directory, file-router style (Nitro's
   * server/api/users/[id].get.ts → `GET /api/users/[id]`: `routes/` and `index` dropped, a verb suffix is the method).
   */
  readonly detail: 'arg0' | { readonly text: string } | { readonly fileRoute: string };
  readonly concurrency?: QueueConcurrency;
}

/** `new X(…)` of a module's export (`new Worker('emails', fn)`, `new ns.X(…)`). */
export interface NewEntry extends EntryBase {
  readonly convention: 'new';
  readonly modules: readonly string[];
  readonly export: string;
  /** The module's value is that class too (`const LocalStrategy = require('passport-local')`, a default import). */
  readonly moduleValue?: boolean;
  readonly handlers: HandlerArgs;
  readonly detail: 'arg0' | { readonly text: string };
  readonly concurrency?: QueueConcurrency;
}

/**
 * `x.m(…handlers)` on any receiver, in a file that imports one of
 * `fileImports` (a type-only import counts: a function that receives the bot
 * as a parameter typed `Telegraf` registers handlers on it). For instances
 * whose class the file may never name (Telegraf's `bot`, an Agenda, a
 * Bee-Queue, Electron's `ipcMain`). With `handlerKeys` the handlers are those
 * keys of the object argument (kafkajs `consumer.run({ eachMessage })`), and
 * the keys are enough: such a call counts in any file.
 * Detail: `command("start")` (the first argument when it is a string literal), else the method.
 */
export interface MethodEntry extends EntryBase {
  readonly convention: 'method';
  readonly fileImports?: readonly string[];
  readonly methods: readonly string[];
  readonly handlers: HandlerArgs;
  readonly handlerKeys?: readonly string[];
  readonly concurrency?: QueueConcurrency;
}

/** `Promise.<method>(iterable)` on the global Promise: the iterable's code runs concurrently. */
export interface PromiseCombinatorEntry extends EntryBase {
  readonly convention: 'promise-combinator';
  readonly method: string;
}

/** `xs.map(async (x) => …)` on any receiver: every callback runs at once. */
export interface FanOutEntry extends EntryBase {
  readonly convention: 'fan-out';
  readonly methods: readonly string[];
}

/**
 * A decorator on a class method, imported from any module (a local
 * `function Get()` is not NestJS's). Detail styles:
 * - route: `GET /users/:id`, joined with the class's `prefixDecorator` path (`@Controller('users')`);
 * - field: `Query.users`; `Type.field` for `classTypedDecorators`, whose type is the class's name;
 * - pattern: `@MessagePattern("orders.created")`, or `@Decorator Class.method` without a literal;
 * - method: `@Cron Class.method`.
 */
export interface MethodDecoratorEntry extends EntryBase {
  readonly convention: 'method-decorator';
  readonly decorators: readonly string[];
  readonly detail: 'route' | 'field' | 'pattern' | 'method';
  readonly prefixDecorator?: string;
  readonly classTypedDecorators?: readonly string[];
}

/**
 * A method of a class that `implements` an interface (`class Auth implements NestMiddleware { use() {} }`),
 * or, with `extendsCallOf`, that extends a mixin call imported from one of those modules
 * (`class JwtStrategy extends PassportStrategy(Strategy) { validate() {} }`).
 */
export interface ImplementsEntry extends EntryBase {
  readonly convention: 'implements';
  readonly interface: string;
  readonly method: string;
  readonly extendsCallOf?: readonly string[];
}

/** Object literals mapping root types to resolver functions (`{ Query: { users: () => … } }`, `rootValue: { … }`). */
export interface ResolverMapEntry extends EntryBase {
  readonly convention: 'resolver-map';
  readonly rootTypes: readonly string[];
  readonly rootValueKey: string;
}

/**
 * Exports of files at a conventional path: under a directory named `root`
 * (the last one in the path), optionally only under `root/under`, with a
 * file name (sans extension) in `base`. The route is the path below `root`
 * with route groups `(x)` dropped: `file` keeps the file name (minus `index`),
 * `directory` drops it. Detail: `{export}`, `{route}` and `{base}` are filled in.
 */
export interface FileExportEntry extends EntryBase {
  readonly convention: 'file-export';
  /** Absent: the file may be anywhere (then `base` or `member` says which files). */
  readonly root?: string;
  readonly under?: string;
  readonly base?: readonly string[];
  /** The file name (sans extension) ends with this (`user+api`: Expo Router API routes). */
  readonly baseSuffix?: string;
  /** The export is an object literal with a function member of this name (`export default { fetch() {} }`). */
  readonly member?: string;
  readonly exports: readonly string[];
  readonly route: 'file' | 'directory';
  /** The route starts below `root/under` (Remix's app/routes/x → /x), not below `root`. */
  readonly routeBelowUnder?: boolean;
  /** Only when the export is an async function (React server components). */
  readonly asyncOnly?: boolean;
  /** Only when the export is a function. */
  readonly functionOnly?: boolean;
  /** Not in a file that imports one of these (an Express app's `api/index.js` registering routes is no function endpoint). */
  readonly unlessImports?: readonly string[];
  readonly detail: string;
}

/**
 * A tRPC-style procedure: `x.query(fn)` / `.mutation(fn)` / `.subscription(fn)` whose only argument is the
 * resolver, on a builder: a chain through `builderMethods` (`.input(schema)`, `.use(mw)`), the
 * `builderProperty` (`t.procedure`), or an identifier imported or bound at module level (`publicProcedure`).
 * A known client's `query` is never one.
 */
export interface ProcedureEntry extends EntryBase {
  readonly convention: 'procedure';
  readonly methods: readonly string[];
  readonly builderMethods: readonly string[];
  readonly builderProperty: string;
}

/** A directive prologue (`'use server'`): in a function, the function; at the top of a file, its exported functions. */
export interface DirectiveEntry extends EntryBase {
  readonly convention: 'directive';
  readonly directive: string;
}

export type ContextEntry =
  | RouterEntry | ListenerEntry | HookEntry | CallEntry | NewEntry | MethodEntry | PromiseCombinatorEntry | FanOutEntry | ProcedureEntry
  | MethodDecoratorEntry | ImplementsEntry | ResolverMapEntry | FileExportEntry | DirectiveEntry;

export type Convention = ContextEntry['convention'];

export const HTTP_ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use'] as const;
export const HTTP_MODULES = ['http', 'https', 'http2', 'node:http', 'node:https', 'node:http2'] as const;
/** Request handlers exported by name from a route module (Next.js, SvelteKit, Astro, SolidStart, Expo Router …). */
export const HTTP_VERB_EXPORTS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
/** h3's event handlers: imported from h3/Nitro, or Nuxt's and Nitro's auto-imported globals. */
const H3_MODULES = ['h3', 'nitropack', 'nitropack/runtime', '#imports'] as const;

export const PASSPORT_STRATEGY_MODULES = [
  'passport-local', 'passport-jwt', 'passport-http-bearer', 'passport-google-oauth20', 'passport-google-oauth2', 'passport-github2',
  'passport-github', 'passport-facebook', 'passport-twitter', 'passport-discord', 'passport-oauth2', 'passport-custom', 'passport-headerapikey',
] as const;

/** Listener methods of the `listener` convention. */
export const LISTENER_METHODS: readonly string[] = ['on', 'addListener', 'prependListener'];
/** Events that fire once (shutdown, errors) or only on a pg Client: never concurrent contexts. */
export const LISTENER_IGNORED_EVENTS: readonly string[] = [
  'end', 'close', 'finish', 'exit', 'error', 'beforeExit', 'SIGINT', 'SIGTERM', 'notification', 'notice',
];

export const CONTEXT_CATALOGUE = [
  // ── HTTP routers (label by the file's imports) ───────────────────────
  { id: 'express.route', framework: 'Express', convention: 'router', fileImports: ['express'], methods: HTTP_ROUTE_METHODS,
    label: 'Express handler', middlewareLabel: 'middleware', kind: 'http-route', runs: 'per-request' },
  { id: 'koa.route', framework: 'Koa, @koa/router, koa-router', convention: 'router', fileImports: ['koa', '@koa/router', 'koa-router'],
    methods: HTTP_ROUTE_METHODS, label: 'Koa handler', kind: 'http-route', runs: 'per-request' },
  { id: 'fastify.route', framework: 'Fastify', convention: 'router', fileImports: ['fastify'], methods: HTTP_ROUTE_METHODS,
    label: 'Fastify handler', middlewareLabel: 'middleware', kind: 'http-route', runs: 'per-request' },
  { id: 'hapi.route', framework: 'hapi', convention: 'router', fileImports: ['@hapi/hapi', 'hapi'], methods: HTTP_ROUTE_METHODS,
    label: 'Hapi handler', middlewareLabel: 'middleware', kind: 'http-route', runs: 'per-request' },
  { id: 'hono.route', framework: 'Hono', convention: 'router', fileImports: ['hono'], methods: HTTP_ROUTE_METHODS,
    label: 'Hono handler', middlewareLabel: 'middleware', kind: 'http-route', runs: 'per-request' },
  { id: 'elysia.route', framework: 'Elysia', convention: 'router', fileImports: ['elysia'], methods: HTTP_ROUTE_METHODS,
    label: 'Elysia handler', kind: 'http-route', runs: 'per-request' },
  { id: 'h3.route', framework: 'h3 routers', convention: 'router', fileImports: ['h3'], methods: HTTP_ROUTE_METHODS,
    label: 'h3 handler', middlewareLabel: 'middleware', kind: 'http-route', runs: 'per-request' },
  { id: 'router.route', framework: 'any router (an app passed in as a parameter)', convention: 'router', methods: HTTP_ROUTE_METHODS,
    label: 'route handler', middlewareLabel: 'middleware', kind: 'http-route', runs: 'per-request' },

  // ── hooks ─────────────────────────────────────────────────────────────
  // Application hooks run once, at start-up or shutdown; request hooks run per request.
  { id: 'fastify.application-hook', framework: 'Fastify', convention: 'hook', methods: ['addHook'],
    names: ['onReady', 'onListen', 'onClose', 'preClose', 'onRoute', 'onRegister'],
    label: 'Fastify lifecycle hook', kind: 'lifecycle', runs: 'once' },
  { id: 'fastify.hook', framework: 'Fastify', convention: 'hook', methods: ['addHook'],
    label: 'Fastify handler', kind: 'http-route', runs: 'per-request' },

  // hapi's server extensions: server start/stop points run once, request lifecycle points per request.
  { id: 'hapi.server-ext', framework: 'hapi', convention: 'hook', methods: ['ext'], names: ['onPreStart', 'onPostStart', 'onPreStop', 'onPostStop'],
    label: 'Hapi server extension', kind: 'lifecycle', runs: 'once' },
  { id: 'hapi.request-ext', framework: 'hapi', convention: 'hook', methods: ['ext'],
    names: ['onRequest', 'onPreAuth', 'onCredentials', 'onPostAuth', 'onPreHandler', 'onPostHandler', 'onPreResponse'],
    label: 'Hapi request extension', kind: 'middleware', runs: 'per-request' },

  // ── HTTP servers ──────────────────────────────────────────────────────
  { id: 'node.http-server', framework: 'Node.js http, https, http2', convention: 'call', modules: HTTP_MODULES, export: 'createServer',
    handlers: { from: 0 }, detail: { text: 'request' }, label: 'HTTP server handler', kind: 'http-server', runs: 'per-request' },

  // ── event listeners (first match gives the label) ─────────────────────
  // Events a server or worker emits once, at start-up: not per request.
  { id: 'node.lifecycle-event', framework: 'EventEmitter (servers, workers, bots)', convention: 'listener', events: ['listening', 'ready', 'clientReady'],
    label: 'lifecycle event', kind: 'lifecycle', runs: 'once' },
  { id: 'node.http-request-event', framework: 'Node.js http servers', convention: 'listener', events: ['request'],
    label: 'HTTP server handler', kind: 'http-server', runs: 'per-request' },
  { id: 'telegraf.listener', framework: 'Telegraf', convention: 'listener', fileImports: ['telegraf'],
    label: 'Telegraf handler', kind: 'event', runs: 'per-request' },
  { id: 'ws.listener', framework: 'ws', convention: 'listener', fileImports: ['ws'],
    label: 'WebSocket handler', kind: 'event', runs: 'per-request' },
  { id: 'socket.io.listener', framework: 'socket.io', convention: 'listener', fileImports: ['socket.io'],
    label: 'socket.io handler', kind: 'event', runs: 'per-request' },
  { id: 'discord.js.listener', framework: 'discord.js', convention: 'listener', fileImports: ['discord.js'],
    label: 'discord.js handler', kind: 'event', runs: 'per-request' },
  { id: 'node.event-listener', framework: 'EventEmitter and anything with .on()', convention: 'listener',
    label: 'event handler', kind: 'event', runs: 'per-request' },

  // ── events: bots, sockets, auth callbacks, queues (events engineer's block) ──
  { id: 'telegraf.handler', framework: 'Telegraf', convention: 'method', fileImports: ['telegraf', 'telegraf/scenes', 'telegraf/filters'],
    methods: ['start', 'help', 'settings', 'command', 'hears', 'action', 'inlineQuery', 'chosenInlineResult', 'mention', 'hashtag', 'enter', 'leave'],
    handlers: { from: 0 }, label: 'Telegraf handler', kind: 'event', runs: 'per-request' },
  { id: 'node-telegram-bot-api.on-text', framework: 'node-telegram-bot-api', convention: 'method', fileImports: ['node-telegram-bot-api'],
    methods: ['onText', 'onReplyToMessage'], handlers: 'last', label: 'Telegram bot handler', kind: 'event', runs: 'per-request' },
  { id: 'telegraf.wizard-step', framework: 'Telegraf', convention: 'new', modules: ['telegraf', 'telegraf/scenes'], export: 'WizardScene',
    handlers: { from: 1 }, detail: 'arg0', label: 'Telegraf handler', kind: 'event', runs: 'per-request' },

  // A strategy's verify callback runs on every login (every request, for a token strategy); deserializeUser on every
  // request of a session.
  { id: 'passport.strategy', framework: 'Passport strategies', convention: 'new', modules: PASSPORT_STRATEGY_MODULES, export: 'Strategy', moduleValue: true,
    handlers: 'last', detail: { text: 'verify' }, label: 'passport callback', kind: 'middleware', runs: 'per-request' },
  { id: 'passport.http-strategy', framework: 'passport-http', convention: 'new', modules: ['passport-http'], export: 'BasicStrategy',
    handlers: 'last', detail: { text: 'verify' }, label: 'passport callback', kind: 'middleware', runs: 'per-request' },
  { id: 'nestjs.passport-strategy', framework: 'NestJS Passport', convention: 'implements', interface: 'PassportStrategy',
    extendsCallOf: ['@nestjs/passport'], method: 'validate', label: 'passport callback', kind: 'middleware', runs: 'per-request' },
  { id: 'passport.session', framework: 'Passport', convention: 'method', fileImports: ['passport', ...PASSPORT_STRATEGY_MODULES],
    methods: ['serializeUser', 'deserializeUser'], handlers: { from: 0 }, label: 'passport callback', kind: 'middleware', runs: 'per-request' },

  // Agenda runs 5 jobs of a definition at a time unless `{ concurrency: 1 }`.
  { id: 'agenda.define', framework: 'Agenda', convention: 'method', fileImports: ['agenda', '@hokify/agenda'], methods: ['define'],
    handlers: 'last', concurrency: { optionsArg: 1, option: 'concurrency', default: 5 }, label: 'queue worker', kind: 'queue', runs: 'concurrently' },

  // kafkajs hands a consumer's messages to eachMessage one at a time unless partitionsConsumedConcurrently > 1.
  { id: 'kafkajs.consumer', framework: 'kafkajs', convention: 'method', fileImports: ['kafkajs'], methods: ['run'],
    handlers: { from: 0 }, handlerKeys: ['eachMessage', 'eachBatch'], concurrency: { optionsArg: 0, option: 'partitionsConsumedConcurrently', default: 1 },
    label: 'queue consumer', kind: 'queue', runs: 'concurrently' },
  // amqplib calls the callback for every delivered message without waiting for the last one; `channel.prefetch(1)`
  // (with acks) hands it one message at a time.
  { id: 'amqplib.consume', framework: 'amqplib, amqp-connection-manager', convention: 'method',
    fileImports: ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'], methods: ['consume'], handlers: { from: 1, to: 2 },
    concurrency: { optionsArg: 2, option: 'prefetch', default: Infinity, receiverCall: { method: 'prefetch', unlessOption: 'noAck' } },
    label: 'queue consumer', kind: 'queue', runs: 'concurrently' },
  // `queue.process(handler)` runs one job at a time; `process(5, handler)` / `process('name', 5, handler)` five.
  { id: 'bee-queue.process', framework: 'Bee-Queue, Bull', convention: 'method', fileImports: ['bee-queue', 'bull'], methods: ['process'],
    handlers: 'last', concurrency: { optionsArg: 0, option: 'concurrency', default: 1, positional: true },
    label: 'queue worker', kind: 'queue', runs: 'concurrently' },
  { id: 'pg-boss.work', framework: 'pg-boss', convention: 'method', fileImports: ['pg-boss'], methods: ['work'],
    handlers: 'last', concurrency: { optionsArg: 1, option: ['teamConcurrency', 'localConcurrency'], default: 1 },
    label: 'queue worker', kind: 'queue', runs: 'concurrently' },
  { id: 'electron.ipc-handle', framework: 'Electron', convention: 'method', fileImports: ['electron'], methods: ['handle'],
    handlers: { from: 1 }, label: 'Electron IPC handler', kind: 'event', runs: 'per-request' },

  // ── classes: NestJS, type-graphql, routing-controllers ────────────────
  { id: 'nestjs.route', framework: 'NestJS, routing-controllers', convention: 'method-decorator',
    decorators: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options'], detail: 'route', prefixDecorator: 'Controller',
    label: 'NestJS handler', kind: 'http-route', runs: 'per-request' },
  { id: 'graphql.resolver-method', framework: 'NestJS GraphQL, type-graphql', convention: 'method-decorator',
    decorators: ['Query', 'Mutation', 'Subscription', 'ResolveField', 'FieldResolver'], detail: 'field',
    classTypedDecorators: ['ResolveField', 'FieldResolver'], label: 'GraphQL resolver', kind: 'graphql', runs: 'per-request' },
  { id: 'nestjs.message-handler', framework: 'NestJS microservices and gateways', convention: 'method-decorator',
    decorators: ['MessagePattern', 'EventPattern', 'SubscribeMessage'], detail: 'pattern',
    label: 'event handler', kind: 'event', runs: 'per-request' },
  { id: 'nestjs.schedule', framework: 'NestJS schedule', convention: 'method-decorator', decorators: ['Cron', 'Interval'], detail: 'method',
    label: 'cron job', kind: 'timer', runs: 'concurrently' },
  { id: 'nestjs.middleware', framework: 'NestJS', convention: 'implements', interface: 'NestMiddleware', method: 'use',
    label: 'middleware', kind: 'middleware', runs: 'per-request' },

  // ── GraphQL resolver maps ─────────────────────────────────────────────
  { id: 'graphql.resolver-map', framework: 'GraphQL resolver maps (Apollo, Mercurius, Yoga, graphql-tools), graphql-js rootValue', convention: 'resolver-map',
    rootTypes: ['Query', 'Mutation', 'Subscription'], rootValueKey: 'rootValue', label: 'GraphQL resolver', kind: 'graphql', runs: 'per-request' },

  // ── Next.js: file paths and directives ────────────────────────────────
  { id: 'nextjs.api-route', framework: 'Next.js pages router', convention: 'file-export', root: 'pages', under: 'api', exports: ['default'],
    route: 'file', detail: 'API {route}', label: 'Next.js API route', kind: 'http-route', runs: 'per-request' },
  { id: 'nextjs.get-server-side-props', framework: 'Next.js pages router', convention: 'file-export', root: 'pages',
    exports: ['getServerSideProps'], route: 'file', detail: 'getServerSideProps {route}', label: 'Next.js API route', kind: 'server-render', runs: 'per-request' },
  { id: 'nextjs.route-handler', framework: 'Next.js app router', convention: 'file-export', root: 'app', base: ['route'],
    exports: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], route: 'directory', detail: '{export} {route}',
    label: 'Next.js route handler', kind: 'http-route', runs: 'per-request' },
  { id: 'nextjs.server-component', framework: 'Next.js app router', convention: 'file-export', root: 'app', base: ['page', 'layout'],
    exports: ['default'], asyncOnly: true, route: 'directory', detail: '{base} {route}',
    label: 'Next.js server component', kind: 'server-render', runs: 'per-request' },
  { id: 'nextjs.server-action', framework: 'Next.js, React server actions', convention: 'directive', directive: 'use server',
    label: 'Next.js server action', kind: 'server-action', runs: 'per-request' },

  // ── HTTP and full-stack frameworks: file conventions ─────────────────
  // SvelteKit: src/routes/**/+server.ts verbs, +page.server / +layout.server `load`, +page.server `actions`,
  // src/hooks.server `handle` (and `handleFetch`): all per request. (`init` in hooks.server runs once: not listed.)
  { id: 'sveltekit.endpoint', framework: 'SvelteKit', convention: 'file-export', root: 'routes', base: ['+server'],
    exports: [...HTTP_VERB_EXPORTS, 'fallback'], route: 'directory', detail: '{export} {route}',
    label: 'SvelteKit endpoint', kind: 'http-route', runs: 'per-request' },
  { id: 'sveltekit.server-load', framework: 'SvelteKit', convention: 'file-export', root: 'routes', base: ['+page.server', '+layout.server'],
    exports: ['load'], route: 'directory', detail: '{base} {route}', label: 'SvelteKit load', kind: 'server-render', runs: 'per-request' },
  { id: 'sveltekit.form-actions', framework: 'SvelteKit', convention: 'file-export', root: 'routes', base: ['+page.server'],
    exports: ['actions'], route: 'directory', detail: '{route}', label: 'SvelteKit form action', kind: 'server-action', runs: 'per-request' },
  { id: 'sveltekit.hooks', framework: 'SvelteKit', convention: 'file-export', root: 'src', base: ['hooks.server'],
    exports: ['handle', 'handleFetch'], route: 'directory', detail: '{export}', label: 'SvelteKit hook', kind: 'middleware', runs: 'per-request' },
  // Expo Router API routes: app/**/name+api.ts exporting verbs.
  { id: 'expo-router.api-route', framework: 'Expo Router', convention: 'file-export', root: 'app', baseSuffix: '+api',
    exports: HTTP_VERB_EXPORTS, route: 'file', detail: '{export} {route}', label: 'Expo Router API route', kind: 'http-route', runs: 'per-request' },
  // Remix and React Router (framework mode): `loader` and `action` of app/routes/** modules.
  { id: 'remix.route-module', framework: 'Remix, React Router (framework mode)', convention: 'file-export', root: 'app', under: 'routes',
    exports: ['loader', 'action'], route: 'file', routeBelowUnder: true, detail: '{export} {route}', label: 'Remix route', kind: 'server-render', runs: 'per-request' },
  // Astro endpoints: src/pages/**/*.ts exporting verbs (Astro ≥ 2 upper case, older lower case; `ALL`/`all` any method).
  { id: 'astro.endpoint', framework: 'Astro', convention: 'file-export', root: 'pages',
    exports: [...HTTP_VERB_EXPORTS, 'ALL', 'get', 'post', 'put', 'patch', 'del', 'all'], route: 'file', detail: '{export} {route}',
    label: 'Astro endpoint', kind: 'http-route', runs: 'per-request' },
  // SolidStart API routes: src/routes/** exporting verbs (after SvelteKit's +server, which claims its own first).
  { id: 'solidstart.api-route', framework: 'SolidStart', convention: 'file-export', root: 'routes',
    exports: HTTP_VERB_EXPORTS, route: 'file', detail: '{export} {route}', label: 'SolidStart API route', kind: 'http-route', runs: 'per-request' },
  // Qwik City: request handlers `onGet`, `onPost` … (and `onRequest`, every method) exported from src/routes/**.
  { id: 'qwik-city.request-handler', framework: 'Qwik City', convention: 'file-export', root: 'routes',
    exports: ['onGet', 'onPost', 'onPut', 'onPatch', 'onDelete', 'onRequest'], route: 'directory', detail: '{export} {route}',
    label: 'Qwik City request handler', kind: 'http-route', runs: 'per-request' },
  // Next.js middleware.ts (`proxy.ts` since Next.js 16), wherever the project keeps it.
  { id: 'nextjs.middleware', framework: 'Next.js', convention: 'file-export', base: ['middleware', 'proxy'],
    exports: ['middleware', 'proxy'], route: 'directory', detail: '{export}', label: 'Next.js middleware', kind: 'middleware', runs: 'per-request' },
  // Vercel functions: the default export (or verbs) of api/**, a function.
  { id: 'vercel.function', framework: 'Vercel functions', convention: 'file-export', root: 'api', functionOnly: true,
    unlessImports: ['express', 'koa', '@koa/router', 'koa-router', 'fastify', '@hapi/hapi', 'hapi', 'hono', 'elysia'],
    exports: ['default', ...HTTP_VERB_EXPORTS], route: 'file', detail: '{export} /api{route}', label: 'Vercel function', kind: 'http-route', runs: 'per-request' },
  // Cloudflare Workers (also Bun and Deno): `export default { fetch(request, env, ctx) { … } }`.
  { id: 'workers.fetch', framework: 'Cloudflare Workers, Bun, Deno', convention: 'file-export', exports: ['default'], member: 'fetch',
    route: 'directory', detail: 'fetch', label: 'fetch handler', kind: 'http-server', runs: 'per-request' },

  // ── HTTP and full-stack frameworks: calls ─────────────────────────────
  // h3 / Nitro / Nuxt server routes: `export default defineEventHandler(async (event) => …)` in server/api/**,
  // server/routes/**, server/middleware/**. Nuxt and Nitro auto-import these, so the unshadowed global counts.
  { id: 'h3.define-event-handler', framework: 'Nuxt, Nitro, h3', convention: 'call', modules: H3_MODULES, export: 'defineEventHandler', global: true,
    handlers: { from: 0, to: 1, properties: ['handler'] }, detail: { fileRoute: 'server' }, label: 'Nitro event handler', kind: 'http-route', runs: 'per-request' },
  { id: 'h3.event-handler', framework: 'Nuxt, Nitro, h3', convention: 'call', modules: H3_MODULES, export: 'eventHandler', global: true,
    handlers: { from: 0, to: 1, properties: ['handler'] }, detail: { fileRoute: 'server' }, label: 'Nitro event handler', kind: 'http-route', runs: 'per-request' },
  { id: 'nitro.cached-event-handler', framework: 'Nuxt, Nitro', convention: 'call', modules: H3_MODULES, export: 'defineCachedEventHandler', global: true,
    handlers: { from: 0, to: 1 }, detail: { fileRoute: 'server' }, label: 'Nitro event handler', kind: 'http-route', runs: 'per-request' },
  { id: 'bun.serve', framework: 'Bun', convention: 'call', modules: ['bun'], export: 'serve', globalNamespace: 'Bun',
    handlers: { from: 0, to: 1, properties: ['fetch'] }, detail: { text: 'fetch' }, label: 'Bun.serve handler', kind: 'http-server', runs: 'per-request' },
  { id: 'deno.serve', framework: 'Deno', convention: 'call', modules: [], export: 'serve', globalNamespace: 'Deno',
    handlers: { from: 0, properties: ['handler'] }, detail: { text: '' }, label: 'Deno.serve handler', kind: 'http-server', runs: 'per-request' },
  // tRPC: `publicProcedure.input(schema).query(async ({ ctx, input }) => …)` and mutations, subscriptions.
  { id: 'trpc.procedure', framework: 'tRPC', convention: 'procedure', methods: ['query', 'mutation', 'subscription'],
    builderMethods: ['input', 'output', 'use', 'meta', 'concat', 'unstable_concat'], builderProperty: 'procedure',
    label: 'tRPC procedure', kind: 'http-route', runs: 'per-request' },

  // ── fan-outs ──────────────────────────────────────────────────────────
  { id: 'promise.all', framework: 'JavaScript', convention: 'promise-combinator', method: 'all', label: 'Promise.all', kind: 'fan-out', runs: 'concurrently' },
  { id: 'promise.all-settled', framework: 'JavaScript', convention: 'promise-combinator', method: 'allSettled', label: 'Promise.allSettled', kind: 'fan-out', runs: 'concurrently' },
  { id: 'promise.race', framework: 'JavaScript', convention: 'promise-combinator', method: 'race', label: 'Promise.race', kind: 'fan-out', runs: 'concurrently' },
  { id: 'promise.any', framework: 'JavaScript', convention: 'promise-combinator', method: 'any', label: 'Promise.any', kind: 'fan-out', runs: 'concurrently' },
  { id: 'array.async-fan-out', framework: 'JavaScript', convention: 'fan-out', methods: ['map', 'forEach', 'flatMap'],
    label: 'async fan-out', kind: 'fan-out', runs: 'concurrently' },

  // ── timers, cron, queues ──────────────────────────────────────────────
  { id: 'node.set-interval', framework: 'JavaScript, Node.js timers', convention: 'call', modules: ['timers', 'node:timers'], export: 'setInterval',
    global: true, handlers: { from: 0, to: 1 }, detail: { text: '' }, label: 'setInterval callback', kind: 'timer', runs: 'concurrently' },
  { id: 'node-cron.schedule', framework: 'node-cron', convention: 'call', modules: ['node-cron'], export: 'schedule',
    handlers: { from: 1 }, detail: 'arg0', label: 'cron job', kind: 'timer', runs: 'concurrently' },
  { id: 'node-schedule.schedule-job', framework: 'node-schedule', convention: 'call', modules: ['node-schedule'], export: 'scheduleJob',
    handlers: 'last', detail: 'arg0', label: 'cron job', kind: 'timer', runs: 'concurrently' },
  { id: 'cron.cron-job', framework: 'cron', convention: 'new', modules: ['cron'], export: 'CronJob',
    handlers: { from: 1, to: 2 }, detail: 'arg0', label: 'cron job', kind: 'timer', runs: 'concurrently' },
  // One job at a time unless `{ concurrency: n }` says otherwise.
  { id: 'bullmq.worker', framework: 'BullMQ', convention: 'new', modules: ['bullmq'], export: 'Worker',
    handlers: { from: 1, to: 2 }, detail: 'arg0', concurrency: { optionsArg: 2, option: 'concurrency', default: 1 },
    label: 'queue worker', kind: 'queue', runs: 'concurrently' },
] as const satisfies readonly ContextEntry[];

type LabelOf<E> = E extends { readonly label: infer L; readonly middlewareLabel: infer M } ? L | M : E extends { readonly label: infer L } ? L : never;

/** The labels of the catalogue: what a ContextNode's `contextKind` can be. */
export type ContextKind = LabelOf<(typeof CONTEXT_CATALOGUE)[number]>;

export type ContextEntryId = (typeof CONTEXT_CATALOGUE)[number]['id'];
