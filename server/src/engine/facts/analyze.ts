/** Parse + extract in one call, for callers that hold file text (the workspace, tests). */
import type { EngineOptions, FileFacts } from '../types';
import { DEFAULT_PG_MODULES } from '../types';
import { parseFile } from '../parse';
import { hashText } from './hash';
import { emptyFacts, extractFacts } from './index';

/** Parse problems become notices, never exceptions. */
export function analyzeText(path: string, text: string, options?: Partial<EngineOptions>): FileFacts {
  const full: EngineOptions = { pgModules: options?.pgModules ?? [...DEFAULT_PG_MODULES], rules: options?.rules ?? {} };
  const textHash = hashText(typeof text === 'string' ? text : '');
  const { sourceFile, notices } = parseFile(path, text);
  if (!sourceFile) return emptyFacts(path.split('\\').join('/'), textHash, notices);
  const facts = extractFacts(sourceFile, full, textHash);
  facts.notices = [...notices, ...facts.notices];
  return facts;
}
