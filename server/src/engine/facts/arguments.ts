/**
 * A client passed as an argument to a module-level function
 * (`registerRoutes(bot, db)`, `connectStart(bot, db)`), whose handlers use
 * the parameter. Both sides name the same token, `arg:<module>#<function>#<index>`,
 * which the graph merges like a DI token:
 * - the call site: an alias from the token to the argument's node, for
 *   arguments that are module-level nodes (never a Client built per call);
 * - the function: its parameter stands for the token, materialised only
 *   where the parameter is used as a client (facts/registries.ts `registryConsumer`).
 * `<module>` is the file path without extension and `/index`; a call site
 * computes it from a relative specifier, so only relative imports and
 * same-file calls are followed (no tsconfig paths or re-exports).
 * The token only carries reach: it never makes a Client long-lived.
 */
import ts from 'typescript';
import { posix } from 'node:path';
import type { LocalId } from '../types';
import { unwrap } from './syntax';
import type { VisitContext } from './visitContext';

import { moduleKey } from '../module-key';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isFunctionDeclaration, isIdentifier } = ts;

export const ARG_KEY_PREFIX = 'arg:';

function argKey(module: string, name: string, index: number): string {
  return `${ARG_KEY_PREFIX}${module}#${name}#${index}`;
}

/** Gives the identifier parameters of a module-level function their token keys. */
export function bindParameterTokens(walker: VisitContext, fn: ts.FunctionLikeDeclaration, bindingId: LocalId | undefined): void {
  if (bindingId === undefined || !bindingId.startsWith('b:') || fn.parameters.length === 0) return;
  const names = [bindingId.slice(2)];
  if (isFunctionDeclaration(fn) && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) && names[0] !== 'default') names.push('default');
  const module = moduleKey(walker.file);
  fn.parameters.forEach((parameter, index) => {
    if (!isIdentifier(parameter.name)) return;
    const symbol = walker.scope.get(parameter.name.text);
    // One name per parameter: the local name (a default export's importers are matched through `default` below).
    if (symbol && symbol.node === undefined && symbol.registry === undefined) symbol.registry = argKey(module, names[names.length - 1], index);
  });
}

/** `connectStart(bot, db)`: tokens for the module-level nodes passed to a module-level or imported function. */
export function visitArgumentPassing(walker: VisitContext, call: ts.CallExpression): void {
  if (call.arguments.length === 0) return;
  const callee = unwrap(call.expression);
  if (!isIdentifier(callee)) return;
  const symbol = walker.lookup(callee.text);
  if (!symbol) return;
  let target: { module: string; name: string } | undefined;
  if (symbol.fromModule !== undefined && symbol.importedName !== undefined && symbol.fromModule.startsWith('.')) {
    target = { module: moduleKey(posix.join(posix.dirname(walker.file), symbol.fromModule)), name: symbol.importedName };
  } else if (symbol.moduleLevel && symbol.node?.startsWith('b:') && walker.isFunctionNode(symbol.node)) {
    target = { module: moduleKey(walker.file), name: symbol.node!.slice(2) };
  }
  if (!target) return;
  call.arguments.forEach((argument, index) => {
    const e = unwrap(argument);
    if (!isIdentifier(e)) return;
    const node = walker.lookup(e.text)?.node;
    if (node === undefined || node.startsWith('new:')) return;
    const id = `di:${argKey(target.module, target.name, index)}`;
    walker.out.add({ id, kind: 'di', name: e.text, key: id.slice(3), range: walker.range(argument) });
    walker.edge(id, node, 'alias');
  });
}
