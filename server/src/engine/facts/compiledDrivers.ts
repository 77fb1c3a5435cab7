/**
 * The driver table (catalogue/drivers.ts) compiled once per set of module
 * lists into one small tree of DriverValues per module, so a lookup
 * allocates nothing. No syntax here: the selection asks `isDriverModule`
 * of every file's text scan without loading TypeScript; driverValues.ts
 * follows expressions to these values during the walk.
 */
import { DRIVER_TABLE, type DriverEntry, type DriverModuleLists, type ResourceKind } from '../catalogue/drivers';
import type { DriverExport } from '../types';

/** What a resource-creating export creates. */
export interface CreatedResource {
  readonly kind: ResourceKind;
  readonly createdBy: 'new' | 'call';
  /** The export's own name ('Client' for 'native.Client'): unnamed creations are called `new Client()`. */
  readonly exportName: string;
}

/** A value from a driver module: its namespace, a nested namespace (`pg.native`), or an export that creates a resource. */
export interface DriverValue {
  readonly driver: string;
  readonly module: string;
  readonly members: ReadonlyMap<string, DriverValue> | undefined;
  readonly resource: CreatedResource | undefined;
  /** The module's namespace object: its `default` is itself (`import pg from 'pg'`). */
  readonly namespaceRoot: boolean;
  /** Where in the row's export tree ('' = the namespace, 'native.Client'). */
  readonly path: string;
  /** A project class extending the export at `path` (`class Db extends pg.Client`): its instances are the resource too. */
  readonly subclass?: string;
}

export interface CompiledDrivers {
  /** The value of `import * as x from specifier` / `require(specifier)`, for driver modules. */
  moduleValue(specifier: string): DriverValue | undefined;
  isDriverModule(specifier: string): boolean;
  /** Some export creates a resource by a plain call: only then are calls checked for creations. */
  readonly hasFactories: boolean;
}

interface MutableValue {
  driver: string;
  module: string;
  members: Map<string, MutableValue> | undefined;
  resource: CreatedResource | undefined;
  namespaceRoot: boolean;
  path: string;
  subclass?: string;
}

function namespace(driver: string, module: string, root: boolean, path: string): MutableValue {
  return { driver, module, members: new Map(), resource: undefined, namespaceRoot: root, path };
}

/** The export tree of one row, for one module specifier. */
function exportTree(entry: DriverEntry, module: string): MutableValue {
  const root = namespace(entry.id, module, true, '');
  for (const resourceExport of entry.exports) {
    const path = resourceExport.export.split('.');
    let at = root;
    for (let i = 0; i < path.length - 1; i++) {
      let next = at.members!.get(path[i]);
      if (!next) at.members!.set(path[i], (next = namespace(entry.id, module, false, path.slice(0, i + 1).join('.'))));
      at = next;
    }
    const name = path[path.length - 1];
    at.members!.set(name, {
      driver: entry.id, module, members: undefined, namespaceRoot: false, path: resourceExport.export,
      resource: { kind: resourceExport.resource, createdBy: resourceExport.createdBy, exportName: name },
    });
  }
  return root;
}

function valueAt(root: MutableValue, path: string | undefined): MutableValue | undefined {
  let at: MutableValue | undefined = root;
  if (path) for (const segment of path.split('.')) at = at?.members?.get(segment);
  return at;
}

const compiled = new Map<string, CompiledDrivers>();

/**
 * The table with each row's module list replaced where `lists` gives one
 * (`{ pg: options.pgModules }`); a specifier in two rows belongs to the first.
 */
export function compileDrivers(lists: DriverModuleLists, table: readonly DriverEntry[] = DRIVER_TABLE): CompiledDrivers {
  const key = table === DRIVER_TABLE ? JSON.stringify(lists) : undefined;
  const cached = key === undefined ? undefined : compiled.get(key);
  if (cached) return cached;
  const values = new Map<string, DriverValue>();
  let hasFactories = false;
  for (const entry of table) {
    if (entry.exports.some((e) => e.createdBy === 'call')) hasFactories = true;
    const listed = new Map(entry.modules.map((m) => [m.specifier, m.value]));
    for (const specifier of lists[entry.id] ?? entry.modules.map((m) => m.specifier)) {
      if (values.has(specifier)) continue;
      const path = listed.has(specifier)
        ? listed.get(specifier)
        : entry.modulesBySuffix?.find((rule) => specifier.endsWith(rule.suffix))?.value;
      const value = valueAt(exportTree(entry, specifier), path);
      if (value) values.set(specifier, value);
    }
  }
  const result: CompiledDrivers = {
    moduleValue: (specifier) => values.get(specifier),
    isDriverModule: (specifier) => values.has(specifier),
    hasFactories,
  };
  if (key !== undefined) compiled.set(key, result);
  return result;
}

/**
 * `drivers` plus the modules of one file that re-export a driver (`options.reexports`): each such
 * specifier's value is built from the re-exporter's driver exports, under the specifier as written,
 * as if it were listed in the row's modules (so a fix treats it like a `pgModules` entry).
 */
export function withReexports(drivers: CompiledDrivers, reexports: Record<string, readonly DriverExport[]>, table: readonly DriverEntry[] = DRIVER_TABLE): CompiledDrivers {
  const values = new Map<string, DriverValue>();
  for (const [specifier, exports] of Object.entries(reexports)) {
    if (drivers.isDriverModule(specifier)) continue;
    const whole = exports.find((e) => e.name === '*');
    const named = exports.filter((e) => e.name !== '*');
    const treeOf = (driver: string) => {
      const entry = table.find((row) => row.id === driver);
      return entry && exportTree(entry, specifier);
    };
    let value: MutableValue | undefined;
    if (whole) {
      const tree = treeOf(whole.driver);
      value = tree && valueAt(tree, whole.path || undefined);
      if (value && whole.subclass !== undefined) value = { ...value, subclass: whole.subclass };
      if (value && named.length > 0) value = { ...value, members: new Map(value.members ?? []) };
    }
    if (!value && named.length > 0) value = namespace(named[0].driver, specifier, false, '');
    if (!value) continue;
    for (const e of named) {
      const tree = treeOf(e.driver);
      const member = tree && valueAt(tree, e.path || undefined);
      if (member) (value.members ??= new Map()).set(e.name, e.subclass === undefined ? member : { ...member, subclass: e.subclass });
    }
    values.set(specifier, value);
  }
  if (values.size === 0) return drivers;
  return {
    moduleValue: (specifier) => values.get(specifier) ?? drivers.moduleValue(specifier),
    isDriverModule: (specifier) => values.has(specifier) || drivers.isDriverModule(specifier),
    hasFactories: drivers.hasFactories,
  };
}
