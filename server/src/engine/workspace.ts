/**
 * The incremental engine entry point. Callers hand in file and config texts;
 * `updateFile` parses one file into facts (once per distinct text), and
 * findings are re-derived from the joined facts of all files — a graph walk,
 * never a re-parse.
 */
import type { AnalysisStats, WorkspaceApi } from './api';
import { enabledFileRules } from './rules/fileRules';
import type { EngineOptions, FileFacts, FileNotice, Finding } from './types';
import { DEFAULT_PG_MODULES } from './types';
import { ModuleGraph } from './graph/moduleGraph';
import { commonDirectory } from './graph/pathText';
import { deriveFindings } from './rules/index';
import { analyzeText } from './analyze';

/**
 * Paths are absolute and forward-slash: the front ends convert Windows
 * separators (shared/discovery.ts toForwardSlashes), and the engine keeps
 * every other character as given — a backslash in a POSIX file name too —
 * so messages name the file the user has.
 */

/** Turns one file's text into facts (the fact extractor; injectable for tests). */
export type Analyzer = (path: string, text: string, options: EngineOptions) => FileFacts;

export interface WorkspaceInit {
  options?: Partial<EngineOptions>;
  /** Directory paths in messages are relative to (default: the longest common directory of all files). */
  displayRoot?: string;
  analyze?: Analyzer;
}

export interface WorkspaceStats extends AnalysisStats {
  /** Milliseconds the last findings derivation took. */
  deriveMs: number;
}

export class Workspace implements WorkspaceApi {
  private options: EngineOptions;
  private readonly analyze: Analyzer;
  private readonly graph = new ModuleGraph();
  private readonly texts = new Map<string, string>();
  private explicitDisplayRoot: string | undefined;
  private commonRoot: string | undefined;
  private findings: Finding[] | undefined;
  private findingsByFile = new Map<string, Finding[]>();
  private fileSignatures = new Map<string, string>();
  private readonly changed = new Set<string>();
  /** Parses since the last derivation, and the count that fed the last derivation. */
  private reparsedPending = 0;
  private reparsedLastBatch = 0;
  private lastDeriveMs = 0;

  constructor(init: WorkspaceInit = {}) {
    this.options = { pgModules: [...DEFAULT_PG_MODULES], rules: {}, ...init.options };
    this.analyze = init.analyze ?? analyzeText;
    this.explicitDisplayRoot = init.displayRoot;
  }

  get displayRoot(): string {
    if (this.explicitDisplayRoot !== undefined) return this.explicitDisplayRoot;
    // Only adding or removing files can move the common directory.
    this.commonRoot ??= commonDirectory(this.texts.keys());
    return this.commonRoot;
  }

  /** Fix the directory message paths are relative to; undefined goes back to the common directory of all files. */
  setDisplayRoot(root: string | undefined): void {
    if (root === this.explicitDisplayRoot) return;
    this.explicitDisplayRoot = root;
    this.findings = undefined;
  }

  setOptions(options: Partial<EngineOptions>): void {
    const previous = this.options;
    this.options = { ...previous, ...options };
    // Facts depend on the module lists and on which per-file rules run during the walk.
    const pgModulesChanged = JSON.stringify([previous.pgModules, previous.drivers, enabledFileRules(previous.rules ?? {}), previous.analyzeGeneratedFiles === true]) !==
      JSON.stringify([this.options.pgModules, this.options.drivers, enabledFileRules(this.options.rules ?? {}), this.options.analyzeGeneratedFiles === true]);
    if (pgModulesChanged) {
      for (const [path, text] of this.texts) this.graph.setFacts(this.safeAnalyze(path, text));
    }
    if (pgModulesChanged || JSON.stringify(previous.rules) !== JSON.stringify(this.options.rules)) this.findings = undefined;
  }

  setProjectConfig(configPath: string, text: string): void {
    this.graph.setProjectConfig(configPath, text);
    this.findings = undefined;
  }

  removeProjectConfig(configPath: string): void {
    this.graph.removeProjectConfig(configPath);
    this.findings = undefined;
  }

  updateFile(path: string, text: string): FileFacts {
    const existing = this.graph.index(path);
    if (existing && this.texts.get(path) === text) return existing.facts;
    const facts = this.safeAnalyze(path, text);
    if (!this.texts.has(path)) this.commonRoot = undefined;
    this.texts.set(path, text);
    this.graph.setFacts(facts);
    this.findings = undefined;
    return facts;
  }

  /**
   * The facts `updateFile` would compute for this text, without installing
   * them (install with `setFacts`). Never throws.
   */
  analyzeFile(path: string, text: string): FileFacts {
    return this.analyzeSafely(path, text);
  }

  /**
   * Install facts computed elsewhere (e.g. `analyzeText` in a worker thread,
   * with the same options) for `text`, exactly as `updateFile` would have.
   */
  setFacts(facts: FileFacts, text: string): void {
    const path = facts.file;
    this.reparsedPending++;
    if (!this.texts.has(path)) this.commonRoot = undefined;
    this.texts.set(path, text);
    this.graph.setFacts(facts);
    this.findings = undefined;
  }

  /** Add or update many files, then derive once. */
  analyzeAll(files: Iterable<[string, string]>): Finding[] {
    for (const [path, text] of files) this.updateFile(path, text);
    return this.getFindings();
  }

  removeFile(path: string): void {
    if (!this.texts.delete(path)) return;
    this.commonRoot = undefined;
    this.graph.removeFile(path);
    this.findings = undefined;
  }

  hasFile(path: string): boolean {
    return this.texts.has(path);
  }

  files(): string[] {
    return [...this.texts.keys()];
  }

  getFindings(): Finding[] {
    if (this.findings) return this.findings;
    const started = Date.now();
    const findings = deriveFindings(this.graph, this.options, this.displayRoot);
    this.lastDeriveMs = Date.now() - started;
    this.reparsedLastBatch = this.reparsedPending;
    this.reparsedPending = 0;
    this.findings = findings;
    this.recordChangedFiles(findings);
    return findings;
  }

  findingsForFile(path: string): Finding[] {
    this.getFindings();
    return this.findingsByFile.get(path) ?? [];
  }

  takeChangedFiles(): string[] {
    this.getFindings();
    const files = [...this.changed].sort();
    this.changed.clear();
    return files;
  }

  notices(): FileNotice[] {
    const result: FileNotice[] = [];
    for (const index of this.graph.allIndexes()) result.push(...index.facts.notices);
    return result;
  }

  resolveImport(specifier: string, importerPath: string): string | undefined {
    return this.graph.resolver.resolve(specifier, importerPath);
  }

  facts(path: string): FileFacts | undefined {
    return this.graph.index(path)?.facts;
  }

  stats(): WorkspaceStats {
    const reparsed = this.findings ? this.reparsedLastBatch : this.reparsedPending;
    return { files: this.texts.size, reparsed, deriveMs: this.lastDeriveMs };
  }

  private safeAnalyze(path: string, text: string): FileFacts {
    this.reparsedPending++;
    return this.analyzeSafely(path, text);
  }

  private analyzeSafely(path: string, text: string): FileFacts {
    try {
      const facts = this.analyze(path, text, this.options);
      // The graph is keyed by the path we were given; an analyzer must not move the file.
      return facts.file === path ? facts : { ...facts, file: path };
    } catch (error) {
      // Bad input never takes the workspace down: the file just contributes nothing.
      return unanalysedFacts(path, `pg-pool-guard could not analyse this file: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private recordChangedFiles(findings: Finding[]): void {
    const byFile = new Map<string, Finding[]>();
    for (const finding of findings) {
      const list = byFile.get(finding.file);
      if (list) list.push(finding);
      else byFile.set(finding.file, [finding]);
    }
    const signatures = new Map<string, string>();
    for (const [file, list] of byFile) signatures.set(file, JSON.stringify(list));
    for (const [file, signature] of signatures) {
      if (this.fileSignatures.get(file) !== signature) this.changed.add(file);
    }
    for (const file of this.fileSignatures.keys()) {
      if (!signatures.has(file)) this.changed.add(file);
    }
    this.fileSignatures = signatures;
    this.findingsByFile = byFile;
  }
}



/** Facts of a file the analyzer threw on: no nodes at all, just the notice. */
function unanalysedFacts(file: string, message: string): FileFacts {
  return {
    file,
    nodes: [],
    edges: [],
    exports: [],
    starExports: [],
    calls: [],
    suppressions: { file: [], lines: {} },
    notices: [{ file, message }],
  };
}
