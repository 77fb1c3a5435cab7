/**
 * Which files of a workspace folder get analysed. Shared by the CLI and the
 * language server so both see the same set:
 * - only SOURCE_EXTENSIONS;
 * - never inside ALWAYS_SKIPPED_DIRS;
 * - not ignored by a .gitignore (nested ones apply to their own directory);
 * - not matched by the user's `exclude` globs (relative to the folder root).
 * tsconfig.json / jsconfig.json, package.json and pnpm-workspace.yaml files
 * are reported separately for module resolution (paths, workspace packages,
 * `exports`/`imports`).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { ALWAYS_SKIPPED_DIRS, SOURCE_EXTENSIONS } from './settings';
import { vendoredPathReason } from '../engine/generated-paths';

export interface DiscoveredFiles {
  /** Absolute, forward-slash paths of source files, sorted. */
  sources: string[];
  /** Absolute, forward-slash paths of tsconfig*.json / jsconfig*.json, package.json and pnpm-workspace.yaml files, sorted. */
  projectConfigs: string[];
  /** Vendored or minified source files left out (engine/generated.ts), with the reason; sorted. */
  generated: { file: string; reason: string }[];
}

export interface FolderFilterOptions {
  /** Keep vendored folders and *.min.js files (the analyzeGeneratedFiles setting). */
  analyzeGeneratedFiles?: boolean;
}

const SKIPPED_DIRS = new Set(ALWAYS_SKIPPED_DIRS);
const EXTENSIONS = new Set(SOURCE_EXTENSIONS);

/** Windows separators to `/`; elsewhere a backslash is part of a file name and stays. */
export function toForwardSlashes(p: string): string {
  return path.sep === '\\' ? p.replace(/\\/g, '/') : p;
}

export function isSourceFileName(fileName: string): boolean {
  if (fileName.endsWith('.d.ts') || fileName.endsWith('.d.mts') || fileName.endsWith('.d.cts')) return false;
  return EXTENSIONS.has(path.extname(fileName).toLowerCase());
}

/** The files module resolution reads besides sources: TS/JS project configs, package manifests, the pnpm workspace list. */
export function isProjectConfigName(fileName: string): boolean {
  const base = path.basename(fileName);
  if (base === 'package.json' || base === 'pnpm-workspace.yaml') return true;
  return (base.startsWith('tsconfig') || base.startsWith('jsconfig')) && base.endsWith('.json');
}

/**
 * Decides, for one workspace folder, whether a path is part of the analysis.
 * Caches parsed .gitignore files per directory; call `forgetGitignore` when
 * one changes.
 */
export class FolderFilter {
  readonly root: string;
  /** The root and a slash: what every path of the walk starts with (`${dir}/${name}` from the root on). */
  private readonly rootPrefix: string;
  private readonly excluded: (relativePath: string) => boolean;
  private readonly gitignores = new Map<string, Ignore | null>();
  private readonly keepGenerated: boolean;

  constructor(root: string, exclude: readonly string[], options: FolderFilterOptions = {}) {
    this.root = toForwardSlashes(path.resolve(root));
    this.rootPrefix = `${this.root}/`;
    this.excluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
    this.keepGenerated = options.analyzeGeneratedFiles === true;
  }

  /** Why a source file (relative to the root) is left out as vendored or minified, if it is. */
  generatedReason(relativePath: string): string | undefined {
    return this.keepGenerated ? undefined : vendoredPathReason(relativePath);
  }

  /** Path relative to the root, or undefined when outside it. */
  relative(absolutePath: string): string | undefined {
    const rel = toForwardSlashes(path.relative(this.root, absolutePath));
    if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return undefined;
    return rel;
  }

  contains(absolutePath: string): boolean {
    return this.relative(absolutePath) !== undefined;
  }

  forgetGitignore(directory?: string): void {
    if (directory === undefined) this.gitignores.clear();
    else this.gitignores.delete(toForwardSlashes(directory));
  }

  /** Full check for a single file (used for watched-file events and opened documents). */
  async includes(absolutePath: string): Promise<boolean> {
    const file = toForwardSlashes(absolutePath);
    const rel = this.relative(file);
    if (rel === undefined) return false;
    if (!isSourceFileName(file) && !isProjectConfigName(file)) return false;
    const segments = rel.split('/');
    if (segments.slice(0, -1).some((s) => SKIPPED_DIRS.has(s))) return false;
    if (this.excluded(rel)) return false;
    if (isSourceFileName(file) && this.generatedReason(rel) !== undefined) return false;
    let dir = this.root;
    for (let i = 0; i < segments.length; i++) {
      // `ignore` also tests the parent directories of the path it is given.
      if (await this.ignoredBy(dir, segments.slice(i).join('/'), false)) return false;
      dir = `${dir}/${segments[i]}`;
    }
    return true;
  }

  /** Walk the folder. Unreadable directories are skipped silently. */
  async discover(): Promise<DiscoveredFiles> {
    const sources: string[] = [];
    const projectConfigs: string[] = [];
    const generated: DiscoveredFiles['generated'] = [];
    // Each pending entry: a directory and the chain of directories whose .gitignore applies.
    const pending: { dir: string; gitignoreDirs: string[] }[] = [{ dir: this.root, gitignoreDirs: [] }];
    while (pending.length > 0) {
      const { dir, gitignoreDirs } = pending.pop()!;
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      const chain = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? [...gitignoreDirs, dir] : gitignoreDirs;
      for (const entry of entries) {
        const full = `${dir}/${entry.name}`;
        const isDir = entry.isDirectory();
        if (isDir && SKIPPED_DIRS.has(entry.name)) continue;
        if (!isDir && !entry.isFile()) continue;
        if (!isDir && !isSourceFileName(entry.name) && !isProjectConfigName(entry.name)) continue;
        // `full` is the root, a slash and the rest (the walk starts at the root): no path arithmetic per entry.
        const rel = full.slice(this.rootPrefix.length);
        if (this.excluded(rel)) continue;
        if (await this.ignoredByChain(chain, full, isDir)) continue;
        if (isDir) pending.push({ dir: full, gitignoreDirs: chain });
        else if (isProjectConfigName(entry.name)) projectConfigs.push(full);
        else {
          const reason = this.generatedReason(rel);
          if (reason === undefined) sources.push(full);
          else generated.push({ file: full, reason });
        }
      }
    }
    sources.sort();
    projectConfigs.sort();
    generated.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { sources, projectConfigs, generated };
  }

  private async ignoredByChain(chain: string[], full: string, isDir: boolean): Promise<boolean> {
    for (const dir of chain) {
      if (await this.ignoredBy(dir, full.slice(dir.length + 1), isDir)) return true;
    }
    return false;
  }

  private async ignoredBy(dir: string, relativePath: string, isDir: boolean): Promise<boolean> {
    const rules = await this.gitignoreOf(dir);
    if (!rules) return false;
    return rules.ignores(isDir ? `${relativePath}/` : relativePath);
  }

  private async gitignoreOf(dir: string): Promise<Ignore | null> {
    const cached = this.gitignores.get(dir);
    if (cached !== undefined) return cached;
    let rules: Ignore | null = null;
    try {
      rules = ignore().add(await fs.readFile(`${dir}/.gitignore`, 'utf8'));
    } catch {
      rules = null;
    }
    this.gitignores.set(dir, rules);
    return rules;
  }
}

/** Convenience for one-shot callers (the CLI). */
export function discoverFiles(root: string, exclude: readonly string[] = [], options: FolderFilterOptions = {}): Promise<DiscoveredFiles> {
  return new FolderFilter(root, exclude, options).discover();
}
