/**
 * Module aliases that frameworks define in a tsconfig they GENERATE at build
 * time (`.nuxt/tsconfig.json`, `.svelte-kit/tsconfig.json`): the project's own
 * tsconfig only `extends` it, and the generated file is not in the repository,
 * so `~/server/db` or `$lib/server/db` would not resolve. A missing generated
 * config is read as these paths (relative to the project's tsconfig directory),
 * and a project with no tsconfig at all gets them from its framework config
 * file (`nuxt.config.ts`, `svelte.config.js`) in the directory or above.
 * graph/projectConfig.ts and graph/resolve.ts read this table; docs/contexts.md
 * lists it (checked by test/engine/catalogue.test.ts).
 *
 * Adding a framework's aliases: one entry here, one fixture, one row in the docs.
 */
export interface FrameworkAliases {
  readonly framework: string;
  /** The generated config a project's tsconfig extends, relative to that tsconfig (`.nuxt/tsconfig.json`). */
  readonly generatedConfig: string;
  /** Config files that mark the project root when there is no tsconfig. */
  readonly markerFiles: readonly string[];
  /** tsconfig `paths`, relative to the project root; substitutions are tried in order (TypeScript's rule). */
  readonly paths: Readonly<Record<string, readonly string[]>>;
}

export const FRAMEWORK_ALIASES: readonly FrameworkAliases[] = [
  // Nuxt 3: `~`/`@` = srcDir (the root; `app/` in Nuxt 4, tried second), `~~`/`@@` = rootDir.
  { framework: 'Nuxt', generatedConfig: '.nuxt/tsconfig.json', markerFiles: ['nuxt.config.ts', 'nuxt.config.js', 'nuxt.config.mjs'],
    paths: {
      '~': ['.', './app'], '~/*': ['./*', './app/*'], '@': ['.', './app'], '@/*': ['./*', './app/*'],
      '~~': ['.'], '~~/*': ['./*'], '@@': ['.'], '@@/*': ['./*'],
    } },
  // SvelteKit: `$lib` = src/lib (kit.files.lib's default).
  { framework: 'SvelteKit', generatedConfig: '.svelte-kit/tsconfig.json', markerFiles: ['svelte.config.js', 'svelte.config.ts'],
    paths: { '$lib': ['./src/lib'], '$lib/*': ['./src/lib/*'] } },
];

/** The framework whose generated config `extendsPath` (as written in `extends`) names, if any. */
export function generatedConfigAliases(extendsPath: string): FrameworkAliases | undefined {
  const slashed = extendsPath.split('\\').join('/');
  const normalized = slashed.startsWith('./') ? slashed.slice(2) : slashed;
  return FRAMEWORK_ALIASES.find((f) => normalized === f.generatedConfig || `${normalized}.json` === f.generatedConfig);
}
