/**
 * The single AST walk. An explicit stack (not recursion) so 10,000-deep
 * expressions cannot overflow; exit callbacks on the stack restore the
 * scope/container state that a node changed. Node-specific work lives in the
 * sibling modules; this file owns the traversal, scopes and containers.
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { EngineOptions, FactEdge, LocalId, Span } from '../types';
import { FactsBuilder } from './builder';
import { Scope, type ScopeSymbol } from './scope';
import { LineMap, nodeSpan } from './ranges';
import { declareParameters, declareStatements, visitVariableDeclaration } from './declarations';
import { visitBinary } from './assignments';
import { visitNew } from './creations';
import { visitClass, visitPropertyDeclaration } from './classes';
import { visitExportAssignment, visitExportDeclaration } from './exports';
import { visitContextProperty } from './registries';
import { visitReturnedValue } from './returns';
import { bindParameterTokens } from './arguments';
import { visitObjectLiteral } from './objects';
import { visitCall, visitPropertyAccess } from './calls';
import { scriptEndCalls } from './scriptEnd';
import { visitFunctionDirectives } from './fileContexts';
import { defaultContextIndex, type ContextIndex } from './contextIndex';
import { bindingIdentifiers, decoratorsOf, isAsyncFunction, requireSpecifier, unwrap } from './syntax';
import type { ClassInfo, CreationClaim, Frame, VisitContext } from './visitContext';
import { compileDrivers, withReexports, type CompiledDrivers } from './driverValues';
import { fileRuleHooks, type FileRuleHooksByMethod } from '../rules/fileRules';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { forEachChild, isBlock, isComputedPropertyName, isIdentifier, isVariableDeclarationList } = ts;

export type { ClassInfo, CreationClaim, Frame, VisitContext };

/** The compiled tables the extractor reads; the defaults come from catalogue/ and the options (tests inject their own). */
export interface ExtractionTables {
  drivers?: CompiledDrivers;
  contexts?: ContextIndex;
}

type StackItem = ts.Node | (() => void);

/**
 * What a use inside `statement` points at: a simple statement itself; the
 * condition or subject of if/while/do/switch/for-of/for-in (their bodies'
 * statements are walked as statements of their own); nothing for the rest.
 */
function statementPart(statement: ts.Node): ts.Node | undefined {
  switch (statement.kind) {
    case SK.ExpressionStatement:
    case SK.VariableStatement:
    case SK.ReturnStatement:
    case SK.ThrowStatement:
      return statement;
    case SK.IfStatement:
    case SK.WhileStatement:
    case SK.DoStatement:
    case SK.SwitchStatement:
    case SK.ForOfStatement:
    case SK.ForInStatement:
      return (statement as ts.IfStatement).expression;
    default:
      return undefined;
  }
}

function declaresNames(statement: ts.Statement): boolean {
  const kind = statement.kind;
  return kind === SK.VariableStatement || kind === SK.FunctionDeclaration || kind === SK.ClassDeclaration || kind === SK.EnumDeclaration;
}


/** Where in a block statements typed there are (FileWalker.walksToNothing; inert-edit.ts finds it). */
export interface BlockPlace {
  /** The top-level statement around the block. */
  topLevel: ts.Statement;
  /** The innermost function around the block, and how many functions are around it. */
  currentFunction: ts.SignatureDeclaration | undefined;
  functionDepth: number;
}

/** What a statement typed into a block may not contain: its walk alone would read it as module code, or number it. */
const NOT_IN_A_BLOCK = new Uint8Array(1024);
for (const kind of [ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.SuperKeyword, ts.SyntaxKind.AwaitExpression, ts.SyntaxKind.YieldExpression, ts.SyntaxKind.MetaProperty, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.ClassExpression]) NOT_IN_A_BLOCK[kind] = 1;

/**
 * Every name declared anywhere in `node`: variables, parameters (their
 * destructuring patterns included), functions, classes, enums (more than
 * are in scope at any one place, which only makes a statement naming one
 * count as not inert).
 */
function declaredNames(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    switch (n.kind) {
      case SK.VariableDeclaration:
      case SK.Parameter:
        for (const name of bindingIdentifiers((n as ts.VariableDeclaration | ts.ParameterDeclaration).name)) out.add(name.text);
        break;
      case SK.FunctionDeclaration:
      case SK.FunctionExpression:
      case SK.ClassDeclaration:
      case SK.ClassExpression:
      case SK.EnumDeclaration: {
        const name = (n as ts.FunctionDeclaration | ts.FunctionExpression | ts.ClassLikeDeclaration | ts.EnumDeclaration).name;
        if (name) out.add(name.text);
      }
    }
    forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** Children worth visiting: not types, not leaf tokens (literals, keywords, punctuation) — identifiers stay. */
function isWalkable(kind: ts.SyntaxKind): boolean {
  if (kind <= SK.LastToken) return kind === SK.Identifier;
  return kind < SK.FirstTypeNode || kind > SK.LastTypeNode;
}

/**
 * What `walksToNothing` compares before and after its walk: every list of
 * the facts builder, every table of the walker, and the counters that name
 * ids. A field left out would let a statement that changes the facts pass
 * for one that does not; test/engine/walk-tables.test.ts fails on a field
 * of either class that is in no list here nor in its list of the fields
 * that need not be compared.
 */
export const BUILDER_LISTS = ['nodes', 'edges', 'calls', 'exports', 'starExports', 'driverExports', 'notices', 'fileRuleFacts'] as const;
export const WALK_TABLES = ['handled', 'memberReads', 'frameFor', 'claims', 'awaitedCalls', 'memoisedCalls', 'fileModules', 'functionBindings',
  'functionIds', 'asyncIds', 'lazyAssignments', 'clientHolders', 'paramAlias', 'classIdFor', 'exportRanges', 'classes'] as const;
export const WALK_COUNTERS = ['fnCounter', 'driverSeen'] as const;

/**
 * Walks one file. Implements VisitContext, the only view visitors get: the
 * tables below are private and change through VisitContext's operations; the
 * position fields are public only so reading them costs a field load, and
 * visitors see them read-only.
 */
export class FileWalker implements VisitContext {
  readonly out = new FactsBuilder();
  readonly moduleScope = new Scope(undefined);
  readonly file: string;
  readonly drivers: CompiledDrivers;
  readonly fileRuleHooks: FileRuleHooksByMethod;
  readonly contexts: ContextIndex;
  // Where the walk is. Plain fields, not getters (read on every node); visitors
  // see them read-only through VisitContext, and only the walker assigns them.
  scope: Scope = this.moduleScope;
  container: LocalId = 'init';
  functionDepth = 0;
  functionIndex = 0;
  /** The innermost function being walked (undefined: module code). */
  currentFunction: ts.SignatureDeclaration | undefined;
  thisClass: ClassInfo | undefined;
  thisStatic = false;
  driverSeen = false;
  private fnCounter = 0;
  /**
   * The innermost expression/variable/return/throw statement being walked in
   * the current function (where a ref edge says the use is); undefined
   * inside other statements and at a function's start. It can be stale after
   * the statement's subtree: `atRange` checks that it contains the use.
   */
  private statement: ts.Node | undefined;

  private readonly handled = new Set<ts.Node>();
  /** Property access → the member read on it (see noteMemberRead). */
  private readonly memberReads = new Map<ts.Node, string>();
  private readonly frameFor = new Map<ts.Node, Frame>();
  private readonly claims = new Map<ts.Node, CreationClaim>();
  /** Calls whose promise is awaited, returned or chained. */
  private readonly awaitedCalls = new Set<ts.Node>();
  private readonly memoisedCalls = new Set<ts.Node>();
  /** Module specifiers imported at the top of the file (framework detection). */
  private readonly fileModules = new Set<string>();
  /** Function node → the module-level binding it is the value of. */
  private readonly functionBindings = new Map<ts.Node, LocalId>();
  private readonly functionIds = new Set<LocalId>();
  private readonly asyncIds = new Set<LocalId>();
  /** `${fnIndex}|${holder}`: the function assigns a new Client to holder. */
  private readonly lazyAssignments = new Set<string>();
  /** Nodes known to hold a pg Client (holders and creations). */
  private readonly clientHolders = new Set<LocalId>();
  /** Constructor parameter → node it stands for (parameter properties, DI injections). */
  private readonly paramAlias = new Map<ts.Node, LocalId>();
  /** Class expression → the module-level binding it initialises. */
  private readonly classIdFor = new Map<ts.Node, LocalId>();
  private readonly exportRanges = new Map<string, Span>();
  /** Class binding id → its info (one object per class, so member ids are cached). */
  private readonly classes = new Map<LocalId, ClassInfo>();
  private readonly stack: StackItem[] = [];
  /** Built on the first range request. */
  private lines: LineMap | undefined;

  constructor(readonly sourceFile: ts.SourceFile, options: EngineOptions, tables: ExtractionTables = {}, file = sourceFile.fileName) {
    // Front ends hand in forward-slash paths (converting only on Windows): a POSIX `\\` is part of a name.
    this.file = file;
    const drivers = tables.drivers ?? compileDrivers({ pg: options.pgModules, ...options.drivers });
    this.drivers = options.reexports ? withReexports(drivers, options.reexports) : drivers;
    this.fileRuleHooks = fileRuleHooks(options.rules ?? {});
    this.contexts = tables.contexts ?? defaultContextIndex();
  }

  // ── VisitContext: where the walk is ───────────────────────────────────

  // ── VisitContext: notes ───────────────────────────────────────────────

  setFrame(node: ts.Node, frame: Frame): void { this.frameFor.set(node, frame); }
  claim(creation: ts.Node, claim: CreationClaim): void { this.claims.set(creation, claim); }
  claimOf(creation: ts.Node): CreationClaim | undefined { return this.claims.get(creation); }
  noteMemberRead(object: ts.Node, member: string): void { this.memberReads.set(object, member); }
  memberReadOn(object: ts.Node): string | undefined {
    return this.memberReads.size > 0 ? this.memberReads.get(object) : undefined;
  }
  markHandled(node: ts.Node): void { this.handled.add(node); }
  isHandled(node: ts.Node): boolean { return this.handled.has(node); }
  markMemoised(call: ts.Node): void { this.memoisedCalls.add(call); }
  isMemoised(call: ts.Node): boolean { return this.memoisedCalls.size > 0 && this.memoisedCalls.has(call); }
  markAwaited(expression: ts.Node): void {
    if (expression.kind === SK.CallExpression) this.awaitedCalls.add(expression);
  }
  isAwaited(call: ts.Node): boolean { return this.awaitedCalls.has(call); }
  bindFunction(fn: ts.Node, id: LocalId): void { this.functionBindings.set(fn, id); }
  functionBinding(fn: ts.Node): LocalId | undefined { return this.functionBindings.get(fn); }
  aliasParameter(parameter: ts.Node, id: LocalId): void { this.paramAlias.set(parameter, id); }
  /** Read by declareParameters (through the walker, which owns parameter scopes). */
  parameterAlias(parameter: ts.Node): LocalId | undefined {
    return this.paramAlias.size > 0 ? this.paramAlias.get(parameter) : undefined;
  }
  bindClassExpression(node: ts.Node, id: LocalId): void { this.classIdFor.set(node, id); }
  classIdOfExpression(node: ts.Node): LocalId | undefined { return this.classIdFor.get(node); }
  classInfo(classId: LocalId): ClassInfo {
    let info = this.classes.get(classId);
    if (!info) this.classes.set(classId, (info = { id: classId, name: classId.slice(2) }));
    return info;
  }

  // ── VisitContext: what the file has shown ─────────────────────────────

  noteModuleImport(specifier: string): void { this.fileModules.add(specifier); }
  importsModule(specifier: string): boolean { return this.fileModules.has(specifier); }
  noteDriverImport(): void { this.driverSeen = true; }
  noteClientHolder(id: LocalId): void { this.clientHolders.add(id); }
  holdsClient(id: LocalId): boolean { return this.clientHolders.has(id); }
  noteLazyAssignment(holder: LocalId): void { this.lazyAssignments.add(`${this.functionIndex}|${holder}`); }
  exportAs(name: string, target: LocalId, rangeNode: ts.Node): void {
    this.out.exportAs(name, target);
    this.exportRanges.set(name, this.range(rangeNode));
  }
  exportRange(name: string): Span | undefined { return this.exportRanges.get(name); }
  isFunctionNode(id: LocalId): boolean { return this.functionIds.has(id); }
  private scriptEnds: ReadonlySet<ts.CallExpression> | undefined;
  scriptEndCalls(): ReadonlySet<ts.CallExpression> { return (this.scriptEnds ??= scriptEndCalls(this.sourceFile)); }
  isAsyncFunctionNode(id: LocalId): boolean { return this.asyncIds.has(id); }

  /** Marks the calls made inside a lazy initialiser of their target (after the walk). */
  markLazyInitCalls(): void {
    if (this.lazyAssignments.size === 0) return;
    const calls = this.out.calls;
    const functionIndexes = this.out.callFunctionIndexes;
    for (let i = 0; i < calls.length; i++) {
      if (this.lazyAssignments.has(`${functionIndexes[i]}|${calls[i].target}`)) calls[i].inLazyInit = true;
    }
  }

  run(): void {
    const sf = this.sourceFile;
    const fileStart = { offset: 0, length: 0 };
    this.out.add({ id: 'init', kind: 'init', name: '(module init)', range: fileStart });
    declareStatements(this, sf.statements, this.moduleScope, true);
    this.pushList(sf.statements);
    this.drain();
  }

  private drain(): void {
    const stack = this.stack;
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (typeof item === 'function') item();
      else this.visit(item);
    }
  }

  /**
   * Whether these statements of the file, walked after the module's names
   * are declared, leave every table of the walk as it was: nothing added to
   * the facts, to what later visits read, or to the function numbering
   * (inert-edit.ts: statements an edit inserts that only move the facts).
   * Only expression statements naming nothing the module declares (an
   * existing edge would take a reference without growing), and no directive
   * (a string statement). Typed into a block (`nested`): walked as in its
   * function, naming nothing declared in its top-level statement either,
   * and no `this`, `super`, `arguments`, `await`, `yield`, function or class
   * (what a walk alone could not tell apart from module code, or would number).
   * A fresh walker's.
   */
  walksToNothing(statements: readonly ts.Statement[], nested?: BlockPlace): boolean {
    declareStatements(this, this.sourceFile.statements, this.moduleScope, true);
    const scope = this.moduleScope;
    const local = nested ? declaredNames(nested.topLevel) : undefined;
    const namesNothingDeclared = (node: ts.Node): boolean => {
      if (node.kind === SK.Identifier) {
        const name = (node as ts.Identifier).text;
        if (scope.lookup(name) !== undefined || local?.has(name) || (local && name === 'arguments')) return false;
      } else if (local && NOT_IN_A_BLOCK[node.kind] === 1) return false;
      return !forEachChild(node, (child) => !namesNothingDeclared(child) || undefined);
    };
    for (const statement of statements) {
      if (statement.kind !== SK.ExpressionStatement || (statement as ts.ExpressionStatement).expression.kind === SK.StringLiteral) return false;
      if (!namesNothingDeclared(statement)) return false;
    }
    if (nested) {
      this.functionDepth = nested.functionDepth;
      this.currentFunction = nested.currentFunction;
    }
    const fields = this as unknown as Record<string, Set<unknown> | Map<unknown, unknown> | number | boolean>;
    const lists = this.out as unknown as Record<string, unknown[]>;
    const size = () => [
      ...BUILDER_LISTS.map((name) => lists[name].length),
      ...WALK_TABLES.map((name) => (fields[name] as Set<unknown>).size),
      ...WALK_COUNTERS.map((name) => Number(fields[name])),
    ].join();
    const before = size();
    this.pushList(statements);
    this.drain();
    return size() === before;
  }

  // ── scope & resolution ────────────────────────────────────────────────

  lookup(name: string): ScopeSymbol | undefined {
    return this.scope.lookup(name);
  }

  /** `require('x')` with `require` not shadowed. */
  requireOf(node: ts.Node): string | undefined {
    const specifier = requireSpecifier(node);
    if (specifier === undefined || this.lookup('require')) return undefined;
    return specifier;
  }

  isGlobal(name: string): boolean {
    return this.lookup(name) === undefined;
  }

  range(node: ts.Node): Span {
    return nodeSpan(this.sourceFile, this.lineMap(), node);
  }

  line(node: ts.Node): number {
    return this.lineMap().lineOf(node.getStart(this.sourceFile));
  }

  /** `FileFacts.lines` for the spans made so far. */
  spanLines(): number[] {
    return this.lineMap().lines();
  }

  private lineMap(): LineMap {
    return (this.lines ??= new LineMap(this.sourceFile.text));
  }

  edge(from: LocalId, to: LocalId, kind: FactEdge['kind']): void {
    this.out.edge(from, to, kind);
  }

  ref(to: LocalId, at?: ts.Node, member?: string): void {
    const edge = this.out.edge(this.container, to, 'ref');
    // Top-level code is on no context's path: its uses need no site (it would only grow the facts).
    if (!edge || at === undefined || this.container === 'init') return;
    edge.at ??= this.atRange(at);
    if (member !== undefined) {
      if (!edge.members) edge.members = [member];
      else if (!edge.members.includes(member)) edge.members.push(member);
    }
  }

  /** The statement around the use `at` (see `statement`), else the use itself. */
  private atRange(at: ts.Node): Span {
    const statement = this.statement;
    const start = at.pos;
    if (statement && statement.pos <= start && at.end <= statement.end) return this.range(statement);
    return this.range(at);
  }

  // ── stack helpers ─────────────────────────────────────────────────────

  push(node: ts.Node | undefined): void {
    if (node) this.stack.push(node);
  }

  /** Pushes nodes so they are visited in source order. */
  pushList(nodes: readonly (ts.Node | undefined)[] | undefined): void {
    if (!nodes) return;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (node && isWalkable(node.kind)) this.stack.push(node);
    }
  }

  private readonly collectChild = (child: ts.Node): void => {
    if (isWalkable(child.kind)) this.stack.push(child);
  };

  pushChildren(node: ts.Node): void {
    const start = this.stack.length;
    forEachChild(node, this.collectChild);
    const stack = this.stack;
    for (let i = start, j = stack.length - 1; i < j; i++, j--) {
      const tmp = stack[i];
      stack[i] = stack[j];
      stack[j] = tmp;
    }
  }

  /** Runs `fn` after everything pushed later has been visited. */
  onExit(fn: () => void): void {
    this.stack.push(fn);
  }

  enterScope(scope: Scope): void {
    const previous = this.scope;
    this.scope = scope;
    this.onExit(() => { this.scope = previous; });
  }

  enterContainer(id: LocalId): void {
    const previous = this.container;
    this.container = id;
    this.onExit(() => { this.container = previous; });
  }

  swapScope(scope: Scope): Scope {
    const previous = this.scope;
    this.scope = scope;
    return previous;
  }

  // ── the walk ──────────────────────────────────────────────────────────

  private visit(node: ts.Node): void {
    const kind = node.kind;
    if (kind >= SK.FirstStatement && kind <= SK.LastStatement) this.statement = statementPart(node);
    if (this.frameFor.size > 0) {
      const frame = this.frameFor.get(node);
      if (frame) this.applyFrame(frame);
    }
    const visitor = VISITORS[node.kind];
    if (visitor === undefined) this.pushChildren(node);
    else visitor(this, node);
  }

  private applyFrame(frame: Frame): void {
    const { container, thisClass, thisStatic } = this;
    this.onExit(() => {
      this.container = container;
      this.thisClass = thisClass;
      this.thisStatic = thisStatic;
    });
    if (frame.container !== undefined) this.container = frame.container;
    if ('thisClass' in frame) {
      this.thisClass = frame.thisClass;
      this.thisStatic = frame.thisStatic ?? false;
    }
  }

  refIdentifier(id: ts.Identifier): void {
    const symbol = this.scope.lookup(id.text);
    if (symbol?.node) this.ref(symbol.node, id);
  }

  visitFunction(fn: ts.FunctionLikeDeclaration): void {
    const isArrow = fn.kind === SK.ArrowFunction;
    const scope = new Scope(this.scope);
    if (fn.kind === SK.FunctionExpression && fn.name) scope.set(fn.name.text, { moduleLevel: false });
    declareParameters(this, fn.parameters, scope);
    const body = fn.body;
    if (body && isBlock(body)) declareStatements(this, body.statements, scope, false);

    const saved = { functionDepth: this.functionDepth, functionIndex: this.functionIndex, currentFunction: this.currentFunction, thisClass: this.thisClass, thisStatic: this.thisStatic, container: this.container, scope: this.scope, statement: this.statement };
    this.statement = undefined;
    this.onExit(() => {
      this.statement = saved.statement;
      this.functionDepth = saved.functionDepth;
      this.functionIndex = saved.functionIndex;
      this.currentFunction = saved.currentFunction;
      this.thisClass = saved.thisClass;
      this.thisStatic = saved.thisStatic;
      this.container = saved.container;
      this.scope = saved.scope;
    });
    // A module-level function declaration is its own container.
    if (fn.kind === SK.FunctionDeclaration && this.scope === this.moduleScope) {
      const id = fn.name ? `b:${fn.name.text}` : 'b:default';
      this.container = id;
      this.functionBindings.set(fn, id);
    }
    const frame = this.frameFor.size > 0 ? this.frameFor.get(fn) : undefined;
    if (!isArrow && !(frame && 'thisClass' in frame)) {
      this.thisClass = undefined;
      this.thisStatic = false;
    }
    this.scope = scope;
    this.functionDepth++;
    this.functionIndex = ++this.fnCounter;
    this.currentFunction = fn;
    const bindingId = this.functionBindings.get(fn);
    if (this.functionDepth === 1) bindParameterTokens(this, fn, bindingId);
    if (bindingId) {
      this.functionIds.add(bindingId);
      if (isAsyncFunction(fn)) this.asyncIds.add(bindingId);
    }
    if (body && isBlock(body)) visitFunctionDirectives(this, fn, body);

    if (body) {
      if (isBlock(body)) this.pushList(body.statements);
      else {
        this.markAwaited(unwrap(body));
        // An expression body is the function's one statement.
        this.statement = body;
        this.push(body);
      }
    }
    this.pushList(fn.parameters);
    if (fn.name && isComputedPropertyName(fn.name)) this.push(fn.name);
    this.pushList(decoratorsOf(fn));
  }

  visitBlock(block: ts.Block | ts.ModuleBlock): void {
    // Most blocks declare nothing: only allocate a scope when one does.
    if (block.statements.some(declaresNames)) {
      const scope = new Scope(this.scope);
      declareStatements(this, block.statements, scope, false);
      if (scope.size > 0) this.enterScope(scope);
    }
    this.pushList(block.statements);
  }

  visitLoop(loop: ts.ForStatement | ts.ForInStatement | ts.ForOfStatement): void {
    const initializer = loop.initializer;
    if (initializer && isVariableDeclarationList(initializer)) {
      const scope = new Scope(this.scope);
      for (const declaration of initializer.declarations) declareParameters(this, [declaration], scope);
      this.enterScope(scope);
    }
    this.pushChildren(loop);
  }

  visitCatch(clause: ts.CatchClause): void {
    if (clause.variableDeclaration) {
      const scope = new Scope(this.scope);
      declareParameters(this, [clause.variableDeclaration], scope);
      this.enterScope(scope);
    }
    this.push(clause.block);
  }
}

type Visitor = (walker: FileWalker, node: ts.Node) => void;

/** Node kind → visitor; kinds without one just have their children walked. */
const VISITORS: (Visitor | undefined)[] = [];

const visitorsByKind: [readonly ts.SyntaxKind[], Visitor][] = [
  [[SK.Identifier], (w, node) => { if (!w.isHandled(node)) w.refIdentifier(node as ts.Identifier); }],
  [[SK.PropertyAccessExpression], (w, node) => { if (!w.isHandled(node)) visitPropertyAccess(w, node as ts.PropertyAccessExpression); }],
  [[SK.CallExpression], (w, node) => { if (!w.isHandled(node)) visitCall(w, node as ts.CallExpression); }],
  [[SK.NewExpression], (w, node) => visitNew(w, node as ts.NewExpression)],
  [[SK.BinaryExpression], (w, node) => visitBinary(w, node as ts.BinaryExpression)],
  [[SK.VariableDeclaration], (w, node) => visitVariableDeclaration(w, node as ts.VariableDeclaration)],
  [[SK.FunctionDeclaration, SK.FunctionExpression, SK.ArrowFunction, SK.MethodDeclaration, SK.GetAccessor, SK.SetAccessor, SK.Constructor],
    (w, node) => w.visitFunction(node as ts.FunctionLikeDeclaration)],
  [[SK.ClassDeclaration, SK.ClassExpression], (w, node) => visitClass(w, node as ts.ClassLikeDeclaration)],
  [[SK.PropertyDeclaration], (w, node) => visitPropertyDeclaration(w, node as ts.PropertyDeclaration)],
  [[SK.Block, SK.ModuleBlock], (w, node) => w.visitBlock(node as ts.Block)],
  [[SK.ForStatement, SK.ForInStatement, SK.ForOfStatement], (w, node) => w.visitLoop(node as ts.ForStatement)],
  [[SK.CatchClause], (w, node) => w.visitCatch(node as ts.CatchClause)],
  [[SK.ExportDeclaration], (w, node) => visitExportDeclaration(w, node as ts.ExportDeclaration)],
  [[SK.ExportAssignment], (w, node) => visitExportAssignment(w, node as ts.ExportAssignment)],
  [[SK.ObjectLiteralExpression], (w, node) => {
    visitObjectLiteral(w, node as ts.ObjectLiteralExpression);
    w.pushChildren(node);
  }],
  [[SK.ShorthandPropertyAssignment], (w, node) => {
    // `{ client }` reads the variable `client`.
    const shorthand = node as ts.ShorthandPropertyAssignment;
    if (!w.isHandled(shorthand.name)) w.refIdentifier(shorthand.name);
    w.push(shorthand.objectAssignmentInitializer);
  }],
  [[SK.PropertyAssignment], (w, node) => {
    const assignment = node as ts.PropertyAssignment;
    if (isIdentifier(assignment.name) && assignment.name.text === 'context') visitContextProperty(w, assignment);
    w.push(assignment.initializer);
    if (isComputedPropertyName(assignment.name)) w.push(assignment.name);
  }],
  [[SK.AwaitExpression], (w, node) => {
    w.markAwaited(unwrap((node as ts.AwaitExpression).expression));
    w.pushChildren(node);
  }],
  [[SK.ReturnStatement], (w, node) => {
    const expression = (node as ts.ReturnStatement).expression;
    if (expression) {
      w.markAwaited(unwrap(expression));
      visitReturnedValue(w, expression);
    }
    w.push(expression);
  }],
  [[SK.Parameter], (w, node) => {
    const parameter = node as ts.ParameterDeclaration;
    w.push(parameter.initializer);
    if (!isIdentifier(parameter.name)) w.push(parameter.name);
    w.pushList(decoratorsOf(parameter));
  }],
  [[SK.BindingElement], (w, node) => {
    const element = node as ts.BindingElement;
    w.push(element.initializer);
    if (!isIdentifier(element.name)) w.push(element.name);
    if (element.propertyName && isComputedPropertyName(element.propertyName)) w.push(element.propertyName);
  }],
  [[SK.HeritageClause], (w, node) => {
    // `extends Base` reads Base; `implements X` is a type.
    const clause = node as ts.HeritageClause;
    if (clause.token === SK.ExtendsKeyword) w.pushList(clause.types.map((t) => t.expression));
  }],
  [[SK.ExpressionWithTypeArguments], (w, node) => w.push((node as ts.ExpressionWithTypeArguments).expression)],
  [[SK.EnumDeclaration], (w, node) => w.pushList((node as ts.EnumDeclaration).members.map((m) => m.initializer))],
  [[SK.LabeledStatement], (w, node) => w.push((node as ts.LabeledStatement).statement)],
  [[SK.JsxAttribute], (w, node) => w.push((node as ts.JsxAttribute).initializer)],
  // Nothing to reference: imports are declared up front, the rest are types or labels.
  [[SK.ImportDeclaration, SK.ImportEqualsDeclaration, SK.InterfaceDeclaration, SK.TypeAliasDeclaration, SK.ModuleDeclaration,
    SK.TypeParameter, SK.BreakStatement, SK.ContinueStatement, SK.MetaProperty, SK.PropertySignature, SK.MethodSignature,
    SK.IndexSignature, SK.SemicolonClassElement], () => undefined],
];
for (const [kinds, visitor] of visitorsByKind) for (const kind of kinds) VISITORS[kind] = visitor;
