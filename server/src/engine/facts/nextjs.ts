/**
 * Next.js entry points, known from the file's path and its exports: API
 * routes (pages/api), route handlers (app/…/route.ts), server components
 * (async default export of app/…/page|layout) and server actions ('use server').
 */
import ts from 'typescript';
import type { ContextKind, LocalId } from '../types';
import { addContext } from './contexts';
import { hasDirective } from './syntax';
import type { VisitContext } from './visitContext';

const ROUTE_HANDLER_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A function whose body starts with 'use server' is a server action. */
export function visitFunctionDirectives(walker: VisitContext, fn: ts.FunctionLikeDeclaration, body: ts.Block): void {
  if (!hasDirective(body.statements, 'use server')) return;
  const binding = walker.functionBinding(fn);
  const name = binding ? walker.out.byId.get(binding)?.name ?? '' : '';
  const ctx = addContext(walker, `ctx:${fn.getStart(walker.sourceFile)}`, 'Next.js server action', name, fn.name ?? fn, true);
  if (binding) walker.edge(ctx, binding, 'ref');
  else walker.enterContainer(ctx);
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Route path of a file under `pages/` or `app/` (route groups dropped). */
function routePath(segments: readonly string[], rootIndex: number, dropLast: boolean): string {
  const parts = segments.slice(rootIndex + 1, dropLast ? -1 : undefined).map(stripExtension)
    .filter((s) => !(s.startsWith('(') && s.endsWith(')')));
  if (!dropLast && parts[parts.length - 1] === 'index') parts.pop();
  return '/' + parts.join('/');
}

export function nextjsContexts(walker: VisitContext): void {
  const file = walker.file;
  const maybeRoute = file.includes('/pages/') || file.includes('/app/') || file.startsWith('pages/') || file.startsWith('app/');
  if (!maybeRoute && !hasDirective(walker.sourceFile.statements, 'use server')) return;
  const segments = file.split('/');
  const base = stripExtension(segments[segments.length - 1] ?? '');
  const exports = new Map(walker.out.exports.map((e) => [e.name, e.target] as const));
  const add = (exportName: string, kind: ContextKind, detail: string): void => {
    const target = exports.get(exportName);
    const range = walker.exportRange(exportName);
    if (target === undefined || range === undefined) return;
    const id: LocalId = `ctx:next:${exportName}`;
    walker.out.add({ id, kind: 'context', name: detail, range, contextKind: kind, detail, perRequest: true });
    walker.edge(id, target, 'ref');
  };
  const pagesIndex = segments.lastIndexOf('pages');
  const appIndex = segments.lastIndexOf('app');
  if (pagesIndex >= 0 && segments[pagesIndex + 1] === 'api') {
    add('default', 'Next.js API route', `API ${routePath(segments, pagesIndex, false)}`);
  }
  if (pagesIndex >= 0) add('getServerSideProps', 'Next.js API route', `getServerSideProps ${routePath(segments, pagesIndex, false)}`);
  if (appIndex >= 0 && base === 'route') {
    const path = routePath(segments, appIndex, true);
    for (const name of ROUTE_HANDLER_EXPORTS) add(name, 'Next.js route handler', `${name} ${path}`);
  }
  if (appIndex >= 0 && (base === 'page' || base === 'layout')) {
    const target = exports.get('default');
    if (target !== undefined && walker.isAsyncFunctionNode(target)) {
      add('default', 'Next.js server component', `${base} ${routePath(segments, appIndex, true)}`);
    }
  }
  if (hasDirective(walker.sourceFile.statements, 'use server')) {
    for (const entry of walker.out.exports) {
      if (walker.isFunctionNode(entry.target)) add(entry.name, 'Next.js server action', entry.name);
    }
  }
}
