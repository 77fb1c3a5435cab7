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
/** Why a path (relative to the workspace folder, `/`-separated) is vendored or minified, if it is. */
export function vendoredPathReason(relativePath: string): string | undefined {
  const segments = relativePath.split('/');
  const dir = segments.slice(0, -1).find((s) => VENDORED_DIRS.includes(s));
  if (dir !== undefined) return `in a ${dir}/ folder`;
  const name = (segments[segments.length - 1] ?? '').toLowerCase();
  const suffix = MINIFIED_SUFFIXES.find((s) => name.endsWith(s));
  return suffix === undefined ? undefined : `a *${suffix} file`;
}

/** The notice for a skipped file. */
export function generatedNotice(reason: string): string {
  return `generated or vendored file skipped (${reason}); set analyzeGeneratedFiles to analyse it`;
}
