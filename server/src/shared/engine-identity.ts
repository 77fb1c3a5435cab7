/**
 * Which engine wrote a facts cache. The bundles carry the identity computed
 * at build time from the engine's sources (scripts/engine-identity.cjs);
 * from source (tests, the bench's in-process runs) it is computed on first
 * use, the same way.
 */
import * as path from 'node:path';

declare const __PG_POOL_GUARD_ENGINE_IDENTITY__: string | undefined;

let fromSource: string | undefined;

export function engineIdentity(): string {
  if (typeof __PG_POOL_GUARD_ENGINE_IDENTITY__ === 'string') return __PG_POOL_GUARD_ENGINE_IDENTITY__;
  if (fromSource === undefined) {
    const root = path.join(__dirname, '..', '..', '..');
    // A computed path: bundlers leave it alone (the bundles never take this branch).
    const script = path.join(root, 'scripts', 'engine-identity.cjs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    fromSource = `src-${(require(script) as { engineIdentity(root: string): string }).engineIdentity(root)}`;
  }
  return fromSource;
}
