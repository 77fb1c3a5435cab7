/**
 * The in-memory file system TypeScript's module resolution runs over: the
 * workspace files and the config/package.json texts the engine was handed,
 * nothing else (no I/O). Two kinds of virtual path on top:
 * - `<root>/node_modules/<name>/…` of a workspace package is its directory
 *   (what npm/yarn/pnpm link there), so TypeScript's own node_modules lookup
 *   reads its package.json `exports`/`main`/`types`; `realpath` maps back.
 * - A built output that is not in the workspace maps to its source:
 *   `<outDir>/x.js` (after TypeScript's own `.js` → `.ts` substitution,
 *   `<outDir>/x.ts`) is `<rootDir>/x.ts` when that file exists. `outDir` and
 *   `rootDir` come from the config of the package (rootDir unset: `src`, then
 *   the config's directory); a workspace package with no outDir maps `dist/`
 *   and the top directories its package.json's entry points name (`build/`)
 *   to `src/`. Only files that exist are ever answered, so the mapping never
 *   invents a module.
 */
import * as path from 'path';
import type { WorkspaceRoot } from './workspacePackages';

const posix = path.posix;

/** Where built files of one directory tree come from. */
export interface OutputMapping {
  outDir: string;
  /** Source directories tried in order. */
  sourceDirs: string[];
}

export interface HostTables {
  /** Workspace source files. */
  files: ReadonlySet<string>;
  /** Config and package.json texts by path. */
  texts: ReadonlyMap<string, string>;
  /** Every directory holding a file or a text, ancestors included. */
  directories: ReadonlySet<string>;
  roots: readonly WorkspaceRoot[];
  outputs: readonly OutputMapping[];
}

export class ResolutionHost {
  readonly useCaseSensitiveFileNames = true;
  /** Last path segments of the outDirs: a cheap test before looking for a mapping. */
  private readonly outDirNames: string[];

  constructor(private readonly tables: HostTables) {
    this.outDirNames = [...new Set(tables.outputs.map((o) => '/' + posix.basename(o.outDir) + '/'))];
  }

  fileExists = (file: string): boolean => this.existingFile(file) !== undefined;

  readFile = (file: string): string | undefined => this.tables.texts.get(this.throughPackages(fromTypeScriptPath(file)));

  directoryExists = (dir: string): boolean => {
    // TypeScript asks with a trailing slash for `..` and `./lib/`; the tables hold directories without one.
    const bare = dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
    const real = this.throughPackages(fromTypeScriptPath(bare));
    if (real === VIRTUAL_DIRECTORY) return true;
    return this.tables.directories.has(real) || this.throughOutputs(real, (d) => this.tables.directories.has(d)) !== undefined;
  };

  realpath = (file: string): string => toTypeScriptPath(this.existingFile(file) ?? this.throughPackages(fromTypeScriptPath(file)));

  getCurrentDirectory = (): string => '/';

  /**
   * The workspace file (or handed-in text) a path TypeScript gives names, through both mappings; `.d.ts` files
   * are never files here.
   */
  existingFile(typeScriptPath: string): string | undefined {
    const real = this.throughPackages(fromTypeScriptPath(typeScriptPath));
    if (this.tables.texts.has(real)) return real;
    if (isDeclarationFile(real)) return undefined;
    if (this.tables.files.has(real)) return real;
    return this.throughOutputs(real, (f) => this.tables.files.has(f));
  }

  /** `<root>/node_modules/<workspace package>/rest` → `<package dir>/rest`; the scope and node_modules directories themselves are virtual. */
  private throughPackages(file: string): string {
    const marker = file.indexOf('/node_modules/');
    if (marker < 0 && !file.endsWith('/node_modules')) return file;
    for (const root of this.tables.roots) {
      const base = root.dir === '/' ? '/node_modules' : root.dir + '/node_modules';
      if (file === base) return VIRTUAL_DIRECTORY;
      if (!file.startsWith(base + '/')) continue;
      const rest = file.slice(base.length + 1);
      const parts = rest.split('/');
      const nameLength = parts[0].startsWith('@') ? 2 : 1;
      if (parts.length < nameLength) continue;
      const name = parts.slice(0, nameLength).join('/');
      const pkg = root.packages.get(name);
      if (pkg) return parts.length === nameLength ? pkg.dir : pkg.dir + '/' + parts.slice(nameLength).join('/');
      if (nameLength === 2 && parts.length === 1 && [...root.packages.keys()].some((n) => n.startsWith(parts[0] + '/'))) return VIRTUAL_DIRECTORY;
    }
    return file;
  }

  /** Whether the path may lie in a built output directory (then only TypeScript's lookup through the mapping can tell). */
  mayBeBuiltOutput(file: string): boolean {
    return this.outDirNames.some((name) => file.includes(name) || file.endsWith(name.slice(0, -1)));
  }

  /** The first source path a built path maps to that `exists`. */
  private throughOutputs(file: string, exists: (candidate: string) => boolean): string | undefined {
    if (!this.mayBeBuiltOutput(file)) return undefined;
    for (const output of this.tables.outputs) {
      if (file !== output.outDir && !file.startsWith(output.outDir + '/')) continue;
      const rest = file.slice(output.outDir.length);
      for (const sourceDir of output.sourceDirs) {
        const candidate = sourceDir + rest;
        if (exists(candidate)) return candidate;
      }
    }
    return undefined;
  }
}

/**
 * TypeScript reads every `\\` in a path as a separator; on POSIX it is part of
 * a file name (workspace.ts). Such paths go to TypeScript with this
 * private-use character in its place, and come back.
 */
const BACKSLASH_STAND_IN = '\uE000';

export function toTypeScriptPath(file: string): string {
  return file.includes('\\') ? file.split('\\').join(BACKSLASH_STAND_IN) : file;
}

function fromTypeScriptPath(file: string): string {
  return file.includes(BACKSLASH_STAND_IN) ? file.split(BACKSLASH_STAND_IN).join('\\') : file;
}

/** Stands for a directory that exists only as a link target's parent (node_modules, @scope). */
const VIRTUAL_DIRECTORY = '\0virtual-directory';

function isDeclarationFile(file: string): boolean {
  return file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts');
}
