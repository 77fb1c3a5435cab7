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

interface PendingDirectory {
  dir: string;
  /** The directories, from the root down, whose .gitignore applies inside `dir`. */
  gitignoreDirs: string[];
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
  /** Parsed .gitignore per directory, or its read while it is in flight (several directories of the walk ask at once). */
  private readonly gitignores = new Map<string, Ignore | null | Promise<Ignore | null>>();
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
    // Each directory on the way down, then the file, as the walk meets them (an ignored directory is never entered).
    const chain: string[] = [];
    let dir = this.root;
    for (let i = 0; i < segments.length; i++) {
      if (await this.gitignoreOf(dir)) chain.push(dir);
      const full = `${dir}/${segments[i]}`;
      if (await this.ignoredByChain(chain, full, i < segments.length - 1)) return false;
      dir = full;
    }
    return true;
  }

  /**
   * Walk the folder. Unreadable directories are skipped silently. The
   * directories of one depth are read together: each read is a round trip to
   * libuv's thread pool, and one at a time a tree of 3,000 directories spent
   * most of its walk waiting (sentry-javascript: 640 ms idle). The lists are
   * sorted at the end, so the order the reads finish in does not matter.
   */
  async discover(): Promise<DiscoveredFiles> {
    const found: DiscoveredFiles = { sources: [], projectConfigs: [], generated: [] };
    // Each entry: a directory and the chain of directories whose .gitignore applies.
    let level: PendingDirectory[] = [{ dir: this.root, gitignoreDirs: [] }];
    while (level.length > 0) {
      const next: PendingDirectory[] = [];
      await Promise.all(level.map((pending) => this.readDirectory(pending, found, next)));
      level = next;
    }
    found.sources.sort();
    found.projectConfigs.sort();
    found.generated.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return found;
  }

  /** One directory of the walk: its files into `found`, its subdirectories into `next`. */
  private async readDirectory({ dir, gitignoreDirs }: PendingDirectory, found: DiscoveredFiles, next: PendingDirectory[]): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
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
      if (isDir) next.push({ dir: full, gitignoreDirs: chain });
      else if (isProjectConfigName(entry.name)) found.projectConfigs.push(full);
      else {
        const reason = this.generatedReason(rel);
        if (reason === undefined) found.sources.push(full);
        else found.generated.push({ file: full, reason });
      }
    }
  }

  /**
   * Whether the .gitignore files of `chain` (root first) ignore `full`. As
   * in git, the deepest file that has a say decides: a deeper `!gen.ts`
   * brings back what a parent's `gen.ts` ignored. (A directory one of them
   * ignores is never entered, so nothing below it comes back.)
   */
  private async ignoredByChain(chain: string[], full: string, isDir: boolean): Promise<boolean> {
    for (let i = chain.length - 1; i >= 0; i--) {
      const rules = await this.gitignoreOf(chain[i]);
      if (!rules) continue;
      const relativePath = full.slice(chain[i].length + 1);
      const verdict = rules.test(isDir ? `${relativePath}/` : relativePath);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }

  private gitignoreOf(dir: string): Ignore | null | Promise<Ignore | null> {
    const cached = this.gitignores.get(dir);
    if (cached !== undefined) return cached;
    const reading = fs.readFile(`${dir}/.gitignore`, 'utf8').then(
      (text) => ignore().add(text),
      () => null,
    );
    this.gitignores.set(dir, reading);
    // Once read, later asks get the value itself; a forgetGitignore meanwhile wins.
    void reading.then((rules) => {
      if (this.gitignores.get(dir) === reading) this.gitignores.set(dir, rules);
    });
    return reading;
  }
}

/** Convenience for one-shot callers (the CLI). */
export function discoverFiles(root: string, exclude: readonly string[] = [], options: FolderFilterOptions = {}): Promise<DiscoveredFiles> {
  return new FolderFilter(root, exclude, options).discover();
}
