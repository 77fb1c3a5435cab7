/**
 * Naming: the rewritten code should read naturally (a Pool called `pool`),
 * and a new name is only used when it cannot collide with anything in the file.
 */
import ts from 'typescript';
import { allIdentifiers } from './source';

/** `client` → `pool`, `pgClient` → `pgPool`, `db` → `pool`; undefined when the name says nothing about a client. */
export function poolNameFor(current: string): string | undefined {
  if (/client/i.test(current)) {
    return current.replace(/Client/g, 'Pool').replace(/client/g, 'pool').replace(/CLIENT/g, 'POOL');
  }
  const clientish = ['db', 'database', 'conn', 'connection', 'pg', 'pgdb', 'postgres', 'sql', 'dbconn', 'dbconnection', 'pgconn'];
  return clientish.includes(current.toLowerCase()) ? 'pool' : undefined;
}

/**
 * True when no identifier spelled `name` occurs in the file, except the ones
 * listed (they are being renamed away). Property names after a dot and
 * property keys cannot collide, so they do not count.
 */
export function isNameFree(sf: ts.SourceFile, name: string, ignoring: ReadonlySet<ts.Node> = new Set()): boolean {
  if (RESERVED.has(name)) return false;
  for (const id of allIdentifiers(sf)) {
    if (id.text !== name || ignoring.has(id)) continue;
    const parent = id.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === id) continue;
    if (ts.isPropertyAssignment(parent) && parent.name === id) continue;
    // `{ client as db }` / `{ client: db }`: the outer name is the other module's, not a local.
    if ((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isBindingElement(parent)) && parent.propertyName === id) continue;
    if ((ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent)) && parent.name === id) continue;
    return false;
  }
  return true;
}

/** The first of `preferred`, then `${preferred}2`, `${preferred}3` … that is free. */
export function freeName(sf: ts.SourceFile, candidates: string[], ignoring: ReadonlySet<ts.Node> = new Set(), taken: ReadonlySet<string> = new Set()): string {
  for (const c of candidates) if (!taken.has(c) && isNameFree(sf, c, ignoring)) return c;
  const base = candidates[0];
  for (let i = 2; ; i++) {
    const c = `${base}${i}`;
    if (!taken.has(c) && isNameFree(sf, c, ignoring)) return c;
  }
}

const RESERVED = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in',
  'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public', 'return', 'static',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'undefined',
]);
