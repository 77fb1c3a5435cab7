/**
 * Project modules that re-export a driver (`module.exports = require('pg')`,
 * `export { Client } from 'pg'`): the facts walk sees a driver only through
 * the file's own imports, so an importer of such a module is analysed with
 * the module's driver exports (`EngineOptions.reexports`), keyed by the
 * specifier the importer writes. Which module a specifier means is decided
 * by the module graph's resolver (TypeScript's resolution), never by its text.
 */
import type { DriverExport, FileFacts } from '../types';

export interface ReexportLookup {
  /** The importer's module candidates (its summary's specifiers). */
  modules: readonly string[];
  isDriverModule(specifier: string): boolean;
  resolve(specifier: string): string | undefined;
  /** The current facts of a workspace file, if analysed. */
  factsOf(file: string): FileFacts | undefined;
}

/** The driver re-exports an importer sees, by the specifier it writes; undefined when none. */
export function driverReexportsOf(lookup: ReexportLookup, importer: string): Record<string, DriverExport[]> | undefined {
  let found: Record<string, DriverExport[]> | undefined;
  for (const specifier of lookup.modules) {
    if (lookup.isDriverModule(specifier)) continue;
    const target = lookup.resolve(specifier);
    if (target === undefined || target === importer) continue;
    const exports = lookup.factsOf(target)?.driverExports;
    if (exports && exports.length > 0) (found ??= {})[specifier] = exports;
  }
  return found;
}

/** One string per set of re-exports, to tell whether facts were computed with the current ones. */
export function reexportsKey(reexports: Record<string, DriverExport[]> | undefined): string {
  return reexports === undefined ? '' : JSON.stringify(Object.entries(reexports).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
