/**
 * The TypeScript compiler, loaded on first use by the modules that can do
 * their job without it until then (module resolution, config parsing): a
 * workspace where no file names a driver module is done after its text scan,
 * and loading the compiler would be a third of that scan's time.
 */
import type * as TypeScript from 'typescript';

let loaded: typeof TypeScript | undefined;

export function typescript(): typeof TypeScript {
  return (loaded ??= load());
}

function load(): typeof TypeScript {
  // In a bundle this require reaches scripts/typescript-once.mjs, whose one export is the default: the package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const required = require('typescript') as typeof TypeScript & { default?: typeof TypeScript };
  return required.default ?? required;
}
