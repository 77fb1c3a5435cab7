/**
 * The incremental engine entry point. Callers hand in file and config texts;
 * findings are re-derived from the joined facts of all analysed files — a
 * graph walk, never a re-parse.
 *
 * Only files that can take part in a finding are parsed (selection/): every
 * file gets a summary from a text scan, and the selection decides from the
 * summaries (and the facts of the files it already chose) which files need
 * facts. A file is parsed once per distinct text.
 *
 * The Workspace keeps facts, summaries and a content hash per file, not the
 * texts: a host that hands in `readText` is asked for a text again when
 * facts must be computed later (a file became relevant, pgModules changed).
 * Without a reader the texts are kept, for embedders and tests that have
 * nothing to re-read from. A host that computes facts elsewhere (a worker,
 * a cache) asks `filesNeedingFacts()` and installs them with `setFacts`.
 */
import type { AnalysisStats, WorkspaceApi } from './api';
import type { ResolutionSnapshot } from './graph/resolve';
import { enabledFileRules } from './rules/fileRuleIds';
import { compileDrivers, type CompiledDrivers } from './facts/compiledDrivers';
import type { DriverExport, EngineOptions, FileFacts, FileNotice, Finding } from './types';
import { DEFAULT_PG_MODULES } from './types';
import { ModuleGraph, type PreparedIndex } from './graph/moduleGraph';
import { commonDirectory } from './graph/pathText';
import { contentHash } from './content-hash';
import { ImportIndex } from './selection/import-index';
import { mayReachExports } from './selection/member-use';
import { isNamedValueToken, selectFiles, type LinkFacts, type Liveness } from './selection/select';
import { summarize, type FileSummary } from './selection/summary';
import { StringTable } from './string-table';
import { driverReexportsOf, reexportsKey } from './graph/driverReexports';
import { positionMap, type PositionMap } from './rules/remap';
import type { DerivedReport, MovedFacts } from './rules/index';

/**
 * Paths are absolute and forward-slash: the front ends convert Windows
 * separators (shared/discovery.ts toForwardSlashes), and the engine keeps
 * every other character as given — a backslash in a POSIX file name too —
 * so messages name the file the user has.
 */

/** Turns one file's text into facts (the fact extractor; injectable for tests). */
export type Analyzer = (path: string, text: string, options: EngineOptions) => FileFacts;

/** The current text of a workspace file (an open editor's, else the disk's); undefined when it cannot be read. */
export type TextReader = (path: string) => string | undefined;

export interface WorkspaceInit {
  options?: Partial<EngineOptions>;
  /** Directory paths in messages are relative to (default: the longest common directory of all files). */
  displayRoot?: string;
  analyze?: Analyzer;
  /** Re-reads a file when its facts must be computed later; with it the Workspace keeps no texts. */
  readText?: TextReader;
  /** Content hash of a text (default: `contentHash`); hosts may hand in a faster native one. Must match what they pass to `setFacts`. */
  hashText?: (text: string) => string;
  /** false: parse every file (the selection's reference, in tests). Default true. */
  selectFiles?: boolean;
}

export interface WorkspaceStats extends AnalysisStats {
  /** Milliseconds the last findings derivation took. */
  deriveMs: number;
  /** Files the selection chose (all files without selection). */
  selected: number;
  /** New facts that only moved positions, whose findings were moved instead of derived (`installMoved`), since the start. */
  moved: number;
}

/**
 * The fact extractor and the rules come with TypeScript (the parser, the
 * release-flow walk): they are required on first use, so a workspace where no
 * file names a driver module is done after its text scan without loading the
 * compiler (a third of such a scan's time). test/cli/lazy-typescript.test.ts.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
// Kept once loaded: the bundle's `require` of an ES module copies its exports into a new object on every call.
let analyzeModule: typeof import('./analyze') | undefined;
const analyzeTextOnDemand: Analyzer = (path, text, options) => (analyzeModule ??= require('./analyze') as typeof import('./analyze')).analyzeText(path, text, options);
const rulesOnDemand = () => require('./rules/index') as typeof import('./rules/index');
/* eslint-enable @typescript-eslint/no-require-imports */

/** A summary that selects its file whatever it holds: for facts installed without one. */
/** What an install still has to intern: everything, only the small lists (paced install), or nothing (strings from JSON.parse retain no file text). */
type Interning = 'all' | 'lists-done' | 'from-json';

const UNKNOWN_SUMMARY: FileSummary = { strings: [], modules: [], links: ['di'], notices: [] };

/** A `findingsIfMoved` answer and what it was computed from. */
interface MovedPreview {
  facts: FileFacts;
  summary: FileSummary;
  derived: DerivedReport;
  /** The file's installed facts and summary it was compared with. */
  installed: FileFacts;
  previousSummary: FileSummary;
  moved: PositionMap;
  report: DerivedReport;
}

/** Upper bound on selection rounds in one `getFindings` (each round parses at least one file). */
const MAX_SELECTION_ROUNDS = 64;

/** The liveness walk's answer (select.ts `Liveness`), with the named tokens and each file's live export names. */
type LivenessAnswer = Liveness & { namedTokens: Set<string>; liveExports: ReadonlyMap<string, readonly string[] | 'any'> };

export class Workspace implements WorkspaceApi {
  private options: EngineOptions;
  private readonly analyze: Analyzer;
  private readonly graph = new ModuleGraph();
  private readonly readText: TextReader | undefined;
  private readonly hashText: (text: string) => string;
  private readonly useSelection: boolean;
  /** Content hash of each file's current text. */
  private readonly hashes = new Map<string, string>();
  /** Every string kept in facts and summaries, once, and never a view into a file's text (string-table.ts). */
  private readonly strings = new StringTable();
  private readonly summaries = new Map<string, FileSummary>();
  /** Files whose facts came from the current text (their facts are in the graph). */
  private readonly analysed = new Set<string>();
  /** Files whose facts, summary or analysed state changed since `takeNewNotices` last ran. */
  private readonly noticesChanged = new Set<string>();
  /** Files given facts without a summary: always selected. */
  private readonly unsummarised = new Set<string>();
  private readonly imports: ImportIndex;
  /** Only without a reader: the texts, to compute facts from later. */
  private readonly keptTexts: Map<string, string> | undefined;
  private selected = new Set<string>();
  /** The last selection looked for names in every unselected file's text (select.ts `readAllTexts`). */
  private selectionReadAllTexts = false;
  /** member-use.ts answers per importer text (`importerMayReach`). */
  private readonly memberUse = new Map<string, { hash: string | undefined; answers: Map<string, boolean> }>();
  /** Texts the selection read for importers it follows, until they are parsed (or the next selection). */
  private readonly readForSelection = new Map<string, string>();
  /** What had a path to a creation when the selection was made, and whether facts changed since the last look. */
  private liveAtSelection: { namedTokens: Set<string>; exporting: ReadonlySet<string>; liveExports?: ReadonlyMap<string, readonly string[] | 'any'> } = { namedTokens: new Set(), exporting: new Set() };
  private livenessChecked = true;
  /** `linksOf` per installed facts object (facts are never changed once installed; new facts are a new object). */
  private readonly linksByFacts = new WeakMap<FileFacts, LinkFacts>();
  /** The last liveness and the graph version it was computed for (the selection asks several times per round). */
  private livenessMemo: { version: string; live: LivenessAnswer } | undefined;
  /**
   * Selected files whose text changed in a way the selection cannot see
   * (same summary): the selection stands, but they need facts again, and
   * what the selection read of their facts then (kept here, `linkSignature`)
   * must be what it read before.
   */
  private readonly awaitingFacts = new Map<string, string>();
  /** The driver table compiled for the current module lists (dropped by setOptions). */
  private drivers: CompiledDrivers | undefined;
  /** Files whose facts re-export a driver (graph/driverReexports.ts). */
  private readonly reexporters = new Set<string>();
  private selectionStale = true;
  private explicitDisplayRoot: string | undefined;
  private commonRoot: string | undefined;
  private findings: Finding[] | undefined;
  /** What the current findings were derived as (rules/index.ts `deriveReport`), while they are current. */
  private derived: DerivedReport | undefined;
  private findingsByFile = new Map<string, Finding[]>();
  private readonly changed = new Set<string>();
  /** Parses since the last derivation, and the count that fed the last derivation. */
  private reparsedPending = 0;
  private reparsedLastBatch = 0;
  private lastDeriveMs = 0;
  private movedInstalls = 0;
  /** The last facts set that were equal to the installed ones, which stayed (what a host may hold as the installed facts: findingsIfMovedFrom). */
  private equalToInstalled: { installed: FileFacts; facts: FileFacts } | undefined;
  /** The last `findingsIfMoved` answer, which the install of those very facts reuses while nothing it read changed. */
  private movedPreview: MovedPreview | undefined;

  constructor(init: WorkspaceInit = {}) {
    this.options = { pgModules: [...DEFAULT_PG_MODULES], rules: {}, ...init.options };
    this.analyze = init.analyze ?? analyzeTextOnDemand;
    this.explicitDisplayRoot = init.displayRoot;
    this.readText = init.readText;
    this.hashText = init.hashText ?? contentHash;
    this.keptTexts = init.readText ? undefined : new Map();
    this.useSelection = init.selectFiles ?? true;
    this.imports = new ImportIndex(this.graph.resolver);
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
    this.drivers = undefined;
    // Facts depend on the module lists, on which per-file rules run during the walk and on whether generated
    // files are analysed: all are dropped, and computed again as the selection (for the new options) needs them.
    const pgModulesChanged = JSON.stringify([previous.pgModules, previous.drivers, enabledFileRules(previous.rules ?? {}), previous.analyzeGeneratedFiles === true]) !==
      JSON.stringify([this.options.pgModules, this.options.drivers, enabledFileRules(this.options.rules ?? {}), this.options.analyzeGeneratedFiles === true]);
    if (pgModulesChanged) {
      for (const path of this.analysed) this.graph.removeFacts(path);
      this.analysed.clear();
      this.selectionChanged();
    }
    if (pgModulesChanged || JSON.stringify(previous.rules) !== JSON.stringify(this.options.rules)) this.findings = undefined;
  }

  setProjectConfig(configPath: string, text: string): void {
    this.graph.setProjectConfig(configPath, text);
    this.resolutionsChanged();
    this.selectionChanged();
  }

  removeProjectConfig(configPath: string): void {
    this.graph.removeProjectConfig(configPath);
    this.resolutionsChanged();
    this.selectionChanged();
  }

  /**
   * Summarise the file; parse it now when it can take part in a finding as
   * far as is known (it names a driver module, or was selected before),
   * else leave it to the selection. Returns its facts, or empty facts when
   * it was not parsed.
   */
  updateFile(path: string, text: string): FileFacts {
    const hash = this.hashText(text);
    const unchanged = this.hashes.get(path) === hash && this.summaries.has(path);
    if (unchanged && this.analysed.has(path)) return this.graph.index(path)!.facts;
    if (!unchanged) {
      const summary = summarize(path, text);
      // A new text of a file with facts that it needs again: installed as new facts are (setFacts), so facts
      // that did not change, or only moved, keep the selection and the findings (`installMoved`).
      if (this.analysed.has(path) && !this.unsummarised.has(path) && (!this.useSelection || this.selected.has(path) || this.namesDriver(summary))) {
        const facts = this.analyzeSafely(path, text);
        this.setFactsWith(facts, hash, text, summary, undefined);
        // The findings stood (the same facts): this parse is what the current findings came from, as a derivation would count it.
        if (this.findings) {
          this.reparsedLastBatch = this.reparsedPending || this.reparsedLastBatch;
          this.reparsedPending = 0;
        }
        return facts;
      }
      this.installSummary(path, summary, hash, text);
    }
    if (this.wantsFactsNow(path)) return this.installFacts(path, this.safeAnalyze(path, text), hash);
    return this.unparsedFacts(path);
  }

  /**
   * Whether the file (with its summary installed) is worth parsing at once:
   * it names a driver module, or the last selection chose it. The others
   * wait for `filesNeedingFacts` (or `getFindings`) to ask for them.
   */
  wantsFactsNow(path: string): boolean {
    const summary = this.summaries.get(path);
    return !this.useSelection || summary === undefined || this.unsummarised.has(path) || this.selected.has(path) || this.namesDriver(summary);
  }

  /**
   * The facts `updateFile` would compute for this text, without installing
   * them (install with `setFacts`). Never throws.
   */
  analyzeFile(path: string, text: string): FileFacts {
    return this.analyzeSafely(path, text);
  }

  /** The text scan the selection works from (install with `setSummary` or `setFacts`). */
  summarizeFile(path: string, text: string): FileSummary {
    return summarize(path, text);
  }

  /** Install a summary computed elsewhere (a worker, a cache) for the text with this hash; the file's facts, if any, are dropped unless they are of that text. */
  setSummary(path: string, summary: FileSummary, hash: string, text?: string, fromJson = false): void {
    if (this.hashes.get(path) === hash && this.summaries.get(path) === summary) return;
    this.installSummary(path, summary, hash, text, fromJson);
  }

  /**
   * Install facts computed elsewhere (e.g. `analyzeText` in a worker thread,
   * with the same options, or a facts cache) for the text whose content hash
   * is given, exactly as `updateFile` would have. Without `summary` (or an
   * installed summary of that text) the file is always selected. Without a
   * reader, `text` must be given too. `fromJson`: both were just made by
   * `JSON.parse` (a facts cache): their strings are flat copies, kept as
   * they are (interning a 10,000-file cache cost ~250 ms of a warm run).
   */
  setFacts(facts: FileFacts, hash: string, text?: string, summary?: FileSummary, fromJson = false): void {
    this.setFactsWith(facts, hash, text, summary, undefined, fromJson ? 'from-json' : 'all');
  }

  /**
   * As `setFacts`, with the file's graph tables built `sliceMs` at a time,
   * awaiting `pause()` in between (a host that must answer requests while a
   * generated file with 10,000s of nodes is installed). Nothing changes
   * until the tables are built; when the file got another text meanwhile
   * (or was removed), these facts are dropped.
   */
  async setFactsPaced(facts: FileFacts, hash: string, summary: FileSummary | undefined, pause: () => Promise<void>, sliceMs: number): Promise<void> {
    if (this.sameFactsAsInstalled(facts, summary)) return this.setFactsWith(facts, hash, undefined, summary, undefined);
    const textBefore = this.hashes.get(facts.file);
    // Interning 10,000s of items is tens of ms too: done in slices here, not in one go at the install.
    await internListsPaced(this.strings, facts, pause, sliceMs);
    const prepared = await this.graph.prepareIndex(facts, pause, sliceMs);
    // The install below is one more synchronous step: it starts on a fresh slice.
    await pause();
    if (this.hashes.get(facts.file) !== textBefore) return;
    this.setFactsWith(facts, hash, undefined, summary, prepared, 'lists-done');
  }

  private setFactsWith(facts: FileFacts, hash: string, text: string | undefined, summary: FileSummary | undefined, prepared: PreparedIndex | undefined, interning: Interning = 'all'): void {
    const path = facts.file;
    if (this.sameFactsAsInstalled(facts, summary)) {
      // A comment or whitespace that moves nothing: the graph, the selection and the findings all stand.
      this.equalToInstalled = { installed: this.installedFacts(path)!, facts };
      this.noticesChanged.add(path);
      this.hashes.set(path, hash);
      this.summaries.set(path, interning === 'from-json' ? summary! : this.strings.internAll(summary!));
      if (this.keptTexts && text !== undefined) this.keptTexts.set(path, text);
      this.reparsedPending++;
      return;
    }
    const preview = this.takeMovedPreview(facts, summary);
    const moved = preview?.moved ?? this.movedOnly(facts, summary);
    if (moved && this.installMoved(facts, hash, text, summary!, prepared, interning, moved, preview?.report)) return;
    // The host often installed this very summary just before (setSummary): interning it again is a waste.
    if (summary && (this.summaries.get(path) !== summary || this.hashes.get(path) !== hash)) this.installSummary(path, summary, hash, text, interning === 'from-json');
    else if (this.hashes.get(path) !== hash || !this.summaries.has(path)) {
      this.installSummary(path, UNKNOWN_SUMMARY, hash, text);
      this.unsummarised.add(path);
    }
    this.reparsedPending++;
    this.installFacts(path, facts, hash, prepared, interning);
  }

  /**
   * Facts of a new text that are equal, item for item, to the installed ones
   * (and a summary the selection cannot tell from the installed one): every
   * derivation reads only facts and summaries, so nothing it computed changes.
   */
  private sameFactsAsInstalled(facts: FileFacts, summary: FileSummary | undefined): boolean {
    const path = facts.file;
    const installed = this.installedFacts(path);
    const previous = this.summaries.get(path);
    if (!installed || !summary || !previous || this.unsummarised.has(path) || !sameSummary(previous, summary) || !samePlainData(previous.notices, summary.notices)) return false;
    return samePlainData(installed, facts);
  }

  /** The file's facts in the graph, when they are of its current text (not while new facts for it are awaited). */
  private installedFacts(path: string): FileFacts | undefined {
    return this.analysed.has(path) && !this.awaitingFacts.has(path) ? this.graph.index(path)?.facts : undefined;
  }

  /**
   * Facts of a new text that differ from the installed ones only in their
   * positions (rules/remap.ts: a statement typed above the file's code moves
   * every span below it), with a summary the selection cannot tell apart and
   * findings derived from the installed facts: the map of the positions.
   */
  private movedOnly(facts: FileFacts, summary: FileSummary | undefined): PositionMap | undefined {
    const installed = this.movableFacts(facts.file, summary);
    return installed && positionMap(installed, facts);
  }

  /** The file's installed facts, when findings derived from them can be moved to a new text with this summary. */
  private movableFacts(path: string, summary: FileSummary | undefined): FileFacts | undefined {
    if (!this.derivedReport() || this.selectionStale) return undefined;
    const installed = this.installedFacts(path);
    const previous = this.summaries.get(path);
    if (!installed || !summary || !previous || this.unsummarised.has(path) || !sameSummary(previous, summary)) return undefined;
    return installed;
  }

  findingsIfMovedFrom(base: FileFacts, moved: PositionMap, facts: MovedFacts, summary: FileSummary | undefined): Finding[] | undefined {
    // Only from the very facts installed (or the last ones found equal to them): the map was made against a copy of them.
    const installed = this.movableFacts(base.file, summary);
    const equal = this.equalToInstalled;
    const heldAsInstalled = base === installed || (equal !== undefined && equal.installed === installed && equal.facts === base);
    if (!installed || !heldAsInstalled) return undefined;
    return rulesOnDemand().remapReport(this.derived!, base.file, moved, facts)?.findings;
  }

  findingsIfMoved(facts: FileFacts, summary: FileSummary | undefined): Finding[] | undefined {
    this.movedPreview = undefined;
    if (this.sameFactsAsInstalled(facts, summary)) return undefined;
    const moved = this.movedOnly(facts, summary);
    const report = moved && rulesOnDemand().remapReport(this.derived!, facts.file, moved, facts);
    if (!moved || !report) return undefined;
    this.movedPreview = { facts, summary: summary!, derived: this.derived!, installed: this.graph.index(facts.file)!.facts, previousSummary: this.summaries.get(facts.file)!, moved, report };
    return report.findings;
  }

  /** The preview of these very facts, when nothing it was computed from changed since (then its map and report stand). */
  private takeMovedPreview(facts: FileFacts, summary: FileSummary | undefined): MovedPreview | undefined {
    const preview = this.movedPreview;
    this.movedPreview = undefined;
    if (!preview || preview.facts !== facts || preview.summary !== summary || preview.derived !== this.derivedReport() || this.selectionStale) return undefined;
    const path = facts.file;
    const current = this.unsummarised.has(path) ? undefined : this.installedFacts(path);
    return current === preview.installed && this.summaries.get(path) === preview.previousSummary ? preview : undefined;
  }

  /**
   * Install facts that only moved: the selection and what has a path to a
   * creation stand (the same structure), and the findings are the derived
   * ones with their positions moved (`remapReport`) — work for this file
   * only, not a derivation over the whole graph. False when the report
   * cannot be moved: the caller then installs as usual.
   */
  private installMoved(facts: FileFacts, hash: string, text: string | undefined, summary: FileSummary, prepared: PreparedIndex | undefined, interning: Interning, moved: PositionMap, remapped?: DerivedReport): boolean {
    const started = Date.now();
    const path = this.indexFacts(facts.file, facts, prepared, interning);
    const report = remapped ?? rulesOnDemand().remapReport(this.derived!, path, moved, this.graph.index(path)!.facts);
    // The new facts stay in the graph: the usual install that follows replaces them (summary, selection, derivation).
    if (!report) return false;
    this.hashes.set(path, hash);
    this.summaries.set(path, interning === 'from-json' ? summary : this.strings.internAll(summary));
    if (this.keptTexts && text !== undefined) this.keptTexts.set(path, text);
    this.reparsedPending++;
    this.derived = report;
    this.findings = report.findings;
    this.movedInstalls++;
    this.lastDeriveMs = Date.now() - started;
    this.reparsedLastBatch = this.reparsedPending;
    this.reparsedPending = 0;
    this.recordChangedFiles(report.findings);
    return true;
  }

  /** What the current findings were derived as, while they are current (a host keeps it to move later: `remapDerived`). */
  derivedReport(): DerivedReport | undefined {
    return this.findings && this.derived?.findings === this.findings ? this.derived : undefined;
  }

  /** The last selection read the text of files it did not choose (select.ts `readAllTexts`): then an edit of any of them can change it. */
  selectionReadTexts(): boolean {
    return !this.useSelection || this.selectionStale || this.selectionReadAllTexts;
  }

  /**
   * `report` with one file's facts replaced, when the new facts only moved
   * positions or added bindings nothing refers to (rules/remap.ts): the
   * report a derivation would give, without installing or deriving anything.
   * Undefined when it cannot be moved (derive instead).
   */
  remapDerived(report: DerivedReport, before: FileFacts, after: FileFacts): DerivedReport | undefined {
    const moved = positionMap(before, after);
    return moved && rulesOnDemand().remapReport(report, after.file, moved, after);
  }

  /** The content hash of the file's current text. */
  hashOf(path: string): string | undefined {
    return this.hashes.get(path);
  }

  /** The file's current text has this hash (what it needs then: `filesNeedingFacts`). */
  upToDate(path: string, hash: string): boolean {
    return this.hashes.get(path) === hash;
  }

  /** The summary of the file's current text (undefined for facts installed without one). */
  summaryOf(path: string): FileSummary | undefined {
    return this.unsummarised.has(path) ? undefined : this.summaries.get(path);
  }

  /**
   * Files the selection needs facts for and has none (or only stale ones):
   * compute and install them (`setFacts`), then ask again until empty.
   * Without selection: every file lacking current facts.
   */
  filesNeedingFacts(): string[] {
    if (!this.useSelection) return [...this.hashes.keys()].filter((p) => !this.analysed.has(p));
    if (!this.selectionStale) {
      if (this.awaitingFacts.size > 0) return [...this.awaitingFacts.keys()];
      if (!this.livenessGrew()) return [];
      this.selectionChanged();
    }
    return this.select().missing;
  }

  /** Add or update many files, then derive once. */
  analyzeAll(files: Iterable<[string, string]>): Finding[] {
    for (const [path, text] of files) this.updateFile(path, text);
    return this.getFindings();
  }

  removeFile(path: string): void {
    if (!this.hashes.delete(path)) return;
    this.summaries.delete(path);
    this.keptTexts?.delete(path);
    this.unsummarised.delete(path);
    this.awaitingFacts.delete(path);
    this.analysed.delete(path);
    this.noticesChanged.delete(path);
    this.forgetReexporter(path);
    this.imports.remove(path);
    this.resolutionsChanged();
    this.commonRoot = undefined;
    this.graph.removeFile(path);
    this.graph.resolver.removeFile(path);
    this.selectionChanged();
  }

  hasFile(path: string): boolean {
    return this.hashes.has(path);
  }

  files(): string[] {
    return [...this.hashes.keys()];
  }

  getFindings(): Finding[] {
    this.computeNeededFacts();
    if (this.findings) return this.findings;
    const started = Date.now();
    // No facts, no findings: every rule reads them.
    this.derived = this.graph.allIndexes().next().done ? undefined : rulesOnDemand().deriveReport(this.graph, this.options, this.displayRoot);
    const findings = this.derived?.findings ?? [];
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

  /** Parse problems of analysed files, and what the text scan found about the others (binary, too large). */
  notices(): FileNotice[] {
    const result: FileNotice[] = [];
    for (const index of this.graph.allIndexes()) result.push(...index.facts.notices);
    for (const [path, summary] of this.summaries) if (!this.analysed.has(path)) result.push(...summary.notices);
    return result;
  }

  /** As `notices`, for the files whose notices may have changed since the last call: an edit's pass costs its files, not the workspace's 10,000. */
  takeNewNotices(): FileNotice[] {
    const result: FileNotice[] = [];
    for (const path of this.noticesChanged) {
      const index = this.graph.index(path);
      if (index) result.push(...index.facts.notices);
      if (!this.analysed.has(path)) result.push(...(this.summaries.get(path)?.notices ?? []));
    }
    this.noticesChanged.clear();
    return result;
  }

  resolutionSnapshot(): ResolutionSnapshot {
    return this.graph.resolver.snapshot();
  }

  seedResolutions(snapshot: ResolutionSnapshot): void {
    this.graph.resolver.seed(snapshot);
  }

  resolveImport(specifier: string, importerPath: string): string | undefined {
    return this.graph.resolver.resolve(specifier, importerPath);
  }

  facts(path: string): FileFacts | undefined {
    return this.graph.index(path)?.facts;
  }

  stats(): WorkspaceStats {
    const reparsed = this.findings ? this.reparsedLastBatch : this.reparsedPending;
    const selected = this.useSelection ? this.selected.size : this.hashes.size;
    return { files: this.hashes.size, reparsed, deriveMs: this.lastDeriveMs, selected, moved: this.movedInstalls };
  }

  // ---- selection -------------------------------------------------------------

  /** Every driver module of the driver table under the current module lists (pgModules, drivers). */
  private isDriverModule(specifier: string): boolean {
    this.drivers ??= compileDrivers({ pg: this.options.pgModules, ...this.options.drivers });
    return this.drivers.isDriverModule(specifier);
  }

  private namesDriver(summary: FileSummary): boolean {
    return summary.modules.some((s) => this.isDriverModule(s));
  }

  private select(): { selected: Set<string>; missing: string[] } {
    this.readForSelection.clear();
    if (this.unsummarised.size > 0) {
      // Facts installed without a summary: their importees are unknown, so the selection cannot be trusted.
      const selected = new Set(this.hashes.keys());
      const missing = [...selected].filter((file) => !this.analysed.has(file));
      if (missing.length === 0) {
        this.selected = selected;
        this.selectionReadAllTexts = false;
        this.selectionStale = false;
      }
      return { selected, missing };
    }
    const result = selectFiles({
      files: this.hashes.keys(),
      summaryOf: (file) => this.summaries.get(file),
      isDriverModule: (specifier) => this.isDriverModule(specifier),
      importersOf: (file) => this.imports.importersOf(file),
      linksOf: (file) => this.linksOf(file),
      live: () => this.liveness(),
      mentions: (file, words) => {
        const text = this.currentText(file);
        return text === undefined || words.some((word) => text.includes(word));
      },
      mayReachExports: (importer, exporter, names) => this.importerMayReach(importer, exporter, names),
    });
    if (result.missing.length === 0) {
      this.selected = result.selected;
      this.selectionReadAllTexts = result.readAllTexts;
      this.liveAtSelection = this.liveness();
      this.livenessChecked = true;
      this.selectionStale = false;
    }
    return result;
  }

  /**
   * member-use.ts for the selection, remembered per text (hash) so that rounds do not read the file again; a text
   * read for an importer it follows is handed to the parse that comes next (`computeFromText`), not read twice.
   */
  private importerMayReach(importer: string, exporter: string, names: readonly string[]): boolean {
    const hash = this.hashes.get(importer);
    const key = `${exporter}\n${names.join('\n')}`;
    let memo = this.memberUse.get(importer);
    if (memo === undefined || memo.hash !== hash) this.memberUse.set(importer, (memo = { hash, answers: new Map<string, boolean>() }));
    const known = memo.answers.get(key);
    if (known !== undefined) return known;
    const text = this.currentText(importer);
    const summary = this.summaries.get(importer);
    let answer = true;
    if (text !== undefined && summary !== undefined) {
      const modules = new Set(summary.modules);
      answer = mayReachExports(text, names, (value) => modules.has(value) && this.graph.resolver.resolve(value, importer) === exporter);
    }
    memo.answers.set(key, answer);
    if (answer && text !== undefined && this.readText) this.readForSelection.set(importer, text);
    return answer;
  }

  /** What the selection reads of the file's current facts, as one string. */
  private linkSignature(file: string): string {
    return JSON.stringify(this.linksOf(file) ?? null);
  }

  /**
   * Whether the selection made before `path`'s text changed still holds:
   * the selection sees a file only through its summary (driver modules,
   * import candidates, string candidates, link needles), its facts' tokens
   * and creations when selected (`linksOf`), and its text when it is an
   * unselected file with a DI needle, or any unselected file once the
   * selection looked for published names (`mentions`). With the same
   * summary and none of the rest in play, the selection is the same; a
   * selected file's facts are checked when its new facts come in
   * (`awaitingFacts`).
   */
  private selectionSurvives(path: string, previous: FileSummary | undefined, next: FileSummary): boolean {
    if (!this.useSelection || this.selectionStale || previous === undefined || previous === UNKNOWN_SUMMARY || next === UNKNOWN_SUMMARY) return false;
    if (!sameSummary(previous, next)) return false;
    return this.selected.has(path) || (!next.links.includes('di') && !this.selectionReadAllTexts);
  }

  /** The file's token keys and whether it creates a resource; undefined without current facts. */
  private linksOf(file: string): LinkFacts | undefined {
    if (!this.analysed.has(file)) return undefined;
    const facts = this.graph.index(file)!.facts;
    // Read many times per selection (every round reads every reached file again): kept with the facts it was read from.
    const known = this.linksByFacts.get(facts);
    if (known !== undefined) return known;
    const tokens: string[] = [];
    let creates = false;
    for (const node of facts.nodes) {
      if (node.kind === 'creation') creates = true;
      else if (node.kind === 'di') tokens.push(node.key);
    }
    const links = { tokens, creates, reexportsDriver: (facts.driverExports?.length ?? 0) > 0 };
    this.linksByFacts.set(facts, links);
    return links;
  }

  /**
   * What has a path to a creation in the graph of the analysed files (select.ts `Liveness`): backwards
   * from every creation over every edge (the rules' walks follow a subset).
   */
  private liveness(): LivenessAnswer {
    // A function of the graph alone: the same graph version, the same answer (selectFiles and the checks
    // around it ask once per selection step; walking every creation's backwards reach each time cost
    // ~15 ms a walk on the pg-using bench, 16 walks per cold scan for 5 different graphs).
    const version = this.graph.version;
    if (this.livenessMemo?.version !== version) this.livenessMemo = { version, live: this.computeLiveness() };
    return this.livenessMemo.live;
  }

  private computeLiveness(): LivenessAnswer {
    const live = new Set<string>();
    // A flag per id (ids are dense; idCount refreshes the graph first), grown should an id ever lie beyond it.
    let seen = new Uint8Array(this.graph.idCount);
    const stack: number[] = [];
    const reach = (id: number) => {
      if (id >= seen.length) {
        const grown = new Uint8Array(Math.max(id + 1, seen.length * 2));
        grown.set(seen);
        seen = grown;
      }
      if (seen[id] === 1) return;
      seen[id] = 1;
      stack.push(id);
    };
    for (const index of this.graph.allIndexes()) {
      // The file's creation nodes, in the order of its facts (FileIndex.creations).
      for (const { key } of index.creations) {
        const id = this.graph.idOf(key);
        if (id !== undefined) reach(id);
      }
    }
    while (stack.length > 0) {
      const id = stack.pop()!;
      const node = this.graph.nodeById(id)?.node;
      if (node?.kind === 'di' && isNamedValueToken(node.key)) live.add(node.key);
      for (const edge of this.graph.localInById(id)) reach(edge.fromId);
      for (const edge of this.graph.joinInById(id)) reach(edge.fromId);
    }
    const exporting = new Set<string>();
    const liveExports = new Map<string, readonly string[] | 'any'>();
    for (const index of this.graph.allIndexes()) {
      const facts = index.facts;
      const names = new Set<string>();
      for (const entry of facts.exports) {
        const key = index.keyOf(entry.target);
        const id = key === undefined ? undefined : this.graph.idOf(key);
        if (id !== undefined && id < seen.length && seen[id] === 1) names.add(entry.name);
      }
      if (facts.starExports.length === 0 && names.size === 0) continue;
      exporting.add(index.file);
      // An import of a name the file does not export joins its default export; `export *` can add any name.
      liveExports.set(index.file, facts.starExports.length > 0 || names.has('default') ? 'any' : [...names].sort());
    }
    return { namedTokens: live, exporting, liveExports };
  }

  /**
   * Whether a registry or global token, or a file's exports, came to reach a creation since the selection
   * was made (new facts with the same summary and tokens can link a provider or an export to the client):
   * the consumers of that name, or that file's importers, then need parsing.
   */
  private livenessGrew(): boolean {
    if (this.livenessChecked) return false;
    this.livenessChecked = true;
    const live = this.liveness();
    for (const key of live.namedTokens) if (!this.liveAtSelection.namedTokens.has(key)) return true;
    for (const file of live.exporting) if (!this.liveAtSelection.exporting.has(file)) return true;
    // An export that comes to reach a creation: importers left out for their text may name it.
    for (const [file, names] of live.liveExports) {
      const before = this.liveAtSelection.liveExports?.get(file);
      if (before !== 'any' && (names === 'any' || names.some((name) => !before?.includes(name)))) return true;
    }
    return false;
  }

  /** Bring every fact the findings need up to date, through the reader (or the kept texts). */
  private computeNeededFacts(): void {
    for (let round = 0; round < MAX_SELECTION_ROUNDS; round++) {
      const needed = this.filesNeedingFacts();
      if (needed.length === 0) return;
      for (const path of needed) this.computeFromText(path);
    }
    // A chain of DI tokens longer than the rounds allow: never guess, parse the rest.
    for (const path of this.hashes.keys()) if (!this.analysed.has(path)) this.computeFromText(path);
    this.selected = new Set(this.hashes.keys());
    this.selectionStale = false;
  }

  private computeFromText(path: string): void {
    const handed = this.readForSelection.get(path);
    this.readForSelection.delete(path);
    const text = handed ?? this.currentText(path);
    if (text === undefined) {
      this.installFacts(path, unanalysedFacts(path, 'file could not be read again to analyse it; not analysed'), this.hashes.get(path) ?? '');
      return;
    }
    const hash = this.hashText(text);
    // Changed since it was summarised: the new text is the current one.
    if (hash !== this.hashes.get(path) || this.unsummarised.has(path)) this.installSummary(path, summarize(path, text), hash, text);
    this.installFacts(path, this.safeAnalyze(path, text), hash);
  }

  private selectionChanged(): void {
    this.selectionStale = true;
    this.awaitingFacts.clear();
    this.findings = undefined;
  }

  // ---- installing --------------------------------------------------------------

  /** `fromJson`: the summary's strings are JSON.parse's flat copies, kept as they are (no view into a text to drop). */
  private installSummary(path: string, summary: FileSummary, hash: string, text: string | undefined, fromJson = false): void {
    path = this.strings.intern(path, false);
    if (!fromJson) this.strings.internAll(summary);
    this.noticesChanged.add(path);
    const isNew = !this.hashes.has(path);
    const textChanged = this.hashes.get(path) !== hash;
    const previous = this.summaries.get(path);
    const survives = !isNew && this.selectionSurvives(path, previous, summary);
    this.hashes.set(path, hash);
    this.summaries.set(path, summary);
    if (summary !== UNKNOWN_SUMMARY) this.unsummarised.delete(path);
    if (this.keptTexts && text !== undefined) this.keptTexts.set(path, text);
    if (isNew) {
      this.commonRoot = undefined;
      this.graph.resolver.addFile(path);
      this.resolutionsChanged();
    }
    // The same module candidates resolve to the same files: the import index stands.
    if (previous === undefined || !sameStrings(previous.modules, summary.modules)) this.imports.set(path, summary.modules);
    if (textChanged && this.analysed.has(path)) {
      if (survives && this.selected.has(path) && !this.awaitingFacts.has(path)) this.awaitingFacts.set(path, this.linkSignature(path));
      // Facts of another text are never kept.
      this.analysed.delete(path);
      this.graph.removeFacts(path);
      this.forgetReexporter(path);
    }
    if (survives) this.findings = undefined;
    else this.selectionChanged();
  }

  /**
   * Intern what `interning` says is not interned yet (the path always), and put the facts (or their prepared
   * index) in the graph: the interned path.
   */
  private indexFacts(path: string, facts: FileFacts, prepared: PreparedIndex | undefined, interning: Interning): string {
    path = this.strings.intern(path, false);
    if (interning === 'from-json') {
      facts.file = path;
    } else if (interning === 'lists-done') {
      facts.file = this.strings.intern(facts.file);
      this.strings.internAll([facts.starExports, facts.suppressions, facts.notices]);
    } else {
      this.strings.internAll(facts);
    }
    if (prepared) this.graph.setIndex(prepared);
    else this.graph.setFacts(facts);
    this.noticesChanged.add(path);
    return path;
  }

  /** Specifiers may resolve to other files now: the import index and member-use.ts answers (which resolved them) go. */
  private resolutionsChanged(): void {
    this.imports.invalidate();
    this.memberUse.clear();
  }

  /** The file's current text, through the reader (or the kept texts); undefined when neither has it. */
  private currentText(path: string): string | undefined {
    return this.readText ? this.readText(path) : this.keptTexts?.get(path);
  }

  private installFacts(path: string, facts: FileFacts, hash: string, prepared?: PreparedIndex, interning: Interning = 'all'): FileFacts {
    if (this.hashes.get(path) !== hash) return facts;
    // Computed with other driver re-exports than its imports now resolve to: not installed, so they are asked for again.
    if (!this.computedWithCurrentReexports(path, facts)) {
      if (this.analysed.delete(path)) this.graph.removeFacts(path);
      this.noticesChanged.add(path);
      this.selectionChanged();
      return facts;
    }
    path = this.indexFacts(path, facts, prepared, interning);
    this.analysed.add(path);
    this.livenessChecked = false;
    this.noteDriverReexports(path, facts);
    const awaited = this.awaitingFacts.get(path);
    if (awaited !== undefined) {
      this.awaitingFacts.delete(path);
      // The selection read this file's tokens and creations: others can select other files.
      if (this.selectionStale || awaited !== this.linkSignature(path)) this.selectionChanged();
      else this.findings = undefined;
      return facts;
    }
    this.selectionChanged();
    return facts;
  }

  /** The driver re-exports the file's imports resolve to (graph/driverReexports.ts). */
  reexportsFor(path: string): Record<string, DriverExport[]> | undefined {
    const summary = this.summaries.get(path);
    if (!summary || this.reexporters.size === 0) return undefined;
    return driverReexportsOf({
      modules: summary.modules,
      isDriverModule: (specifier) => this.isDriverModule(specifier),
      resolve: (specifier) => this.graph.resolver.resolve(specifier, path),
      factsOf: (file) => (this.reexporters.has(file) ? this.graph.index(file)?.facts : undefined),
    }, path);
  }

  /** Facts computed with the driver re-exports the file's imports resolve to now (facts from a cache or a worker may not be). */
  private computedWithCurrentReexports(path: string, facts: FileFacts | undefined): boolean {
    return reexportsKey(facts?.reexports) === reexportsKey(this.reexportsFor(path));
  }

  /**
   * A file that re-exports a driver (or did): its importers' facts were computed with other re-exports,
   * so they are dropped and computed again (the selection asks for them, or `filesNeedingFacts`).
   */
  private noteDriverReexports(path: string, facts: FileFacts): void {
    const reexports = (facts.driverExports?.length ?? 0) > 0;
    if (!reexports && !this.reexporters.has(path)) return;
    if (reexports) this.reexporters.add(path);
    else this.reexporters.delete(path);
    this.dropStaleImporters(path);
  }

  /** A re-exporter's facts went away (its text changed, it was removed): so did its importers' re-exports. */
  private forgetReexporter(path: string): void {
    if (this.reexporters.delete(path)) this.dropStaleImporters(path);
  }

  private dropStaleImporters(path: string): void {
    for (const importer of this.imports.importersOf(path)) {
      if (importer === path || !this.analysed.has(importer)) continue;
      if (this.computedWithCurrentReexports(importer, this.graph.index(importer)?.facts)) continue;
      this.analysed.delete(importer);
      this.noticesChanged.add(importer);
      this.graph.removeFacts(importer);
    }
  }

  private unparsedFacts(path: string): FileFacts {
    return { ...unanalysedFacts(path, ''), notices: this.summaries.get(path)?.notices ?? [] };
  }

  private safeAnalyze(path: string, text: string): FileFacts {
    this.reparsedPending++;
    return this.analyzeSafely(path, text);
  }

  private analyzeSafely(path: string, text: string): FileFacts {
    try {
      const reexports = this.reexportsFor(path);
      const facts = this.analyze(path, text, reexports ? { ...this.options, reexports } : this.options);
      // The graph is keyed by the path we were given; an analyzer must not move the file.
      return facts;
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
    // Compared field by field: a JSON signature of every finding was a tenth of a derivation after an edit.
    for (const [file, list] of byFile) {
      const before = this.findingsByFile.get(file);
      if (!before || !sameFindings(before, list)) this.changed.add(file);
    }
    for (const file of this.findingsByFile.keys()) {
      if (!byFile.has(file)) this.changed.add(file);
    }
    this.findingsByFile = byFile;
  }
}


/** The long lists of the facts (what `setFactsPaced` gets many of), interned in place `sliceMs` at a time. */
async function internListsPaced(strings: StringTable, facts: FileFacts, pause: () => Promise<void>, sliceMs: number): Promise<void> {
  let sliceStart = Date.now();
  for (const list of [facts.nodes, facts.edges, facts.calls, facts.exports, facts.fileRuleFacts ?? []] as unknown[][]) {
    for (let i = 0; i < list.length; i++) {
      strings.internAll(list[i]);
      if ((i & 127) !== 127 || Date.now() - sliceStart < sliceMs) continue;
      await pause();
      sliceStart = Date.now();
    }
  }
}

/** Structural equality of JSON-like data (facts): same keys, same values, arrays in the same order. */
function samePlainData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlainData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    keys++;
    if (!samePlainData(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) keys--;
  return keys === 0;
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameFinding(a[i], b[i])) return false;
  return true;
}

/** Equal as published: every field of the finding (`Finding` is plain data). */
function sameFinding(a: Finding, b: Finding): boolean {
  if (a.rule !== b.rule || a.severity !== b.severity || a.file !== b.file || a.message !== b.message || !sameRange(a.range, b.range)) return false;
  if (a.creation?.file !== b.creation?.file || a.creation?.id !== b.creation?.id || a.related.length !== b.related.length) return false;
  for (let i = 0; i < a.related.length; i++) {
    const x = a.related[i];
    const y = b.related[i];
    if (x.file !== y.file || x.message !== y.message || !sameRange(x.range, y.range)) return false;
  }
  return true;
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return a.offset === b.offset && a.length === b.length && a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Two summaries the selection cannot tell apart (notices aside). It reads a
 * file's string candidates only when the file has a DI needle (select.ts,
 * DI keys): typing a string literal elsewhere keeps the selection.
 */
function sameSummary(a: FileSummary, b: FileSummary): boolean {
  return sameStrings(a.modules, b.modules) && sameStrings(a.links, b.links) && (!a.links.includes('di') || sameStrings(a.strings, b.strings));
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
    notices: message ? [{ file, message }] : [],
    lines: [0, 0],
  };
}
