/**
 * Parse + extract in one call, for callers that hold file text (the
 * workspace, the scan worker, tests). Lives above parse.ts and facts/ so
 * neither imports the other's caller.
 */
import type { EngineOptions, FileFacts } from './types';
import { DEFAULT_PG_MODULES } from './types';
import { looksBinary, MAX_PARSE_CHARS, parseFile } from './parse';
import { emptyFacts, extractFacts } from './facts/index';
import { generatedTextReason } from './generated';
import { generatedNotice } from './generated-paths';

/** Parse problems become notices, never exceptions. */
export function analyzeText(path: string, text: string, options?: Partial<EngineOptions>): FileFacts {
  const full: EngineOptions = { pgModules: options?.pgModules ?? [...DEFAULT_PG_MODULES], rules: options?.rules ?? {} };
  if (options?.drivers) full.drivers = options.drivers;
  // Too large or binary: parseFile's own notice says so, which is the more telling reason.
  if (!options?.analyzeGeneratedFiles && typeof text === 'string' && text.length <= MAX_PARSE_CHARS && !looksBinary(text)) {
    const reason = generatedTextReason(text);
    if (reason) {
      const file = path.split('\\').join('/');
      return emptyFacts(file, [{ file, message: generatedNotice(reason), kind: 'generated' }]);
    }
  }
  const { sourceFile, notices } = parseFile(path, text);
  if (!sourceFile) return emptyFacts(path, notices);
  const facts = extractFacts(sourceFile, full, undefined, path);
  facts.notices = [...notices, ...facts.notices];
  return facts;
}
