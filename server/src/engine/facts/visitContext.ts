/**
 * What a visitor (declarations.ts, calls.ts, contexts/ …) sees of the walk:
 * the file, where the walk is, name lookup, the facts being built, control
 * over what is visited next, and notes that a parent leaves for nodes below
 * it. The walker (walker.ts) implements it and keeps its state private, so a
 * visitor changes walk state only through these named operations.
 */
import type * as ts from 'typescript';
import type { CreationShape, FactEdge, LocalId, Span } from '../types';
import type { FactsBuilder } from './builder';
import type { CompiledDrivers } from './driverValues';
import type { FileRuleHooksByMethod } from '../rules/fileRules';
import type { ContextIndex } from './contextIndex';
import type { Scope, ScopeSymbol } from './scope';

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

/** How a parent (declaration, assignment, export …) holds a creation below it. */
export interface CreationClaim {
  shape: CreationShape;
  holder?: LocalId;
  holderName: string;
  classId?: LocalId;
  /** Stored on a property of the holder (`app.pool = new Pool()`): the path below it, `pool`. */
  holderProperty?: string;
}

export interface VisitContext {
  // ── the file ─────────────────────────────────────────────────────────
  /** Absolute, forward-slash path. */
  readonly file: string;
  readonly sourceFile: ts.SourceFile;
  /** The facts being built: nodes, edges, exports, calls. */
  readonly out: FactsBuilder;
  /** The driver table, with the module lists of the options. */
  readonly drivers: CompiledDrivers;
  /** Per-file rules' hooks (rules/fileRules.ts) of the rules that are on, by method name. */
  readonly fileRuleHooks: FileRuleHooksByMethod;
  /** The `x.end()` calls where the file ends as a script (facts/scriptEnd.ts); computed on first use. */
  scriptEndCalls(): ReadonlySet<ts.CallExpression>;
  /** The context catalogue, compiled for lookup. */
  readonly contexts: ContextIndex;

  // ── where the walk is (changed only by the walker, frames and enter…) ──
  /** The node whose code is being walked ('init' for top-level code). */
  readonly container: LocalId;
  /** > 0 inside any function body. */
  readonly functionDepth: number;
  /** Index of the innermost function (0 = module code). */
  readonly functionIndex: number;
  /** The innermost function (undefined: module code). */
  readonly currentFunction: ts.SignatureDeclaration | undefined;
  readonly thisClass: ClassInfo | undefined;
  readonly thisStatic: boolean;
  readonly scope: Scope;
  readonly moduleScope: Scope;

  // ── names and positions ──────────────────────────────────────────────
  lookup(name: string): ScopeSymbol | undefined;
  /** Not declared anywhere in the file: a global. */
  isGlobal(name: string): boolean;
  /** `require('x')` with `require` not shadowed → 'x'. */
  requireOf(node: ts.Node): string | undefined;
  range(node: ts.Node): Span;
  /** 0-based line a node starts on (for words in messages: 'the `return` on line 12'). */
  line(node: ts.Node): number;

  // ── graph edges ──────────────────────────────────────────────────────
  edge(from: LocalId, to: LocalId, kind: FactEdge['kind']): void;
  /**
   * A `ref` edge from the current container; `at` is the use (the edge
   * records its statement), `member` the member read on `to` (`to.member`).
   */
  ref(to: LocalId, at?: ts.Node, member?: string): void;
  /** `object.member` is read where `object` is itself an access (`this.users.findAll`): `memberReadOn(object)` → 'findAll'. */
  noteMemberRead(object: ts.Node, member: string): void;
  memberReadOn(object: ts.Node): string | undefined;

  // ── what is visited next ─────────────────────────────────────────────
  push(node: ts.Node | undefined): void;
  /** Visits the nodes in source order. */
  pushList(nodes: readonly (ts.Node | undefined)[] | undefined): void;
  pushChildren(node: ts.Node): void;
  /** Runs `fn` after everything pushed later has been visited. */
  onExit(fn: () => void): void;
  /** Makes `scope` current until the node being visited is left. */
  enterScope(scope: Scope): void;
  /** Makes `id` the container until the node being visited is left. */
  enterContainer(id: LocalId): void;
  /**
   * Makes `scope` current now and returns the previous scope, which the caller
   * restores (try/finally) — for declaring names before the walk reaches them.
   */
  swapScope(scope: Scope): Scope;

  // ── notes for nodes the walk has not reached yet ─────────────────────
  setFrame(node: ts.Node, frame: Frame): void;
  /** The creation below is held by a declaration, assignment, export or DI provider. */
  claim(creation: ts.Node, claim: CreationClaim): void;
  claimOf(creation: ts.Node): CreationClaim | undefined;
  /** Already accounted for by a parent: the walk adds no ref edge or import node for it. */
  markHandled(node: ts.Node): void;
  isHandled(node: ts.Node): boolean;
  /** The call is the value of a memo that outlives the call (`ready ??= client.connect()`). */
  markMemoised(call: ts.Node): void;
  isMemoised(call: ts.Node): boolean;
  /** The call's promise is awaited, returned or chained. */
  markAwaited(expression: ts.Node): void;
  isAwaited(call: ts.Node): boolean;
  /** `fn` is the value of module-level node `id` (its code's container). */
  bindFunction(fn: ts.Node, id: LocalId): void;
  functionBinding(fn: ts.Node): LocalId | undefined;
  /** A constructor parameter stands for `id` (parameter property, DI injection). */
  aliasParameter(parameter: ts.Node, id: LocalId): void;
  parameterAlias(parameter: ts.Node): LocalId | undefined;
  /** A class expression initialises the module-level binding `id`. */
  bindClassExpression(node: ts.Node, id: LocalId): void;
  classIdOfExpression(node: ts.Node): LocalId | undefined;
  /** One ClassInfo per class binding (so member ids are cached). */
  classInfo(classId: LocalId): ClassInfo;

  // ── what the file has shown so far ───────────────────────────────────
  /** Records a top-level import of `specifier` (framework detection reads these). */
  noteModuleImport(specifier: string): void;
  importsModule(specifier: string): boolean;
  /** Names carry driver values only once a driver module is imported or required. */
  readonly driverSeen: boolean;
  noteDriverImport(): void;
  /** `id` holds a pg Client (a holder or the creation itself). */
  noteClientHolder(id: LocalId): void;
  holdsClient(id: LocalId): boolean;
  /** The current function assigns a new Client to `holder` (a lazy initialiser). */
  noteLazyAssignment(holder: LocalId): void;
  /** Records export `name` → `target`, declared at `rangeNode`. */
  exportAs(name: string, target: LocalId, rangeNode: ts.Node): void;
  exportRange(name: string): Span | undefined;
  /** A module-level node that is a function (async or not). */
  isFunctionNode(id: LocalId): boolean;
  isAsyncFunctionNode(id: LocalId): boolean;
}
