/**
 * The Pool rewrite of one shared client, over every file that touches it.
 * Order matters: lifecycle removals and transaction rewrites claim their
 * spans first; the holder rename then skips whatever they already replaced.
 */
import ts from 'typescript';
import { swapNamedFactory } from './namedFactory';
import type { ClientSeeds } from './clientRefs';
import { findClientExpressions } from './clientRefs';
import type { FileRewrite } from './context';
import { clientMethodCall, exprText, refuse as refuseAt, type PoolApi } from './context';
import { injectionSites, providerToken } from './di';
import { FileEdits, OverlapError } from './edits';
import type { TextEditSpan } from './edits';
import { clientExports, describeHolder, enclosingStatement, findCreation, findFactoryCreation, holderSeeds } from './holder';
import { containerOf, holderCreations, reconnectCall } from './holderCreations';
import type { Holder } from './holder';
import { importerSeeds, isSeedsEmpty, moduleSpecifiers, reExports, resolverOver } from './importers';
import { rewriteConfigArgument } from './config';
import type { ModuleLookup, PoolDefault } from './config';
import { DEFAULT_CONNECTION_TIMEOUT_MILLIS } from './configProperty';
import { poolTraits } from '../catalogue/drivers';
import { commonDirectory, formatProblems } from './problems';
import type { RewriteProblem } from './problems';
import type { ResolveImport } from './importers';
import { handleConnect, handleEnd } from './lifecycle';
import { freeName, poolNameFor } from './names';
import { PgBindingEditor } from './pgBinding';
import { planSessionState } from './sessionState';
import type { SessionSetup } from './sessionState';
import { parseDiagnostics, parseFile, SourceStore, symbolOf } from './source';
import type { ParsedFile } from './source';
import { callbackHead, detectStyle, quoted } from './style';
import { indentOf, removeStatement } from './statements';
import { rewriteTransactions } from './transactions';
import { rewriteImportedParameterTypes, rewriteTypes } from './types';
import { wrapperTransactionProblems } from './wrappers';

export interface PoolRewrite {
  title: string;
  /** True when the rewrite can be applied: it has edits and nothing was unsafe. */
  preferred: boolean;
  /** Why it was refused (the problems, one per line), when it was. */
  reason?: string;
  /** Why it was refused, one entry per place; empty when it was not. */
  problems: RewriteProblem[];
  /** path → non-overlapping edits, sorted, against the current texts. Empty when the rewrite was refused. */
  edits: Map<string, TextEditSpan[]>;
  /** Every file that uses the client (all of them are covered by the edits, or the rewrite is refused). */
  files: string[];
}

export interface RewriteRequest {
  /** Files that may use the client (absolute, forward slashes); importers are looked for among them. */
  files: readonly string[];
  getText: (path: string) => string | undefined;
  creation: { file: string; offset: number };
  pgModules: readonly string[];
  /**
   * Places where the analysis found this client used in a way the rewrite must
   * change (per-request connect/end, a transaction, lifecycle calls on an
   * import). Each file must be reached by the rewrite, or it is refused.
   */
  reportedUses?: ReadonlyArray<{ file: string; line: number }>;
  /** The analysis's module resolution (tsconfig/jsconfig paths …). Default: relative specifiers among `files`. */
  resolve?: ResolveImport;
  /** connect()/end() calls the analysis reported as running per request: file → offsets of the calls. */
  perRequestCalls?: ReadonlyMap<string, ReadonlySet<number>>;
  /** Paths in `reason` are relative to this directory (default: the files' common directory). */
  displayRoot?: string;
  /** The analysis saw the creation's file export the client (a hint: the importers are parsed with it, sharing its checker). */
  exportsClient?: boolean;
  /** The driver table row of the client: 'pg' (default) or 'mysql2' (createConnection → createPool). */
  driver?: string;
  /**
   * The `connectionTimeoutMillis` setting (default 10,000): written into the
   * pool's config under the driver row's `acquireTimeout` key, so the new pool
   * does not wait forever for a free connection (nothing for a driver without one).
   */
  connectionTimeoutMillis?: number;
}

/** What differs when the connection is not pg's: the pool factory, the pool API, no pg config mapping or 'error' listener. */
interface DriverRewrite {
  label: string;
  poolApi?: PoolApi;
  /** The factory that makes the pool (`createPool`), replacing `createConnection`. */
  factory?: { from: string; to: string };
}

function driverRewrite(driver: string | undefined): DriverRewrite {
  if (driver === 'mysql2') {
    return { label: 'mysql2 pool', factory: { from: 'createConnection', to: 'createPool' }, poolApi: poolApiFor('getConnection') };
  }
  return { label: 'pg Pool' };
}

function poolApiFor(acquire: string): PoolApi {
  return { acquire, release: 'destroy-or-release', connectionType: (pool) => `Awaited<ReturnType<typeof ${pool}.${acquire}>>` };
}

export function rewriteToPool(request: RewriteRequest): PoolRewrite | undefined {
  const sources = new SourceStore(request.getText);
  // The importers will be parsed too: parse them with the creation's file, so that all share one checker.
  if (request.exportsClient) sources.preload([request.creation.file, ...request.files]);
  const mainFile = sources.get(request.creation.file);
  if (mainFile === undefined) return undefined;
  const main = contextOver(mainFile, request.pgModules);
  const driver = driverRewrite(request.driver);
  let creation = driver.factory ? findFactoryCreation(main.file.sf, request.creation.offset) : findCreation(main.file.sf, request.creation.offset);
  if (!creation) return undefined;
  // `createConnection(opts).promise()` starts where the factory call does: the factory call is the creation.
  while (driver.factory && ts.isCallExpression(creation) && ts.isPropertyAccessExpression(creation.expression)
    && creation.expression.name.text === 'promise' && ts.isCallExpression(creation.expression.expression)) {
    creation = creation.expression.expression;
  }
  if (driver.factory) {
    const callee = creation.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === driver.factory.from) {
      main.edits.replace(callee.name.getStart(main.file.sf), callee.name.end, driver.factory.to);
    } else {
      const swap = ts.isIdentifier(callee)
        ? swapNamedFactory(main.file, main.edits, callee, driver.factory)
        : { ok: false as const, message: `\`${callee.getText(main.file.sf)}\` is not the driver's ${driver.factory.from}: rewrite it to ${driver.factory.to}() by hand.` };
      if (!swap.ok) {
        const line = main.file.sf.getLineAndCharacterOfPosition(creation.getStart(main.file.sf)).line + 1;
        const name = holderLabelOf(main, describeHolder(main.file, creation));
        return { title: `Rewrite \`${name}\` to a ${driver.label}`, preferred: false, reason: `line ${line}: ${swap.message}`, problems: [{ file: request.creation.file, line, message: swap.message }], edits: new Map(), files: [request.creation.file] };
      }
    }
    main.poolApi = driver.poolApi;
  } else if (!main.pg.rewriteCallee(creation.expression)) return undefined;
  const described = describeHolder(main.file, creation);
  const creations = holderCreations(main, described);
  // Whichever creation ran, the holder holds a Pool after the anchor: its handlers go there.
  const holder: Holder = creations.anchor ? { ...described, statement: creations.anchor, anchored: true } : described;
  for (const other of creations.together) main.pg.rewriteCallee(other.expression);
  const seeds = holderSeeds(main.file, holder);
  setClientExprs(main, seeds);
  const contexts: FileRewrite[] = [main];
  const resolve = request.resolve ?? resolverOver(request.files);
  const holderLabel = holderLabelOf(main, holder);
  const refusal = (problems: RewriteProblem[], files: string[]): PoolRewrite => ({
    title: `Rewrite \`${holderLabel}\` to a ${driver.label}`,
    preferred: false,
    reason: formatProblems(problems, request.creation.file, request.displayRoot ?? commonDirectory(files)),
    problems,
    edits: new Map(),
    files,
  });

  const exports = clientExports(main.file, seeds, holder);
  if (exports.size > 0) contexts.push(...importerContexts(request, sources, exports, resolve));
  const token = providerToken(creation);
  if (token) contexts.push(...diConsumerContexts(request, sources, token, main));
  const using = contexts.filter((c) => c.clientExprs.length > 0 || c.injectedTypes || c === main);
  const usedIn = using.map((c) => c.file.path);

  // Never edit a file the parser could not read as written: the edits could land anywhere.
  const broken = using.map((c) => firstSyntaxError(c.file)).filter((p): p is RewriteProblem => p !== undefined);
  if (broken.length > 0) return refusal(broken, usedIn);

  const usingClient = new Set(contexts.filter((c) => c.clientExprs.length > 0).map((c) => c.file.path));
  for (const ctx of contexts) {
    ctx.usesClientModule = (spec) => {
      const target = resolve(spec, ctx.file.path);
      return target !== undefined && target !== ctx.file.path && usingClient.has(target);
    };
  }
  const reached = new Set(usingClient);
  const unreached = new Map<string, number>();
  for (const use of request.reportedUses ?? []) if (!reached.has(use.file) && !unreached.has(use.file)) unreached.set(use.file, use.line);
  for (const [file, line] of unreached) {
    main.problems.push({ file, line, message: 'uses this client in a way the rewrite cannot follow (an unusual import or re-export), so its connect()/end()/transaction code would be left working on a Pool as if it were one connection; rewrite that file by hand first.' });
  }
  for (const { creation: other, container } of creations.elsewhere) {
    // Name the creation that runs again: the other one, unless it is the module-level one.
    const [again, first, where] = ts.isSourceFile(container) ? [creation, other, containerOf(creation)] : [other, creation, container];
    refuseAt(main, again, reassignedElsewhere(main, holderLabel, first, where));
  }
  const reconnect = reconnectCall(main, creation, main.clientExprs);
  if (reconnect) {
    const sf = main.file.sf;
    const line = sf.getLineAndCharacterOfPosition(reconnect.call.getStart(sf)).line + 1;
    const fn = functionLabel(reconnect.fn);
    refuseAt(main, creation, `the Client is built in ${fn}, which its own event handler calls again to reconnect (line ${line}): a new Pool each time would leak the old pool's connections. A Pool replaces a broken connection by itself: build the pool once (outside ${fn}) and drop the reconnect, then rewrite.`);
  }
  const poolName = planRename(main, holder);
  if (driver.factory) {
    // A pool has no beginTransaction()/commit()/rollback(): those run on a checked-out connection.
    for (const ctx of contexts) {
      for (const expr of ctx.clientExprs) {
        const method = clientMethodCall(expr)?.method;
        if (method === 'beginTransaction' || method === 'commit' || method === 'rollback') {
          refuseAt(ctx, expr, `${method}() on the shared connection: a ${driver.label} has no ${method}(); check out a connection with getConnection() for the transaction and release() it, by hand (a callback-style transaction cannot be moved safely).`);
        }
      }
    }
  }
  const setups = new Map(contexts.map((ctx) => [ctx, planSessionState(ctx)]));
  for (const ctx of contexts) {
    if (driver.poolApi) ctx.poolApi = driver.poolApi;
    const setup = setups.get(ctx)!;
    if (driver.factory && setup.moved.size > 0) {
      refuseAt(ctx, [...setup.moved][0], `session setup (SET …) after connecting: a ${driver.label} runs it on one connection only; add it to the pool's 'connection' event by hand.`);
    }
    rewriteTransactions(ctx);
    rewriteLifecycle(ctx, setup, request.perRequestCalls ? (request.perRequestCalls.get(ctx.file.path) ?? new Set()) : undefined);
    for (const stmt of setup.moved) removeStatement(ctx.edits, ctx.file.sf, stmt, ctx.keptBlocks);
    rewriteTypes(ctx, ctx === main ? holder : undefined, seeds);
  }
  // Files that only declare a parameter the client is passed to: their annotation is all that changes.
  const annotationOnly: FileRewrite[] = [];
  rewriteImportedParameterTypes(contexts, (path) => {
    const known = contexts.find((c) => c.file.path === path);
    if (known) return { ctx: known, opened: false };
    const seen = annotationOnly.find((c) => c.file.path === path);
    if (seen) return { ctx: seen, opened: true };
    const file = sources.get(path);
    if (file === undefined) return undefined;
    const opened = contextOver(file, request.pgModules);
    annotationOnly.push(opened);
    return { ctx: opened, opened: true };
  }, resolve);
  // mysql2's createPool takes what createConnection takes (a URL string or the same options).
  if (!driver.factory) {
    const lookup = moduleLookup(sources, resolve);
    for (const each of [creation as ts.NewExpression, ...creations.together]) rewriteConfigArgument(main, each, lookup, poolDefaultOf(request));
  }
  main.problems.push(...wrapperTransactionProblems(request.files, request.getText, contexts, usingClient, resolve, (path) => sources.get(path)));
  const errorListeners = contexts.flatMap((ctx) => ctx.clientExprs.filter((e) => {
    const m = clientMethodCall(e);
    const event = m?.method === 'on' ? m.call.arguments[0] : undefined;
    return !!event && ts.isStringLiteralLike(event) && event.text === 'error';
  }));
  // A holder assigned more than once (`let db = …; if (prod) db = new Client(…)`) holds several
  // objects: only a listener registered right after this creation is on this one.
  const listenedAfter = (statement: ts.Node | undefined): boolean => errorListeners.some((e) => followsInSameBlock(statement, e));
  const hasErrorHandler = !isAssignedMoreThanOnce(main.file, holder)
    ? errorListeners.length > 0
    : listenedAfter(holder.statement) || (creations.together.length > 0 && [creation, ...creations.together].every((c) => listenedAfter(enclosingStatement(c))));
  const connectQueries = contexts.flatMap((ctx) => setups.get(ctx)!.queries);
  // mysql2 pools emit no 'error' for idle connections: only pg's Pool needs the listener.
  if (!driver.factory) addPoolHandlers(main, holder, poolName, { error: !hasErrorHandler, connectQueries });
  contexts.push(...annotationOnly.filter((ctx) => !ctx.edits.isEmpty()));
  for (const ctx of contexts) {
    applyRename(ctx);
    ctx.pg.finish();
  }

  const problems = contexts.flatMap((c) => c.problems);
  if (problems.length > 0) return refusal(problems, usedIn);
  const edits = new Map<string, TextEditSpan[]>();
  try {
    for (const ctx of contexts) {
      const spans = ctx.edits.finish();
      if (spans.length > 0) edits.set(ctx.file.path, spans);
    }
  } catch (err) {
    if (!(err instanceof OverlapError)) throw err;
    const ctx = contexts.find((c) => c.file.path === err.path)!;
    const line = ctx.file.sf.getLineAndCharacterOfPosition(err.offset).line + 1;
    return refusal([{ file: err.path, line, message: 'two parts of the rewrite would change the same code here; rewrite it by hand.' }], usedIn);
  }
  return {
    title: `Rewrite \`${holderLabel}\` to a ${driver.label} (${edits.size} file${edits.size === 1 ? '' : 's'})`,
    preferred: true,
    problems: [],
    edits,
    files: usedIn,
  };
}

/** `connectionTimeoutMillis: 10000`, or nothing when the driver's pool has no such option. */
function poolDefaultOf(request: RewriteRequest): PoolDefault | undefined {
  const key = poolTraits(request.driver ?? 'pg')?.acquireTimeout;
  return key ? { key, value: String(request.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MILLIS) } : undefined;
}

function isAssignedMoreThanOnce(file: ParsedFile, holder: Holder): boolean {
  const symbol = holder.symbol;
  if (!symbol) return false;
  let assignments = symbol.declarations?.some((d) => ts.isVariableDeclaration(d) && !!d.initializer) ? 1 : 0;
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(node.left) && symbolOf(file, node.left) === symbol) assignments++;
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return assignments > 1;
}

/** Is `expr` in a statement after `statement`, in the same statement list? */
function followsInSameBlock(statement: ts.Node | undefined, expr: ts.Node): boolean {
  if (!statement) return false;
  let n: ts.Node = expr;
  while (n.parent && n.parent !== statement.parent) n = n.parent;
  return n.parent === statement.parent && n.pos >= statement.end;
}

/** The first parse error of a file, as a refusal naming its position. */
function firstSyntaxError(file: ParsedFile): RewriteProblem | undefined {
  const diagnostic = parseDiagnostics(file.sf)[0];
  if (!diagnostic) return undefined;
  const { line, character } = file.sf.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  return { file: file.path, line: line + 1, column: character + 1, message: `syntax error (${message}); fix it first — the rewrite never edits a file it cannot parse.` };
}

/** Parsed workspace modules by specifier, for following a constructor argument into a config module. */
function moduleLookup(sources: SourceStore, resolve: ResolveImport): ModuleLookup {
  return (specifier, fromFile) => {
    const target = resolve(specifier, fromFile);
    return target ? sources.get(target) : undefined;
  };
}

export function newContext(path: string, text: string, pgModules: readonly string[]): FileRewrite {
  return contextOver(parseFile(path, text), pgModules);
}

function contextOver(file: ParsedFile, pgModules: readonly string[]): FileRewrite {
  const path = file.path;
  const text = file.text;
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

export function setClientExprs(ctx: FileRewrite, seeds: ClientSeeds): void {
  ctx.clientExprs = findClientExpressions(ctx.file, seeds);
  ctx.clientExprSet = new Set(ctx.clientExprs);
  ctx.seeds = seeds;
}

/** Files importing the creation file, directly or through re-exporting barrels. */
function importerContexts(request: RewriteRequest, files: SourceStore, exports: ReturnType<typeof clientExports>, resolve: ResolveImport): FileRewrite[] {
  const sources: Array<{ file: string; exports: ReturnType<typeof clientExports> }> = [{ file: request.creation.file, exports }];
  const contexts = new Map<string, FileRewrite>();
  // Parsed together: one checker for all of them.
  files.preload(request.files);
  const specifiers = new Map<string, string[]>();
  const specifiersOf = (file: ParsedFile): string[] => {
    if (!specifiers.has(file.path)) specifiers.set(file.path, moduleSpecifiers(file.sf));
    return specifiers.get(file.path)!;
  };
  for (let i = 0; i < sources.length && i < 50; i++) {
    const source = sources[i];
    for (const path of request.files) {
      if (path === request.creation.file || path === source.file) continue;
      const file = files.get(path);
      if (!file || !specifiersOf(file).some((spec) => resolve(spec, path) === source.file)) continue;
      const passedOn = reExports(file, source.file, source.exports, resolve);
      if (passedOn.size > 0 && !sources.some((s) => s.file === path)) sources.push({ file: path, exports: passedOn });
      const known = contexts.get(path);
      const seeds = importerSeeds(file, source.file, source.exports, resolve, known?.seeds);
      if (isSeedsEmpty(seeds)) continue;
      const ctx = known ?? contextOver(file, request.pgModules);
      setClientExprs(ctx, seeds);
      contexts.set(path, ctx);
    }
  }
  return [...contexts.values()];
}

/** Classes that inject the provider's token: `this.<param>` is the client there. */
function diConsumerContexts(request: RewriteRequest, files: SourceStore, token: NonNullable<ReturnType<typeof providerToken>>, main: FileRewrite): FileRewrite[] {
  const out: FileRewrite[] = [];
  files.preload(request.files);
  for (const path of request.files) {
    const file = files.get(path);
    if (file === undefined) continue;
    const ctx = path === main.file.path ? main : contextOver(file, request.pgModules);
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

function rewriteLifecycle(ctx: FileRewrite, setup: SessionSetup, perRequest: ReadonlySet<number> | undefined): void {
  const lc = {
    file: ctx.file,
    edits: ctx.edits,
    style: ctx.style,
    problems: ctx.problems,
    clientExprs: ctx.clientExprSet,
    getters: ctx.seeds?.getters ?? new Set<ts.Symbol>(),
    keptBlocks: ctx.keptBlocks,
    removedStatements: setup.moved,
    droppedLinks: setup.droppedLinks,
    perRequest,
  };
  for (const expr of ctx.clientExprs) {
    const m = clientMethodCall(expr);
    if (!m) continue;
    if (m.method === 'connect') handleConnect(lc, m.call);
    else if (m.method === 'end') handleEnd(lc, m.call);
  }
}

/**
 * Pool event handlers right after the creation: `on('error')` so an idle
 * connection's error cannot crash the process, and `on('connect')` for the
 * SETs that used to run once on the one connection.
 */
function addPoolHandlers(main: FileRewrite, holder: Holder, poolName: string | undefined, wanted: { error: boolean; connectQueries: string[] }): void {
  if (!wanted.error && wanted.connectQueries.length === 0) return;
  const { sf } = main.file;
  const { style, edits } = main;
  const nl = style.newline;
  const q = (s: string): string => quoted(style, s);
  const target0 = poolName ?? holder.symbol?.name;
  const param = target0 === 'client' ? 'connection' : 'client';
  const onHandlers = (indent: string): string[] => {
    const inner = indent + style.indentUnit;
    const out: string[] = [];
    if (wanted.error) out.push(`.on(${q('error')}, ${callbackHead(style, 'err')} {${nl}${inner}console.error(${q('Unexpected error on idle PostgreSQL client')}, err)${style.semi}${nl}${indent}})`);
    if (wanted.connectQueries.length > 0) {
      const body = wanted.connectQueries.map((args) => `${nl}${inner}${param}.query(${args})${style.semi}`).join('');
      out.push(`.on(${q('connect')}, ${callbackHead(style, param)} {${body}${nl}${indent}})`);
    }
    return out;
  };
  const statements = (target: string, indent: string): string => onHandlers(indent).map((h) => `${target}${h}${style.semi}`).join(nl + indent);
  const stmt = holder.statement;
  // No statement of its own to follow (`x ??= new Client()`, `return new Client()` …): chain them, `on()` returns the pool.
  const chain = (): void => {
    const indent = stmt ? indentOf(sf, stmt) : '';
    edits.insert(holder.creation.end, onHandlers(indent).join(''));
  };
  const isStatic = !!stmt && ts.isPropertyDeclaration(stmt) && !!ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  // Code after the creation on the same line (one-line factories): chain instead of adding lines.
  const crowded = !!stmt && !/^[ \t]*(\/\/[^\n]*)?(\r?\n|$)/.test(sf.text.slice(stmt.end));
  if (!stmt || holder.conditional || isStatic || crowded) {
    chain();
    return;
  }
  const indent = indentOf(sf, stmt);
  if (holder.kind === 'variable' && holder.symbol && (ts.isVariableStatement(stmt) || ts.isExpressionStatement(stmt) || holder.anchored)) {
    edits.insert(stmt.end, nl + indent + statements(target0!, indent));
    return;
  }
  if (holder.kind === 'classField' && holder.field) {
    const self = `this.${holder.field}`;
    if (ts.isExpressionStatement(stmt) || (holder.anchored && !ts.isPropertyDeclaration(stmt))) {
      edits.insert(stmt.end, nl + indent + statements(self, indent));
      return;
    }
    const cls = holder.cls!;
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    if (ctor?.body) {
      const body = ctor.body.statements;
      const first = body[0];
      const isSuper = first && ts.isExpressionStatement(first) && ts.isCallExpression(first.expression) && first.expression.expression.kind === ts.SyntaxKind.SuperKeyword;
      const bodyIndent = first ? indentOf(sf, first) : indentOf(sf, ctor) + style.indentUnit;
      if (isSuper) edits.insert(first.end, nl + bodyIndent + statements(self, bodyIndent));
      else edits.insert(ctor.body.getStart(sf) + 1, nl + bodyIndent + statements(self, bodyIndent) + (first ? '' : nl + indentOf(sf, ctor)));
      return;
    }
    const extendsSomething = cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    if (!extendsSomething) {
      const inner = indent + style.indentUnit;
      edits.insert(stmt.end, `${nl}${nl}${indent}constructor() {${nl}${inner}${statements(self, inner)}${nl}${indent}}`);
      return;
    }
  }
  if (holder.kind === 'exportDefault' && (ts.isExportAssignment(stmt) || ts.isExpressionStatement(stmt))) {
    // `export default new Client()` → a named pool, its handlers, then the export.
    const name = freeName(sf, ['pool', 'pgPool']);
    const expr = ts.isExportAssignment(stmt) ? stmt.expression : (stmt.expression as ts.BinaryExpression).right;
    const exportText = ts.isExportAssignment(stmt) ? `export default ${name}` : `module.exports = ${name}`;
    edits.replace(stmt.getStart(sf), expr.getStart(sf), `const ${name} = `);
    if (sf.text[stmt.end - 1] !== ';' && style.semi) edits.insert(stmt.end, style.semi);
    edits.insert(stmt.end, `${nl}${indent}${statements(name, indent)}${nl}${indent}${exportText}${style.semi}`);
    return;
  }
  chain();
}

/** Why a creation of the same holder in another function refuses the rewrite (a reconnect, most of the time). */
function reassignedElsewhere(main: FileRewrite, holderLabel: string, creation: ts.Node, container: ts.Node): string {
  const sf = main.file.sf;
  const line = sf.getLineAndCharacterOfPosition(creation.getStart(sf)).line + 1;
  return `\`${holderLabel}\` is given a new Client here, in ${functionLabel(container)}, as well as on line ${line}: this one runs again after startup (a reconnect), and a new Pool each time would leak the old pool's connections. A Pool replaces a broken connection by itself: remove this reconnect (keep one creation), then rewrite.`;
}

function functionLabel(container: ts.Node): string {
  const named = (container as ts.Node & { name?: ts.Node }).name;
  if (named && (ts.isIdentifier(named) || ts.isPrivateIdentifier(named))) return `${named.text}()`;
  if (ts.isClassLike(container)) return `the fields of ${container.name?.text ?? 'a class'}`;
  const parent = container.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return `${parent.name.text}()`;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return `${parent.name.text}()`;
  return 'a callback';
}

function holderLabelOf(main: FileRewrite, holder: Holder): string {
  if (holder.kind === 'variable' && holder.symbol) return holder.symbol.name;
  if (holder.kind === 'classField' && holder.cls) return `${holder.cls.name?.text ?? 'class'}.${holder.field}`;
  if (holder.kind === 'exportDefault') return 'default export';
  return exprText(main, holder.creation);
}
