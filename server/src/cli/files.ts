/**
 * Turns the paths on the command line into the files to analyse, using the
 * discovery shared with the language server (extensions, always-skipped
 * directories, .gitignore, `exclude` globs). Ignore rules and `exclude` are
 * anchored at the current directory, like a workspace folder in the editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FolderFilter, isSourceFileName, toForwardSlashes } from '../shared/discovery';
import { UsageError } from './errors';

export interface CollectedFiles {
  /** Absolute, forward-slash source paths, sorted and unique. */
  sources: string[];
  /** Absolute, forward-slash tsconfig/jsconfig paths found in the scanned trees. */
  projectConfigs: string[];
  /** Explicit arguments that were skipped, as messages for stderr. */
  skipped: string[];
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export async function collectFiles(args: readonly string[], cwd: string, exclude: readonly string[]): Promise<CollectedFiles> {
  const sources = new Set<string>();
  const projectConfigs = new Set<string>();
  const skipped: string[] = [];
  const cwdFilter = new FolderFilter(cwd, exclude);
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${arg}`);
    }
    // Paths outside the current directory get their own root for ignore rules.
    const filter = isInside(cwd, absolute) ? cwdFilter : new FolderFilter(stat.isDirectory() ? absolute : path.dirname(absolute), exclude);
    if (stat.isDirectory()) {
      const dir = toForwardSlashes(absolute);
      if (filter.root === dir) {
        const found = await filter.discover();
        found.sources.forEach((f) => sources.add(f));
        found.projectConfigs.forEach((f) => projectConfigs.add(f));
      } else {
        // A subdirectory of cwd: walk it, then apply the cwd-anchored rules to what it holds.
        const found = await new FolderFilter(dir, []).discover();
        for (const f of found.sources) if (await filter.includes(f)) sources.add(f);
        for (const f of found.projectConfigs) if (await filter.includes(f)) projectConfigs.add(f);
      }
    } else if (!isSourceFileName(absolute)) {
      skipped.push(`${arg}: not a JavaScript/TypeScript source file, skipped`);
    } else if (!(await filter.includes(absolute))) {
      skipped.push(`${arg}: ignored by .gitignore, "exclude" or a skipped directory, skipped`);
    } else {
      sources.add(toForwardSlashes(absolute));
    }
  }
  return { sources: [...sources].sort(), projectConfigs: [...projectConfigs].sort(), skipped };
}
