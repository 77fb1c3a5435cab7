/**
 * tsconfig.json / jsconfig.json for module resolution, read with TypeScript's
 * own config parser (`extends` — relative and package — JSONC, `paths`
 * relative to the config that declares them) over the config texts the
 * engine was handed. What resolution takes from a config: `baseUrl`,
 * `paths`, `customConditions`, and `outDir`/`rootDir` (to map a package's
 * built `dist/` targets back to its sources, see resolutionHost.ts).
 * Everything else about resolution is fixed by resolve.ts.
 */
import type * as ts from 'typescript';
import * as path from 'path';
import { typescript } from '../lazy-typescript';
import { FRAMEWORK_ALIASES, type FrameworkAliases } from '../catalogue/aliases';

const posix = path.posix;

/** What resolution reads from one config, after `extends`. */
export interface ResolutionConfig {
  /** Absolute path of the config file (or of the framework's generated config it stands for). */
  path: string;
  baseUrl?: string;
  paths?: ts.MapLike<string[]>;
  /** Directory `paths` substitutions are relative to when there is no `baseUrl` (TypeScript's `pathsBasePath`). */
  pathsBasePath?: string;
  customConditions?: string[];
  /** Absolute `outDir`, when set, and the `rootDir` its files come from (explicit, or undefined: guessed by the host). */
  outDir?: string;
  rootDir?: string;
}

/** The file system a config parse sees: the handed-in texts (configs, package.json for package `extends`). */
export interface ConfigFileSystem {
  fileExists(file: string): boolean;
  readFile(file: string): string | undefined;
  directoryExists?(dir: string): boolean;
  realpath?(file: string): string;
}

/**
 * Parse one config (malformed text gives what TypeScript could read, never a
 * throw). A framework's generated config that is not in the repository
 * (`extends: "./.nuxt/tsconfig.json"`) reads as its known aliases.
 */
export function parseProjectConfig(configPath: string, fileSystem: ConfigFileSystem,
  extendedCache?: Map<string, ts.ExtendedConfigCacheEntry>): ResolutionConfig {
  const text = fileSystem.readFile(configPath);
  if (text === undefined) return { path: configPath };
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    // The file list is not what resolution needs: nothing to enumerate.
    readDirectory: () => [],
    fileExists: (file) => fileSystem.fileExists(file) || generatedConfigText(file) !== undefined,
    readFile: (file) => fileSystem.readFile(file) ?? generatedConfigText(file),
    directoryExists: fileSystem.directoryExists && ((dir) => fileSystem.directoryExists!(dir)),
    realpath: fileSystem.realpath && ((file) => fileSystem.realpath!(file)),
  } as ts.ParseConfigHost;
  let options: ts.CompilerOptions;
  try {
    const { parseJsonText, parseJsonSourceFileConfigFileContent } = typescript();
    const sourceFile = parseJsonText(configPath, text);
    options = parseJsonSourceFileConfigFileContent(sourceFile, host, posix.dirname(configPath), undefined, configPath,
      undefined, undefined, extendedCache).options;
  } catch {
    return { path: configPath };
  }
  return {
    path: configPath,
    baseUrl: options.baseUrl,
    paths: options.paths,
    pathsBasePath: typeof options.pathsBasePath === 'string' ? options.pathsBasePath : undefined,
    customConditions: options.customConditions,
    outDir: options.outDir,
    rootDir: options.rootDir,
  };
}

/** A project with no tsconfig whose framework config file is in `projectDir`: the framework's aliases there. */
export function frameworkConfig(aliases: FrameworkAliases, projectDir: string): ResolutionConfig {
  return { path: posix.join(projectDir, aliases.generatedConfig), paths: absolutePaths(aliases, projectDir), pathsBasePath: projectDir };
}

/**
 * The text of a framework's generated config (`<project>/.nuxt/tsconfig.json`)
 * as its aliases; substitutions are absolute, so they mean the same from
 * whichever config extends it.
 */
function generatedConfigText(file: string): string | undefined {
  for (const aliases of FRAMEWORK_ALIASES) {
    const suffix = '/' + aliases.generatedConfig;
    if (!file.endsWith(suffix)) continue;
    const projectDir = file.slice(0, -suffix.length) || '/';
    return JSON.stringify({ compilerOptions: { paths: absolutePaths(aliases, projectDir) } });
  }
  return undefined;
}

function absolutePaths(aliases: FrameworkAliases, projectDir: string): ts.MapLike<string[]> {
  const paths: ts.MapLike<string[]> = {};
  for (const [pattern, substitutions] of Object.entries(aliases.paths)) {
    paths[pattern] = substitutions.map((s) => posix.join(projectDir, s));
  }
  return paths;
}
