/**
 * The Pool rewrite of one shared client, over every file that touches it.
 * Order matters: lifecycle removals and transaction rewrites claim their
 * spans first; the holder rename then skips whatever they already replaced.
 */
import ts from 'typescript';
import type { ClientSeeds } from './clientRefs';
import { findClientExpressions } from './clientRefs';
import type { FileRewrite } from './context';
import { clientMethodCall, exprText } from './context';
import { injectionSites, providerToken } from './di';
import { FileEdits, OverlapError } from './edits';
import type { TextEditSpan } from './edits';
import { clientExports, describeHolder, findCreation, holderSeeds } from './holder';
import type { Holder } from './holder';
import { importerSeeds, isSeedsEmpty, moduleSpecifiers, reExports, resolverOver } from './importers';
import type { ResolveImport } from './importers';
import { handleConnect, handleEnd } from './lifecycle';
import { freeName, poolNameFor } from './names';
import { PgBindingEditor } from './pgBinding';
import { sessionStateProblems } from './sessionState';
import { parseFile, symbolOf } from './source';
import { detectStyle, quoted } from './style';
import { indentOf } from './statements';
import { rewriteTransactions } from './transactions';
import { wrapperTransactionProblems } from './wrappers';

export interface PoolRewrite {
  title: string;
  /** false when anything unsafe was detected. */
  preferred: boolean;
  /** Why not preferred / what was left for the user. */
  reason?: string;
  /** path → non-overlapping edits, sorted, against the current texts. Empty when the rewrite was refused. */
  edits: Map<string, TextEditSpan[]>;
}

export interface RewriteRequest {
  /** Files of the workspace (absolute, forward slashes); importers are looked for among them. */
  files: readonly string[];
  getText: (path: string) => string | undefined;
  creation: { file: string; offset: number };
  pgModules: readonly string[];
  /**
   * Files where the analysis reported per-request connect/end or a transaction
   * on this client. Each must be among the files the rewrite reached, else the
   * rewrite is not preferred (it would leave that code unrewritten).
   */
  reportedFiles?: readonly string[];
}

export function rewriteToPool(request: RewriteRequest): PoolRewrite | undefined {
  const text = request.getText(request.creation.file);
  if (text === undefined) return undefined;
  const main = newContext(request.creation.file, text, request.pgModules);
  const creation = findCreation(main.file.sf, request.creation.offset);
  if (!creation || !main.pg.rewriteCallee(creation.expression)) return undefined;
  const holder = describeHolder(main.file, creation);
  const seeds = holderSeeds(main.file, holder);
  setClientExprs(main, seeds);
  const contexts: FileRewrite[] = [main];
  const resolve = resolverOver(request.files);

  const exports = clientExports(main.file, seeds, holder);
  if (exports.size > 0) contexts.push(...importerContexts(request, exports, resolve));
  const token = providerToken(creation);
  if (token) contexts.push(...diConsumerContexts(request, token, main));
  const usingClient = new Set(contexts.filter((c) => c.clientExprs.length > 0).map((c) => c.file.path));
  for (const ctx of contexts) {
    ctx.usesClientModule = (spec) => {
      const target = resolve(spec, ctx.file.path);
      return target !== undefined && target !== ctx.file.path && usingClient.has(target);
    };
  }

  const reached = new Set(contexts.map((c) => c.file.path));
  for (const file of new Set(request.reportedFiles ?? [])) {
    if (!reached.has(file)) main.problems.push(`${file}: uses this client through an import the rewrite cannot follow (a path alias or an unusual re-export), so its connect()/end()/transaction code was not rewritten; change it by hand.`);
  }
  const poolName = planRename(main, holder);
  for (const ctx of contexts) {
    rewriteTransactions(ctx);
    rewriteLifecycle(ctx);
    ctx.problems.push(...sessionStateProblems(ctx));
    rewriteTypes(ctx, ctx === main ? holder : undefined, seeds);
  }
  main.problems.push(...wrapperTransactionProblems(request.files, request.getText, contexts, usingClient, resolve));
  const hasErrorHandler = contexts.some((ctx) => ctx.clientExprs.some((e) => {
    const m = clientMethodCall(e);
    const event = m?.method === 'on' ? m.call.arguments[0] : undefined;
    return !!event && ts.isStringLiteralLike(event) && event.text === 'error';
  }));
  if (!hasErrorHandler) addErrorHandler(main, holder, poolName);
  for (const ctx of contexts) {
    applyRename(ctx);
    ctx.pg.finish();
    ctx.problems.push(...ctx.pg.problems);
  }

  const edits = new Map<string, TextEditSpan[]>();
  const holderLabel = holderLabelOf(main, holder);
  try {
    for (const ctx of contexts) {
      const spans = ctx.edits.finish();
      if (spans.length > 0) edits.set(ctx.file.path, spans);
    }
  } catch (err) {
    if (!(err instanceof OverlapError)) throw err;
    return { title: `Rewrite \`${holderLabel}\` to a pg Pool`, preferred: false, reason: `Not rewritten: ${err.message}; rewrite it by hand.`, edits: new Map() };
  }
  const problems = contexts.flatMap((c) => c.problems);
  return {
    title: `Rewrite \`${holderLabel}\` to a pg Pool (${edits.size} file${edits.size === 1 ? '' : 's'})`,
    preferred: problems.length === 0,
    reason: problems.length > 0 ? problems.join('\n') : undefined,
    edits,
  };
}

function newContext(path: string, text: string, pgModules: readonly string[]): FileRewrite {
  const file = parseFile(path, text);
  const edits = new FileEdits(path, text);
  const style = detectStyle(file.sf);
  return {
    file,
    edits,
    style,
    pg: new PgBindingEditor(file, edits, style, pgModules),
    clientExprs: [],
    clientExprSet: new Set(),
    renamedIds: new Map(),
    keptBlocks: new Set(),
    problems: [],
    usesClientModule: () => false,
  };
}

function setClientExprs(ctx: FileRewrite, seeds: ClientSeeds): void {
  ctx.clientExprs = findClientExpressions(ctx.file, seeds);
  ctx.clientExprSet = new Set(ctx.clientExprs);
  ctx.seeds = seeds;
}

/** Files importing the creation file, directly or through re-exporting barrels. */
function importerContexts(request: RewriteRequest, exports: ReturnType<typeof clientExports>, resolve: ResolveImport): FileRewrite[] {
  const sources: Array<{ file: string; exports: ReturnType<typeof clientExports> }> = [{ file: request.creation.file, exports }];
  const contexts = new Map<string, FileRewrite>();
  const parsed = new Map<string, FileRewrite | null>();
  const contextOf = (path: string): FileRewrite | undefined => {
    if (!parsed.has(path)) {
      const text = request.getText(path);
      parsed.set(path, text === undefined ? null : newContext(path, text, request.pgModules));
    }
    return parsed.get(path) ?? undefined;
  };
  for (let i = 0; i < sources.length && i < 50; i++) {
    const source = sources[i];
    const mention = moduleMention(source.file);
    for (const path of request.files) {
      if (path === request.creation.file || path === source.file) continue;
      // Cheap pre-filter: a file that imports `./db` has the text `db` somewhere.
      if (!request.getText(path)?.includes(mention)) continue;
      const ctx = contextOf(path);
      if (!ctx || !moduleSpecifiers(ctx.file.sf).some((spec) => resolve(spec, path) === source.file)) continue;
      const passedOn = reExports(ctx.file, source.file, source.exports, resolve);
      if (passedOn.size > 0 && !sources.some((s) => s.file === path)) sources.push({ file: path, exports: passedOn });
      const seeds = importerSeeds(ctx.file, source.file, source.exports, resolve, ctx.seeds);
      if (isSeedsEmpty(seeds)) continue;
      setClientExprs(ctx, seeds);
      contexts.set(path, ctx);
    }
  }
  return [...contexts.values()];
}

/** The part of a module's path every specifier naming it contains (`db` for db.ts, `db` for db/index.ts). */
function moduleMention(file: string): string {
  const parts = file.split('/');
  const base = parts[parts.length - 1].replace(/\.[^.]+$/, '');
  return base === 'index' && parts.length > 1 ? parts[parts.length - 2] : base;
}

/** Classes that inject the provider's token: `this.<param>` is the client there. */
function diConsumerContexts(request: RewriteRequest, token: NonNullable<ReturnType<typeof providerToken>>, main: FileRewrite): FileRewrite[] {
  const out: FileRewrite[] = [];
  for (const path of request.files) {
    const text = request.getText(path);
    if (text === undefined) continue;
    const ctx = path === main.file.path ? main : newContext(path, text, request.pgModules);
    for (const site of injectionSites(ctx.file, token)) {
      ctx.injectedTypes = [...(ctx.injectedTypes ?? []), site.param];
      if (site.property) {
        const seeds: ClientSeeds = { values: new Set(), getters: new Set(), namespaces: new Map(), thisMember: { cls: site.cls, name: site.property } };
        const exprs = findClientExpressions(ctx.file, seeds);
        ctx.clientExprs = [...ctx.clientExprs, ...exprs];
        ctx.clientExprSet = new Set(ctx.clientExprs);
      }
    }
    if (ctx !== main && ctx.injectedTypes) out.push(ctx);
  }
  return out;
}

/** Rename a non-exported holder named client/db-ish to `pool` (or the first free variant). */
function planRename(main: FileRewrite, holder: Holder): string | undefined {
  const symbol = holder.symbol;
  const decl = symbol?.declarations?.[0];
  if (!symbol || !decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
  const current = decl.name.text;
  const statement = decl.parent.parent;
  const exportedByModifier = ts.isVariableStatement(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const wanted = poolNameFor(current);
  if (exportedByModifier || !wanted || wanted === current) return current;
  const ids = new Set<ts.Identifier>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !isExportSpecifierName(node) && symbolOf(main.file, node) === symbol) ids.add(node);
    ts.forEachChild(node, visit);
  };
  visit(main.file.sf);
  const name = freeName(main.file.sf, wanted === 'pool' ? ['pool', 'pgPool'] : [wanted, 'pool', 'pgPool'], ids);
  for (const id of ids) main.renamedIds.set(id, name);
  return name;
}

function isExportSpecifierName(id: ts.Identifier): boolean {
  return ts.isExportSpecifier(id.parent) && id.parent.name === id && !id.parent.propertyName;
}

function applyRename(ctx: FileRewrite): void {
  const sf = ctx.file.sf;
  for (const [id, name] of ctx.renamedIds) {
    const start = id.getStart(sf);
    if (ctx.edits.covers(start, id.end)) continue;
    const parent = id.parent;
    if (ts.isShorthandPropertyAssignment(parent)) ctx.edits.replace(start, id.end, `${id.text}: ${name}`);
    else ctx.edits.replace(start, id.end, name);
  }
  // `export { client }` keeps its exported name: `export { pool as client }`.
  const renamedSymbols = new Set([...ctx.renamedIds.keys()].map((id) => symbolOf(ctx.file, id)));
  const name = [...ctx.renamedIds.values()][0];
  const visit = (node: ts.Node): void => {
    if (ts.isExportSpecifier(node) && !node.propertyName && !node.parent.parent.moduleSpecifier) {
      const target = ctx.file.checker.getExportSpecifierLocalTargetSymbol(node);
      if (target && renamedSymbols.has(target)) ctx.edits.replace(node.getStart(sf), node.end, `${name} as ${node.name.text}`);
    }
    ts.forEachChild(node, visit);
  };
  if (name) visit(sf);
}

function rewriteLifecycle(ctx: FileRewrite): void {
  for (const expr of ctx.clientExprs) {
    const m = clientMethodCall(expr);
    if (!m) continue;
    const lc = { file: ctx.file, edits: ctx.edits, style: ctx.style, problems: ctx.problems, clientExprs: ctx.clientExprSet, keptBlocks: ctx.keptBlocks };
    if (m.method === 'connect') handleConnect(lc, m.call);
    else if (m.method === 'end') handleEnd(lc, m.call);
  }
}

/** `Client` annotations on whatever holds the client (variables, getters' return types, class fields, injected parameters) → `Pool`. */
function rewriteTypes(ctx: FileRewrite, holder: Holder | undefined, seeds: ClientSeeds): void {
  if (!ctx.file.isTypeScript) return;
  const typeNodes: ts.TypeNode[] = [];
  const localSeeds = ctx.seeds ?? seeds;
  for (const symbol of localSeeds.values) {
    for (const decl of symbol.declarations ?? []) {
      if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isParameter(decl)) && decl.type) typeNodes.push(decl.type);
    }
  }
  for (const symbol of localSeeds.getters) {
    for (const decl of symbol.declarations ?? []) {
      const fn = ts.isVariableDeclaration(decl) ? decl.initializer : decl;
      if (fn && ts.isFunctionLike(fn) && fn.type) typeNodes.push(fn.type);
    }
  }
  if (holder?.cls && holder.field) {
    for (const member of holder.cls.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === holder.field && member.type) typeNodes.push(member.type);
    }
  }
  for (const param of ctx.injectedTypes ?? []) if (param.type) typeNodes.push(param.type);
  for (const typeNode of typeNodes) {
    const visit = (node: ts.Node): void => {
      if (ts.isTypeReferenceNode(node)) {
        const name = node.typeName;
        const isClient = ts.isIdentifier(name) ? ctx.pg.isPgClient(name) : name.right.text === 'Client' && ts.isIdentifier(name.left) && isPgNamespace(ctx, name.left);
        if (isClient) ctx.pg.rewriteTypeReference(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(typeNode);
  }
}

/** `pg` in `pg.Client`: a default/namespace import or require of a pg module. */
function isPgNamespace(ctx: FileRewrite, id: ts.Identifier): boolean {
  const decl = symbolOf(ctx.file, id)?.declarations?.[0];
  if (!decl) return false;
  const importDecl = ts.isImportClause(decl) ? decl.parent : ts.isNamespaceImport(decl) ? decl.parent.parent : undefined;
  if (importDecl && ts.isImportDeclaration(importDecl) && ts.isStringLiteral(importDecl.moduleSpecifier)) return ['pg', '@neondatabase/serverless'].includes(importDecl.moduleSpecifier.text);
  return false;
}

/** `pool.on('error', …)` right after the creation, so an idle connection's error cannot crash the process. */
function addErrorHandler(main: FileRewrite, holder: Holder, poolName: string | undefined): void {
  const { sf } = main.file;
  const { style, edits } = main;
  const nl = style.newline;
  const q = (s: string): string => quoted(style, s);
  const onError = (indent: string): string =>
    `.on(${q('error')}, (err) => {${nl}${indent}${style.indentUnit}console.error(${q('Unexpected error on idle PostgreSQL client')}, err)${style.semi}${nl}${indent}})`;
  const handler = (target: string, indent: string): string => `${target}${onError(indent)}${style.semi}`;
  const stmt = holder.statement;
  // No statement of its own to follow (`x ??= new Client()`, `return new Client()` …): chain it, `on()` returns the pool.
  const chain = (): void => {
    const indent = stmt ? indentOf(sf, stmt) : '';
    edits.insert(holder.creation.end, onError(indent));
  };
  const isStatic = !!stmt && ts.isPropertyDeclaration(stmt) && !!ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  // Code after the creation on the same line (one-line factories): chain instead of adding lines.
  const crowded = !!stmt && !/^[ \t]*(\/\/[^\n]*)?(\r?\n|$)/.test(sf.text.slice(stmt.end));
  if (!stmt || holder.conditional || isStatic || crowded) {
    chain();
    return;
  }
  const indent = indentOf(sf, stmt);
  if (holder.kind === 'variable' && holder.symbol && (ts.isVariableStatement(stmt) || ts.isExpressionStatement(stmt))) {
    const target = poolName ?? holder.symbol.name;
    edits.insert(stmt.end, nl + indent + handler(target, indent));
    return;
  }
  if (holder.kind === 'classField' && holder.field) {
    if (ts.isExpressionStatement(stmt)) {
      edits.insert(stmt.end, nl + indent + handler(`this.${holder.field}`, indent));
      return;
    }
    const cls = holder.cls!;
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    if (ctor?.body) {
      const statements = ctor.body.statements;
      const first = statements[0];
      const isSuper = first && ts.isExpressionStatement(first) && ts.isCallExpression(first.expression) && first.expression.expression.kind === ts.SyntaxKind.SuperKeyword;
      const anchor = isSuper ? first : undefined;
      const bodyIndent = first ? indentOf(sf, first) : indentOf(sf, ctor) + style.indentUnit;
      if (anchor) edits.insert(anchor.end, nl + bodyIndent + handler(`this.${holder.field}`, bodyIndent));
      else edits.insert(ctor.body.getStart(sf) + 1, nl + bodyIndent + handler(`this.${holder.field}`, bodyIndent) + (first ? '' : nl + indentOf(sf, ctor)));
      return;
    }
    const extendsSomething = cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    if (!extendsSomething) {
      const inner = indent + style.indentUnit;
      edits.insert(stmt.end, `${nl}${nl}${indent}constructor() {${nl}${inner}${handler(`this.${holder.field}`, inner)}${nl}${indent}}`);
      return;
    }
  }
  if (holder.kind === 'exportDefault' && (ts.isExportAssignment(stmt) || ts.isExpressionStatement(stmt))) {
    // `export default new Client()` → a named pool, its error handler, then the export.
    const name = freeName(sf, ['pool', 'pgPool']);
    const expr = ts.isExportAssignment(stmt) ? stmt.expression : (stmt.expression as ts.BinaryExpression).right;
    const exportText = ts.isExportAssignment(stmt) ? `export default ${name}` : `module.exports = ${name}`;
    edits.replace(stmt.getStart(sf), expr.getStart(sf), `const ${name} = `);
    if (sf.text[stmt.end - 1] !== ';' && style.semi) edits.insert(stmt.end, style.semi);
    edits.insert(stmt.end, `${nl}${indent}${handler(name, indent)}${nl}${indent}${exportText}${style.semi}`);
    return;
  }
  chain();
}

function holderLabelOf(main: FileRewrite, holder: Holder): string {
  if (holder.kind === 'variable' && holder.symbol) return holder.symbol.name;
  if (holder.kind === 'classField' && holder.cls) return `${holder.cls.name?.text ?? 'class'}.${holder.field}`;
  if (holder.kind === 'exportDefault') return 'default export';
  return exprText(main, holder.creation);
}
