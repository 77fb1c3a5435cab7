/**
 * The engine's data model. This file is the contract between the per-file
 * fact extractor (facts/), the module graph (graph/), the rules (rules/) and
 * the front ends (cli/, lsp/). Everything here is plain data: serialisable,
 * no ts.Node references, so facts can be cached and diffed.
 *
 * Data path: text → parse (parse.ts) → FileFacts (facts/) → module graph
 * (graph/) → findings (rules/) → CLI / LSP.
 */

/** Rule ids come from the rule registry (rules/registry.ts). */
export type { RuleId } from './rules/registry';
import type { RuleId } from './rules/registry';
import { DEFAULT_PG_MODULE_LIST } from './catalogue/drivers';
export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off';

/** 0-based line and UTF-16 character, as in LSP. */
export interface Loc {
  line: number;
  character: number;
}

/**
 * A span of a file in UTF-16 offsets: what facts keep. Line/character
 * positions are made only at the edges (findings, messages), from the
 * facts' `lines` (positions.ts).
 */
export interface Span {
  /** Offset of the start in the file text (UTF-16 code units). */
  offset: number;
  /** Length in UTF-16 code units. */
  length: number;
}

/** A span with LSP-style positions too: what findings and related locations carry. */
export interface SourceRange extends Span {
  start: Loc;
  end: Loc;
}

/** Identifier of a node, unique within one file. */
export type LocalId = string;

/**
 * Module-level things the reachability graph is made of.
 * - binding: a module-level variable, function or class declaration (`name` = its name)
 * - member: a class member (`name` = 'Class.member'); `owner` is the class binding id
 * - import: an imported binding (see `ImportRef`); joins to another file's export
 * - context: a concurrent entry point (route handler, event handler, Promise.all …)
 * - creation: a resource a driver export creates (`new Client()`, `new Pool()`, a factory call; see catalogue/drivers.ts)
 * - di: a dependency-injection token; all `di` nodes with the same `key` in the
 *   workspace are one node (provider side and injection side)
 * - init: the module's top-level code (one per file, id 'init')
 */
export type FactNodeKind = 'binding' | 'member' | 'import' | 'context' | 'creation' | 'di' | 'init';

export interface FactNodeBase {
  id: LocalId;
  kind: FactNodeKind;
  /** Human-readable name used in messages: `db`, `Db.client`, `GET /users`. */
  name: string;
  /** Where it is declared / written (the identifier, the call, the `new` expression). */
  range: Span;
}

export interface BindingNode extends FactNodeBase {
  kind: 'binding';
  declKind: 'const' | 'let' | 'var' | 'function' | 'class' | 'param' | 'other';
  /** For classes: decorated with a DI singleton decorator (@Injectable, @Controller, @Resolver, @Service …). */
  diSingleton?: boolean;
  /** A function that returns a Client it built (facts/returns.ts): its callers' holders hold that Client; it holds nothing itself. */
  returnsCreation?: true;
}

export interface MemberNode extends FactNodeBase {
  kind: 'member';
  owner: LocalId;
  isStatic: boolean;
  /** A method that returns a Client it built (facts/returns.ts), as on BindingNode. */
  returnsCreation?: true;
}

/**
 * An imported value. `name` is the imported export name:
 * 'default' for default imports / `module.exports`, '*' for a whole namespace
 * (import * as ns, const ns = require()), else the named export.
 * A namespace used as `ns.prop` gets its own ImportNode with name 'prop'.
 */
export interface ImportNode extends FactNodeBase {
  kind: 'import';
  specifier: string;
  importedName: string;
  /** The local identifier the user wrote (for messages and the fixer). */
  localName: string;
  syntax: 'esm' | 'cjs' | 'dynamic';
}

/** A context's label in messages: one of the catalogue's labels (catalogue/contexts.ts). */
export type { ContextKind } from './catalogue/contexts';
import type { ContextKind } from './catalogue/contexts';

export interface ContextNode extends FactNodeBase {
  kind: 'context';
  /** The label messages use: 'Express handler', 'cron job'. */
  contextKind: ContextKind;
  /** e.g. 'GET /users', 'on("message")'; '' when nothing better is known. */
  detail: string;
  /**
   * Request-like contexts run once per request/event; `client-reuse` only
   * looks inside these (not inside Promise.all / fan-outs).
   */
  perRequest: boolean;
  /** The catalogue entry that found it, e.g. 'express.route' (absent in hand-built facts). */
  entry?: string;
  /** Runs once per process (a lifecycle hook): shares nothing, and connect()/end() inside is not per request. */
  once?: true;
  /** A queue consumer that runs one job at a time: concurrent only together with another context. */
  sequential?: true;
}

export type CreationShape =
  /** module-level const/let/var initialised with the Client */
  | 'module'
  /** `export default new Client()` / `module.exports = new Client()` */
  | 'exportDefault'
  /** class field / `this.x = new Client()`; shared when the class is a singleton */
  | 'classField'
  /** assigned to a module-level variable or static member from inside a function */
  | 'lazy'
  /** returned by a DI provider (`useFactory`, `useValue`) */
  | 'diFactory'
  /** created inside a function and kept local: never shared */
  | 'local';

/**
 * What a driver export creates: one connection ('client': pg Client, mysql2
 * createConnection), a pool, or a connection checked out of a pool.
 */
export type ResourceKind = 'client' | 'pool' | 'pool-client';

/** A resource created from a driver export (catalogue/drivers.ts): `new Client()`, `new Pool()`, a factory call. */
export interface CreationNode extends FactNodeBase {
  kind: 'creation';
  /** The driver table row, e.g. 'pg'. */
  driver: string;
  resource: ResourceKind;
  /** `new X(…)` or a factory call `x(…)`. */
  createdBy: 'new' | 'call';
  shape: CreationShape;
  /** The binding that holds it: `db`, 'default', `Db.client`, DI token … */
  holderName: string;
  /** The node that holds it (binding/member/di id), if any. */
  holder?: LocalId;
  /**
   * Set when it is stored on a property of the holder (`app.pool = new Pool()`:
   * holder `app`, `pool`): the holder is then an object that has it, not the
   * resource itself, so `app.on('error')` is the object's own event.
   */
  holderProperty?: string;
  /** For classField: the class binding id. */
  classId?: LocalId;
  /** The module it came from, e.g. 'pg', '@neondatabase/serverless'. */
  module: string;
  /** Made by a project class extending the driver's export (`class Db extends pg.Client`): the rewrite leaves it alone. */
  subclass?: string;
  /** `new Client({ pipeline: true })`. */
  pipeline: boolean;
  /** Range of the callee expression (`Client`, `pg.Client`) — used by the fixer. */
  calleeRange: Span;
  /**
   * Property names of the config object when it is written out here: `[]`
   * for no argument, the keys of an object literal without spreads; absent
   * when the config comes from elsewhere (the Pool rules then stay quiet).
   */
  configKeys?: string[];
}

export interface DiNode extends FactNodeBase {
  kind: 'di';
  /** Token key: string literal value (`"PG"`) or identifier name (`PG_CONNECTION`). */
  key: string;
}

export interface InitNode extends FactNodeBase {
  kind: 'init';
}

export type FactNode = BindingNode | MemberNode | ImportNode | ContextNode | CreationNode | DiNode | InitNode;

/**
 * `from` refers to / contains a use of `to`.
 * - ref: ordinary use (a function body mentions the binding)
 * - alias: `from` *is* `to` (export const db = client; this.client = client; lazy assignment)
 * - new: `from` instantiates the class `to` (new Db()); makes classField creations shared
 *   when `from` is module-level (binding, init, or export default)
 */
export interface FactEdge {
  from: LocalId;
  to: LocalId;
  kind: 'ref' | 'alias' | 'new';
  /**
   * For a `ref` made in code: where `from` first uses `to` — the enclosing
   * statement (expression, variable, return or throw statement), or the use
   * itself when it is not inside one of those in the same function.
   * Related locations point here instead of at the whole function.
   */
  at?: Span;
  /** For a `ref`: the members `from` reads on `to` (`User.getAll()` → ['getAll']), so paths follow the member actually used. */
  members?: string[];
}

/** A call that may go through a pg Client. */
export interface ClientCall {
  /** Node the receiver (`x` in `x.query()`) or callee (`query` in `query()`) resolves to. */
  target: LocalId;
  via: 'method' | 'call';
  /** `query`, `connect`, `end`, `on`, … (method name, or callee name for via:'call'). */
  method: string;
  /** SQL text when the first argument is a literal string/template/`{ text: '...' }`. */
  sql?: string;
  /** Event name for `.on('notification', …)`. */
  event?: string;
  /** The whole call expression. */
  range: Span;
  /** The node whose code contains the call (context, function binding, member, or 'init'). */
  container: LocalId;
  /** Set when the enclosing function also assigns a new Client to `target` (lazy init connect is fine). */
  inLazyInit?: boolean;
  /** The value of a memo held beyond the call (`ready ??= client.connect()` on a module-level binding or `this.ready`): runs once. */
  memoised?: true;
  /** Outside every function: runs once, at load (`export const ready = client.connect()`), whoever later awaits it. */
  atLoad?: true;
  /** The call is awaited or its promise is otherwise chained at the call site. */
  awaited: boolean;
  /** The receiver is a client checked out of `target` (`const c = await pool.connect(); c.query(…)`), not `target` itself. */
  checkout?: true;
  /**
   * `on(…)` whose receiver is `target`'s own name (`app.on('error')`), not a
   * property below it (`app.pool.on('error')`); told apart only for `on`, the
   * one call a rule reads this way (CreationNode.holderProperty).
   */
  receiverIsName?: true;
  /** `end()` where a script ends: a top-level statement or a callback of the top-level promise chain (facts/scriptEnd.ts). */
  endsScript?: true;
}

/**
 * What a per-file rule (rules/fileRules.ts) found during the fact walk: kept
 * in the facts so it is cached and incremental like them; its graph rule
 * confirms it (is `target` really a Pool?) and turns it into a finding.
 */
export interface FileRuleFact {
  rule: RuleId;
  /** The module-level node the finding is about (the receiver of `pool.connect()`). */
  target: LocalId;
  range: Span;
  /** Words for the message, from the walk: 'is not released when the `return` on line 12 runs'. */
  detail: string;
  related: Array<{ range: Span; message: string }>;
}

export interface ExportEntry {
  /** Exported name: 'default' for export default / module.exports = x. */
  name: string;
  /** Local node that is exported (binding, import for re-exports, creation for export default new Client()). */
  target: LocalId;
}

/** An export of a file that re-exports a driver's value: importers of the file see that value. */
export interface DriverExport {
  /** Exported name; '*' for the module's value itself (`module.exports = pg`, `export * from 'pg'`). */
  name: string;
  /** Driver table row id. */
  driver: string;
  /** Path in the row's export tree ('' = the module namespace, 'Client', 'native.Client'). */
  path: string;
  /** The export is a project class extending that driver export (`module.exports = class Db extends pg.Client {}`). */
  subclass?: string;
}

export interface Suppressions {
  /** Rules disabled for the whole file ('*' = all). */
  file: string[];
  /** 0-based line → rules disabled on that line ('*' = all). */
  lines: Record<number, string[]>;
}

export interface FileNotice {
  file: string;
  message: string;
  /** `generated`: a generated, minified or vendored file skipped (front ends sum these up in one line). */
  kind?: 'generated';
}

/** Everything the engine needs to know about one file, from one parse. */
export interface FileFacts {
  /** Absolute, forward-slash path. */
  file: string;
  nodes: FactNode[];
  edges: FactEdge[];
  exports: ExportEntry[];
  /** `export * from 'x'` / `module.exports = require('x')` specifiers. */
  starExports: string[];
  /** Exports whose value is a driver module's value (`module.exports = require('pg')`, `export { Client } from 'pg'`). */
  driverExports?: DriverExport[];
  /** The re-exports this file's facts were computed with (`EngineOptions.reexports`): facts computed with others are stale. */
  reexports?: Record<string, DriverExport[]>;
  calls: ClientCall[];
  /** Findings of per-file rules, to be confirmed against the graph (absent: none). */
  fileRuleFacts?: FileRuleFact[];
  suppressions: Suppressions;
  /** Parse problems worth telling the user about (not findings). */
  notices: FileNotice[];
  /**
   * Where lines start, for the lines the spans above start or end on (and
   * line 0): `[line, offset, line, offset, …]`, ascending — a few numbers
   * per file instead of two position objects per span (positions.ts).
   */
  lines: number[];
}

/** A file/position in a finding's related information. */
export interface RelatedLocation {
  file: string;
  range: SourceRange;
  message: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Absolute, forward-slash path. */
  file: string;
  range: SourceRange;
  message: string;
  related: RelatedLocation[];
  /** Identity of the shared client (file + creation node id) — for fixes and de-duplication. */
  creation?: { file: string; id: LocalId };
}

export interface EngineOptions {
  /**
   * Module specifiers with node-postgres's API: the pg row of the driver table
   * (catalogue/drivers.ts), replacing its default module list.
   */
  pgModules: string[];
  /** Module lists per driver row (the `drivers` setting); `drivers.pg`, when given, wins over `pgModules`. */
  drivers?: Partial<Record<string, string[]>>;
  /** Per-rule severity override. */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** Analyse files whose text looks generated or minified too (engine/generated.ts); default: skip them. */
  analyzeGeneratedFiles?: boolean;
  /**
   * For one file: the specifiers it writes that resolve to a workspace module re-exporting a driver,
   * with that module's driver exports (set by the Workspace from the exporter's facts).
   */
  reexports?: Record<string, DriverExport[]>;
}

/** The pg row of the driver table's modules (the `pgModules` default). */
export const DEFAULT_PG_MODULES: readonly string[] = DEFAULT_PG_MODULE_LIST;
