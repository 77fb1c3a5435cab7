/**
 * A Client created through a project module that re-exports the driver
 * (`lib/db.js`: `export { Client } from 'pg'`): the rewrite takes `Pool` from
 * that same module, so it must export one the way the Client is reached.
 */
import type { DriverExport } from '../types';

/**
 * Whether the module re-exporting the driver also hands out its Pool: its
 * value is the driver's namespace (`module.exports = require('pg')`,
 * `export * from 'pg'`), it exports a `Pool`, or it exports namespaces only
 * (`export { default as pg } from 'pg'`: `pg.Client` becomes `pg.Pool`).
 */
export function reexporterOffersPool(exports: readonly DriverExport[]): boolean {
  if (exports.some((e) => e.name === '*' && e.path === '')) return true;
  if (exports.some((e) => e.name === 'Pool' && e.path === 'Pool')) return true;
  return exports.every((e) => e.name !== '*' && e.path === '');
}
