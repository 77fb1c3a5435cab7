/**
 * A connection factory imported by name (`import { createConnection } from 'mysql2'`,
 * `const { createConnection } = require('mysql2/promise')`): the rewrite calls the
 * pool factory instead. When nothing else in the file uses the connection factory,
 * the import is swapped (`{ createPool }`); else the pool factory joins the same
 * import (`{ createConnection, createPool }`).
 */
import ts from 'typescript';
import type { FileEdits } from './edits';
import type { ParsedFile } from './source';

export type NamedFactorySwap = { ok: true } | { ok: false; message: string };

export function swapNamedFactory(
  file: ParsedFile, edits: FileEdits, callee: ts.Identifier, factory: { from: string; to: string },
): NamedFactorySwap {
  const symbol = file.checker.getSymbolAtLocation(callee);
  const declaration = symbol?.declarations?.[0];
  const binding = declaration && (ts.isImportSpecifier(declaration) || ts.isBindingElement(declaration)) ? declaration : undefined;
  const imported = binding && (binding.propertyName ?? binding.name);
  if (!binding || !imported || !ts.isIdentifier(imported) || imported.text !== factory.from) {
    return { ok: false, message: `\`${callee.text}\` is not the driver's ${factory.from} imported by name: rewrite it to ${factory.to}() by hand.` };
  }
  const otherUses = usesOf(file, symbol!).filter((use) => use !== callee && use !== binding.name);
  if (otherUses.length === 0) {
    // `{ createConnection }` → `{ createPool }`; `{ createConnection as open }` → `{ createPool as open }`.
    edits.replace(imported.getStart(file.sf), imported.end, factory.to);
    if (!binding.propertyName) edits.replace(callee.getStart(file.sf), callee.end, factory.to);
    return { ok: true };
  }
  if (declaredNames(file).has(factory.to)) {
    return { ok: false, message: `\`${factory.from}\` is used elsewhere in the file and the name \`${factory.to}\` is taken: rewrite it to ${factory.to}() by hand.` };
  }
  edits.insert(binding.end, `, ${factory.to}`);
  edits.replace(callee.getStart(file.sf), callee.end, factory.to);
  return { ok: true };
}

function usesOf(file: ParsedFile, symbol: ts.Symbol): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === symbol.name && file.checker.getSymbolAtLocation(node) === symbol) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return found;
}

function declaredNames(file: ParsedFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return names;
}
