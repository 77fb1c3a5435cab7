/**
 * Workspace packages of npm/yarn/bun (`workspaces` in the root package.json,
 * an array or `{ packages }`) and pnpm (`packages` in pnpm-workspace.yaml):
 * which package.json handed in belongs to a workspace, under which name.
 * The globs are matched against the directories of the package.json files
 * the engine was handed (never a directory walk: the engine does no I/O), so
 * a package the front end did not discover (under node_modules, ignored) is
 * not a workspace package. resolve.ts presents each one to TypeScript as
 * `<root>/node_modules/<name>`.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { load as loadYaml } from 'js-yaml';

const posix = path.posix;

export const PACKAGE_MANIFEST = 'package.json';
export const PNPM_WORKSPACE = 'pnpm-workspace.yaml';

export interface WorkspacePackage {
  name: string;
  /** Absolute directory of the package (its package.json's). */
  dir: string;
  /** Top directories its package.json points into (`main: 'build/index.js'` → `build`): where its built files would be. */
  outputDirs: string[];
}

/** A workspace root: the directory whose package.json or pnpm-workspace.yaml lists the packages. */
export interface WorkspaceRoot {
  dir: string;
  /** Package name → package, for the packages its globs match. */
  packages: Map<string, WorkspacePackage>;
}

/** `name` of a package.json text, if it parses and has one. */
export function packageName(text: string): string | undefined {
  const json = parseJsonObject(text);
  return typeof json?.name === 'string' && json.name.length > 0 ? json.name : undefined;
}

/**
 * The top directories a package.json's entry points name (`main`, `module`,
 * `types`, `typings`, every string of `exports`): `./build/index.js` → `build`.
 * A target at the package root, in `src/`, or with a `*` in its first segment names none.
 */
export function packageOutputDirs(text: string): string[] {
  const json = parseJsonObject(text);
  if (!json) return [];
  const dirs = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const segments = value.replace(/^\.\//, '').split('/');
      const first = segments[0];
      if (segments.length > 1 && first !== '' && first !== '.' && first !== '..' && first !== 'src' && !first.includes('*')) dirs.add(first);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const field of ['main', 'module', 'types', 'typings', 'exports']) visit(json[field]);
  return [...dirs];
}

/** Whether a package.json text has an `imports` map (`#db`). */
export function declaresImports(text: string): boolean {
  const imports = parseJsonObject(text)?.imports;
  return imports !== null && typeof imports === 'object';
}

/** The workspace globs of a root package.json text (`workspaces: [...]` or `workspaces: { packages: [...] }`). */
export function manifestWorkspaceGlobs(text: string): string[] | undefined {
  const workspaces = parseJsonObject(text)?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces
    : workspaces && typeof workspaces === 'object' ? (workspaces as Record<string, unknown>).packages : undefined;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : undefined;
}

/** The `packages` globs of a pnpm-workspace.yaml text; malformed YAML gives none. */
export function pnpmWorkspaceGlobs(text: string): string[] | undefined {
  let doc: unknown;
  try {
    doc = loadYaml(text, { json: true });
  } catch {
    return undefined;
  }
  const list = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).packages : undefined;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : undefined;
}

/**
 * The workspace roots, from the manifests handed in (path → text). A root's
 * own package is not one of its packages (TypeScript resolves a package's own
 * name through its `exports` by itself).
 */
export function workspaceRoots(manifests: ReadonlyMap<string, string>, pnpmWorkspaces: ReadonlyMap<string, string>): WorkspaceRoot[] {
  const globsByRoot = new Map<string, string[]>();
  for (const [file, text] of pnpmWorkspaces) {
    const globs = pnpmWorkspaceGlobs(text);
    if (globs) globsByRoot.set(posix.dirname(file), globs);
  }
  for (const [file, text] of manifests) {
    const dir = posix.dirname(file);
    if (globsByRoot.has(dir)) continue; // pnpm ignores package.json workspaces beside a pnpm-workspace.yaml
    const globs = manifestWorkspaceGlobs(text);
    if (globs) globsByRoot.set(dir, globs);
  }
  const roots: WorkspaceRoot[] = [];
  for (const [dir, globs] of globsByRoot) {
    const matches = compileGlobs(globs);
    if (!matches) continue;
    const packages = new Map<string, WorkspacePackage>();
    for (const [file, text] of manifests) {
      const packageDir = posix.dirname(file);
      if (packageDir === dir || !packageDir.startsWith(dir + '/') || packageDir.includes('/node_modules/')) continue;
      if (!matches(packageDir.slice(dir.length + 1))) continue;
      const name = packageName(text);
      // Two packages with one name: the first (sorted) wins, as a package manager would refuse the second.
      if (name && !packages.has(name)) packages.set(name, { name, dir: packageDir, outputDirs: packageOutputDirs(text) });
    }
    if (packages.size > 0) roots.push({ dir, packages });
  }
  return roots;
}

/** One matcher for a list of workspace globs, `!negations` included; undefined when nothing positive is listed. */
function compileGlobs(globs: readonly string[]): ((relativeDir: string) => boolean) | undefined {
  const tidy = (glob: string) => glob.replace(/^\.\//, '').replace(/\/+$/, '');
  const positive = globs.filter((g) => !g.startsWith('!')).map(tidy).filter((g) => g.length > 0);
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => tidy(g.slice(1))).filter((g) => g.length > 0);
  if (positive.length === 0) return undefined;
  return picomatch(positive, { dot: false, ignore: negative.length > 0 ? negative : undefined });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
