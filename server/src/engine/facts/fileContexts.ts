/**
 * Contexts known from where a file is and what it exports — the catalogue's
 * file-export entries (Next.js pages/api, app router route handlers, server
 * components) — and from directives (`'use server'`: a server action).
 */
import ts from 'typescript';
import type { ContextKind, LocalId } from '../types';
import type { DirectiveEntry, FileExportEntry } from '../catalogue/contexts';
import { addContext } from './contexts';
import { hasDirective, propertyNameText } from './syntax';
import type { VisitContext } from './visitContext';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { isArrowFunction, isAsExpression, isExportAssignment, isFunctionExpression, isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAssignment, isSatisfiesExpression, isShorthandPropertyAssignment } = ts;

/** A function whose body starts with a directive of the catalogue ('use server') is that context. */
export function visitFunctionDirectives(walker: VisitContext, fn: ts.FunctionLikeDeclaration, body: ts.Block): void {
  for (const entry of walker.contexts.directives) {
    if (!hasDirective(body.statements, entry.directive)) continue;
    const binding = walker.functionBinding(fn);
    const name = binding ? walker.out.byId.get(binding)?.name ?? '' : '';
    const ctx = addContext(walker, `ctx:${fn.getStart(walker.sourceFile)}`, entry, name, fn.name ?? fn);
    if (binding) walker.edge(ctx, binding, 'ref');
    else walker.enterContainer(ctx);
    return;
  }
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * Route path of a file below `segments[rootIndex]` (route groups dropped; -1: no root, no path);
 * `directory` leaves the file name out, `suffix` comes off the file name.
 */
function routePath(segments: readonly string[], rootIndex: number, route: FileExportEntry['route'], suffix = ''): string {
  if (rootIndex < 0) return '';
  const dropLast = route === 'directory';
  const parts = segments.slice(rootIndex + 1, dropLast ? -1 : undefined).map(stripExtension)
    .filter((s) => !(s.startsWith('(') && s.endsWith(')')));
  const last = parts.length - 1;
  if (!dropLast && suffix && parts[last]?.endsWith(suffix)) parts[last] = parts[last].slice(0, -suffix.length);
  if (!dropLast && (parts[last] === 'index' || parts[last] === '')) parts.pop();
  return '/' + parts.join('/');
}

/** `export default { fetch() {} }`: does the default export's object literal have a function member `name`? */
function defaultExportHasMember(statements: ts.NodeArray<ts.Statement>, name: string): boolean {
  for (const statement of statements) {
    if (!isExportAssignment(statement) || statement.isExportEquals) continue;
    let e = statement.expression;
    while (isParenthesizedExpression(e) || isSatisfiesExpression(e) || isAsExpression(e)) e = e.expression;
    if (!isObjectLiteralExpression(e)) return false;
    return e.properties.some((p) => propertyNameText(p.name) === name && (isMethodDeclaration(p) || isShorthandPropertyAssignment(p)
      || (isPropertyAssignment(p) && (isArrowFunction(p.initializer) || isFunctionExpression(p.initializer) || isIdentifier(p.initializer)))));
  }
  return false;
}

function fill(template: string, values: Record<string, string>): string {
  let text = template;
  for (const [key, value] of Object.entries(values)) text = text.split(`{${key}}`).join(value);
  return text;
}

function isUnderRoot(file: string, root: string): boolean {
  return file.includes(`/${root}/`) || file.startsWith(`${root}/`);
}

/** After the walk: contexts from the file's path and exports, and from a file-level directive. */
export function fileContexts(walker: VisitContext): void {
  const index = walker.contexts;
  const file = walker.file;
  const statements = walker.sourceFile.statements;
  const directive = index.directives.find((d) => hasDirective(statements, d.directive));
  if (!index.fileAnywhere && !index.fileRoots.some((root) => isUnderRoot(file, root)) && !directive) return;
  const add = (exportName: string, entry: FileExportEntry | DirectiveEntry, detail: string): void => {
    const target = walker.out.exported(exportName);
    const range = walker.exportRange(exportName);
    if (target === undefined || range === undefined) return;
    const id: LocalId = `ctx:export:${exportName}`;
    // The first entry that matches an export owns it (SvelteKit's +server before SolidStart's routes/**).
    if (walker.out.byId.has(id)) return;
    walker.out.add({
      id, kind: 'context', name: detail, range, contextKind: entry.label as ContextKind, detail, perRequest: entry.runs === 'per-request', entry: entry.id,
    });
    walker.edge(id, target, 'ref');
  };
  const segments = file.split('/');
  const base = stripExtension(segments[segments.length - 1] ?? '');
  for (const entry of index.fileExports) {
    const rootIndex = entry.root === undefined ? -1 : segments.lastIndexOf(entry.root);
    if (entry.root !== undefined && rootIndex < 0) continue;
    if (entry.under !== undefined && segments[rootIndex + 1] !== entry.under) continue;
    if (entry.base !== undefined && !entry.base.includes(base)) continue;
    if (entry.baseSuffix !== undefined && !base.endsWith(entry.baseSuffix)) continue;
    if (entry.member !== undefined && !defaultExportHasMember(statements, entry.member)) continue;
    if (entry.unlessImports?.some((m) => walker.importsModule(m))) continue;
    const route = routePath(segments, entry.routeBelowUnder && entry.under !== undefined ? rootIndex + 1 : rootIndex, entry.route, entry.baseSuffix);
    for (const name of entry.exports) {
      if (entry.asyncOnly || entry.functionOnly) {
        const target = walker.out.exported(name);
        if (target === undefined || !(entry.asyncOnly ? walker.isAsyncFunctionNode(target) : walker.isFunctionNode(target))) continue;
      }
      add(name, entry, fill(entry.detail, { export: name, route, base }));
    }
  }
  if (directive) {
    for (const entry of walker.out.exports) {
      if (walker.isFunctionNode(entry.target)) add(entry.name, directive, entry.name);
    }
  }
}
