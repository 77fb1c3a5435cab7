/**
 * The engine's public surface for the front ends (CLI, language server) and
 * tools: the incremental Workspace, the rule registry, the data model and
 * the parse helpers.
 */
export { Workspace } from './workspace';
export { contentHash } from './content-hash';
export type { Analyzer, TextReader, WorkspaceInit, WorkspaceStats } from './workspace';
export type { AnalysisStats, WorkspaceApi } from './api';
export { RULE_REGISTRY, ruleMetaById, deriveFindings, compareFindings, severityUnder } from './rules/index';
export { RULE_DEFINITIONS, isRuleId } from './rules/registry';
export type { RuleMeta } from './rules/index';
export { analyzeText } from './analyze';
export { parseFile, scriptKindFor, looksBinary, MAX_PARSE_CHARS } from './parse';
export type { ParseResult } from './parse';
export { ModuleGraph } from './graph/moduleGraph';
export { ModuleResolver } from './graph/resolve';
export { formatPath, displayPath, commonDirectory } from './graph/pathText';
export * from './types';
