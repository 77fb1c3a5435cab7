/**
 * tsconfig.json / jsconfig.json handling for module resolution: only
 * `compilerOptions.baseUrl`, `compilerOptions.paths` and `extends` matter.
 * Config text is JSONC, parsed with the TypeScript compiler's own reader.
 */
import * as ts from 'typescript';
import * as path from 'path';
import { generatedConfigAliases, type FrameworkAliases } from '../catalogue/aliases';

const posix = path.posix;

export interface RawProjectConfig {
  /** Absolute, forward-slash path of the config file. */
  path: string;
  dir: string;
  baseUrl?: string;
  /** `paths` as written; substitutions are relative to `pathsBase`. */
  paths?: Record<string, string[]>;
  extends: string[];
}

/** Resolution settings after following `extends`. */
export interface EffectiveConfig {
  /** Absolute directory non-relative specifiers are resolved against, if any. */
  baseUrl?: string;
  paths?: Record<string, string[]>;
  /** Absolute directory `paths` substitutions are relative to. */
  pathsBase: string;
}

/** Parse config text; malformed text gives an empty config, never a throw. */
export function parseProjectConfig(configPath: string, text: string): RawProjectConfig {
  const dir = posix.dirname(configPath);
  const result: RawProjectConfig = { path: configPath, dir, extends: [] };
  let json: unknown;
  try {
    json = ts.parseConfigFileTextToJson(configPath, text).config;
  } catch {
    return result;
  }
  if (!json || typeof json !== 'object') return result;
  const root = json as Record<string, unknown>;
  const ext = root.extends;
  if (typeof ext === 'string') result.extends = [ext];
  else if (Array.isArray(ext)) result.extends = ext.filter((e): e is string => typeof e === 'string');
  const options = root.compilerOptions;
  if (options && typeof options === 'object') {
    const opts = options as Record<string, unknown>;
    if (typeof opts.baseUrl === 'string') result.baseUrl = opts.baseUrl;
    if (opts.paths && typeof opts.paths === 'object' && !Array.isArray(opts.paths)) {
      const paths: Record<string, string[]> = {};
      for (const [pattern, subs] of Object.entries(opts.paths as Record<string, unknown>)) {
        if (Array.isArray(subs)) paths[pattern] = subs.filter((s): s is string => typeof s === 'string');
      }
      result.paths = paths;
    }
  }
  return result;
}

/** The aliases of a framework's generated config, as a config in the project root. */
export function generatedConfig(aliases: FrameworkAliases | undefined, projectDir: string, configPath: string): RawProjectConfig | undefined {
  if (!aliases) return undefined;
  const paths: Record<string, string[]> = {};
  for (const [pattern, substitutions] of Object.entries(aliases.paths)) paths[pattern] = [...substitutions];
  return { path: configPath, dir: projectDir, paths, extends: [] };
}

/**
 * Merge a config with the registered configs it extends (relative `extends`
 * only; package configs like `@tsconfig/node20` carry no paths we could use).
 * A base's `baseUrl`/`paths` stay relative to the base's own directory.
 */
export function effectiveConfig(
  config: RawProjectConfig,
  lookup: (configPath: string) => RawProjectConfig | undefined,
  seen: Set<string> = new Set(),
): EffectiveConfig {
  seen.add(config.path);
  let merged: EffectiveConfig = { pathsBase: config.dir };
  for (const ext of config.extends) {
    if (!ext.startsWith('.')) continue;
    const target = posix.join(config.dir, ext);
    // A framework's generated config (.nuxt/tsconfig.json) is not in the repository: its aliases are known.
    const base = lookup(target) ?? lookup(target + '.json') ?? generatedConfig(generatedConfigAliases(ext), config.dir, target);
    if (!base || seen.has(base.path)) continue;
    const inherited = effectiveConfig(base, lookup, seen);
    merged = { ...merged, ...inherited };
  }
  if (config.baseUrl !== undefined) {
    merged.baseUrl = posix.join(config.dir, config.baseUrl);
    merged.pathsBase = merged.baseUrl;
  }
  if (config.paths !== undefined) {
    merged.paths = config.paths;
    merged.pathsBase = merged.baseUrl ?? config.dir;
  }
  return merged;
}
