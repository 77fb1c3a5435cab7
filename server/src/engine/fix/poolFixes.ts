/**
 * Quick fixes of the Pool rules, each one file's edits (or a refusal with
 * its reason), in the same PoolRewrite shape as the Client → Pool rewrite so
 * the CLI and the editor apply them the same way (all or nothing, byte-safe):
 *   - pool-connect-timeout: add `connectionTimeoutMillis` to the Pool's config;
 *   - pool-error-listener: `pool.on('error', …)` after the creation;
 *   - pool-client-leak: the rest of the block after `const c = await pool.connect()`
 *     goes into `try { … } finally { c.release(); }`, its own release() calls removed.
 *   - pool-per-request: the Pool moves to module scope when its config does not come from the request.
 * pool-transaction is fix/poolTransaction.ts.
 */
import ts from 'typescript';
import { addObjectProperty, DEFAULT_CONNECTION_TIMEOUT_MILLIS, hasOwnProperty } from './configProperty';
import { FileEdits, OverlapError, type TextEditSpan } from './edits';
import type { RewriteProblem } from './problems';
import type { PoolRewrite } from './rewrite';
import { parseDiagnostics, parseFile, type ParsedFile } from './source';
import { indentOf, removeStatement, shiftIndentation } from './statements';
import { callbackHead, detectStyle, lineEndAfterNewline, lineStart, quoted, type CodeStyle } from './style';
import { symbolOf } from './source';
import { moduleConstObject } from '../facts/configObject';
import { unwrap } from '../facts/syntax';

export interface PoolFixRequest {
  file: string;
  text: string;
  /** Offset of what the finding points at: the creation, or the `connect()` call. */
  offset: number;
  /** pool-connect-timeout: the value to write (the `connectionTimeoutMillis` setting). */
  connectionTimeoutMillis?: number;
}

function refused(title: string, file: string, line: number, message: string): PoolRewrite {
  const problems: RewriteProblem[] = [{ file, line, message }];
  return { title, preferred: false, reason: `line ${line}: ${message}`, problems, edits: new Map(), files: [file] };
}

function done(title: string, file: ParsedFile, edits: FileEdits): PoolRewrite {
  let spans: TextEditSpan[];
  try {
    spans = edits.finish();
  } catch (err) {
    if (!(err instanceof OverlapError)) throw err;
    return refused(title, file.path, lineOf(file, err.offset), 'two parts of the fix would change the same code; fix it by hand.');
  }
  return { title, preferred: true, problems: [], edits: new Map(spans.length > 0 ? [[file.path, spans]] : []), files: [file.path] };
}

function lineOf(file: ParsedFile, offset: number): number {
  return file.sf.getLineAndCharacterOfPosition(offset).line + 1;
}

function syntaxProblem(title: string, file: ParsedFile): PoolRewrite | undefined {
  const diagnostic = parseDiagnostics(file.sf)[0];
  if (!diagnostic) return undefined;
  return refused(title, file.path, lineOf(file, diagnostic.start ?? 0), 'syntax error; fix it first — the fix never edits a file it cannot parse.');
}

/** The innermost node of `kind` test that spans `offset`. */
function nodeAt<T extends ts.Node>(sf: ts.SourceFile, offset: number, test: (n: ts.Node) => n is T): T | undefined {
  let best: T | undefined;
  const visit = (node: ts.Node): void => {
    if (offset < node.getFullStart() || offset > node.end) return;
    if (test(node) && node.getStart(sf) <= offset && offset < node.end) best = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return best;
}

function isCreation(node: ts.Node): node is ts.NewExpression | ts.CallExpression {
  return ts.isNewExpression(node) || ts.isCallExpression(node);
}

/** The creation expression that starts at `offset` (`new Pool(…)`, `createPool(…)`). */
function creationAt(sf: ts.SourceFile, offset: number): ts.NewExpression | ts.CallExpression | undefined {
  let found: ts.NewExpression | ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || offset < node.getFullStart() || offset > node.end) return;
    if (isCreation(node) && node.getStart(sf) === offset) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The request's file parsed, or the refusal when it has a syntax error. */
function parsedFor(title: string, request: PoolFixRequest): ParsedFile | PoolRewrite {
  const file = parseFile(request.file, request.text);
  return syntaxProblem(title, file) ?? file;
}

/** The parsed file and the Pool creation the finding points at, or the refusal. */
function poolCreationFor(title: string, request: PoolFixRequest): { file: ParsedFile; creation: ts.NewExpression | ts.CallExpression } | PoolRewrite {
  const file = parsedFor(title, request);
  if (!('sf' in file)) return file;
  const creation = creationAt(file.sf, request.offset);
  if (!creation) return refused(title, request.file, lineOf(file, request.offset), 'the Pool creation is no longer here; analyse again.');
  return { file, creation };
}

// ── pool-connect-timeout ────────────────────────────────────────────────

export function fixConnectTimeout(request: PoolFixRequest): PoolRewrite {
  const ms = request.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MILLIS;
  const title = `Add connectionTimeoutMillis: ${ms} to the Pool`;
  const found = poolCreationFor(title, request);
  if (!('creation' in found)) return found;
  const { file, creation } = found;
  const sf = file.sf;
  const edits = new FileEdits(file.path, sf.text);
  const property = `connectionTimeoutMillis: ${ms}`;
  const args = creation.arguments ?? ts.factory.createNodeArray();
  if (args.length === 0) {
    const close = creation.end - 1;
    if (sf.text[close] !== ')') return refused(title, request.file, lineOf(file, request.offset), '`new Pool` without parentheses; add the config by hand.');
    edits.insert(close, `{ ${property} }`);
    return done(title, file, edits);
  }
  const config = configLiteralOf(file, args[0]);
  if (!config) {
    return refused(title, request.file, lineOf(file, request.offset), 'the config is not written out here; add connectionTimeoutMillis where it is built.');
  }
  if (!hasOwnProperty(config, 'connectionTimeoutMillis')) addObjectProperty(sf, edits, config, 'connectionTimeoutMillis', String(ms));
  return done(title, file, edits);
}

/** The config literal: written at the creation, or a module-level `const` of this file the name resolves to (as the rule reads it). */
function configLiteralOf(file: ParsedFile, argument: ts.Expression): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(argument)) return argument;
  const config = unwrap(argument);
  if (!ts.isIdentifier(config)) return undefined;
  const declaration = symbolOf(file, config)?.declarations?.[0];
  const isModuleLevel = !!declaration && ts.isVariableDeclaration(declaration) && ts.isVariableStatement(declaration.parent.parent) && ts.isSourceFile(declaration.parent.parent.parent);
  let inFunction = false;
  for (let at: ts.Node | undefined = config.parent; at && !inFunction; at = at.parent) inFunction = ts.isFunctionLike(at) || ts.isClassStaticBlockDeclaration(at);
  return isModuleLevel ? moduleConstObject(file.sf, config.text, inFunction ? undefined : config.pos) : undefined;
}

// ── pool-error-listener ─────────────────────────────────────────────────

export function fixErrorListener(request: PoolFixRequest): PoolRewrite {
  const title = "Add an 'error' listener to the Pool";
  const found = poolCreationFor(title, request);
  if (!('creation' in found)) return found;
  const { file, creation } = found;
  const sf = file.sf;
  const style = detectStyle(sf);
  const edits = new FileEdits(file.path, sf.text);
  const q = (s: string): string => quoted(style, s);
  let statement: ts.Node = creation;
  while (statement.parent && !ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent)) statement = statement.parent;
  const parent = creation.parent;
  const indent = indentOf(sf, statement);
  const body = (inner: string, outer: string): string =>
    `${callbackHead(style, 'err')} {${style.newline}${inner}console.error(${q('Unexpected error on idle PostgreSQL client')}, err)${style.semi}${style.newline}${outer}}`;
  // `const pool = new Pool(…);` alone on its lines: a statement after it; anything else: chain `.on()`, which returns the pool.
  const name = ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
  const after = lineEndAfter(sf.text, statement.end);
  if (name && ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1 && after !== undefined) {
    edits.insert(after, `${style.newline}${style.newline}${indent}${name}.on(${q('error')}, ${body(indent + style.indentUnit, indent)})${style.semi}`);
  } else {
    edits.insert(creation.end, `.on(${q('error')}, ${body(indent + style.indentUnit, indent)})`);
  }
  return done(title, file, edits);
}

/**
 * Where a statement can follow the one ending at `end` on a line of its own: after its trailing line
 * comment, if only blanks and that comment follow it on its line; undefined when other code does.
 */
function lineEndAfter(text: string, end: number): number | undefined {
  const comment = (ts.getTrailingCommentRanges(text, end) ?? []).find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
  let i = comment ? comment.end : end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (i >= text.length || text[i] === '\n' || text.startsWith('\r\n', i)) return comment ? comment.end : end;
  return undefined;
}

// ── pool-client-leak ────────────────────────────────────────────────────

export function fixClientLeak(request: PoolFixRequest): PoolRewrite {
  const title = 'Release the pool client in finally';
  const file = parsedFor(title, request);
  if (!('sf' in file)) return file;
  const sf = file.sf;
  const line = lineOf(file, request.offset);
  const call = nodeAt(sf, request.offset, ts.isCallExpression);
  if (!call) return refused(title, request.file, line, 'the connect() call is no longer here; analyse again.');
  const last = call.arguments[call.arguments.length - 1];
  if (last && (ts.isArrowFunction(last) || ts.isFunctionExpression(last))) {
    if (last.parameters.length < 2 && !last.parameters[0]?.dotDotDotToken && call.arguments.length === 1 && ts.isPropertyAccessExpression(call.expression)) {
      // `pool.connect((err) => …)` takes no client: a query checks a client out and gives it back, with the same error.
      const edits = new FileEdits(file.path, sf.text);
      edits.replace(call.expression.name.getStart(sf), call.expression.name.end, 'query');
      edits.insert(last.getStart(sf), `${quoted(detectStyle(sf), 'SELECT 1')}, `);
      return done('Check the pool with a query instead of a connect() that keeps its client', file, edits);
    }
    return refused(title, request.file, line, 'callback form (connect((err, client, done) => …)): call done() on every path by hand, or move to `const client = await pool.connect()` and try/finally.');
  }
  let outer: ts.Node = call;
  while (ts.isParenthesizedExpression(outer.parent) || ts.isAwaitExpression(outer.parent)) outer = outer.parent;
  if (ts.isExpressionStatement(outer.parent) && ts.isPropertyAccessExpression(call.expression) && call.arguments.length === 0) {
    // `await pool.connect();` drops the client: as a startup check, a query checks out and gives back.
    const edits = new FileEdits(file.path, sf.text);
    edits.replace(call.expression.name.getStart(sf), call.expression.name.end, 'query');
    edits.insert(call.end - 1, quoted(detectStyle(sf), 'SELECT 1'));
    return done('Check the pool with a query instead of a dropped connect()', file, edits);
  }
  const awaited = call.parent;
  const declaration = ts.isAwaitExpression(awaited) ? awaited.parent : undefined;
  const list = declaration && ts.isVariableDeclaration(declaration) ? declaration.parent : undefined;
  const statement = list && ts.isVariableDeclarationList(list) ? list.parent : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || !statement || !ts.isVariableStatement(statement) ||
    statement.declarationList.declarations.length !== 1 || !ts.isBlock(statement.parent)) {
    return refused(title, request.file, line, 'only `const client = await pool.connect();` as a statement of its own is rewritten; add try/finally by hand.');
  }
  const block = statement.parent;
  const clientSymbol = symbolOf(file, declaration.name);
  const index = block.statements.indexOf(statement);
  const rest = block.statements.slice(index + 1);
  if (rest.length === 0) return refused(title, request.file, line, 'nothing uses the client after it is checked out; remove the connect() or release it.');
  const style = detectStyle(sf);
  const edits = new FileEdits(file.path, sf.text);
  // Its own release() calls go (the finally releases once; pg throws on a second release).
  const releases: ts.ExpressionStatement[] = [];
  let problem: string | undefined;
  const visit = (node: ts.Node): void => {
    if (problem) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'release' &&
      ts.isIdentifier(node.expression.expression) && symbolOf(file, node.expression.expression) === clientSymbol) {
      if (node.arguments.length > 0) problem = `release(${node.arguments.map((a) => a.getText(sf)).join(', ')}) discards a broken client; keep it and add the finally by hand.`;
      else if (!ts.isExpressionStatement(node.parent)) problem = 'a release() that is part of a larger expression; add try/finally by hand.';
      else if (isInNestedFunction(node, block)) problem = 'the client is released in a callback; add try/finally by hand.';
      else releases.push(node.parent);
    }
    ts.forEachChild(node, visit);
  };
  for (const stmt of rest) visit(stmt);
  if (problem) return refused(title, request.file, line, problem);
  const name = declaration.name.text;
  const indent = indentOf(sf, statement);
  const inner = indent + style.indentUnit;
  const nl = style.newline;
  const only = rest.length === 1 ? rest[0] : undefined;
  if (only && ts.isTryStatement(only) && !only.finallyBlock && only.catchClause && releases.every((r) => isDirectlyIn(r, only.tryBlock))) {
    // The rest is one try/catch whose try releases: the try gets the finally (no second try around it).
    const tryStatement = only;
    const tryIndent = indentOf(sf, tryStatement);
    edits.insert(tryStatement.catchClause!.end, ` finally {${nl}${tryIndent}${style.indentUnit}${name}.release()${style.semi}${nl}${tryIndent}}`);
    for (const release of releases) removeStatement(edits, sf, release);
    return done(title, file, edits);
  }
  const kept = rest.filter((stmt) => !releases.includes(stmt as ts.ExpressionStatement));
  if (kept.length === 0) return refused(title, request.file, line, 'the client is only released after it is checked out; remove both.');
  const first = kept[0];
  const lastStatement = kept[kept.length - 1];
  edits.insert(lineStart(sf.text, first.getStart(sf)), `${indent}try {${nl}`);
  // Re-indent the wrapped lines, except those of the removed release() statements.
  let from = first.getStart(sf);
  for (const release of [...releases].sort((a, b) => a.pos - b.pos).filter((r) => r.pos > first.pos && r.end < lastStatement.end)) {
    shiftIndentation(edits, sf, from, lineStart(sf.text, release.getStart(sf)), '', style.indentUnit);
    from = lineEndAfterNewline(sf.text, release.end);
  }
  shiftIndentation(edits, sf, from, lastStatement.end, '', style.indentUnit);
  edits.insert(lastStatement.end, `${nl}${indent}} finally {${nl}${inner}${name}.release()${style.semi}${nl}${indent}}`);
  for (const release of releases) removeStatement(edits, sf, release);
  return done(title, file, edits);
}

function isDirectlyIn(statement: ts.Statement, block: ts.Block): boolean {
  return statement.parent === block;
}

function isInNestedFunction(node: ts.Node, block: ts.Block): boolean {
  for (let at: ts.Node | undefined = node.parent; at && at !== block; at = at.parent) if (ts.isFunctionLike(at)) return true;
  return false;
}

export type { CodeStyle };

// ── pool-per-request ────────────────────────────────────────────────────

/**
 * `const pool = new Pool(cfg)` inside per-request code moves to module scope,
 * right before the top-level statement that contains it, when nothing in
 * `cfg` comes from the function (its parameters, locals, an enclosing
 * closure); `pool.end()` statements in that function go (they would close the
 * shared pool after the first request). Refused otherwise, with the reason.
 */
export function fixPerRequestPool(request: PoolFixRequest): PoolRewrite {
  const title = 'Create the Pool once, at module scope';
  const found = poolCreationFor(title, request);
  if (!('creation' in found)) return found;
  const { file, creation } = found;
  const sf = file.sf;
  const line = lineOf(file, request.offset);
  const declaration = creation.parent;
  const list = ts.isVariableDeclaration(declaration) ? declaration.parent : undefined;
  const statement = list && ts.isVariableDeclarationList(list) ? list.parent : undefined;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || !statement || !ts.isVariableStatement(statement) ||
    statement.declarationList.declarations.length !== 1 || !ts.isBlock(statement.parent)) {
    return refused(title, request.file, line, 'only `const pool = new Pool(…);` as a statement of its own is moved; move it to module scope by hand.');
  }
  const fn = enclosingFunctionOf(statement);
  if (!fn) return refused(title, request.file, line, 'the Pool is not created inside a function.');
  let topLevel: ts.Node = fn;
  while (!ts.isSourceFile(topLevel.parent)) topLevel = topLevel.parent;
  const dependency = requestDependency(file, creation);
  if (dependency) {
    return refused(title, request.file, line, `its config uses \`${dependency}\`, which comes from the function (the request): one pool per distinct config is needed; create those pools once, by hand.`);
  }
  const name = declaration.name.text;
  const moduleNames = new Set(sf.statements.flatMap((s) => (ts.isVariableStatement(s) ? s.declarationList.declarations.map((d) => d.name.getText(sf)) : ts.isFunctionDeclaration(s) && s.name ? [s.name.text] : [])));
  if (moduleNames.has(name)) return refused(title, request.file, line, `\`${name}\` is already declared at module scope; rename one of them first.`);
  const symbol = symbolOf(file, declaration.name);
  const ends: ts.Statement[] = [];
  let problem: string | undefined;
  const findEnds = (node: ts.Node): void => {
    if (problem) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'end' &&
      ts.isIdentifier(node.expression.expression) && symbolOf(file, node.expression.expression) === symbol) {
      let outer: ts.Node = node;
      while (ts.isAwaitExpression(outer.parent) || ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
      if (ts.isExpressionStatement(outer.parent) && ts.isBlock(outer.parent.parent)) ends.push(outer.parent);
      else problem = `\`${name}.end()\` is part of a larger expression; with one shared pool it must go: move the pool by hand.`;
    }
    ts.forEachChild(node, findEnds);
  };
  if (fn.body) findEnds(fn.body);
  if (problem) return refused(title, request.file, line, problem);
  const style = detectStyle(sf);
  const edits = new FileEdits(file.path, sf.text);
  const text = sf.text.slice(statement.getStart(sf), statement.end);
  edits.insert(lineStart(sf.text, topLevel.getStart(sf)), `${text}${style.newline}${style.newline}`);
  removeStatement(edits, sf, statement);
  for (const end of ends) removeStatement(edits, sf, end);
  return done(title, file, edits);
}

/**
 * The first thing in the creation's arguments that belongs to a function
 * call rather than to the module: a name declared inside a function (a
 * parameter such as `req`, a local, a closure's variable), `this`, `super`,
 * `arguments` or `new.target`. Undefined when the config is the same on every call.
 */
function requestDependency(file: ParsedFile, creation: ts.NewExpression | ts.CallExpression): string | undefined {
  let dependency: string | undefined;
  const visit = (node: ts.Node): void => {
    if (dependency) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword) {
      dependency = node.getText(file.sf);
    } else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.NewKeyword) {
      dependency = 'new.target';
    } else if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
      !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)) {
      const declared = symbolOf(file, node)?.declarations?.[0];
      if (declared ? enclosingFunctionOf(declared) : node.text === 'arguments') dependency = node.text;
    }
    ts.forEachChild(node, visit);
  };
  for (const arg of creation.arguments ?? []) visit(arg);
  return dependency;
}

function enclosingFunctionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) if (ts.isFunctionLike(at)) return at as ts.FunctionLikeDeclaration;
  return undefined;
}
