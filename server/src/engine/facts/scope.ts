/** A lightweight lexical scope tracker: names → what they stand for. */
import type { LocalId } from '../types';

import type { DriverValue } from './driverValues';

/** A namespace import (`import * as ns`, `const ns = require('./x')`): `ns.prop` gets its own import node. */
export interface NamespaceInfo {
  specifier: string;
  syntax: 'esm' | 'cjs' | 'dynamic';
  /** The '*' import node id; member nodes are `${baseId}.${prop}`. */
  baseId: LocalId;
}

export interface ScopeSymbol {
  /** Module-level node the name stands for (for locals: the node it aliases, if any). */
  node?: LocalId;
  moduleLevel: boolean;
  /** The driver export the name stands for (`Client`, `pg`, `pg.native`), when it is one. */
  driverValue?: DriverValue;
  /** For imports (also builtins/pg): the module specifier and imported name. */
  fromModule?: string;
  importedName?: string;
  namespace?: NamespaceInfo;
  /** Set when the name is a module-level class. */
  classId?: LocalId;
  isFunction?: boolean;
  /** A local holding a client checked out of `node` (`const c = await pool.connect()`), not `node` itself. */
  checkout?: true;
  /** A local bound from a registry or context object (`const { db } = ctx`, `({ db }) =>`): its token key (facts/registries.ts). */
  registry?: string;
  /** A local bound to the global object (`const g = globalThis`): its members are globals (facts/registries.ts). */
  globalObject?: true;
  /** A module-level name for the module's exports (`const connection = module.exports`): its properties are exports. */
  exportsObject?: true;
  /** Bound to `new Map()` / `new WeakMap()`: `x.set('db', v)` stores in it, never in an app's registry (facts/registries.ts). */
  keyedCollection?: true;
}

export class Scope {
  /** Allocated on the first declaration: most blocks declare nothing. */
  private names: Map<string, ScopeSymbol> | undefined;
  constructor(readonly parent: Scope | undefined) {}

  get size(): number {
    return this.names?.size ?? 0;
  }

  /** A name declared in this scope itself. */
  get(name: string): ScopeSymbol | undefined {
    return this.names?.get(name);
  }

  set(name: string, symbol: ScopeSymbol): void {
    (this.names ??= new Map()).set(name, symbol);
  }

  lookup(name: string): ScopeSymbol | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const found = scope.names?.get(name);
      if (found) return found;
    }
    return undefined;
  }
}
