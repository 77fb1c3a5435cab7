/**
 * The single AST walk. An explicit stack (not recursion) so 10,000-deep
 * expressions cannot overflow; exit callbacks on the stack restore the
 * scope/container state that a node changed. Node-specific work lives in the
 * sibling modules; this file owns the traversal, scopes and containers.
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { CreationShape, EngineOptions, FactEdge, LocalId, SourceRange } from '../types';
import { FactsBuilder } from './builder';
import { Scope, type ScopeSymbol } from './scope';
import { LineMap, nodeRange } from './ranges';
import { declareParameters, declareStatements, visitVariableDeclaration } from './declarations';
import { visitBinary } from './assignments';
import { visitNew } from './creations';
import { visitClass, visitPropertyDeclaration } from './classes';
import { visitExportAssignment, visitExportDeclaration } from './exports';
import { visitObjectLiteral } from './objects';
import { visitCall, visitPropertyAccess } from './calls';
import { visitFunctionDirectives } from './nextjs';
import { decoratorsOf, isAsyncFunction, requireSpecifier, unwrap } from './syntax';

export interface ClassInfo {
  /** The class binding id (`b:Db`). */
  id: LocalId;
  name: string;
  /** member name → member node id, once created. */
  members?: Map<string, LocalId>;
}

/** State applied when the walk enters a given node (set by a parent that knows better). */
export interface Frame {
  container?: LocalId;
  thisClass?: ClassInfo;
  thisStatic?: boolean;
}

/** How a parent (declaration, assignment, export …) holds a `new Client()` below it. */
export interface CreationClaim {
  shape: CreationShape;
  holder?: LocalId;
  holderName: string;
  classId?: LocalId;
}

type StackItem = ts.Node | (() => void);

function declaresNames(statement: ts.Statement): boolean {
  const kind = statement.kind;
  return kind === SK.VariableStatement || kind === SK.FunctionDeclaration || kind === SK.ClassDeclaration || kind === SK.EnumDeclaration;
}


/** Children worth visiting: not types, not leaf tokens (literals, keywords, punctuation) — identifiers stay. */
function isWalkable(kind: ts.SyntaxKind): boolean {
  if (kind <= SK.LastToken) return kind === SK.Identifier;
  return kind < SK.FirstTypeNode || kind > SK.LastTypeNode;
}

export class FileWalker {
  readonly out = new FactsBuilder();
  readonly moduleScope = new Scope(undefined);
  scope: Scope = this.moduleScope;
  container: LocalId = 'init';
  /** > 0 inside any function body. */
  functionDepth = 0;
  /** Index of the innermost function (0 = module code); pairs lazy inits with calls. */
  fnIndex = 0;
  private fnCounter = 0;
  thisClass: ClassInfo | undefined;
  thisStatic = false;

  /** Nodes already accounted for by a parent (no ref edge / import node from the walk). */
  readonly handled = new Set<ts.Node>();
  readonly frameFor = new Map<ts.Node, Frame>();
  readonly claims = new Map<ts.Node, CreationClaim>();
  /** Calls whose promise is awaited, returned or chained. */
  private readonly awaitedCalls = new Set<ts.Node>();
  readonly awaited = {
    add: (expression: ts.Node): void => {
      if (expression.kind === SK.CallExpression) this.awaitedCalls.add(expression);
    },
    has: (call: ts.Node): boolean => this.awaitedCalls.has(call),
  };
  /** Module specifiers imported at the top of the file (framework detection). */
  readonly fileModules = new Set<string>();
  /** Function node → the module-level binding it is the value of. */
  readonly functionBindings = new Map<ts.Node, LocalId>();
  readonly functionIds = new Set<LocalId>();
  readonly asyncIds = new Set<LocalId>();
  /** `${fnIndex}|${holder}`: the function assigns a new Client to holder. */
  readonly lazyAssignments = new Set<string>();
  /** Nodes known to hold a pg Client (holders and creations). */
  readonly clientHolders = new Set<LocalId>();
  readonly callFunctionIndex: number[] = [];
  /** Constructor parameter → node it stands for (parameter properties, DI injections). */
  readonly paramAlias = new Map<ts.Node, LocalId>();
  /** Class expression → the module-level binding it initialises. */
  readonly classIdFor = new Map<ts.Node, LocalId>();
  readonly exportRanges = new Map<string, SourceRange>();
  /** Set once any pg module is imported or required (before that no name can hold a pg value). */
  pgSeen = false;
  /** Class binding id → its info (one object per class, so member ids are cached). */
  readonly classes = new Map<LocalId, ClassInfo>();
  readonly file: string;
  readonly pgModules: ReadonlySet<string>;
  private readonly stack: StackItem[] = [];
  /** Built on the first range request. */
  private lines: LineMap | undefined;

  constructor(readonly sourceFile: ts.SourceFile, options: EngineOptions) {
    this.file = sourceFile.fileName.split('\\').join('/');
    this.pgModules = new Set(options.pgModules);
  }

  run(): void {
    const sf = this.sourceFile;
    const fileStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, offset: 0, length: 0 };
    this.out.add({ id: 'init', kind: 'init', name: '(module init)', range: fileStart });
    declareStatements(this, sf.statements, this.moduleScope, true);
    this.pushList(sf.statements);
    const stack = this.stack;
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (typeof item === 'function') item();
      else this.visit(item);
    }
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

  range(node: ts.Node): SourceRange {
    this.lines ??= new LineMap(this.sourceFile.text);
    return nodeRange(this.sourceFile, this.lines, node);
  }

  edge(from: LocalId, to: LocalId, kind: FactEdge['kind']): void {
    this.out.edge(from, to, kind);
  }

  ref(to: LocalId): void {
    this.out.edge(this.container, to, 'ref');
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
    ts.forEachChild(node, this.collectChild);
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

  // ── the walk ──────────────────────────────────────────────────────────

  private visit(node: ts.Node): void {
    if (this.frameFor.size > 0) {
      const frame = this.frameFor.get(node);
      if (frame) this.applyFrame(frame);
    }
    const visitor = VISITORS[node.kind];
    if (visitor === undefined) this.pushChildren(node);
    else visitor(this, node);
  }

  applyFrame(frame: Frame): void {
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
    if (symbol?.node) this.ref(symbol.node);
  }

  visitFunction(fn: ts.FunctionLikeDeclaration): void {
    const isArrow = fn.kind === SK.ArrowFunction;
    const scope = new Scope(this.scope);
    if (fn.kind === SK.FunctionExpression && fn.name) scope.set(fn.name.text, { moduleLevel: false });
    declareParameters(this, fn.parameters, scope);
    const body = fn.body;
    if (body && ts.isBlock(body)) declareStatements(this, body.statements, scope, false);

    const saved = { functionDepth: this.functionDepth, fnIndex: this.fnIndex, thisClass: this.thisClass, thisStatic: this.thisStatic, container: this.container, scope: this.scope };
    this.onExit(() => {
      this.functionDepth = saved.functionDepth;
      this.fnIndex = saved.fnIndex;
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
    this.fnIndex = ++this.fnCounter;
    const bindingId = this.functionBindings.get(fn);
    if (bindingId) {
      this.functionIds.add(bindingId);
      if (isAsyncFunction(fn)) this.asyncIds.add(bindingId);
    }
    if (body && ts.isBlock(body)) visitFunctionDirectives(this, fn, body);

    if (body) {
      if (ts.isBlock(body)) this.pushList(body.statements);
      else {
        this.awaited.add(unwrap(body));
        this.push(body);
      }
    }
    this.pushList(fn.parameters);
    if (fn.name && ts.isComputedPropertyName(fn.name)) this.push(fn.name);
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
    if (initializer && ts.isVariableDeclarationList(initializer)) {
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
  [[SK.Identifier], (w, node) => { if (!w.handled.has(node)) w.refIdentifier(node as ts.Identifier); }],
  [[SK.PropertyAccessExpression], (w, node) => { if (!w.handled.has(node)) visitPropertyAccess(w, node as ts.PropertyAccessExpression); }],
  [[SK.CallExpression], (w, node) => { if (!w.handled.has(node)) visitCall(w, node as ts.CallExpression); }],
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
    if (!w.handled.has(shorthand.name)) w.refIdentifier(shorthand.name);
    w.push(shorthand.objectAssignmentInitializer);
  }],
  [[SK.PropertyAssignment], (w, node) => {
    const assignment = node as ts.PropertyAssignment;
    w.push(assignment.initializer);
    if (ts.isComputedPropertyName(assignment.name)) w.push(assignment.name);
  }],
  [[SK.AwaitExpression], (w, node) => {
    w.awaited.add(unwrap((node as ts.AwaitExpression).expression));
    w.pushChildren(node);
  }],
  [[SK.ReturnStatement], (w, node) => {
    const expression = (node as ts.ReturnStatement).expression;
    if (expression) w.awaited.add(unwrap(expression));
    w.push(expression);
  }],
  [[SK.Parameter], (w, node) => {
    const parameter = node as ts.ParameterDeclaration;
    w.push(parameter.initializer);
    if (!ts.isIdentifier(parameter.name)) w.push(parameter.name);
    w.pushList(decoratorsOf(parameter));
  }],
  [[SK.BindingElement], (w, node) => {
    const element = node as ts.BindingElement;
    w.push(element.initializer);
    if (!ts.isIdentifier(element.name)) w.push(element.name);
    if (element.propertyName && ts.isComputedPropertyName(element.propertyName)) w.push(element.propertyName);
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
