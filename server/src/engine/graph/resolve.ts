/**
 * Module specifier resolution with TypeScript's own `ts.resolveModuleName`
 * over an in-memory host (resolutionHost.ts): the workspace files, the
 * tsconfig/jsconfig texts, the package.json texts and pnpm-workspace.yaml
 * texts the engine was handed are all it looks at (no I/O). A specifier that
 * resolves to no workspace source file is external (undefined).
 *
 * Every importer is resolved with `moduleResolution: "bundler"`: relative
 * specifiers with or without extension, directory index files, `./db.js` →
 * `db.ts`, tsconfig `baseUrl`/`paths`, package.json `exports`/`imports`
 * (`#db`) and `main`/`types`, and node_modules lookups — through which
 * workspace packages resolve (`@acme/db` → packages/db). Not node16, whose
 * ESM rule (relative imports need their extension) would lose the
 * extension-less imports that bundled and transpiled code is full of.
 * `exports`/`imports` conditions: `import` (a `.cjs`/`.cts` importer:
 * `require`) with `types`, `node`, `default` and the config's
 * `customConditions`. A workspace package or `#` specifier that resolves to
 * nothing that way is tried with the other of `import`/`require` (the engine
 * does not know whether a candidate came from `import` or `require()`), so
 * a package with only a `require` export still resolves from an ESM file.
 */
import type * as ts from 'typescript';
import * as path from 'path';
import { typescript } from '../lazy-typescript';
import { frameworkConfig, parseProjectConfig, type ConfigFileSystem, type ResolutionConfig } from './projectConfig';
import { ResolutionHost, toTypeScriptPath, type OutputMapping } from './resolutionHost';
import { PACKAGE_MANIFEST, PNPM_WORKSPACE, declaresImports, packageName, workspaceRoots, type WorkspaceRoot } from './workspacePackages';
import { FRAMEWORK_ALIASES } from '../catalogue/aliases';
import { contentHash } from '../content-hash';

/**
 * Resolutions computed by an earlier run, valid for the file set and config
 * texts whose fingerprint they carry (a resolution depends on nothing else):
 * memo key → workspace file, or null for "not a workspace file".
 */
export interface ResolutionSnapshot {
  fingerprint: string;
  entries: [string, string | null][];
}

const posix = path.posix;

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** The options every resolution runs with; a config adds only baseUrl, paths and customConditions. */
function baseOptions(): ts.CompilerOptions {
  const { ModuleResolutionKind, ModuleKind, JsxEmit } = typescript();
  return {
    moduleResolution: ModuleResolutionKind.Bundler,
    module: ModuleKind.ESNext,
    allowJs: true,
    jsx: JsxEmit.Preserve,
    resolvePackageJsonExports: true,
    resolvePackageJsonImports: true,
  };
}
/** Server code runs on Node: a `node` export condition is as good as `default`. */
const EXTRA_CONDITIONS = ['node'];

/** A directory's part of a bare specifier's memo key (ModuleResolver.bareContext). */
interface LookupContext {
  /** The resolution options and the node_modules directories above. */
  key: string;
  modules: string;
  /** The nearest directory with a package.json ('' = none), and its package name. */
  scope: string;
  scopeName: string | undefined;
}

/** What one config resolves with: its options and TypeScript's cache for them. */
interface ConfigResolution {
  options: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
}

/** Everything derived from the configs and manifests; rebuilt when one changes. */
interface ConfigState {
  roots: WorkspaceRoot[];
  host: ResolutionHost;
  /** Parsed configs by path. */
  parsed: Map<string, ResolutionConfig>;
  /** Options and cache per distinct resolution options (resolutionOptionsKey; '' = no config). */
  resolutions: Map<string, ConfigResolution>;
  packageJsonCache: ts.PackageJsonInfoCache | undefined;
  /** Workspace package names. */
  packageNames: Set<string>;
  /** Directories of the workspace roots. */
  rootDirs: Set<string>;
  /** Some package.json handed in has `imports` (else a `#` specifier can only be a `paths` alias). */
  hasImports: boolean;
  /** Every package name a handed-in package.json declares (a package may import itself by name through its `exports`). */
  manifestNames: Set<string>;
}

export class ModuleResolver {
  private readonly fileSet = new Set<string>();
  /** Directory → number of files and texts below it (a directory exists while it holds one). */
  private readonly directoryCounts = new Map<string, number>();
  /** Workspace file path without its extension → number of such files (`src/db` for src/db.ts). */
  private readonly stems = new Map<string, number>();
  /** Config, package.json and pnpm-workspace.yaml texts by path. */
  private readonly texts = new Map<string, string>();
  private readonly resolved = new Map<string, string | undefined>();
  /** Importer directory → what its bare specifiers' resolution depends on (lookupContext). */
  private readonly lookupContexts = new Map<string, LookupContext>();
  /** Importer directory → nearest config path ('' = none). */
  private readonly nearestConfig = new Map<string, string>();
  /** Directory → framework project dir and aliases, when no config applies (depends on the file set). */
  private readonly frameworkProjects = new Map<string, ResolutionConfig | undefined>();
  private state: ConfigState | undefined;
  private changes = 0;
  /** Resolutions handed in from an earlier run, used while the fingerprint is theirs. */
  private seeded: { fingerprint: string; entries: Map<string, string | null> } | undefined;
  /** `fingerprint()` of the current file set and config texts (undefined: not computed since the last change). */
  private currentFingerprint: string | undefined;

  /** Changes whenever a resolution may have changed (the file set or a config text): the module graph joins everything again then. */
  get version(): number {
    return this.changes;
  }

  addFile(file: string): void {
    if (this.fileSet.has(file)) return;
    this.fileSet.add(file);
    this.countDirectories(file, 1);
    this.countStem(file, 1);
    this.filesChanged();
  }

  removeFile(file: string): void {
    if (!this.fileSet.delete(file)) return;
    this.countDirectories(file, -1);
    this.countStem(file, -1);
    this.filesChanged();
  }

  hasFile(file: string): boolean {
    return this.fileSet.has(file);
  }

  /** Register a tsconfig/jsconfig, package.json or pnpm-workspace.yaml text. */
  setConfig(configPath: string, text: string): void {
    const previous = this.texts.get(configPath);
    if (previous === text) return;
    this.texts.set(configPath, text);
    if (previous === undefined) this.countDirectories(configPath, 1);
    this.configsChanged();
  }

  removeConfig(configPath: string): void {
    if (!this.texts.delete(configPath)) return;
    this.countDirectories(configPath, -1);
    this.configsChanged();
  }

  /** Absolute path of the workspace file `specifier` names from `importerPath`, or undefined. */
  resolve(specifier: string, importerPath: string): string | undefined {
    if (!specifier) return undefined;
    const fromDir = posix.dirname(importerPath);
    const commonJs = isCommonJsFile(importerPath);
    // A bare or `#` specifier means the same from every directory with the same resolution options, package
    // scope and node_modules directories above it (TypeScript's cache shares only successes across directories).
    // The key also decides `mayResolve` (its inputs: the directory for a path, the config's paths for a bare
    // name), so its "no" is remembered with the key like any other result.
    const where = isPathSpecifier(specifier) ? fromDir : this.bareContext(fromDir, specifier);
    const key = (commonJs ? 'c' : 'e') + where + '\0' + specifier;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const seeded = this.seededResolution(key);
    let result: string | undefined;
    if (seeded !== undefined) result = seeded ?? undefined;
    else {
      const state = this.configState();
      result = this.mayResolve(state, this.configFor(state, fromDir), specifier, fromDir) ? this.compute(specifier, importerPath, fromDir, commonJs) : undefined;
    }
    this.resolved.set(key, result);
    return result;
  }

  /**
   * A hash of everything a resolution depends on: the file set and the
   * config texts (the memo key says the rest: mode, directory, specifier).
   */
  fingerprint(): string {
    if (this.currentFingerprint !== undefined) return this.currentFingerprint;
    const parts = [...this.fileSet].sort();
    parts.push('\0configs');
    for (const file of [...this.texts.keys()].sort()) parts.push(file, this.texts.get(file)!);
    this.currentFingerprint = contentHash(parts.join('\0'));
    return this.currentFingerprint;
  }

  /** The resolutions computed so far (those seeded and still valid included), for a later run's `seed`. */
  snapshot(): ResolutionSnapshot {
    const entries = new Map<string, string | null>();
    if (this.seeded && this.seeded.fingerprint === this.fingerprint()) for (const [key, target] of this.seeded.entries) entries.set(key, target);
    for (const [key, target] of this.resolved) entries.set(key, target ?? null);
    return { fingerprint: this.fingerprint(), entries: [...entries] };
  }

  /** Resolutions of an earlier run: used for the memo keys they have while the file set and configs have their fingerprint. */
  seed(snapshot: ResolutionSnapshot): void {
    this.seeded = { fingerprint: snapshot.fingerprint, entries: new Map(snapshot.entries) };
  }

  /** The seeded result for a memo key (null: not a workspace file), or undefined when there is none that holds. */
  private seededResolution(key: string): string | null | undefined {
    if (this.seeded === undefined) return undefined;
    if (this.seeded.fingerprint !== this.fingerprint()) {
      // Files or configs changed since: nothing seeded holds any more.
      this.seeded = undefined;
      return undefined;
    }
    return this.seeded.entries.get(key);
  }

  private compute(specifier: string, importerPath: string, fromDir: string, commonJs: boolean): string | undefined {
    const state = this.configState();
    const direct = this.extensionlessSourceFile(state, specifier, importerPath, fromDir);
    if (direct !== undefined) return direct;
    const resolution = this.resolutionFor(state, this.configFor(state, fromDir));
    const { ModuleKind } = typescript();
    const first = commonJs ? ModuleKind.CommonJS : ModuleKind.ESNext;
    const hit = this.resolveWith(state, resolution, specifier, importerPath, first);
    if (hit !== undefined || !this.conditionsMatter(state, specifier)) return hit;
    const other = commonJs ? ModuleKind.ESNext : ModuleKind.CommonJS;
    return this.resolveWith(state, resolution, specifier, importerPath, other);
  }

  private resolveWith(state: ConfigState, resolution: ConfigResolution, specifier: string, importerPath: string,
    mode: ts.ResolutionMode): string | undefined {
    let resolvedFileName: string | undefined;
    try {
      resolvedFileName = typescript().resolveModuleName(toTypeScriptPath(specifier), toTypeScriptPath(importerPath), resolution.options, state.host,
        resolution.cache, undefined, mode)
        .resolvedModule?.resolvedFileName;
    } catch {
      return undefined; // a specifier TypeScript chokes on names nothing we know
    }
    if (resolvedFileName === undefined) return undefined;
    const file = state.host.existingFile(resolvedFileName);
    return file !== undefined && this.fileSet.has(file) ? file : undefined;
  }

  /**
   * `./x` or `../x` (no extension, no trailing slash) naming `<dir>/x.ts` or `<dir>/x.tsx` of the workspace: what
   * TypeScript's own lookup answers, without asking it. For a relative specifier it tries no `paths`, `baseUrl`
   * or `rootDirs` (none is set for one) and adds the extensions in this order whatever the mode — `.ts`, `.tsx`,
   * then `.d.ts` and JavaScript's — before it looks at `<dir>/x` as a directory, and applies no realpath outside
   * node_modules; the host answers a workspace file for itself. `.tsx` only when nothing can stand for `x.ts`
   * (a built-output mapping could). Anything else (a `node_modules` path, a `\\`, an extension or a dot in the
   * name, a directory) is TypeScript's to resolve. On the pg-using bench this is ~6,000 of the import index's
   * 8,000 lookups (most of its time).
   */
  private extensionlessSourceFile(state: ConfigState, specifier: string, importerPath: string, fromDir: string): string | undefined {
    if (!(specifier.startsWith('./') || specifier.startsWith('../'))) return undefined;
    if (specifier.includes('\\') || importerPath.includes('\\') || specifier.endsWith('/')) return undefined;
    if (specifier.slice(specifier.lastIndexOf('/') + 1).includes('.')) return undefined;
    const joined = posix.join(fromDir, specifier);
    if (joined.includes('/node_modules/') || joined.endsWith('/node_modules')) return undefined;
    const ts = joined + '.ts';
    if (this.fileSet.has(ts)) return ts;
    if (this.texts.has(ts) || state.host.mayBeBuiltOutput(ts)) return undefined;
    const tsx = joined + '.tsx';
    return this.fileSet.has(tsx) ? tsx : undefined;
  }

  /** Only `exports`/`imports` conditions differ between the two modes: bare workspace package names and `#` imports. */
  private conditionsMatter(state: ConfigState, specifier: string): boolean {
    if (specifier.startsWith('#')) return true;
    if (isPathSpecifier(specifier)) return false;
    return state.packageNames.has(packageNameOf(specifier));
  }

  /**
   * Whether TypeScript could find a workspace file for the specifier at all.
   * Most candidates are bare names of installed packages (`express`,
   * `react`); the host has no node_modules but the workspace packages', so
   * they resolve only through `baseUrl`/`paths`, a workspace package, a
   * package's own name or `imports` (some package.json has them) — anything else is external without
   * asking TypeScript (which would walk every ancestor's node_modules, twice).
   */
  private mayResolve(state: ConfigState, config: ResolutionConfig | undefined, specifier: string, fromDir: string): boolean {
    if (isPathSpecifier(specifier)) return this.mayBeWorkspacePath(state, specifier.startsWith('/') ? specifier : posix.join(fromDir, specifier));
    if (specifier.startsWith('#')) {
      if (state.hasImports) return true;
    } else {
      const name = packageNameOf(specifier);
      if (state.packageNames.has(name) || state.manifestNames.has(name)) return true;
    }
    if (config?.paths !== undefined && Object.keys(config.paths).some((pattern) => matchesPathPattern(pattern, specifier))) return true;
    return config?.baseUrl !== undefined && this.mayBeWorkspacePath(state, posix.join(config.baseUrl, specifier));
  }

  /**
   * Whether `target` (a specifier joined to its directory) can name a
   * workspace file the way TypeScript looks for one: the file itself, with
   * an extension added (`./db` → db.ts) or swapped (`./db.js` → db.ts) — all
   * have the stem `target` or `target` minus its extension — or a directory
   * (index files, a package.json); or a built output the host maps back.
   * A necessary condition only: TypeScript decides.
   */
  private mayBeWorkspacePath(state: ConfigState, joined: string): boolean {
    // `require('../')` names the directory: join keeps the trailing slash, the tables do not.
    const target = joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
    if (this.stems.has(target) || this.directoryCounts.has(target)) return true;
    const extension = posix.extname(target);
    if (extension && this.stems.has(target.slice(0, -extension.length))) return true;
    return state.host.mayBeBuiltOutput(target);
  }

  private configFor(state: ConfigState, fromDir: string): ResolutionConfig | undefined {
    const configPath = this.nearestConfigPath(fromDir);
    return configPath ? state.parsed.get(configPath) : this.frameworkConfigFor(fromDir);
  }

  private resolutionFor(state: ConfigState, config: ResolutionConfig | undefined): ConfigResolution {
    // Configs with the same options share TypeScript's cache (the packages of a monorepo mostly do).
    const key = resolutionOptionsKey(config);
    let resolution = state.resolutions.get(key);
    if (!resolution) {
      const options: ts.CompilerOptions = {
        ...baseOptions(),
        customConditions: [...EXTRA_CONDITIONS, ...(config?.customConditions ?? [])],
      };
      if (config?.baseUrl !== undefined) options.baseUrl = config.baseUrl;
      if (config?.paths !== undefined) options.paths = config.paths;
      if (config?.pathsBasePath !== undefined) options.pathsBasePath = config.pathsBasePath;
      const cache = typescript().createModuleResolutionCache('/', (f) => f, options, state.packageJsonCache);
      state.packageJsonCache ??= cache.getPackageJsonInfoCache();
      resolution = { options, cache };
      state.resolutions.set(key, resolution);
    }
    return resolution;
  }

  /**
   * What a bare or `#` specifier's resolution depends on, from `dir`: the
   * options of the config that applies (`paths`, `baseUrl`,
   * `customConditions` — the packages of a monorepo mostly share them), every
   * ancestor with a node_modules directory (a workspace root's virtual one,
   * or handed-in files under one), and the nearest package.json only where
   * TypeScript reads it: for a `#` import and for a package importing itself
   * by its own name.
   */
  private bareContext(dir: string, specifier: string): string {
    const context = this.lookupContext(dir);
    const scoped = specifier.startsWith('#') || (context.scopeName !== undefined && packageNameOf(specifier) === context.scopeName);
    return scoped ? `${context.key}\0scope\0${context.scope}` : context.key;
  }

  /** The parts of `bareContext` for a directory, from its parent's. */
  private lookupContext(dir: string): LookupContext {
    const cached = this.lookupContexts.get(dir);
    if (cached !== undefined) return cached;
    const state = this.configState();
    const parent = posix.dirname(dir);
    const above = parent === dir ? undefined : this.lookupContext(parent);
    const manifest = this.texts.get(posix.join(dir, PACKAGE_MANIFEST));
    const scope = manifest !== undefined ? dir : (above?.scope ?? '');
    const scopeName = manifest !== undefined ? packageName(manifest) : above?.scopeName;
    const modulesHere = this.directoryCounts.has(posix.join(dir, 'node_modules')) || state.rootDirs.has(dir);
    const modules = (modulesHere ? dir + '\0' : '') + (above?.modules ?? '');
    const options = resolutionOptionsKey(this.configFor(state, dir));
    const context: LookupContext = { key: `\0ctx\0${options}\0${modules}`, modules, scope, scopeName };
    this.lookupContexts.set(dir, context);
    return context;
  }

  /** The nearest tsconfig.json / jsconfig.json in `dir` or above it ('' when there is none). */
  private nearestConfigPath(dir: string): string {
    const cached = this.nearestConfig.get(dir);
    if (cached !== undefined) return cached;
    let found = '';
    for (let current = dir; ; ) {
      const hit = CONFIG_NAMES.map((name) => posix.join(current, name)).find((p) => this.texts.has(p));
      if (hit) {
        found = hit;
        break;
      }
      const parent = posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    this.nearestConfig.set(dir, found);
    return found;
  }

  /**
   * No tsconfig: the aliases of the framework whose config file (`nuxt.config.ts`, `svelte.config.js`) is
   * in `dir` or above it (catalogue/aliases.ts).
   */
  private frameworkConfigFor(dir: string): ResolutionConfig | undefined {
    if (this.frameworkProjects.has(dir)) return this.frameworkProjects.get(dir);
    let found: ResolutionConfig | undefined;
    for (let current = dir; !found; ) {
      const framework = FRAMEWORK_ALIASES.find((f) => f.markerFiles.some((m) => this.fileSet.has(posix.join(current, m))));
      if (framework) found = frameworkConfig(framework, current);
      const parent = posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    this.frameworkProjects.set(dir, found);
    return found;
  }

  private configState(): ConfigState {
    if (this.state) return this.state;
    const manifests = new Map<string, string>();
    const pnpm = new Map<string, string>();
    for (const [file, text] of this.texts) {
      const base = posix.basename(file);
      if (base === PACKAGE_MANIFEST) manifests.set(file, text);
      else if (base === PNPM_WORKSPACE) pnpm.set(file, text);
    }
    const roots = workspaceRoots(manifests, pnpm);
    const directories = { has: (dir: string) => this.directoryCounts.has(dir) } as ReadonlySet<string>;
    // Configs are parsed over the packages (a package `extends`), before any output mapping exists.
    const configHost = new ResolutionHost({ files: this.fileSet, texts: this.texts, directories, roots, outputs: [] });
    const fileSystem: ConfigFileSystem = configHost;
    const extendedCache = new Map<string, ts.ExtendedConfigCacheEntry>();
    const parsed = new Map<string, ResolutionConfig>();
    for (const file of this.texts.keys()) {
      if (CONFIG_NAMES.includes(posix.basename(file))) parsed.set(file, parseProjectConfig(file, fileSystem, extendedCache));
    }
    const host = new ResolutionHost({ files: this.fileSet, texts: this.texts, directories, roots, outputs: outputMappings(parsed, roots) });
    const packageNames = new Set<string>();
    for (const root of roots) for (const name of root.packages.keys()) packageNames.add(name);
    const manifestNames = new Set<string>();
    let hasImports = false;
    for (const text of manifests.values()) {
      const name = packageName(text);
      if (name) manifestNames.add(name);
      hasImports ||= declaresImports(text);
    }
    this.state = { roots, host, parsed, resolutions: new Map(), packageJsonCache: undefined, packageNames, manifestNames,
      rootDirs: new Set(roots.map((root) => root.dir)), hasImports };
    return this.state;
  }

  private filesChanged(): void {
    this.changes++;
    this.currentFingerprint = undefined;
    this.resolved.clear();
    this.frameworkProjects.clear();
    this.lookupContexts.clear();
    // TypeScript's caches remember which files exist.
    if (this.state) {
      this.state.resolutions.clear();
      this.state.packageJsonCache = undefined;
    }
  }

  private configsChanged(): void {
    this.changes++;
    this.currentFingerprint = undefined;
    this.resolved.clear();
    this.nearestConfig.clear();
    this.lookupContexts.clear();
    this.state = undefined;
  }

  private countStem(file: string, delta: number): void {
    const extension = posix.extname(file);
    const stem = extension ? file.slice(0, -extension.length) : file;
    const count = (this.stems.get(stem) ?? 0) + delta;
    if (count > 0) this.stems.set(stem, count);
    else this.stems.delete(stem);
  }

  private countDirectories(file: string, delta: number): void {
    for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
      const count = (this.directoryCounts.get(dir) ?? 0) + delta;
      if (count > 0) this.directoryCounts.set(dir, count);
      else this.directoryCounts.delete(dir);
      if (posix.dirname(dir) === dir) break;
    }
  }
}

/**
 * Built output → sources: every config with an `outDir` (its `rootDir`, else
 * `src` then the config's directory), and for a workspace package no such
 * config covers, `dist/` and the top directories its package.json points into
 * (`main: 'build/index.js'`) → `src/`.
 */
function outputMappings(parsed: ReadonlyMap<string, ResolutionConfig>, roots: readonly WorkspaceRoot[]): OutputMapping[] {
  const mappings: OutputMapping[] = [];
  for (const [file, config] of parsed) {
    if (!config.outDir || file.includes('/node_modules/')) continue;
    const dir = posix.dirname(file);
    mappings.push({ outDir: config.outDir, sourceDirs: config.rootDir ? [config.rootDir] : [posix.join(dir, 'src'), dir] });
  }
  for (const root of roots) {
    for (const pkg of root.packages.values()) {
      if (mappings.some((m) => m.outDir.startsWith(pkg.dir + '/'))) continue;
      for (const out of new Set(['dist', ...pkg.outputDirs])) mappings.push({ outDir: `${pkg.dir}/${out}`, sourceDirs: [pkg.dir + '/src'] });
    }
  }
  return mappings;
}

/** What of a config a resolution depends on: the options `resolutionFor` builds from it. */
function resolutionOptionsKey(config: ResolutionConfig | undefined): string {
  return config === undefined ? '' : JSON.stringify([config.baseUrl, config.paths, config.pathsBasePath, config.customConditions]);
}

function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || specifier.startsWith('/');
}

/** `@scope/name` or `name` of a bare specifier (`@acme/db/queries` → `@acme/db`). */
function packageNameOf(specifier: string): string {
  const slash = specifier.indexOf('/');
  if (slash < 0) return specifier;
  if (!specifier.startsWith('@')) return specifier.slice(0, slash);
  const second = specifier.indexOf('/', slash + 1);
  return second < 0 ? specifier : specifier.slice(0, second);
}

/** TypeScript's `paths` match: exact, or prefix and suffix around one `*`. */
function matchesPathPattern(pattern: string, specifier: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
}

/** A file Node loads as CommonJS whatever its package says. */
function isCommonJsFile(file: string): boolean {
  return file.endsWith('.cjs') || file.endsWith('.cts');
}
