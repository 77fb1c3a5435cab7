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

/** How messages name a resource: 'pg Client'. */
export function resourceLabel(driver: string, resource: ResourceKind): string {
  return BY_ID.get(driver)?.labels[resource] ?? `${driver} ${resource}`;
}

/** The pg row's default modules: the `pgModules` default. */
export const DEFAULT_PG_MODULE_LIST: readonly string[] = (driverEntry('pg')?.modules ?? []).map((m) => m.specifier);
