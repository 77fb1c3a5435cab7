/**
 * Vendored and minified files by their path (relative to the workspace
 * folder): file discovery leaves them out unless the analyzeGeneratedFiles
 * setting is on. No TypeScript import here: discovery runs before the engine loads.
 * Their text is judged by generated.ts.
 */

/** Folder names of vendored third-party code. */
export const VENDORED_DIRS: readonly string[] = ['vendor', 'vendors', 'bower_components', 'third_party'];
/** File name endings of minified code. */
export const MINIFIED_SUFFIXES: readonly string[] = ['.min.js', '.min.mjs', '.min.cjs'];
/** `/vendor/` and the like: a folder name with the separators around it. */
const VENDORED_DIR_NEEDLES = VENDORED_DIRS.map((dir) => `/${dir}/`);

/**
 * Why a path (relative to the workspace folder, `/`-separated) is vendored or minified, if it is:
 * the folder that comes first in the path, else the file name's minified ending. Searched without
 * splitting the path, since discovery asks it of every file of the workspace.
 */
export function vendoredPathReason(relativePath: string): string | undefined {
  const path = `/${relativePath}`;
  let first = -1;
  let dir: string | undefined;
  for (let i = 0; i < VENDORED_DIR_NEEDLES.length; i++) {
    const at = path.indexOf(VENDORED_DIR_NEEDLES[i]);
    if (at !== -1 && (first === -1 || at < first)) {
      first = at;
      dir = VENDORED_DIRS[i];
    }
  }
  if (dir !== undefined) return `in a ${dir}/ folder`;
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const suffix = MINIFIED_SUFFIXES.find((s) => name.endsWith(s));
  return suffix === undefined ? undefined : `a *${suffix} file`;
}

/** The notice for a skipped file. */
export function generatedNotice(reason: string): string {
  return `generated or vendored file skipped (${reason}); set analyzeGeneratedFiles to analyse it`;
}
