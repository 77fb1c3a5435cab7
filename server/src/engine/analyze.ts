/**
 * Parse + extract in one call, for callers that hold file text (the
 * workspace, the scan worker, tests). Lives above parse.ts and facts/ so
 * neither imports the other's caller.
 */
import type { EngineOptions, FileFacts } from './types';
import { DEFAULT_PG_MODULES } from './types';
import { parseFile } from './parse';
import { emptyFacts, extractFacts } from './facts/index';

/** Parse problems become notices, never exceptions. */
export function analyzeText(path: string, text: string, options?: Partial<EngineOptions>): FileFacts {
  const full: EngineOptions = { pgModules: options?.pgModules ?? [...DEFAULT_PG_MODULES], rules: options?.rules ?? {} };
  const { sourceFile, notices } = parseFile(path, text);
  if (!sourceFile) return emptyFacts(path, notices);
  const facts = extractFacts(sourceFile, full, undefined, path);
  facts.notices = [...notices, ...facts.notices];
  return facts;
}
