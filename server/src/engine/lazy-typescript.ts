/**
 * The TypeScript compiler, loaded on first use by the modules that can do
 * their job without it until then (module resolution, config parsing): a
 * workspace where no file names a driver module is done after its text scan,
 * and loading the compiler would be a third of that scan's time.
 */
import type * as TypeScript from 'typescript';

let loaded: typeof TypeScript | undefined;

export function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('typescript') as typeof TypeScript);
}
