/**
 * The incremental engine entry point. Callers hand in file and config texts;
 * `updateFile` parses one file into facts (once per distinct text), and
 * findings are re-derived from the joined facts of all files — a graph walk,
 * never a re-parse.
 *
 * The Workspace keeps facts and a content hash per file, not the texts: a
 * host that hands in `readText` is asked for a text again when the facts
 * must be recomputed (pgModules changed). Without a reader the texts are
 * kept, for embedders and tests that have nothing to re-read from.
 */
import type { AnalysisStats, WorkspaceApi } from './api';
import type { EngineOptions, FileFacts, FileNotice, Finding } from './types';
import { DEFAULT_PG_MODULES } from './types';
import { ModuleGraph } from './graph/moduleGraph';
import { commonDirectory } from './graph/pathText';
import { deriveFindings } from './rules/index';
import { analyzeText } from './parse';
import { contentHash } from './content-hash';

/** Turns one file's text into facts (the fact extractor; injectable for tests). */
export type Analyzer = (path: string, text: string, options: EngineOptions) => FileFacts;

/** The current text of a workspace file (an open editor's, else the disk's); undefined when it cannot be read. */
export type TextReader = (path: string) => string | undefined;

export interface WorkspaceInit {
  options?: Partial<EngineOptions>;
  /** Directory paths in messages are relative to (default: the longest common directory of all files). */
  displayRoot?: string;
  analyze?: Analyzer;
  /** Re-reads a file when its facts must be recomputed; with it the Workspace keeps no texts. */
  readText?: TextReader;
  /** Content hash of a text (default: `contentHash`); hosts may hand in a faster native one. Must match what they pass to `setFacts`. */
  hashText?: (text: string) => string;
}

export interface WorkspaceStats extends AnalysisStats {
  /** Milliseconds the last findings derivation took. */
  deriveMs: number;
}

export class Workspace implements WorkspaceApi {
  private options: EngineOptions;
  private readonly analyze: Analyzer;
  private readonly graph = new ModuleGraph();
  private readonly readText: TextReader | undefined;
  private readonly hashText: (text: string) => string;
  /** Content hash of the text each file's facts came from. */
  private readonly hashes = new Map<string, string>();
  /** Only without a reader: the texts, to recompute facts from. */
  private readonly keptTexts: Map<string, string> | undefined;
  /** Files whose facts came from other options (pgModules): recomputed before findings are derived. */
  private readonly stale = new Set<string>();
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
    this.readText = init.readText;
    this.hashText = init.hashText ?? contentHash;
    this.keptTexts = init.readText ? undefined : new Map();
  }

  get displayRoot(): string {
    if (this.explicitDisplayRoot !== undefined) return this.explicitDisplayRoot;
    // Only adding or removing files can move the common directory.
    this.commonRoot ??= commonDirectory(this.hashes.keys());
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
    const pgModulesChanged = JSON.stringify(previous.pgModules) !== JSON.stringify(this.options.pgModules);
    // Recomputed lazily: a host with a worker refreshes `staleFiles()` itself, before asking for findings.
    if (pgModulesChanged) for (const path of this.hashes.keys()) this.stale.add(path);
    if (pgModulesChanged || JSON.stringify(previous.rules) !== JSON.stringify(this.options.rules)) this.findings = undefined;
  }

  /** Files whose facts must be recomputed (from `setOptions`); `getFindings` does it through the reader when the host has not. */
  staleFiles(): string[] {
    return [...this.stale];
  }

  setProjectConfig(configPath: string, text: string): void {
    this.graph.setProjectConfig(forwardSlashes(configPath), text);
    this.findings = undefined;
  }

  removeProjectConfig(configPath: string): void {
    this.graph.removeProjectConfig(forwardSlashes(configPath));
    this.findings = undefined;
  }

  updateFile(rawPath: string, text: string): FileFacts {
    const path = forwardSlashes(rawPath);
    const existing = this.graph.index(path);
    const hash = this.hashText(text);
    if (existing && !this.stale.has(path) && this.hashes.get(path) === hash) return existing.facts;
    const facts = this.safeAnalyze(path, text);
    this.install(path, facts, hash, text);
    return facts;
  }

  /**
   * The facts `updateFile` would compute for this text, without installing
   * them (install with `setFacts`). Never throws.
   */
  analyzeFile(rawPath: string, text: string): FileFacts {
    return this.analyzeSafely(forwardSlashes(rawPath), text);
  }

  /**
   * Install facts computed elsewhere (e.g. `analyzeText` in a worker thread,
   * with the same options, or a facts cache) for the text whose
   * `contentHash` is given, exactly as `updateFile` would have. Without a
   * reader, `text` must be given too (it is what the facts are recomputed from).
   */
  setFacts(facts: FileFacts, hash: string, text?: string): void {
    const path = forwardSlashes(facts.file);
    this.reparsedPending++;
    this.install(path, facts.file === path ? facts : { ...facts, file: path }, hash, text);
  }

  /** The content hash of the text the file's facts came from. */
  hashOf(path: string): string | undefined {
    return this.hashes.get(forwardSlashes(path));
  }

  upToDate(rawPath: string, hash: string): boolean {
    const path = forwardSlashes(rawPath);
    return this.hashes.get(path) === hash && !this.stale.has(path);
  }

  private install(path: string, facts: FileFacts, hash: string, text: string | undefined): void {
    if (!this.hashes.has(path)) this.commonRoot = undefined;
    this.hashes.set(path, hash);
    if (this.keptTexts && text !== undefined) this.keptTexts.set(path, text);
    this.stale.delete(path);
    this.graph.setFacts(facts);
    this.findings = undefined;
  }

  /** Add or update many files, then derive once. */
  analyzeAll(files: Iterable<[string, string]>): Finding[] {
    for (const [path, text] of files) this.updateFile(path, text);
    return this.getFindings();
  }

  removeFile(rawPath: string): void {
    const path = forwardSlashes(rawPath);
    if (!this.hashes.delete(path)) return;
    this.keptTexts?.delete(path);
    this.stale.delete(path);
    this.commonRoot = undefined;
    this.graph.removeFile(path);
    this.findings = undefined;
  }

  hasFile(path: string): boolean {
    return this.hashes.has(forwardSlashes(path));
  }

  files(): string[] {
    return [...this.hashes.keys()];
  }

  getFindings(): Finding[] {
    if (this.stale.size > 0) this.refreshStale();
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
    return this.findingsByFile.get(forwardSlashes(path)) ?? [];
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
    return this.graph.resolver.resolve(specifier, forwardSlashes(importerPath));
  }

  facts(path: string): FileFacts | undefined {
    return this.graph.index(forwardSlashes(path))?.facts;
  }

  stats(): WorkspaceStats {
    const reparsed = this.findings ? this.reparsedLastBatch : this.reparsedPending;
    return { files: this.hashes.size, reparsed, deriveMs: this.lastDeriveMs };
  }

  /** Recompute stale facts from the texts (re-read, or kept without a reader); a file that cannot be read any more contributes a notice. */
  private refreshStale(): void {
    for (const path of [...this.stale]) {
      const text = this.readText ? this.readText(path) : this.keptTexts?.get(path);
      if (text === undefined) {
        this.install(path, unanalysedFacts(path, 'file could not be read again after the settings changed; not analysed'), '', undefined);
        continue;
      }
      this.install(path, this.safeAnalyze(path, text), this.hashText(text), text);
    }
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


/** Paths are absolute and forward-slash everywhere in the engine. */
function forwardSlashes(path: string): string {
  return path.includes('\\') ? path.split('\\').join('/') : path;
}

/** Facts of a file the analyzer threw on: no nodes at all, just the notice. */
export function unanalysedFacts(file: string, message: string): FileFacts {
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
