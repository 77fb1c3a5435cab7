/**
 * Does a client checked out of a pool get released on every path through its
 * function? A small abstract interpretation over the function's statements
 * (no CFG is built): the client's state is a set of bits — not yet acquired,
 * held, released — carried through sequences, branches, loops, switch and
 * try/catch/finally; `return`, `throw` and every `await` while the client is
 * held (a rejected query skips the rest of the block) are exits. An exit or
 * the end of the function reached with the client possibly held is a leak.
 *
 * Plain syntax only, and no parent pointers (the engine parses without
 * them): every check that needs a node's parent is made while descending.
 * The caller (the pool-client-leak rule, during the fact
 * walk) has already decided that the receiver of `connect()` is a Pool
 * candidate; the module graph confirms it later.
 */
import ts from 'typescript';
import { SK } from './kinds';
import { unwrap } from './syntax';

// Read once: `ts` is a huge module object in dictionary mode, so `ts.x` in a per-node loop is a hash lookup (see kinds.ts).
const forEachChild = ts.forEachChild;
const {
  isArrowFunction, isAwaitExpression, isBinaryExpression, isBlock, isCallExpression, isConditionalExpression, isElementAccessExpression, isExpressionStatement, isForInStatement, isForOfStatement, isForStatement, isFunctionExpression, isFunctionLike, isIdentifier, isIfStatement, isPrefixUnaryExpression, isPropertyAccessExpression, isVariableDeclaration,
} = ts;

const NOT_ACQUIRED = 1;
const HELD = 2;
const RELEASED = 4;
type State = number;

export type LeakKind = 'return' | 'throw' | 'await' | 'end' | 'never';

export interface Leak {
  kind: LeakKind;
  /** Where the client is lost: the return/throw statement, the awaited expression, the function's end. */
  at: ts.Node;
}

export interface CheckedOutClient {
  /** The variable the client is bound to (`client`). */
  name: string;
  /** A release function passed alongside it (`done` of `pool.connect((err, client, done) => …)`). */
  releaseFunction?: string;
  /** The callback's error parameter: inside `if (err) …` no client was checked out. */
  errorParameter?: string;
}

/** Statements with control flow of their own: the acquisition is looked for inside them (a table by kind). */
const COMPOUND = new Uint8Array(1024);
for (const kind of [ts.SyntaxKind.Block, ts.SyntaxKind.IfStatement, ts.SyntaxKind.TryStatement, ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement, ts.SyntaxKind.SwitchStatement, ts.SyntaxKind.LabeledStatement]) COMPOUND[kind] = 1;

interface Exit {
  kind: 'return' | 'throw' | 'await' | 'break' | 'continue';
  state: State;
  node: ts.Node;
  /** A throw or rejection that a catch took in without releasing: the leak is reported there. */
  origin?: Exit;
}

interface Flow {
  /** State when the statement completes normally; 0 when it never does. */
  normal: State;
  exits: Exit[];
  /** Set when the client may still be held at the normal end only because a catch took in this exit. */
  normalOrigin?: Exit;
}

/**
 * The first leak of `client` in `body`, or undefined when every path releases
 * it, hands it on (returns it, stores it, passes it to a function that is not
 * its own method) or never had it. `acquisition` is the statement that checks
 * it out (undefined: held from the start of `body`, as in a connect callback).
 */
/** Statements a check may step through (shared by the checks of one file); past it the check gives up. */
export interface CheckSteps {
  left: number;
}

/** `findLeak` ran out of steps: the checkout was not checked. */
export const UNCHECKED = 'unchecked';

/** The leak is at a `for await` loop's own await (its keyword), not at an awaited call. */
export function isLoopAwait(leak: Leak): boolean {
  return leak.kind === 'await' && leak.at.kind === SK.AwaitKeyword;
}

export function findLeak(body: ts.Block | ts.SourceFile, acquisition: ts.Node | undefined, client: CheckedOutClient, steps: CheckSteps = { left: Infinity }): Leak | undefined | typeof UNCHECKED {
  const analysis = new ReleaseAnalysis(client, acquisition, steps);
  const usage = analysis.usage(body);
  if (!usage.releases) return usage.handedOn ? undefined : { kind: 'never', at: acquisition ?? body };
  let flow: Flow;
  try {
    flow = analysis.block(body.statements, acquisition ? NOT_ACQUIRED : HELD);
  } catch (error) {
    if (error === OUT_OF_STEPS) return UNCHECKED;
    throw error;
  }
  const leaking = flow.exits.filter((exit) => exit.state & HELD && exit.kind !== 'break' && exit.kind !== 'continue');
  const causes = leaking.map((exit) => exit.origin ?? exit);
  if (flow.normal & HELD && flow.normalOrigin) causes.push(flow.normalOrigin);
  if (causes.length > 0) {
    const first = causes.sort((a, b) => a.node.pos - b.node.pos)[0];
    return { kind: first.kind as LeakKind, at: first.node };
  }
  if (flow.normal & HELD) return { kind: 'end', at: body };
  return undefined;
}

const OUT_OF_STEPS = new Error('release check out of steps');

/** Per statement list: how many leading statements are known to complete normally with nothing held, and the first that does not (-1: none so far). */
const unheldCompletion = new WeakMap<readonly ts.Statement[], { checked: number; stopsAt: number }>();

/** Index of the node of `nodes` (siblings, in source order) whose range holds `inner`, or -1: a binary search. */
function indexContaining(nodes: readonly ts.Node[], inner: ts.Node): number {
  let low = 0;
  let high = nodes.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const node = nodes[mid];
    if (node.end < inner.end) low = mid + 1;
    else if (node.pos > inner.pos) high = mid - 1;
    else return node.pos <= inner.pos && inner.end <= node.end ? mid : -1;
  }
  return -1;
}

/**
 * Per function body, what every name in it is used for, from one visit: the
 * checks of many checkouts in one body (each with its own client name) read
 * this instead of visiting the body once per checkout.
 */
interface NameUses {
  /** Names that occur as identifiers (a release function `done` is released by any use). */
  mentioned: Set<string>;
  /** `name.release()` calls. */
  released: Set<string>;
  /** Names used as a value other than `name.method(…)`, a test or a comparison (see isHandedOn). */
  handedOn: Set<string>;
}

const nameUsesByBody = new WeakMap<ts.Node, NameUses>();

function nameUsesOf(body: ts.Node): NameUses {
  let uses = nameUsesByBody.get(body);
  if (uses) return uses;
  const found: NameUses = { mentioned: new Set(), released: new Set(), handedOn: new Set() };
  // One callback for the whole visit, the parent in a variable: a closure per node was a third of a 2 MB script's check.
  let parent = body;
  const visit = (node: ts.Node): void => {
    if (isIdentifier(node)) {
      found.mentioned.add(node.text);
      if (isHandedOn(node, parent)) found.handedOn.add(node.text);
      return;
    }
    const released = releasedName(node);
    if (released !== undefined) found.released.add(released);
    const outer = parent;
    parent = node;
    forEachChild(node, visit);
    parent = outer;
  };
  forEachChild(body, visit);
  nameUsesByBody.set(body, (uses = found));
  return uses;
}

/** `x.release()` (parentheses and casts aside): `x`. */
function releasedName(node: ts.Node): string | undefined {
  if (!isCallExpression(node)) return undefined;
  const callee = unwrap(node.expression);
  if (!isPropertyAccessExpression(callee) || callee.name.text !== 'release') return undefined;
  const receiver = unwrap(callee.expression);
  return isIdentifier(receiver) ? receiver.text : undefined;
}

/** `client` used as a value other than `client.method(…)`, `if (client)` or `client?.x`: returned, stored, passed on. */
function isHandedOn(id: ts.Identifier, parent: ts.Node): boolean {
    if ((isPropertyAccessExpression(parent) || isElementAccessExpression(parent)) && parent.expression === id) return false;
    if (isVariableDeclaration(parent) && parent.name === id) return false;
    if (isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === SK.EqualsToken) return false;
    if (isIfStatement(parent) || isPrefixUnaryExpression(parent) || isConditionalExpression(parent) && parent.condition === id) return false;
    if (isBinaryExpression(parent) && (parent.operatorToken.kind === SK.AmpersandAmpersandToken || parent.operatorToken.kind === SK.BarBarToken)) return false;
    if (isBinaryExpression(parent) && parent.operatorToken.kind >= SK.FirstBinaryOperator && parent.operatorToken.kind <= SK.LastBinaryOperator
      && parent.operatorToken.kind !== SK.EqualsToken && parent.operatorToken.kind !== SK.CommaToken) return false; // client !== undefined
    return true;
}

class ReleaseAnalysis {
  /** `acquisition`: the `pool.connect()` call; the simple statement around it checks the client out. */
  constructor(private readonly client: CheckedOutClient, private readonly acquisition: ts.Node | undefined, private readonly steps: CheckSteps) {}

  private contains(node: ts.Node, inner: ts.Node | undefined): boolean {
    return inner !== undefined && node.pos <= inner.pos && inner.end <= node.end;
  }

  /** Whether the function releases the client anywhere, and whether it hands it on. */
  usage(body: ts.Node): { releases: boolean; handedOn: boolean } {
    const uses = nameUsesOf(body);
    const { name, releaseFunction } = this.client;
    const releases = (releaseFunction !== undefined && uses.mentioned.has(releaseFunction)) || uses.released.has(name);
    return { releases, handedOn: name !== releaseFunction && uses.handedOn.has(name) };
  }

  private isReleaseCall(node: ts.Node): boolean {
    if (!isCallExpression(node)) return false;
    const callee = unwrap(node.expression);
    if (isIdentifier(callee)) return callee.text === this.client.releaseFunction;
    return isPropertyAccessExpression(callee) && callee.name.text === 'release' && this.isClient(callee.expression);
  }

  private isClient(expr: ts.Expression): boolean {
    const e = unwrap(expr);
    return isIdentifier(e) && e.text === this.client.name;
  }

  block(statements: readonly ts.Statement[], state: State): Flow {
    const exits: Exit[] = [];
    let current = state;
    let origin: Exit | undefined;
    let first = 0;
    const acquisition = this.acquisition;
    if (!(state & HELD) && acquisition !== undefined) {
      // Before the checkout nothing is held: the statements before it only decide whether it is reached.
      const at = indexContaining(statements, acquisition);
      if (at > 0) {
        if (!this.completeNormally(statements, at)) return { normal: 0, exits: [] };
        first = at;
      }
    }
    for (let i = first; i < statements.length; i++) {
      const statement = statements[i];
      if (current === 0) break;
      // Released, with the checkout behind: nothing after this can hold the client again.
      if (!(current & HELD) && (acquisition === undefined || acquisition.end <= statement.pos)) break;
      const flow = this.statement(statement, current);
      for (const exit of flow.exits) exits.push(origin && exit.state & HELD && !exit.origin ? { ...exit, origin } : exit);
      current = flow.normal;
      origin = current & HELD ? (flow.normalOrigin ?? origin) : undefined;
    }
    return { normal: current, exits, normalOrigin: origin };
  }

  /**
   * Whether the first `count` statements all complete normally when nothing
   * is held (none of them holds this checkout). That does not depend on the
   * client, so it is kept per statement list for every checkout after them.
   */
  private completeNormally(statements: readonly ts.Statement[], count: number): boolean {
    let known = unheldCompletion.get(statements);
    if (!known) unheldCompletion.set(statements, (known = { checked: 0, stopsAt: -1 }));
    while (known.stopsAt < 0 && known.checked < count) {
      if (this.statement(statements[known.checked], NOT_ACQUIRED).normal === 0) known.stopsAt = known.checked;
      known.checked++;
    }
    return known.stopsAt < 0 || known.stopsAt >= count;
  }

  private statement(node: ts.Statement, state: State): Flow {
    if (--this.steps.left < 0) throw OUT_OF_STEPS;
    if (COMPOUND[node.kind] !== 1 && this.contains(node, this.acquisition)) {
      // A rejected connect() leaves nothing checked out; afterwards the client is held.
      return { normal: (state & ~NOT_ACQUIRED & ~RELEASED) | HELD, exits: [] };
    }
    switch (node.kind) {
      case SK.Block:
        return this.block((node as ts.Block).statements, state);
      case SK.IfStatement:
        return this.ifStatement(node as ts.IfStatement, state);
      case SK.TryStatement:
        return this.tryStatement(node as ts.TryStatement, state);
      case SK.ReturnStatement: {
        const expression = (node as ts.ReturnStatement).expression;
        const flow = this.expression(expression, state, node);
        const returnsClient = expression !== undefined && this.mentionsClient(expression);
        return { normal: 0, exits: [...flow.exits, { kind: 'return', state: returnsClient ? RELEASED : flow.normal, node }] };
      }
      case SK.ThrowStatement: {
        const flow = this.expression((node as ts.ThrowStatement).expression, state, node);
        return { normal: 0, exits: [...flow.exits, { kind: 'throw', state: flow.normal, node }] };
      }
      case SK.BreakStatement:
        return { normal: 0, exits: [{ kind: 'break', state, node }] };
      case SK.ContinueStatement:
        return { normal: 0, exits: [{ kind: 'continue', state, node }] };
      case SK.ForStatement:
      case SK.ForInStatement:
      case SK.ForOfStatement:
      case SK.WhileStatement:
      case SK.DoStatement:
        return this.loop(node as ts.IterationStatement, state);
      case SK.SwitchStatement:
        return this.switchStatement(node as ts.SwitchStatement, state);
      case SK.LabeledStatement:
        return this.statement((node as ts.LabeledStatement).statement, state);
      case SK.FunctionDeclaration:
      case SK.ClassDeclaration:
        return { normal: state, exits: [] };
      default:
        return this.expression(node, state, node);
    }
  }

  /**
   * A statement or expression without control flow of its own: it may reject
   * (an `await` while the client is held is an exit), and it may release.
   */
  private expression(node: ts.Node | undefined, state: State, reportAt: ts.Node): Flow {
    // Not held: a release changes nothing and a rejection loses nothing (the result is the same without looking).
    if (!node || !(state & HELD)) return { normal: state, exits: [] };
    let awaited: ts.Node | undefined;
    let releases = false;
    const visit = (n: ts.Node): void => {
      if (releases) return;
      if (this.isReleaseCall(n) || (isIdentifier(n) && n.text === this.client.releaseFunction)) {
        releases = true;
        return;
      }
      if (isFunctionLike(n)) {
        // A callback that releases (`res.on('finish', () => client.release())`) hands the release on.
        if (this.usage(n).releases) releases = true;
        return;
      }
      if (isAwaitExpression(n) && awaited === undefined) awaited = n;
      forEachChild(n, visit);
    };
    visit(node);
    if (releases) return { normal: (state & ~HELD) | (state & HELD ? RELEASED : 0), exits: [] };
    const exits: Exit[] = awaited && state & HELD ? [{ kind: 'await', state, node: awaited ?? reportAt }] : [];
    return { normal: state, exits };
  }

  /** The returned value is (or contains) the client: it is handed to the caller. */
  private mentionsClient(expr: ts.Expression): boolean {
    let found = false;
    const visit = (n: ts.Node, parent: ts.Node): void => {
      if (found) return;
      if (isIdentifier(n)) {
        if (n.text === this.client.name && isHandedOn(n, parent)) found = true;
      } else forEachChild(n, (child) => visit(child, n));
    };
    visit(expr, expr);
    return found;
  }

  private ifStatement(node: ts.IfStatement, state: State): Flow {
    const condition = this.expression(node.expression, state, node.expression);
    const test = unwrap(node.expression);
    let thenState = condition.normal;
    let elseState = condition.normal;
    if (this.isClient(test)) elseState &= ~HELD; // `if (client) client.release()`: no client, nothing to release
    else if (isPrefixUnaryExpression(test) && test.operator === SK.ExclamationToken && this.isClient(test.operand)) thenState &= ~HELD;
    else if (this.client.errorParameter && this.mentions(test, this.client.errorParameter)) thenState = (thenState & ~HELD) | NOT_ACQUIRED;
    const thenFlow = this.statement(node.thenStatement, thenState || condition.normal);
    const elseFlow = node.elseStatement ? this.statement(node.elseStatement, elseState || condition.normal) : { normal: elseState, exits: [] };
    const normalOrigin = thenFlow.normal & HELD ? thenFlow.normalOrigin : elseFlow.normal & HELD ? elseFlow.normalOrigin : undefined;
    return { normal: thenFlow.normal | elseFlow.normal, exits: [...condition.exits, ...thenFlow.exits, ...elseFlow.exits], normalOrigin };
  }

  private mentions(expr: ts.Node, name: string): boolean {
    if (isIdentifier(expr)) return expr.text === name;
    let found = false;
    forEachChild(expr, (child) => {
      if (!found && this.mentions(child, name)) found = true;
    });
    return found;
  }

  private tryStatement(node: ts.TryStatement, state: State): Flow {
    const tried = this.block(node.tryBlock.statements, state);
    let normal = tried.normal;
    let exits = tried.exits;
    let normalOrigin = tried.normalOrigin;
    if (node.catchClause) {
      const thrown = exits.filter((e) => e.kind === 'throw' || e.kind === 'await');
      exits = exits.filter((e) => e.kind !== 'throw' && e.kind !== 'await');
      if (thrown.length > 0) {
        const caught = this.block(node.catchClause.block.statements, thrown.reduce((bits, e) => bits | e.state, 0));
        const cause = thrown.find((e) => e.state & HELD);
        normal |= caught.normal;
        exits = [...exits, ...caught.exits.map((e) => (cause && e.state & HELD && !e.origin ? { ...e, origin: cause.origin ?? cause } : e))];
        if (caught.normal & HELD && cause) normalOrigin = caught.normalOrigin ?? cause.origin ?? cause;
      }
    }
    if (!node.finallyBlock) return { normal, exits, normalOrigin };
    const through = (bits: State): { state: State; exits: Exit[] } => {
      const flow = this.block(node.finallyBlock!.statements, bits);
      return { state: flow.normal, exits: flow.exits };
    };
    const finalExits: Exit[] = [];
    for (const exit of exits) {
      const passed = through(exit.state);
      finalExits.push(...passed.exits);
      if (passed.state !== 0) finalExits.push({ ...exit, state: passed.state });
    }
    if (normal === 0) return { normal: 0, exits: finalExits };
    const passed = through(normal);
    return { normal: passed.state, exits: [...finalExits, ...passed.exits], normalOrigin: passed.state & HELD ? normalOrigin : undefined };
  }

  private loop(node: ts.IterationStatement, state: State): Flow {
    const head = isForStatement(node)
      ? this.expression(node.initializer, state, node)
      : isForOfStatement(node) || isForInStatement(node)
        ? this.expression(node.expression, state, node)
        : { normal: state, exits: [] };
    // `for await`: every step awaits the iterator, which rejects when the stream errors.
    if (isForOfStatement(node) && node.awaitModifier && head.normal & HELD) {
      head.exits.push({ kind: 'await', state: head.normal, node: node.awaitModifier });
    }
    const body = this.statement(node.statement, head.normal);
    const loopExits = body.exits.filter((e) => e.kind === 'break' || e.kind === 'continue');
    const others = body.exits.filter((e) => e.kind !== 'break' && e.kind !== 'continue');
    // Zero, one or more iterations: every state the body can leave with may reach the code after the loop.
    const after = loopExits.reduce((bits, e) => bits | e.state, head.normal | body.normal);
    return { normal: after, exits: [...head.exits, ...others] };
  }

  private switchStatement(node: ts.SwitchStatement, state: State): Flow {
    const subject = this.expression(node.expression, state, node.expression);
    const exits: Exit[] = [...subject.exits];
    let normal = node.caseBlock.clauses.some((c) => c.kind === SK.DefaultClause) ? 0 : subject.normal;
    let fallingThrough = 0;
    for (const clause of node.caseBlock.clauses) {
      const flow = this.block(clause.statements, subject.normal | fallingThrough);
      for (const exit of flow.exits) {
        if (exit.kind === 'break') normal |= exit.state;
        else exits.push(exit);
      }
      fallingThrough = flow.normal;
    }
    return { normal: normal | fallingThrough, exits };
  }
}

/** What a `connect()` call checks out, read from the syntax around it. */
export interface Checkout {
  /** The innermost function containing the call (undefined: module-level code). */
  fn: ts.FunctionLikeDeclaration | undefined;
  /** Its body, or the file for a checkout in module-level code (a script, or a client checked out at load). */
  body: ts.Block | ts.SourceFile;
  /** The acquisition call (undefined: a connect callback, whose body holds the client from its start). */
  acquisition: ts.Node | undefined;
  client: CheckedOutClient;
}

/**
 * `const c = await x.connect()` / `c = await x.connect()` in a function, or
 * `x.connect((err, c, done) => { … })`; undefined for any other use of the
 * call (returned, chained with .then, not awaited), which hands the client on.
 * 'discarded': the awaited client is dropped; 'ignored': a callback that takes
 * neither the client nor the release function (pg checks a client out for it all the same).
 * Finds its surroundings by descending from the file by position (the engine
 * parses without parent pointers): only nodes containing the call are visited.
 */
export function checkoutAt(sourceFile: ts.SourceFile, call: ts.CallExpression): Checkout | 'discarded' | 'ignored' | undefined {
  const callback = call.arguments.length > 0 ? unwrap(call.arguments[call.arguments.length - 1]) : undefined;
  if (callback && (isArrowFunction(callback) || isFunctionExpression(callback))) {
    const [errorParam, clientParam, doneParam] = callback.parameters;
    if (!clientParam && !errorParam?.dotDotDotToken && !(ts.isFunctionExpression(callback) && readsArguments(callback.body))) return 'ignored';
    if (!clientParam || !ts.isIdentifier(clientParam.name) || !ts.isBlock(callback.body)) return undefined;
    const client: CheckedOutClient = { name: clientParam.name.text };
    if (doneParam && isIdentifier(doneParam.name)) client.releaseFunction = doneParam.name.text;
    if (errorParam && isIdentifier(errorParam.name)) client.errorParameter = errorParam.name.text;
    return { fn: callback, body: callback.body, acquisition: undefined, client };
  }
  const path: ts.Node[] = [];
  let at: ts.Node | undefined = sourceFile;
  while (at && at !== call) {
    path.push(at);
    at = childContaining(at, call);
  }
  if (at !== call || path.length < 2) return undefined;
  let i = path.length - 1;
  while (i > 0 && IS_PAREN[path[i].kind]) i--;
  // `await pool.connect();` as a statement: the client is checked out and dropped, never released.
  if (isExpressionStatement(path[i])) return 'discarded';
  if (!isAwaitExpression(path[i])) return undefined;
  i--;
  while (i > 0 && IS_PAREN[path[i].kind]) i--;
  if (isExpressionStatement(path[i])) return 'discarded';
  const holder = path[i];
  let name: string | undefined;
  if (isVariableDeclaration(holder) && isIdentifier(holder.name)) name = holder.name.text;
  else if (isBinaryExpression(holder) && holder.operatorToken.kind === SK.EqualsToken && isIdentifier(holder.left)) name = holder.left.text;
  if (name === undefined) return undefined;
  for (let j = i; j >= 0; j--) {
    const node = path[j];
    if (isFunctionLike(node)) {
      const fn = node as ts.FunctionLikeDeclaration;
      if (!fn.body || !isBlock(fn.body)) return undefined;
      return { fn, body: fn.body, acquisition: call, client: { name } };
    }
  }
  // Module-level `const client = await pool.connect()`: the module's statements are its "function".
  return { fn: undefined, body: sourceFile, acquisition: call, client: { name } };
}

/** Does a function body read `arguments` (which could hand on the client it takes no parameter for)? */
function readsArguments(body: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => (ts.isIdentifier(node) && node.text === 'arguments') || !!ts.forEachChild(node, visit);
  return visit(body);
}

/**
 * The child of `node` whose range holds `inner`. Lists of children (a file's
 * statements, a class's members) are searched by position, so finding a
 * call's surroundings costs its depth times a logarithm, not a scan of every
 * statement of the file per call (quadratic for a file of many checkouts).
 */
export function childContaining(node: ts.Node, inner: ts.Node): ts.Node | undefined {
  return forEachChild(
    node,
    (child) => (child.pos <= inner.pos && inner.end <= child.end ? child : undefined),
    (children) => {
      const index = indexContaining(children, inner);
      return index < 0 ? undefined : children[index];
    },
  );
}

const IS_PAREN: Partial<Record<ts.SyntaxKind, true>> = {
  [SK.ParenthesizedExpression]: true, [SK.AsExpression]: true, [SK.NonNullExpression]: true, [SK.SatisfiesExpression]: true,
};
