/**
 * The driver table: which modules export database connections, which of their
 * exports create what kind of resource, and how. The fact extractor reads it
 * (facts/driverValues.ts) to record a CreationNode for every resource created
 * (`new Client()`, `new pg.Pool()`, later factory calls such as mysql2's
 * `createConnection()`); rules read the creation's `driver` and `resource`,
 * never the constructor's name. docs/drivers.md lists the table (checked by
 * test/engine/catalogue.test.ts).
 *
 * Adding a driver: one row (its modules, its exports, the labels messages use),
 * one fixture, one line in docs/drivers.md. Rules report only the resource
 * kinds they are about (the shared-connection rules: 'client').
 */
import type { ResourceKind } from '../types';

export type { ResourceKind };

/** An export that creates a resource. */
export interface ResourceExport {
  /** Dotted path from the module's value: 'Client', 'native.Client', 'createConnection'. */
  readonly export: string;
  readonly resource: ResourceKind;
  /** `new Client(config)`, or a factory call `createConnection(config)`. */
  readonly createdBy: 'new' | 'call';
  /**
   * How a connection is checked out of this resource (pools): `pool.connect()`.
   * Recorded for the Pool rules (issue 9); the extractor does not make it a creation yet.
   */
  readonly acquire?: { readonly method: string; readonly resource: ResourceKind };
}

export interface DriverModule {
  readonly specifier: string;
  /** The export the module's value is ('' or absent: the namespace of `exports`). `pg/lib/client`'s value is the Client class. */
  readonly value?: string;
  readonly note?: string;
}

export interface DriverEntry {
  /** Stable key: CreationNode.driver, and the key of the future `drivers` setting. */
  readonly id: string;
  /** The driver's name in the docs. */
  readonly name: string;
  /** Modules with this driver's API, by default (the `pgModules` setting replaces the pg row's list). */
  readonly modules: readonly DriverModule[];
  /**
   * What a module added through the settings is, by the end of its path;
   * otherwise it is the namespace. (`./db/client` is a Client class, as `pg/lib/client` is.)
   */
  readonly modulesBySuffix?: readonly { readonly suffix: string; readonly value: string }[];
  readonly exports: readonly ResourceExport[];
  /** What messages call each resource kind: 'pg Client'. */
  readonly labels: Readonly<Partial<Record<ResourceKind, string>>>;
  /**
   * What the Pool rules know about this driver's pool: `errorEvent`, it
   * emits 'error' for idle clients (and crashes the process without a
   * listener); `acquireTimeout`, the config key that bounds the wait for a
   * free connection when its default is "forever".
   */
  readonly pool?: { readonly errorEvent: boolean; readonly acquireTimeout?: string };
  /** Methods that return the same connection or pool through another API (mysql2's `connection.promise()`). */
  readonly viewMethods?: readonly string[];
  /** Methods that start a transaction on a connection without SQL (`connection.beginTransaction()`). */
  readonly beginMethods?: readonly string[];
  /**
   * Whether the quick fix can rewrite this driver's single connection to its
   * pool; otherwise why not (shown as the refusal reason).
   */
  readonly poolRewrite?: { readonly to: string } | { readonly refused: string };
}

export const DRIVER_TABLE = [
  {
    id: 'pg',
    name: 'node-postgres (pg), and drivers with its API',
    modules: [
      { specifier: 'pg' },
      { specifier: 'pg/lib/client', value: 'Client', note: 'the module is the Client class' },
      { specifier: 'pg/lib/index' },
      { specifier: 'pg/lib' },
      { specifier: '@neondatabase/serverless', note: "Neon's serverless driver: pg's Client and Pool over WebSockets" },
    ],
    modulesBySuffix: [{ suffix: '/client', value: 'Client' }],
    exports: [
      { export: 'Client', resource: 'client', createdBy: 'new' },
      { export: 'Pool', resource: 'pool', createdBy: 'new', acquire: { method: 'connect', resource: 'pool-client' } },
      // pg-native bindings: `pg.native.Client`, `const { Client } = require('pg').native`.
      { export: 'native.Client', resource: 'client', createdBy: 'new' },
      { export: 'native.Pool', resource: 'pool', createdBy: 'new', acquire: { method: 'connect', resource: 'pool-client' } },
    ],
    labels: { client: 'pg Client', pool: 'pg Pool', 'pool-client': 'pg pool client' },
    pool: { errorEvent: true, acquireTimeout: 'connectionTimeoutMillis' },
    poolRewrite: { to: 'Pool' },
  },
  {
    id: 'mysql2',
    name: 'mysql2 (callback and promise APIs)',
    modules: [{ specifier: 'mysql2' }, { specifier: 'mysql2/promise' }],
    exports: [
      { export: 'createConnection', resource: 'client', createdBy: 'call' },
      { export: 'createPool', resource: 'pool', createdBy: 'call', acquire: { method: 'getConnection', resource: 'pool-client' } },
    ],
    labels: { client: 'mysql2 connection', pool: 'mysql2 pool', 'pool-client': 'mysql2 pool connection' },
    viewMethods: ['promise'],
    beginMethods: ['beginTransaction'],
    poolRewrite: { to: 'createPool' },
  },
  {
    id: 'mysql',
    name: 'mysql',
    modules: [{ specifier: 'mysql' }],
    exports: [
      { export: 'createConnection', resource: 'client', createdBy: 'call' },
      { export: 'createPool', resource: 'pool', createdBy: 'call', acquire: { method: 'getConnection', resource: 'pool-client' } },
    ],
    labels: { client: 'mysql connection', pool: 'mysql pool', 'pool-client': 'mysql pool connection' },
    beginMethods: ['beginTransaction'],
    poolRewrite: { refused: "mysql's callback API has no promise-returning getConnection(); check out connections with pool.getConnection((err, conn) => …) and conn.release() by hand" },
  },
  {
    id: 'mariadb',
    name: 'mariadb (MariaDB Connector/Node.js)',
    modules: [{ specifier: 'mariadb' }, { specifier: 'mariadb/callback' }],
    exports: [
      { export: 'createConnection', resource: 'client', createdBy: 'call' },
      { export: 'createPool', resource: 'pool', createdBy: 'call', acquire: { method: 'getConnection', resource: 'pool-client' } },
    ],
    labels: { client: 'mariadb connection', pool: 'mariadb pool', 'pool-client': 'mariadb pool connection' },
    beginMethods: ['beginTransaction'],
    poolRewrite: { refused: "mariadb's createConnection() returns a promise of a connection and createPool() a pool: every `await` of the connection and every use would change; rewrite to mariadb.createPool() by hand" },
  },
  {
    id: 'tedious',
    name: 'tedious (SQL Server)',
    modules: [{ specifier: 'tedious' }],
    exports: [{ export: 'Connection', resource: 'client', createdBy: 'new' }],
    labels: { client: 'tedious Connection' },
    beginMethods: ['beginTransaction'],
    poolRewrite: { refused: 'tedious has no pool of its own (a second request on a busy Connection throws); use a pool library such as tarn or mssql\'s ConnectionPool' },
  },
  {
    id: 'oracledb',
    name: 'node-oracledb',
    modules: [{ specifier: 'oracledb' }],
    exports: [
      { export: 'getConnection', resource: 'client', createdBy: 'call' },
      { export: 'createPool', resource: 'pool', createdBy: 'call', acquire: { method: 'getConnection', resource: 'pool-client' } },
    ],
    labels: { client: 'oracledb connection', pool: 'oracledb pool', 'pool-client': 'oracledb pool connection' },
    poolRewrite: { refused: 'oracledb.createPool() is asynchronous and pooled connections must be closed with connection.close() on every path; rewrite by hand' },
  },
  {
    id: 'vercel-postgres',
    name: '@vercel/postgres',
    modules: [{ specifier: '@vercel/postgres' }],
    exports: [
      { export: 'createClient', resource: 'client', createdBy: 'call' },
      { export: 'createPool', resource: 'pool', createdBy: 'call', acquire: { method: 'connect', resource: 'pool-client' } },
    ],
    labels: { client: '@vercel/postgres client', pool: '@vercel/postgres pool', 'pool-client': '@vercel/postgres pool client' },
    // Its pool is pg's (through @neondatabase/serverless): the same events and options.
    pool: { errorEvent: true, acquireTimeout: 'connectionTimeoutMillis' },
    poolRewrite: { refused: "@vercel/postgres needs a pooled connection string for createPool() (createClient() takes the direct one): change the configuration and rewrite to createPool() or the `sql` export by hand" },
  },
] as const satisfies readonly DriverEntry[];

export type DriverId = (typeof DRIVER_TABLE)[number]['id'];

/**
 * Module specifiers per driver row, as the engine options give them. Today
 * only `pgModules` (the pg row); the `drivers` setting (issue 9) will be this
 * shape, `{ "mysql2": ["mysql2", "./lib/mysql"] }`, with `pgModules` kept as
 * `drivers.pg`.
 */
export type DriverModuleLists = Partial<Record<string, readonly string[]>>;

const BY_ID = new Map<string, DriverEntry>(DRIVER_TABLE.map((entry) => [entry.id, entry]));

export function driverEntry(id: string): DriverEntry | undefined {
  return BY_ID.get(id);
}

/** The method that checks a connection out of this driver's pool: `connect` (pg), `getConnection` (mysql2). */
export function acquireMethod(driver: string): string {
  const pool = BY_ID.get(driver)?.exports.find((e) => e.resource === 'pool');
  return pool?.acquire?.method ?? 'connect';
}

/** Methods that start a transaction without SQL, across drivers (`beginTransaction`). */
export const BEGIN_METHODS: ReadonlySet<string> = new Set(DRIVER_TABLE.flatMap((entry) => ('beginMethods' in entry ? [...entry.beginMethods] : [])));

/** Every method that checks a connection out of a pool, across drivers (`connect`, `getConnection`). */
export const ACQUIRE_METHODS: ReadonlySet<string> = new Set(
  DRIVER_TABLE.flatMap((entry) => entry.exports.flatMap((e) => ('acquire' in e ? [e.acquire.method] : []))),
);

/** `x.promise()` is `x` (driver rows' `viewMethods`). */
export const VIEW_METHODS: ReadonlySet<string> = new Set(DRIVER_TABLE.flatMap((entry) => ('viewMethods' in entry ? [...entry.viewMethods] : [])));

/** What the Pool rules know about a driver's pool (see DriverEntry.pool). */
export function poolTraits(driver: string): DriverEntry['pool'] {
  return BY_ID.get(driver)?.pool;
}

/** How messages name a resource: 'pg Client'. */
export function resourceLabel(driver: string, resource: ResourceKind): string {
  return BY_ID.get(driver)?.labels[resource] ?? `${driver} ${resource}`;
}

/** The pg row's default modules: the `pgModules` default. */
export const DEFAULT_PG_MODULE_LIST: readonly string[] = (driverEntry('pg')?.modules ?? []).map((m) => m.specifier);

/**
 * How to take a connection out of this driver's pool for a transaction, in its own API's words:
 * pg's `pool.connect()` + `release()`, mysql2's `pool.getConnection()` + `connection.release()`.
 */
export function checkoutAdvice(driver: string): string {
  const method = acquireMethod(driver);
  if (method === 'connect') return 'Check out a client with pool.connect() and release() it in finally.';
  return `Check out a connection with pool.${method}() and call connection.release() in finally.`;
}
