/**
 * Module specifier resolution with no I/O: the set of workspace files and the
 * registered tsconfig/jsconfig texts are all it looks at. Bare specifiers
 * that no `paths`/`baseUrl` maps to a workspace file are external (undefined).
 */
import * as path from 'path';
import { effectiveConfig, generatedConfig, parseProjectConfig, type EffectiveConfig, type RawProjectConfig } from './projectConfig';
import { FRAMEWORK_ALIASES } from '../catalogue/aliases';

const posix = path.posix;

/** Tried in this order for extension-less specifiers and index files. `.d.ts` files are never targets. */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TS-ESM style: `import './db.js'` names the compiled file; the source is `db.ts`. */
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export class ModuleResolver {
  private readonly fileSet = new Set<string>();
  private readonly configs = new Map<string, RawProjectConfig>();
  private readonly resolved = new Map<string, string | undefined>();
  private readonly effective = new Map<string, EffectiveConfig | undefined>();
  private changes = 0;

  /** Changes whenever a resolution may have changed (the file set or a project config): the module graph joins everything again then. */
  get version(): number {
    return this.changes;
  }

  addFile(file: string): void {
    if (this.fileSet.has(file)) return;
    this.fileSet.add(file);
    this.invalidate();
  }

  removeFile(file: string): void {
    if (this.fileSet.delete(file)) this.invalidate();
  }

  hasFile(file: string): boolean {
    return this.fileSet.has(file);
  }

  setConfig(configPath: string, text: string): void {
    this.configs.set(configPath, parseProjectConfig(configPath, text));
    this.invalidate();
  }

  removeConfig(configPath: string): void {
    if (this.configs.delete(configPath)) this.invalidate();
  }

  /** Absolute path of the workspace file `specifier` names from `importerPath`, or undefined. */
  resolve(specifier: string, importerPath: string): string | undefined {
    const fromDir = posix.dirname(importerPath);
    const key = fromDir + '\0' + specifier;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const result = this.compute(specifier, fromDir);
    this.resolved.set(key, result);
    return result;
  }

  private invalidate(): void {
    this.changes++;
    this.resolved.clear();
    this.effective.clear();
  }

  private compute(specifier: string, fromDir: string): string | undefined {
    if (!specifier) return undefined;
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      return this.resolveAsFileOrDirectory(posix.join(fromDir, specifier));
    }
    if (specifier.startsWith('/')) return this.resolveAsFileOrDirectory(posix.normalize(specifier));
    const config = this.configFor(fromDir) ?? this.frameworkConfigFor(fromDir);
    if (!config) return undefined;
    if (config.paths) {
      const hit = this.resolveWithPaths(specifier, config.paths, config.pathsBase);
      if (hit) return hit;
    }
    if (config.baseUrl !== undefined) return this.resolveAsFileOrDirectory(posix.join(config.baseUrl, specifier));
    return undefined;
  }

  /** TypeScript's rule: the pattern with the longest prefix before `*` wins; exact patterns beat wildcards. */
  private resolveWithPaths(specifier: string, paths: Record<string, string[]>, base: string): string | undefined {
    let best: { pattern: string; captured: string; prefixLength: number } | undefined;
    for (const pattern of Object.keys(paths)) {
      const star = pattern.indexOf('*');
      if (star < 0) {
        if (pattern === specifier) {
          best = { pattern, captured: '', prefixLength: Infinity };
        }
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (
        specifier.length >= prefix.length + suffix.length &&
        specifier.startsWith(prefix) &&
        specifier.endsWith(suffix) &&
        (!best || prefix.length > best.prefixLength)
      ) {
        best = { pattern, captured: specifier.slice(prefix.length, specifier.length - suffix.length), prefixLength: prefix.length };
      }
    }
    if (!best) return undefined;
    for (const substitution of paths[best.pattern] ?? []) {
      const target = posix.join(base, substitution.replace('*', best.captured));
      const hit = this.resolveAsFileOrDirectory(target);
      if (hit) return hit;
    }
    return undefined;
  }

  private resolveAsFileOrDirectory(candidate: string): string | undefined {
    return this.resolveAsFile(candidate) ?? this.resolveAsIndex(candidate);
  }

  private resolveAsFile(candidate: string): string | undefined {
    const ext = posix.extname(candidate);
    if (this.fileSet.has(candidate) && !candidate.endsWith('.d.ts')) return candidate;
    const tsForms = JS_TO_TS[ext];
    if (tsForms) {
      const stem = candidate.slice(0, -ext.length);
      for (const tsExt of tsForms) {
        if (this.fileSet.has(stem + tsExt)) return stem + tsExt;
      }
    }
    for (const tryExt of SOURCE_EXTENSIONS) {
      if (this.fileSet.has(candidate + tryExt)) return candidate + tryExt;
    }
    return undefined;
  }

  private resolveAsIndex(dir: string): string | undefined {
    for (const tryExt of SOURCE_EXTENSIONS) {
      const index = posix.join(dir, 'index' + tryExt);
      if (this.fileSet.has(index)) return index;
    }
    return undefined;
  }

  /**
   * No tsconfig: the aliases of the framework whose config file (`nuxt.config.ts`, `svelte.config.js`) is
   * in `dir` or above it (catalogue/aliases.ts).
   */
  private frameworkConfigFor(dir: string): EffectiveConfig | undefined {
    const key = '\0framework\0' + dir;
    if (this.effective.has(key)) return this.effective.get(key);
    let found: EffectiveConfig | undefined;
    for (let current = dir; !found; ) {
      const framework = FRAMEWORK_ALIASES.find((f) => f.markerFiles.some((m) => this.fileSet.has(posix.join(current, m))));
      const raw = framework && generatedConfig(framework, current, posix.join(current, framework.generatedConfig));
      if (raw) found = effectiveConfig(raw, () => undefined);
      const parent = posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    this.effective.set(key, found);
    return found;
  }

  /** The nearest registered config in `dir` or above it, with `extends` followed. */
  private configFor(dir: string): EffectiveConfig | undefined {
    if (this.effective.has(dir)) return this.effective.get(dir);
    let found: EffectiveConfig | undefined;
    let current = dir;
    for (;;) {
      const raw = CONFIG_NAMES.map((name) => this.configs.get(posix.join(current, name))).find((c) => c !== undefined);
      if (raw) {
        found = effectiveConfig(raw, (p) => this.configs.get(p));
        break;
      }
      const parent = posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    this.effective.set(dir, found);
    return found;
  }
}
