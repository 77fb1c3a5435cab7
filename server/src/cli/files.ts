/**
 * Turns the paths on the command line into the files to analyse, using the
 * discovery shared with the language server (extensions, always-skipped
 * directories, .gitignore, `exclude` globs). Ignore rules and `exclude` are
 * anchored at the current directory, like a workspace folder in the editor.
 * A directory named explicitly is scanned even when it is itself ignored
 * (e.g. a generated workspace under a gitignored folder); then the ignore
 * files inside it still apply.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { FolderFilter, isSourceFileName, toForwardSlashes, type DiscoveredFiles, type FolderFilterOptions } from '../shared/discovery';
import { UsageError } from './errors';

export interface CollectedFiles {
  /** Absolute, forward-slash source paths, sorted and unique. */
  sources: string[];
  /** Absolute, forward-slash tsconfig/jsconfig paths found in the scanned trees. */
  projectConfigs: string[];
  /** Explicit arguments that were skipped, as messages for stderr. */
  skipped: string[];
  /** Vendored or minified files of the scanned directories left out, with the reason. */
  generated: DiscoveredFiles['generated'];
}

function relativeInside(parent: string, child: string): string | undefined {
  const rel = path.relative(parent, child);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return toForwardSlashes(rel);
}

/** Whether a directory below `root` is itself ignored by root-anchored rules. */
function isIgnoredDirectory(root: string, relativeDir: string, exclude: readonly string[]): boolean {
  if (exclude.length > 0 && picomatch([...exclude], { dot: true })(relativeDir)) return true;
  const segments = relativeDir.split('/');
  for (let i = 0; i < segments.length; i++) {
    const ancestor = path.join(root, ...segments.slice(0, i));
    let text: string;
    try {
      text = fs.readFileSync(path.join(ancestor, '.gitignore'), 'utf8');
    } catch {
      continue;
    }
    if (ignore().add(text).ignores(`${segments.slice(i).join('/')}/`)) return true;
  }
  return false;
}

async function addDirectory(dir: string, cwd: string, cwdFilter: FolderFilter, exclude: readonly string[], out: CollectedFiles,
  options: FolderFilterOptions): Promise<void> {
  const rel = relativeInside(cwd, dir);
  if (rel === '') {
    const found = await cwdFilter.discover();
    out.sources.push(...found.sources);
    out.projectConfigs.push(...found.projectConfigs);
    out.generated.push(...found.generated);
  } else if (rel !== undefined && !isIgnoredDirectory(cwd, rel, exclude)) {
    // A subdirectory of cwd: walk it, then apply the cwd-anchored rules to what it holds.
    const found = await new FolderFilter(dir, [], options).discover();
    for (const f of found.sources) {
      if (await cwdFilter.includes(f)) out.sources.push(f);
      else {
        const reason = cwdFilter.generatedReason(relativeInside(cwd, f) ?? '');
        if (reason !== undefined) out.generated.push({ file: f, reason });
      }
    }
    for (const f of found.projectConfigs) if (await cwdFilter.includes(f)) out.projectConfigs.push(f);
    out.generated.push(...found.generated);
  } else {
    // Outside cwd, or named explicitly although ignored: the directory is its own root.
    const found = await new FolderFilter(dir, rel === undefined ? exclude : [], options).discover();
    out.sources.push(...found.sources);
    out.projectConfigs.push(...found.projectConfigs);
    out.generated.push(...found.generated);
  }
}

export async function collectFiles(args: readonly string[], cwd: string, exclude: readonly string[],
  options: FolderFilterOptions = {}): Promise<CollectedFiles> {
  const out: CollectedFiles = { sources: [], projectConfigs: [], skipped: [], generated: [] };
  const cwdFilter = new FolderFilter(cwd, exclude, options);
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${arg}`);
    }
    if (stat.isDirectory()) {
      await addDirectory(toForwardSlashes(absolute), cwd, cwdFilter, exclude, out, options);
      continue;
    }
    // A file named on the command line is analysed even when it is vendored or minified: the user asked for it.
    const filter = relativeInside(cwd, absolute) !== undefined ? new FolderFilter(cwd, exclude, { analyzeGeneratedFiles: true })
      : new FolderFilter(path.dirname(absolute), exclude, { analyzeGeneratedFiles: true });
    if (!isSourceFileName(absolute)) {
      out.skipped.push(`${arg}: not a JavaScript/TypeScript source file, skipped`);
    } else if (!(await filter.includes(absolute))) {
      out.skipped.push(`${arg}: ignored by .gitignore, "exclude" or a skipped directory, skipped`);
    } else {
      out.sources.push(toForwardSlashes(absolute));
    }
  }
  const unique = (list: string[]) => [...new Set(list)].sort();
  const sources = unique(out.sources);
  const kept = new Set(sources);
  const generated = [...new Map(out.generated.filter((g) => !kept.has(g.file)).map((g) => [g.file, g])).values()]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { sources, projectConfigs: unique(out.projectConfigs), skipped: out.skipped, generated };
}
