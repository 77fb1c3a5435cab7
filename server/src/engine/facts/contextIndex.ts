/**
 * The context catalogue (catalogue/contexts.ts) compiled into lookups keyed by
 * what the walk sees first: a method name, an imported export name, a
 * decorator name, a file's directory. Built once per catalogue.
 *
 * For a call `x.m(…)` the matchers are tried in this order, and the first
 * whose receiver test passes owns the call (even when it then finds no
 * handler): promise combinators (global `Promise` only), routers and route
 * objects, hooks, module-export calls (receiver imported from the module, or
 * a runtime's global namespace), instance methods (the file imports the module),
 * listeners, fan-outs, procedures. Within a convention, catalogue order.
 */
import {
  CONTEXT_CATALOGUE, LISTENER_IGNORED_EVENTS, LISTENER_METHODS, type CallEntry, type ContextEntry, type DirectiveEntry, type FanOutEntry, type FileExportEntry, type HookEntry,
  type ImplementsEntry, type ListenerEntry, type MethodDecoratorEntry, type MethodEntry, type NewEntry, type ProcedureEntry, type PromiseCombinatorEntry,
  type ResolverMapEntry, type RouterEntry,
} from '../catalogue/contexts';

export type MethodTrigger =
  | { readonly convention: 'promise-combinator'; readonly entry: PromiseCombinatorEntry }
  | { readonly convention: 'router' }
  | { readonly convention: 'route-object' }
  | { readonly convention: 'hook'; readonly entries: readonly HookEntry[] }
  | { readonly convention: 'call'; readonly entries: readonly CallEntry[] }
  | { readonly convention: 'method'; readonly entries: readonly MethodEntry[] }
  | { readonly convention: 'listener' }
  | { readonly convention: 'fan-out'; readonly entry: FanOutEntry }
  | { readonly convention: 'procedure'; readonly entry: ProcedureEntry };

export interface ContextIndex {
  readonly entries: readonly ContextEntry[];
  /** `x.m(…)` callees, by `m`, in trigger order. */
  readonly byMethod: ReadonlyMap<string, readonly MethodTrigger[]>;
  /** `f(…)` callees imported under any name, by the export's name. */
  readonly callsByExport: ReadonlyMap<string, readonly CallEntry[]>;
  /** `f(…)` callees that are unshadowed globals. */
  readonly callsByGlobal: ReadonlyMap<string, readonly CallEntry[]>;
  readonly newByExport: ReadonlyMap<string, readonly NewEntry[]>;
  /** Framework routers in catalogue order, then the fallback (no fileImports). */
  readonly routers: readonly RouterEntry[];
  /** Every router method (route chains `x.route(p).get(…).post(…)` are walked through them). */
  readonly routeMethods: ReadonlySet<string>;
  readonly listeners: readonly ListenerEntry[];
  readonly listenerMethods: ReadonlySet<string>;
  readonly ignoredEvents: ReadonlySet<string>;
  /** Method decorator name → its entry (the first entry listing it). */
  readonly decorators: ReadonlyMap<string, MethodDecoratorEntry>;
  readonly implementsEntries: readonly ImplementsEntry[];
  readonly resolverMaps: readonly ResolverMapEntry[];
  /** Object keys that can start a resolver map or rootValue (cheap gate for every object literal). */
  readonly resolverKeys: ReadonlySet<string>;
  readonly fileExports: readonly FileExportEntry[];
  /** Directory names file-export entries live under (a file outside all of them is skipped). */
  readonly fileRoots: readonly string[];
  /** File-export entries that may match a file anywhere (no root: by file name or export shape). */
  readonly fileAnywhere: boolean;
  readonly directives: readonly DirectiveEntry[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compileContexts(
  catalogue: readonly ContextEntry[],
  listenerMethods: readonly string[],
  ignoredEvents: readonly string[],
): ContextIndex {
  const promise = new Map<string, PromiseCombinatorEntry[]>();
  const hooks = new Map<string, HookEntry[]>();
  const moduleCalls = new Map<string, CallEntry[]>();
  const fanOuts = new Map<string, FanOutEntry[]>();
  const procedures = new Map<string, ProcedureEntry[]>();
  const instanceMethods = new Map<string, MethodEntry[]>();
  const callsByExport = new Map<string, CallEntry[]>();
  const callsByGlobal = new Map<string, CallEntry[]>();
  const newByExport = new Map<string, NewEntry[]>();
  const frameworkRouters: RouterEntry[] = [];
  const fallbackRouters: RouterEntry[] = [];
  const listeners: ListenerEntry[] = [];
  const decorators = new Map<string, MethodDecoratorEntry>();
  const implementsEntries: ImplementsEntry[] = [];
  const resolverMaps: ResolverMapEntry[] = [];
  const fileExports: FileExportEntry[] = [];
  const directives: DirectiveEntry[] = [];
  for (const entry of catalogue) {
    switch (entry.convention) {
      case 'router': (entry.fileImports ? frameworkRouters : fallbackRouters).push(entry); break;
      case 'listener': listeners.push(entry); break;
      case 'hook': for (const method of entry.methods) push(hooks, method, entry); break;
      case 'call':
        push(moduleCalls, entry.export, entry);
        push(callsByExport, entry.export, entry);
        if (entry.global) push(callsByGlobal, entry.export, entry);
        break;
      case 'new':
        push(newByExport, entry.export, entry);
        // `*` (a CommonJS require, a namespace) and `default` stand for the module's value.
        if (entry.moduleValue) for (const name of ['*', 'default']) push(newByExport, name, entry);
        break;
      case 'method': for (const method of entry.methods) push(instanceMethods, method, entry); break;
      case 'promise-combinator': push(promise, entry.method, entry); break;
      case 'fan-out': for (const method of entry.methods) push(fanOuts, method, entry); break;
      case 'procedure': for (const method of entry.methods) push(procedures, method, entry); break;
      case 'method-decorator': for (const name of entry.decorators) if (!decorators.has(name)) decorators.set(name, entry); break;
      case 'implements': implementsEntries.push(entry); break;
      case 'resolver-map': resolverMaps.push(entry); break;
      case 'file-export': fileExports.push(entry); break;
      case 'directive': directives.push(entry); break;
    }
  }
  // Listeners without a condition match everything: they go last whatever the catalogue order.
  const conditional = listeners.filter((l) => l.events || l.fileImports);
  const orderedListeners = [...conditional, ...listeners.filter((l) => !l.events && !l.fileImports)];
  const routers = [...frameworkRouters, ...fallbackRouters.slice(0, 1)];
  const routeMethods = new Set(routers.flatMap((r) => r.methods));

  const byMethod = new Map<string, MethodTrigger[]>();
  const methods = new Set([
    ...promise.keys(), ...routeMethods, ...(routers.length > 0 ? ['route'] : []), ...hooks.keys(), ...moduleCalls.keys(), ...instanceMethods.keys(),
    ...(orderedListeners.length > 0 ? listenerMethods : []), ...fanOuts.keys(), ...procedures.keys(),
  ]);
  for (const method of methods) {
    const triggers: MethodTrigger[] = [];
    for (const entry of promise.get(method) ?? []) triggers.push({ convention: 'promise-combinator', entry });
    if (routeMethods.has(method)) triggers.push({ convention: 'router' });
    if (method === 'route' && routers.length > 0) triggers.push({ convention: 'route-object' });
    const hookEntries = hooks.get(method);
    if (hookEntries) triggers.push({ convention: 'hook', entries: hookEntries });
    const callEntries = moduleCalls.get(method);
    if (callEntries) triggers.push({ convention: 'call', entries: callEntries });
    const methodEntries = instanceMethods.get(method);
    if (methodEntries) triggers.push({ convention: 'method', entries: methodEntries });
    if (orderedListeners.length > 0 && listenerMethods.includes(method)) triggers.push({ convention: 'listener' });
    for (const entry of fanOuts.get(method) ?? []) triggers.push({ convention: 'fan-out', entry });
    for (const entry of procedures.get(method) ?? []) triggers.push({ convention: 'procedure', entry });
    byMethod.set(method, triggers);
  }

  const resolverKeys = new Set(resolverMaps.flatMap((r) => [...r.rootTypes, r.rootValueKey]));
  const fileRoots = [...new Set(fileExports.flatMap((f) => (f.root === undefined ? [] : [f.root])))];
  const fileAnywhere = fileExports.some((f) => f.root === undefined);
  return {
    entries: catalogue, byMethod, callsByExport, callsByGlobal, newByExport, routers, routeMethods,
    listeners: orderedListeners, listenerMethods: new Set(listenerMethods), ignoredEvents: new Set(ignoredEvents),
    decorators, implementsEntries, resolverMaps, resolverKeys, fileExports, fileRoots, fileAnywhere, directives,
  };
}

let defaultIndex: ContextIndex | undefined;

/** The compiled default catalogue (built on first use). */
export function defaultContextIndex(): ContextIndex {
  return (defaultIndex ??= compileContexts(CONTEXT_CATALOGUE, LISTENER_METHODS, LISTENER_IGNORED_EVENTS));
}
