/**
 * Why a rewrite is refused: one problem per place, with its file and line, so
 * front ends can say where without repeating the path (`line 4: …` for the
 * client's own file, `routes/a.js:12: …` for another).
 */
import * as path from 'path';

export interface RewriteProblem {
  /** Absolute, forward-slash path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, when known. */
  column?: number;
  message: string;
}

/**
 * One line per problem. Problems in `ownFile` say `line N:`; others name their
 * file relative to `displayRoot` (or just its path when no root is given).
 */
export function formatProblems(problems: readonly RewriteProblem[], ownFile: string, displayRoot?: string): string {
  return problems.map((p) => `${where(p, ownFile, displayRoot)}: ${p.message}`).join('\n');
}

function where(problem: RewriteProblem, ownFile: string, displayRoot: string | undefined): string {
  const column = problem.column !== undefined ? `:${problem.column}` : '';
  if (problem.file === ownFile) return `line ${problem.line}${column}`;
  const shown = displayRoot ? path.posix.relative(displayRoot, problem.file) || problem.file : problem.file;
  return `${shown}:${problem.line}${column}`;
}

/** The longest directory shared by all paths (used when the caller gives no display root). */
export function commonDirectory(paths: readonly string[]): string | undefined {
  if (paths.length === 0) return undefined;
  let common = path.posix.dirname(paths[0]).split('/');
  for (const p of paths.slice(1)) {
    const parts = path.posix.dirname(p).split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/') || '/';
}
