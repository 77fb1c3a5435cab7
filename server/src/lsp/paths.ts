/**
 * Conversions between LSP document URIs and the engine's absolute,
 * forward-slash paths. Only `file:` URIs are analysed.
 */
import { URI } from 'vscode-uri';
import { toForwardSlashes } from '../shared/discovery';

export function uriToPath(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri.length === 0) return undefined;
  try {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    return toForwardSlashes(parsed.fsPath);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}
