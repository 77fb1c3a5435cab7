/**
 * The engine's public surface, used by the CLI (server/src/cli) and the
 * language server (server/src/lsp). No I/O: callers hand in file texts and
 * config texts; the engine hands back findings.
 */
import type { DriverExport, EngineOptions, Finding, FileNotice, FileFacts } from './types';
import type { FileSummary } from './selection/summary';
import type { ResolutionSnapshot } from './graph/resolve';
import type { DerivedReport, MovedFacts } from './rules/index';
import type { PositionMap } from './rules/remap';

export interface AnalysisStats {
  files: number;
  /** Files whose facts were recomputed by the last `updateFile` calls since the previous `getFindings`. */
  reparsed: number;
}

export interface WorkspaceApi {
  /** Replace options (pgModules changes invalidate every file's facts). */
  setOptions(options: Partial<EngineOptions>): void;
  /**
   * Register a tsconfig.json / jsconfig.json (path + raw text) so module
   * resolution honours its `baseUrl` / `paths`. `extends` is followed through
   * `readConfig`, which the caller supplies.
   */
  setProjectConfig(configPath: string, text: string): void;
  removeProjectConfig(configPath: string): void;
  /** Parse one file and replace its facts. Cheap when the text is unchanged. */
  updateFile(path: string, text: string): FileFacts;
  /** The facts `updateFile` would compute for this text, without installing them. */
  analyzeFile?(path: string, text: string): FileFacts;
  /**
   * Install facts computed elsewhere (same options) for the text with this content hash, as `updateFile` would.
   * `fromJson`: facts and summary were just made by `JSON.parse` (a facts cache), so their strings are flat
   * copies that keep no file text alive, and are installed as they are instead of through the string table.
   */
  setFacts?(facts: FileFacts, hash: string, text?: string, summary?: FileSummary, fromJson?: boolean): void;
  /**
   * The findings `setFacts(facts, …, summary)` will give when those facts only move the positions of the
   * installed ones (the report is moved, not derived), computed without installing anything: a host can
   * publish them before the install, which then reuses this work. Undefined when the install derives.
   */
  findingsIfMoved?(facts: FileFacts, summary: FileSummary | undefined): Finding[] | undefined;
  /**
   * As `findingsIfMoved`, before the new facts are at hand: `moved` maps the positions of `base` to theirs
   * (rules/remap.ts `positionMap`, made elsewhere) and `facts` is what moving the findings reads. Undefined
   * unless `base` is the very object installed for its file, or the last one `setFacts` found equal to it
   * (and so left it installed).
   */
  findingsIfMovedFrom?(base: FileFacts, moved: PositionMap, facts: MovedFacts, summary: FileSummary | undefined): Finding[] | undefined;
  /** As `setFacts`, building the file's graph tables in slices of `sliceMs` with `pause()` awaited between them. */
  setFactsPaced?(facts: FileFacts, hash: string, summary: FileSummary | undefined, pause: () => Promise<void>, sliceMs: number): Promise<void>;
  /** Content hash of the file's current text. */
  hashOf?(path: string): string | undefined;
  /** The file's current text has this hash. */
  upToDate?(path: string, hash: string): boolean;
  /**
   * Files that can take part in a finding and have no facts yet (the
   * selection's work list): a host that computes facts elsewhere installs
   * them with `setFacts` and asks again until it is empty; `getFindings`
   * otherwise computes them through the reader.
   */
  filesNeedingFacts?(): string[];
  /** The text scan of a file the selection works from (`summarizeFile`), and installing one computed elsewhere. */
  summarizeFile?(path: string, text: string): FileSummary;
  setSummary?(path: string, summary: FileSummary, hash: string, text?: string, fromJson?: boolean): void;
  summaryOf?(path: string): FileSummary | undefined;
  /** After `setSummary`: parse it now (it names a driver module, or was selected), or wait for `filesNeedingFacts`. */
  wantsFactsNow?(path: string): boolean;
  /** The driver re-exports to compute the file's facts with (`EngineOptions.reexports`); a host computing facts elsewhere passes them on. */
  reexportsFor?(path: string): Record<string, DriverExport[]> | undefined;
  /** The module resolutions computed so far, for a later run's `seedResolutions` (they hold while the file set and configs are the same). */
  resolutionSnapshot?(): ResolutionSnapshot;
  seedResolutions?(snapshot: ResolutionSnapshot): void;
  /** The last selection read the text of files it did not choose: an edit of one of them can change the selection. */
  selectionReadTexts?(): boolean;
  /** What the current findings were derived as (rules/index.ts), while they are current. */
  derivedReport?(): DerivedReport | undefined;
  /** `report` moved to one file's new facts when they only moved positions or added bindings nothing refers to; undefined: derive instead. */
  remapDerived?(report: DerivedReport, before: FileFacts, after: FileFacts): DerivedReport | undefined;
  removeFile(path: string): void;
  hasFile(path: string): boolean;
  files(): string[];
  /** Findings for the whole workspace; cached until something changes. */
  getFindings(): Finding[];
  /** Findings located in one file. */
  findingsForFile(path: string): Finding[];
  /** Files whose findings changed since the previous call (for the LSP to republish). */
  takeChangedFiles(): string[];
  notices(): FileNotice[];
  /** The notices of the files installed, removed from the analysis or re-scanned since the last call (all of them at the first): what a log has not seen. */
  takeNewNotices(): FileNotice[];
  facts(path: string): FileFacts | undefined;
  /** The workspace file `specifier`, written in `importerPath`, names — as the module graph resolves it. */
  resolveImport(specifier: string, importerPath: string): string | undefined;
  /** Directory paths inside messages are relative to (default: the longest common directory of all files). */
  setDisplayRoot?(root: string | undefined): void;
  /** The directory message paths are relative to. */
  readonly displayRoot?: string;
  /** Add or update many files, then derive findings once. */
  analyzeAll?(files: Iterable<[string, string]>): Finding[];
  stats?(): AnalysisStats;
}

export type { EngineOptions, Finding, FileNotice, FileFacts, FileSummary };
