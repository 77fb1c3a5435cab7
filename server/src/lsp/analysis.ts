/**
 * Keeps the engines' view of the workspace current and publishes what
 * changed: the initial scan of every folder (with cancellable work-done
 * progress), debounced re-analysis of edited documents, reverts on close,
 * watched-file events and configuration changes. All engine mutations go
 * through one queue so a scan and an edit never interleave half-way.
 *
 * Nothing here blocks the event loop for long: parsing and fact extraction
 * run in a worker thread (facts-worker.ts, with the time budget enforced
 * while a file is analysed), files whose text is unchanged since the facts
 * cache was written are not parsed at all (facts-store.ts) — nor even read
 * when their mtime and size are the ones recorded (as ESLint's cache) —
 * and the scan yields between batches. A code action waits only for what it needs: the
 * first scan, and the pending analysis of its own document (`whenCurrent`);
 * it is answered from the published findings while other files are analysed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CancellationToken, Connection, FileEvent, TextDocuments } from 'vscode-languageserver/node';
import { FileChangeType } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileFacts, Finding } from '../engine/types';
import type { FileSummary } from '../engine/selection/summary';
import { reexportsKey } from '../engine/graph/driverReexports';
import { FolderFilter, isProjectConfigName, isSourceFileName, toForwardSlashes } from '../shared/discovery';
import { STATUS_NOTIFICATION, type StatusState } from '../shared/protocol';
import type { PgPoolGuardSettings } from '../shared/settings';
import { optionsKey, RACY_MS, type CachedReport, type CacheEntry, type CacheKey, type FactsCache, type FactsOptions, type FileStamp } from '../shared/facts-cache';
import { hashText } from '../shared/text-hash';
import { runAfter, TaskQueue, yieldToEventLoop } from './exclusive';
import { MAX_READ_BYTES, readSourceText, stampOf, type ReadResult } from './file-reader';
import type { FactsStore } from './facts-store';
import type { FactsJob, FactsWorker, MovedAhead } from './facts-worker';
import { FolderEngines, type EngineFactory, type FolderEngine } from './folder-engines';
import { pathToUri, uriToPath } from './paths';
import type { DiagnosticsPublisher } from './publisher';
import type { SettingsStore } from './settings-store';

export interface WorkspaceFolderRef {
  uri: string;
  path: string;
}

export interface AnalysisOptions {
  debounceMs: number;
  /** One file's analysis slower than this is abandoned (its facts dropped) and reported as skipped. */
  analysisBudgetMs: number;
  /** Parses off the main thread; without it (tests from source) files are analysed in this thread. */
  factsWorker?: FactsWorker;
  /** Persisted facts (the client's storage folder); without it every start parses everything. */
  factsStore?: FactsStore;
  /** Engine identity, for the persisted facts. */
  engineIdentity: string;
}

/** Files a restart reads and hashes, at most, to tell whether the last run's report still holds (the rest had their recorded stat). */
const MAX_REPORT_HASHES = 100;
/** Save the facts cache this long after the last change (and at shutdown). */
const SAVE_DELAY_MS = 5_000;

interface Waiter {
  ready(): boolean;
  resolve(ready: boolean): void;
}

interface Folder extends WorkspaceFolderRef {
  filter: FolderFilter;
  settings: PgPoolGuardSettings;
}

type Progress = {
  token: CancellationToken | undefined;
  report(percentage: number, message?: string): void;
  done(message?: string): void;
};

const SCAN_BATCH = 50;

/** Texts longer than this are text-scanned in the worker (a 1.7 MB module's scan is 80 ms of CPU). */
const WORKER_SCAN_CHARS = 256 * 1024;
/** Facts with more items than this are installed in slices of INSTALL_SLICE_MS (setFactsPaced). */
const PACED_FACTS = 3_000;
const INSTALL_SLICE_MS = 15;

function factsSize(facts: FileFacts): number {
  return facts.nodes.length + facts.edges.length + facts.calls.length;
}

/** A scanned file not read: its persisted entry stands for it (the stat is the recorded one). */
type RestoredRead = { ok: true; restored: CacheEntry; stamp: FileStamp };
/** Rounds of `computeDeferredFacts` in one pass (each parses at least one file; a DI chain needs a few). */
const MAX_SELECTION_ROUNDS = 64;

export class WorkspaceAnalysis {
  private folders: Folder[] = [];
  private folderRefs: WorkspaceFolderRef[] = [];
  private readonly engines: FolderEngines;
  /** Files added from disk by a scan or a watcher event (as opposed to open documents outside the folders). */
  private readonly onDisk = new Set<string>();
  private readonly projectConfigs = new Set<string>();
  private readonly openUris = new Map<string, string>();
  private readonly analysedVersions = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly loggedNotices = new Set<string>();
  /** Files left out of the analysis, and why (size, time budget). */
  private readonly skipped = new Map<string, string>();
  private readonly queue = new TaskQueue();
  private queued = 0;
  private waiters: Waiter[] = [];
  private readonly settledListeners: Array<() => void> = [];
  private firstScanDone = false;
  /** Files whose analysis is running right now (a document's waiters wait for it). */
  private readonly analysing = new Set<string>();
  /** Folder roots whose persisted facts were loaded (once per server run), and the loaded caches until the scan used them. */
  private readonly loadedCaches = new Set<string>();
  private readonly restoring = new Map<string, FactsCache>();
  /**
   * The stat of each file whose engine text was read from disk, when its
   * mtime was safely older than the read (facts-cache.ts: a file written in
   * the same timestamp tick as it was read is checked by hash next time).
   */
  private readonly stamps = new Map<string, FileStamp>();
  /** Engine changes since the facts cache was last saved. */
  private unsaved = 0;
  /** A sliced save is under way: a shutdown meanwhile must write synchronously (the async write would be cut off). */
  private saving = false;
  /** Files of the current scan whose persisted facts were used. */
  private restoredCount = 0;
  /** The text of every project config handed to an engine (part of what a persisted report was derived from). */
  private readonly configTexts = new Map<string, string>();
  /** Files of the current scan not even read: their stat was the one recorded. */
  private unreadCount = 0;
  /** Diagnostics published before their facts were installed (`publishMovedFindings`), until the pass publishes that file. */
  private readonly publishedEarly = new Map<string, { version: number; findings: readonly Finding[] }>();
  /** Documents of the current pass whose diagnostics came from the worker's position map (publishMovedAhead), for its log line. */
  private publishedAhead = 0;
  private saveTimer: NodeJS.Timeout | undefined;
  /** Cancels the debounced analysis of the pending documents (set while it waits). */
  private cancelDebounce: (() => void) | undefined;
  private scanGeneration = 0;
  private changeCounter = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    createEngine: EngineFactory,
    private readonly settings: SettingsStore,
    private readonly publisher: DiagnosticsPublisher,
    private readonly options: AnalysisOptions,
    private readonly log: (message: string) => void,
  ) {
    this.engines = new FolderEngines(createEngine);
  }

  /** Changes whenever the analysed workspace or an open document changes (cache key for rewrites). */
  revision(): number {
    return this.changeCounter;
  }

  /** The URI the client uses for `path`, if it is open. */
  openUriOf(path: string): string | undefined {
    return this.openUris.get(path);
  }

  /** The engine (and rewrite service) that analyses `path`. */
  engineFor(path: string): FolderEngine {
    return this.engines.of(path);
  }

  setFolders(folders: WorkspaceFolderRef[]): void {
    this.folderRefs = folders;
    for (const dropped of this.engines.setRoots(folders.map((f) => f.path))) {
      for (const path of dropped.engine.files()) {
        this.onDisk.delete(path);
        this.skipped.delete(path);
        if (this.publisher.get(path)) this.publisher.clear(path);
      }
    }
  }

  async settingsFor(path: string): Promise<PgPoolGuardSettings> {
    const folder = this.folderOf(path);
    return folder ? this.settings.get(folder.uri) : this.settings.get(this.openUris.get(path) ?? pathToUri(path));
  }

  /**
   * Resolves true once the first scan is done and no analysis is queued or
   * waiting for its debounce; false when `timeoutMs` passes first. Throws
   * nothing: a cancelled token just stops the wait (the caller checks it).
   */
  whenSettled(timeoutMs: number, token?: CancellationToken): Promise<boolean> {
    return this.waitUntil(() => this.isSettled(), timeoutMs, token);
  }

  /**
   * Resolves true once the findings published for `path` are current: the
   * first scan is done and the document has no analysis pending or running.
   * Analyses of other files do not hold it up (their results reach this file
   * through its next publish). False when `timeoutMs` passes first.
   */
  whenCurrent(path: string, timeoutMs: number, token?: CancellationToken): Promise<boolean> {
    return this.waitUntil(() => this.isCurrent(path), timeoutMs, token);
  }

  private waitUntil(ready: () => boolean, timeoutMs: number, token?: CancellationToken): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let finished = false;
      const waiter: Waiter = { ready, resolve: (value) => finish(value) };
      const finish = (value: boolean) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        cancellation?.dispose();
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(value);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const cancellation = token?.onCancellationRequested(() => finish(false));
      this.waiters.push(waiter);
    });
  }

  /** True when the first scan is done and nothing is queued or debouncing (the engine holds a finished analysis). */
  isSettled(): boolean {
    return this.firstScanDone && this.queued === 0 && this.pending.size === 0 && this.cancelDebounce === undefined;
  }

  private isCurrent(path: string): boolean {
    if (!this.firstScanDone || this.analysing.has(path)) return false;
    const uri = this.openUris.get(path);
    // Not pending: analysed, or not to be (`run: onSave` between saves), so what is published stands.
    return !uri || !this.pending.has(uri);
  }

  /** `listener` runs each time the analysis settles (code actions compute rewrites ahead of the list then). */
  onSettled(listener: () => void): void {
    this.settledListeners.push(listener);
  }

  /** Resolve every waiter whose condition holds now. */
  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) if (waiter.ready()) waiter.resolve(true);
    if (this.isSettled()) for (const listener of this.settledListeners) listener();
  }

  /** Every engine mutation runs through here, one at a time. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.queued++;
    return this.queue.run(task).finally(() => {
      this.queued--;
      this.notifyWaiters();
    });
  }

  // ---- whole-workspace scan ------------------------------------------------

  /**
   * Re-read every folder from disk. A newer scan request supersedes one in
   * progress; the user (progress cancel button) or `token` can cancel it,
   * keeping what was analysed so far.
   */
  scan(token?: CancellationToken, options: { rereadSettings?: boolean } = {}): Promise<void> {
    // Analyze Workspace starts from scratch: a client that never sent didChangeConfiguration gets its current settings read.
    if (options.rereadSettings) this.settings.invalidate();
    const generation = ++this.scanGeneration;
    return this.enqueue(() => this.runScan(generation, token));
  }

  private async runScan(generation: number, requestToken: CancellationToken | undefined): Promise<void> {
    if (generation !== this.scanGeneration) return;
    const started = Date.now();
    this.sendStatus('analysing', 0);
    const progress = await this.createProgress();
    const cancelled = () => requestToken?.isCancellationRequested === true || progress.token?.isCancellationRequested === true;
    let analysed = 0;
    let total = 0;
    try {
      await this.loadFolderSettings();
      // Sets: nested workspace folders would otherwise list their files twice.
      const wanted = new Set<string>();
      const configs = new Set<string>();
      let generated = 0;
      for (const folder of this.folders) {
        if (cancelled()) break;
        const found = await folder.filter.discover();
        for (const source of found.sources) wanted.add(source);
        for (const config of found.projectConfigs) configs.add(config);
        generated += found.generated.length;
      }
      if (generated > 0) {
        this.log(`${generated} vendored or minified file${generated === 1 ? '' : 's'} skipped (vendor/ folders, *.min.js); set pgPoolGuard.analyzeGeneratedFiles to analyse them`);
      }
      const sources = [...wanted];
      total = sources.length;
      this.restoredCount = 0;
      this.unreadCount = 0;
      if (!cancelled()) {
        this.forgetFilesNotIn(wanted);
        await this.loadProjectConfigs(configs);
        await this.restorePersistedFacts();
      }
      // Nothing changed since the last run: its findings are this scan's, shown before any fact is installed.
      const early = cancelled() ? undefined : await this.publishCachedReports(sources);
      if (early) {
        this.log(`Cached report: nothing changed since the last run, its findings published (${early.size} file${early.size === 1 ? '' : 's'}) before its facts are installed`);
        this.sendStatus('ok', Date.now() - started, undefined, sources.length);
      }
      // Read the next batch while analysing the current one.
      const readBatch = (start: number) => Promise.all(sources.slice(start, start + SCAN_BATCH).map((p) => (this.openUris.has(p) ? undefined : this.readOrRestore(p))));
      let nextReads = cancelled() ? Promise.resolve([]) : readBatch(0);
      for (let start = 0; start < sources.length && !cancelled(); start += SCAN_BATCH) {
        if (generation !== this.scanGeneration) {
          this.log('Workspace scan superseded by a newer one');
          return;
        }
        const reads = await nextReads;
        nextReads = readBatch(start + SCAN_BATCH);
        // The worker takes the batch's files one after another; this thread installs each as it comes back.
        await Promise.all(reads.map((read, i) => this.load(sources[start + i], read)));
        analysed = Math.min(start + SCAN_BATCH, sources.length);
        progress.report(Math.floor((analysed / sources.length) * 100), `${analysed}/${sources.length} files`);
        await yieldToEventLoop();
      }
      await nextReads.catch(() => undefined);
      // Open documents outside the folders stay in the analysis.
      for (const [path, uri] of this.openUris) {
        if (!wanted.has(path)) await this.analyseDocument(uri);
      }
      // The module resolutions the last run saved: each engine's resolver uses them only while the file set and
      // configs have the fingerprint they were computed for (seeded now that the scan has handed in every file).
      for (const [root, cache] of this.restoring) if (cache.resolutions) this.engines.forRoot(root).engine.seedResolutions?.(cache.resolutions);
      if (this.restoring.size > 0) {
        const unread = this.unreadCount > 0 ? `; ${this.unreadCount} not even read (mtime and size as recorded)` : '';
        this.log(`Facts cache: ${this.restoredCount} of ${total} files unchanged since the last run, not parsed again${unread}`);
      }
      // A persisted report that did not hold is replaced by this scan's, even when every file's facts were reused.
      if (!early && this.restoring.size > 0) this.unsaved++;
      this.restoring.clear();
      // Files the early report showed findings in are published again, so a difference could not linger.
      await this.publishChanges(early ?? new Set());
      this.logNotices();
      this.scheduleSave(0);
      const ms = Date.now() - started;
      if (cancelled()) {
        const when = total === 0 ? 'before it read any file' : `after ${analysed} of ${total} files`;
        const message = `workspace scan cancelled ${when}; run "pg-pool-guard: Analyze Workspace" to finish it`;
        this.log(`Scan cancelled ${when} (${ms} ms): ${this.summary()}`);
        progress.done('cancelled');
        this.sendStatus('warning', ms, message);
      } else {
        this.log(`Scanned ${this.folders.length} folder${this.folders.length === 1 ? '' : 's'} in ${ms} ms: ${this.summary()}`);
        progress.done();
        this.sendStatus('ok', ms);
      }
    } catch (error) {
      this.log(`Workspace scan failed: ${(error as Error).stack ?? error}`);
      progress.done();
      this.sendStatus('error', Date.now() - started, (error as Error).message);
    } finally {
      progress.done(); // no-op when already done; ends the progress of a superseded scan
      this.firstScanDone = true;
    }
  }

  /** Files from an earlier scan that are gone, or now belong to another folder's engine. */
  private forgetFilesNotIn(wanted: Set<string>): void {
    for (const entry of this.engines.all()) {
      for (const path of entry.engine.files()) {
        const moved = this.engines.rootOf(path) !== entry.root;
        if (moved || (this.onDisk.has(path) && !wanted.has(path) && !this.openUris.has(path))) {
          entry.engine.removeFile(path);
          if (!moved) this.onDisk.delete(path);
        }
      }
    }
  }

  private async loadProjectConfigs(configs: Set<string>): Promise<void> {
    for (const config of this.projectConfigs) {
      if (!configs.has(config)) {
        this.engines.of(config).engine.removeProjectConfig(config);
        this.configTexts.delete(config);
      }
    }
    this.projectConfigs.clear();
    for (const config of configs) {
      const read = await readSourceText(config);
      if (!read.ok) continue;
      this.engines.of(config).engine.setProjectConfig(config, read.text);
      this.configTexts.set(config, read.text);
      this.projectConfigs.add(config);
    }
  }

  private async createProgress(): Promise<Progress> {
    let reporter: { token?: CancellationToken; begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void; report(percentage: number, message?: string): void; done(): void };
    try {
      reporter = await this.connection.window.createWorkDoneProgress();
    } catch {
      // The client refused the progress token: carry on without progress reports.
      reporter = { begin() {}, report() {}, done() {} };
    }
    reporter.begin('pg-pool-guard', 0, 'Finding files…', true);
    let finished = false;
    return {
      token: reporter.token,
      report: (percentage: number, message?: string) => reporter.report(percentage, message),
      done: (message?: string) => {
        if (finished) return;
        finished = true;
        if (message) reporter.report(100, message);
        reporter.done();
      },
    };
  }

  private async loadFolderSettings(): Promise<void> {
    const folders: Folder[] = [];
    for (const ref of this.folderRefs) {
      const settings = await this.settings.get(ref.uri);
      folders.push({ ...ref, settings, filter: new FolderFilter(ref.path, settings.exclude, { analyzeGeneratedFiles: settings.analyzeGeneratedFiles }) });
    }
    // Longest root first, so nested folders win.
    folders.sort((a, b) => b.path.length - a.path.length);
    this.folders = folders;
    for (const folder of folders) {
      // Each folder's own pgModules, in its own engine (changing them re-analyses that engine's files).
      const entry = this.engines.forRoot(toForwardSlashes(folder.path));
      entry.rewrites.setConnectionTimeoutMillis(folder.settings.connectionTimeoutMillis);
      const key = JSON.stringify([[...folder.settings.pgModules].sort(), folder.settings.drivers, folder.settings.analyzeGeneratedFiles]);
      if (key !== entry.pgModulesKey) {
        entry.pgModulesKey = key;
        entry.engine.setOptions({
          pgModules: [...folder.settings.pgModules], drivers: { ...folder.settings.drivers }, rules: {},
          analyzeGeneratedFiles: folder.settings.analyzeGeneratedFiles,
        });
      }
    }
  }

  /** True when the file is in the analysis afterwards. */
  private async loadFromDiskOrDocument(path: string): Promise<boolean> {
    // Like the scan, never follow a symlink out of the folder (a watched event may name one).
    const root = this.folderOf(path)?.path;
    await this.load(path, this.openUris.has(path) ? undefined : await readSourceText(path, root ? { noLinksBelow: root } : {}));
    return this.engines.of(path).engine.hasFile(path);
  }

  /**
   * A scanned file's text from disk — or, when the persisted facts of its
   * folder record this very mtime and size for it, that entry, without
   * reading the file (ESLint's cache: metadata first, the content hash
   * as the fallback).
   */
  private async readOrRestore(path: string): Promise<ReadResult | RestoredRead> {
    const cache = this.restoring.get(this.engines.of(path).root);
    if (cache) {
      const stamp = stampOf(path);
      const entry = stamp ? cache.unchanged(path, stamp) : undefined;
      if (entry && stamp) return { ok: true, restored: entry, stamp };
    }
    return readSourceText(path);
  }

  /** Feed one file to its engine: the open document's text when open (`read` unused), else what was read from disk. */
  private async load(path: string, read: ReadResult | RestoredRead | undefined): Promise<void> {
    const uri = this.openUris.get(path);
    const doc = uri ? this.documents.get(uri) : undefined;
    if (doc) {
      const version = doc.version;
      this.stamps.delete(path);
      await this.analyseText(path, doc.getText());
      this.analysedVersions.set(doc.uri, version);
      this.onDisk.add(path);
      return;
    }
    if (!read) return;
    if (read.ok && 'restored' in read) {
      if (this.restoreUnread(path, read.restored, read.stamp)) {
        this.onDisk.add(path);
        return;
      }
      // The entry cannot stand in for the text (the engine wants it parsed now): read it after all.
      read = await readSourceText(path);
    }
    if (read.ok && 'text' in read) {
      this.recordStamp(path, read.stamp);
      await this.analyseText(path, read.text);
      this.onDisk.add(path);
    } else if (!read.ok) {
      this.removeEverywhere(path);
      if (!read.missing) this.skip(path, read.reason);
      this.onDisk.delete(path);
    }
  }

  // ---- open documents ------------------------------------------------------

  didOpen(doc: TextDocument): void {
    const path = uriToPath(doc.uri);
    if (!path || !isSourceFileName(path)) return;
    this.openUris.set(path, doc.uri);
    this.schedule(doc.uri);
  }

  didChange(doc: TextDocument): void {
    const path = uriToPath(doc.uri);
    if (!path || !this.openUris.has(path)) return;
    this.changeCounter++;
    void this.settingsFor(path).then((s) => {
      if (s.run === 'onType') this.schedule(doc.uri);
    });
  }

  didSave(doc: TextDocument): void {
    const path = uriToPath(doc.uri);
    if (path && this.openUris.has(path)) this.schedule(doc.uri);
  }

  didClose(uri: string): void {
    const path = uriToPath(uri);
    if (!path || this.openUris.get(path) !== uri) return;
    this.openUris.delete(path);
    this.pending.delete(uri);
    this.analysedVersions.delete(uri);
    void this.enqueue(async () => {
      const started = Date.now();
      const inFolder = this.folderOf(path);
      if (inFolder && (await inFolder.filter.includes(path))) {
        await this.loadFromDiskOrDocument(path);
        await this.publishChanges(new Set());
      } else {
        this.removeEverywhere(path);
        this.onDisk.delete(path);
        await this.publishChanges(new Set());
        this.publisher.clear(path, uri);
      }
      this.finishPass(`Closed ${this.displayOf(path)}`, Date.now() - started);
    });
  }

  private schedule(uri: string): void {
    this.changeCounter++;
    this.pending.add(uri);
    this.cancelDebounce?.();
    this.cancelDebounce = runAfter(this.options.debounceMs, () => {
      this.cancelDebounce = undefined;
      void this.enqueue(() => this.flush()).catch((error: unknown) => {
        this.log(`Analysis failed: ${(error as Error)?.stack ?? String(error)}`);
        this.sendStatus('error', 0, (error as Error)?.message ?? String(error));
      });
    });
  }

  /** Analyse the latest text of every pending document; superseded versions are never analysed. */
  private async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const started = Date.now();
    const uris = [...this.pending];
    this.pending.clear();
    const analysed = new Set<string>();
    for (const uri of uris) {
      const path = await this.analyseDocument(uri);
      if (path) analysed.add(path);
    }
    const parsed = Date.now();
    const deriveMs = await this.publishChanges(analysed);
    this.logNotices();
    const ms = Date.now() - started;
    const names = [...analysed].map((p) => this.displayOf(p)).join(', ') || 'nothing';
    const ahead = this.publishedAhead > 0 ? '; moved findings published ahead of the facts' : '';
    this.publishedAhead = 0;
    this.finishPass(`Analysed ${names} (parse ${parsed - started} ms, findings ${deriveMs} ms${ahead})`, ms);
  }

  /** Returns the path when the document is part of the analysis. */
  private async analyseDocument(uri: string): Promise<string | undefined> {
    const doc = this.documents.get(uri);
    const path = uriToPath(uri);
    if (!doc || !path) return undefined;
    if (!(await this.isAnalysable(path))) {
      // Excluded (possibly by a settings change while open): out of the analysis and the Problems panel.
      this.removeEverywhere(path);
      if (this.publisher.get(path)) this.publisher.clear(path, uri);
      return undefined;
    }
    const { engine } = this.engines.of(path);
    if (this.analysedVersions.get(uri) !== doc.version || !engine.hasFile(path)) {
      const version = doc.version;
      // The editor's text, not the disk's: no stat stands for it.
      this.stamps.delete(path);
      await this.analyseText(path, doc.getText(), false, version);
      this.analysedVersions.set(uri, version);
    }
    return path;
  }

  private async isAnalysable(path: string): Promise<boolean> {
    const folder = this.folderOf(path);
    if (folder) return folder.filter.includes(path);
    return isSourceFileName(path);
  }

  // ---- watched files -------------------------------------------------------

  didChangeWatchedFiles(changes: FileEvent[]): Promise<void> {
    return this.enqueue(async () => {
      const started = Date.now();
      let read = 0;
      let removed = 0;
      for (const change of changes) {
        const path = uriToPath(change.uri);
        if (!path) continue;
        if (isProjectConfigName(path)) {
          await this.projectConfigChanged(path, change.type);
          read++;
          continue;
        }
        if (this.openUris.has(path)) continue; // the editor's text wins over the disk
        if (change.type === FileChangeType.Deleted) {
          if (this.removeEverywhere(path)) removed++;
          this.onDisk.delete(path);
          continue;
        }
        const folder = this.folderOf(path);
        if (folder && (await folder.filter.includes(path)) && (await this.loadFromDiskOrDocument(path))) read++;
      }
      await this.publishChanges(new Set());
      this.finishPass(`Files changed on disk: ${read} read, ${removed} removed`, Date.now() - started);
    });
  }

  private async projectConfigChanged(path: string, type: FileChangeType): Promise<void> {
    const folder = this.folderOf(path);
    const read = type === FileChangeType.Deleted || !folder ? undefined : await readSourceText(path, { noLinksBelow: folder.path });
    const { engine } = this.engines.of(path);
    if (read?.ok && folder && (await folder.filter.includes(path))) {
      engine.setProjectConfig(path, read.text);
      this.configTexts.set(path, read.text);
      this.projectConfigs.add(path);
    } else {
      engine.removeProjectConfig(path);
      this.configTexts.delete(path);
      this.projectConfigs.delete(path);
    }
  }

  // ---- configuration -------------------------------------------------------

  /** Settings changed: re-scan when the file set or pg modules changed, else just republish. */
  configurationChanged(pushed: unknown): Promise<void> {
    this.settings.invalidate(pushed);
    return this.enqueue(async () => {
      const started = Date.now();
      const fileSet = (f: Folder) => JSON.stringify([f.path, f.settings.exclude, f.settings.pgModules, f.settings.analyzeGeneratedFiles]);
      const before = this.folders.map(fileSet).join('|');
      await this.loadFolderSettings();
      const after = this.folders.map(fileSet).join('|');
      if (before !== after) {
        void this.scan();
        return;
      }
      const paths = new Set([...this.publisher.paths(), ...this.engines.all().flatMap((e) => e.engine.getFindings().map((f) => f.file))]);
      for (const path of paths) await this.publishFile(path, true);
      this.finishPass('Settings changed', Date.now() - started);
    });
  }

  // ---- publishing ----------------------------------------------------------

  /** Publish every file whose findings changed, plus the documents just analysed. Returns how long deriving the findings took. */
  private async publishChanges(analysed: Set<string>): Promise<number> {
    this.changeCounter++;
    await yieldToEventLoop();
    const started = Date.now();
    await this.computeDeferredFacts();
    for (const entry of this.engines.all()) entry.engine.getFindings();
    const deriveMs = Date.now() - started;
    // The documents just analysed first: they are what the user is looking at.
    const changed = new Set([...analysed, ...this.engines.all().flatMap((e) => e.engine.takeChangedFiles())]);
    const sends: (() => void)[] = [];
    for (const path of changed) sends.push(await this.recordFile(path, analysed.has(path)));
    // Code actions waiting for this analysis are answered before the diagnostics go out: VS Code
    // cancels a pending Ctrl+. when the file's markers change, and would then show "No code actions".
    if (this.waiters.length > 0 && this.queued <= 1) {
      this.firstScanDone = true;
      const before = this.waiters.length;
      this.notifyWaiters();
      if (this.waiters.length < before) await yieldToEventLoop();
    }
    for (const send of sends) send();
    // The connection writes one queued message per event-loop turn: the first (the edited document's
    // diagnostics) goes out before the rest of the pass (notices, its log line and status).
    if (sends.length > 0) await yieldToEventLoop();
    return deriveMs;
  }

  /**
   * The facts the engines' file selection needs and has not got (files
   * that were only text-scanned, until an import or a DI token tied them to
   * a driver file), computed like any other (the worker, the budget),
   * round after round until the selection is complete. Without this,
   * `getFindings` would parse them on this thread.
   */
  private async computeDeferredFacts(): Promise<void> {
    for (let round = 0; round < MAX_SELECTION_ROUNDS; round++) {
      const needed = this.engines.all().flatMap((entry) => entry.engine.filesNeedingFacts?.() ?? []);
      if (needed.length === 0) return;
      for (let start = 0; start < needed.length; start += SCAN_BATCH) {
        await Promise.all(needed.slice(start, start + SCAN_BATCH).map((path) => this.analyseSource(path)));
        await yieldToEventLoop();
      }
    }
  }

  /** Parse a file the selection needs: its open document's text, else the disk's. */
  private async analyseSource(path: string): Promise<void> {
    const uri = this.openUris.get(path);
    const doc = uri ? this.documents.get(uri) : undefined;
    if (doc) {
      this.stamps.delete(path);
      return this.analyseText(path, doc.getText(), true);
    }
    const root = this.folderOf(path)?.path;
    const read = await readSourceText(path, root ? { noLinksBelow: root } : {});
    if (read.ok) {
      this.recordStamp(path, read.stamp);
      return this.analyseText(path, read.text, true);
    }
    // Gone or unreadable since it was scanned: out of the analysis, as a scan would leave it.
    this.removeEverywhere(path);
    if (!read.missing) this.skip(path, read.reason);
    this.onDisk.delete(path);
  }

  private async publishFile(path: string, always: boolean): Promise<void> {
    (await this.recordFile(path, always))();
  }

  /** Record the file's findings for code actions; returns the notification that tells the client. */
  private async recordFile(path: string, always: boolean): Promise<() => void> {
    const uri = this.openUris.get(path);
    const version = uri ? this.documents.get(uri)?.version : undefined;
    const { engine } = this.engines.of(path);
    const findings = engine.hasFile(path) ? engine.findingsForFile(path) : [];
    const early = this.publishedEarly.get(path);
    this.publishedEarly.delete(path);
    // Already published for this version: the install kept the very findings published before it.
    // The same objects when the install kept what was published; equal ones when they were moved ahead of the facts (publishMovedAhead).
    if (early && early.version === version && early.findings.length === findings.length && early.findings.every((f, i) => f === findings[i] || isDeepStrictEqual(f, findings[i]))) return () => undefined;
    return this.publisher.publish(path, findings, await this.settingsFor(path), { always, version });
  }

  /**
   * An open document's new facts that only move the positions of its
   * installed ones: its diagnostics are the findings moved with them
   * (`findingsIfMoved`), published before the install (string table, graph
   * tables), which keeps those very findings. Not while a code action waits
   * for this file: its answer goes out before the markers change (publishChanges).
   */
  private async publishMovedFindings(engine: FolderEngine['engine'], path: string, facts: FileFacts, summary: FileSummary | undefined, version: number): Promise<void> {
    if (!this.mayPublishEarly(path, version) || this.publishedEarly.get(path)?.version === version) return;
    const moved = engine.findingsIfMoved?.(facts, summary);
    if (!moved) return;
    await this.publishEarly(path, version, moved);
    // The connection writes on the next turn of the event loop: before the install, not after it.
    await yieldToEventLoop();
  }

  /**
   * As `publishMovedFindings`, from the worker's position map, before the
   * facts are serialised and received (MovedAhead): that is most of an
   * edit's time to diagnostics in a large file.
   */
  private async publishMovedAhead(engine: FolderEngine['engine'], path: string, ahead: MovedAhead, summary: FileSummary | undefined, version: number): Promise<void> {
    if (!this.mayPublishEarly(path, version)) return;
    const moved = engine.findingsIfMovedFrom?.(ahead.base, ahead.moved, ahead.facts, summary);
    if (!moved) return;
    await this.publishEarly(path, version, moved);
    this.publishedAhead++;
  }

  /**
   * The document's share of `moved` (the workspace's findings moved to this version) as its diagnostics,
   * ahead of its pass; recorded first, so the pass (publishFile) and a later early publish skip them.
   */
  private async publishEarly(path: string, version: number, moved: readonly Finding[]): Promise<void> {
    const findings = moved.filter((f) => f.file === path);
    this.publishedEarly.set(path, { version, findings });
    this.publisher.publish(path, findings, await this.settingsFor(path), { always: true, version })();
  }

  /** Not while a code action waits (its answer goes out before the markers change: publishChanges), nor for a version no longer current. */
  private mayPublishEarly(path: string, version: number): boolean {
    return this.waiters.length === 0 && this.documents.get(this.openUris.get(path) ?? '')?.version === version;
  }

  // ---- helpers -------------------------------------------------------------

  /**
   * Bring one file's facts up to date with `text`: nothing to do when they
   * already are, the persisted facts when the text is the one they were
   * saved for, else the worker's. A file over the time budget is dropped.
   * With the engine's file selection, a file that cannot take part in a
   * finding as far as is known gets only its text scan (`setSummary`);
   * `computeDeferredFacts` parses it if the selection comes to need it.
   */
  private async analyseText(path: string, text: string, needFacts = false, documentVersion?: number): Promise<void> {
    const entry = this.engines.of(path);
    const { engine } = entry;
    if (text.length > MAX_READ_BYTES) {
      this.removeEverywhere(path);
      this.skip(path, `over the ${MAX_READ_BYTES / 1024 / 1024} MB size limit`);
      return;
    }
    const hash = hashText(text);
    if (engine.upToDate?.(path, hash) && (!needFacts || engine.facts(path) !== undefined)) {
      this.skipped.delete(path);
      return;
    }
    const cached = this.restoring.get(entry.root)?.entryFor(path, hash);
    const worker = this.options.factsWorker;
    // A big text's scan would hold this thread up: the worker does it along with the facts.
    const scanInWorker = worker !== undefined && engine.setFacts !== undefined && cached?.summary === undefined && text.length > WORKER_SCAN_CHARS;
    const job = (): FactsJob => ({ path, text, options: this.factsOptionsFor(entry, path), summarize: cached?.summary === undefined && scanInWorker, keepTree: this.openUris.has(path) });
    // The worker's messages come on later turns of the event loop: by then the scan below has set this.
    const scan: { summary?: FileSummary } = {};
    // Called from a worker message: a failure is logged (the install that follows publishes anyway), never left unhandled.
    const onMoved = documentVersion === undefined ? undefined : (ahead: MovedAhead) => void this.publishMovedAhead(engine, path, ahead, scan.summary, documentVersion).catch((error: unknown) => this.log(`Publishing the moved findings of ${this.displayOf(path)} failed: ${(error as Error)?.message ?? String(error)}`));
    // An edit of a file whose facts are wanted (selected before): the worker parses while this thread scans the text.
    const early = worker && engine.setFacts && cached === undefined && engine.hasFile(path) && engine.wantsFactsNow?.(path) ? worker.analyse(job(), onMoved) : undefined;
    const summary = cached?.summary ?? (scanInWorker ? undefined : engine.summarizeFile?.(path, text));
    scan.summary = summary;
    const restored = cached?.facts;
    // Facts computed with other driver re-exports than the file's imports resolve to now are not restored.
    if (restored && engine.setFacts && reexportsKey(restored.reexports) === reexportsKey(engine.reexportsFor?.(path))) {
      // Both from the cache's JSON.parse (cached.summary is defined whenever restored is): flat strings, no interning.
      engine.setFacts(restored, hash, undefined, summary, cached?.summary !== undefined);
      this.restoredCount++;
      this.skipped.delete(path);
      return;
    }
    // A file whose facts were wanted gets them with its summary (setFacts), as updateFile does: the
    // installed facts stay until then, and new facts equal to them change nothing.
    if (summary && engine.setSummary && engine.wantsFactsNow && !needFacts && !early) {
      engine.setSummary(path, summary, hash);
      this.unsaved++;
      this.skipped.delete(path);
      if (!engine.wantsFactsNow(path)) return;
    }
    if (!worker || !engine.setFacts) {
      const started = Date.now();
      engine.updateFile(path, text);
      const ms = Date.now() - started;
      this.unsaved++;
      if (ms > this.options.analysisBudgetMs) {
        // Analysed on this thread: the work is done, but dropping it keeps one pathological file from dominating.
        engine.removeFile(path);
        this.skip(path, `analysis took ${ms} ms, over the ${this.options.analysisBudgetMs} ms time budget`);
        return;
      }
      this.skipped.delete(path);
      return;
    }
    this.analysing.add(path);
    try {
      const outcome = await (early ?? worker.analyse(job(), onMoved));
      // Receiving a big file's facts took a while already; let waiting requests in before indexing them.
      await yieldToEventLoop();
      if (outcome.kind === 'facts') {
        const scanned = summary ?? outcome.summary;
        if (summary === undefined && scanned && engine.setSummary && engine.wantsFactsNow && !needFacts && !early) {
          // The text scan came from the worker: only now is it known whether the facts are wanted.
          engine.setSummary(path, scanned, hash);
          this.unsaved++;
          this.skipped.delete(path);
          if (!engine.wantsFactsNow(path)) return;
        }
        if (engine.setFactsPaced && factsSize(outcome.facts) > PACED_FACTS) {
          // 10,000s of nodes: the graph tables are built in slices, so requests are answered in between.
          await engine.setFactsPaced(outcome.facts, hash, scanned, yieldToEventLoop, INSTALL_SLICE_MS);
        } else {
          if (documentVersion !== undefined) await this.publishMovedFindings(engine, path, outcome.facts, scanned, documentVersion);
          engine.setFacts(outcome.facts, hash, undefined, scanned);
        }
        this.unsaved++;
        this.skipped.delete(path);
      } else {
        this.removeEverywhere(path);
        this.skip(path, outcome.kind === 'over-budget' ? `analysis stopped after ${outcome.ms} ms, over the ${this.options.analysisBudgetMs} ms time budget` : outcome.reason);
      }
    } finally {
      this.analysing.delete(path);
    }
  }

  /**
   * Install a persisted entry for a file that was not read (its stat is the
   * recorded one): its facts, or its text scan alone when the selection did
   * not parse it. False when that is not enough (the engine wants facts for
   * a file the entry has none for); the caller reads the file then.
   */
  private restoreUnread(path: string, cached: CacheEntry, stamp: FileStamp): boolean {
    const { engine } = this.engines.of(path);
    if (!cached.summary || !engine.setFacts || !engine.setSummary || !engine.wantsFactsNow) return false;
    if (engine.upToDate?.(path, cached.hash) && (cached.facts === undefined || engine.facts(path) !== undefined)) {
      this.stamps.set(path, stamp);
      return true;
    }
    // Persisted entries come from JSON.parse: flat strings, installed without the string table.
    if (cached.facts) {
      engine.setFacts(cached.facts, cached.hash, undefined, cached.summary, true);
      this.restoredCount++;
    } else {
      engine.setSummary(path, cached.summary, cached.hash, undefined, true);
      if (engine.wantsFactsNow(path)) return false;
    }
    this.stamps.set(path, stamp);
    this.skipped.delete(path);
    this.unreadCount++;
    return true;
  }

  /** Keep a disk read's stat for the persisted facts when its mtime is safely older than now. */
  private recordStamp(path: string, stamp: FileStamp | undefined): void {
    if (stamp && stamp.mtimeMs < Date.now() - RACY_MS) this.stamps.set(path, stamp);
    else this.stamps.delete(path);
  }

  /** The options the folder's engine computes facts with (loadFolderSettings sets them; rules are always all on in the LSP engine). */
  private factsOptionsOf(entry: FolderEngine): FactsOptions {
    if (entry.pgModulesKey) {
      const [pgModules, drivers, analyzeGeneratedFiles] = JSON.parse(entry.pgModulesKey) as [string[], Partial<Record<string, string[]>>, boolean | undefined];
      return { pgModules, drivers, analyzeGeneratedFiles: analyzeGeneratedFiles === true };
    }
    const settings = this.folders.find((f) => toForwardSlashes(f.path) === entry.root)?.settings;
    return { pgModules: settings?.pgModules ?? [], drivers: settings?.drivers ?? {}, analyzeGeneratedFiles: settings?.analyzeGeneratedFiles === true };
  }

  /** As factsOptionsOf, with the driver re-exports the engine sees for this file. */
  private factsOptionsFor(entry: FolderEngine, path: string): FactsOptions {
    const options = this.factsOptionsOf(entry);
    const reexports = entry.engine.reexportsFor?.(path);
    return reexports ? { ...options, reexports } : options;
  }

  // ---- persisted facts -------------------------------------------------------

  private cacheKey(entry: FolderEngine): CacheKey {
    return { engine: this.options.engineIdentity, options: optionsKey(this.factsOptionsOf(entry)) };
  }

  /**
   * What a persisted report was derived from: the engine, the facts options,
   * the folder, its file set and the texts of its project configs (each
   * file's text is checked against its cache entry on its own).
   */
  private reportKey(root: string, paths: readonly string[]): string {
    const configs = [...this.configTexts].filter(([config]) => this.engines.of(config).root === root).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return hashText(JSON.stringify([this.options.engineIdentity, optionsKey(this.factsOptionsOf(this.engines.forRoot(root))), root, [...paths].sort(), configs]));
  }

  /** The engine's findings for the facts cache, when they are those of its complete selection (nothing left to parse). */
  private reportOf(entry: FolderEngine): CachedReport | undefined {
    const { engine } = entry;
    if ((engine.filesNeedingFacts?.() ?? []).length > 0) return undefined;
    return { key: this.reportKey(entry.root, engine.files()), findings: engine.getFindings(), notices: [] };
  }

  /**
   * On a restart: when every folder's file set, configs and options are the
   * ones its persisted report was derived from, and every file's stat (an
   * open document: its text's hash) is the one its cache entry records,
   * publish that report — the findings the engine would derive from those
   * very facts — before they are installed. Returns the files it published
   * findings in; undefined (nothing published) when anything differs.
   */
  private async publishCachedReports(sources: readonly string[]): Promise<Set<string> | undefined> {
    if (this.restoring.size === 0 || this.publisher.paths().length > 0) return undefined;
    const byRoot = new Map<string, string[]>();
    for (const path of sources) {
      const root = this.engines.of(path).root;
      const paths = byRoot.get(root);
      if (paths) paths.push(path);
      else byRoot.set(root, [path]);
    }
    const findings: Finding[] = [];
    for (const [root, paths] of byRoot) {
      const cache = this.restoring.get(root);
      const report = cache?.findingsFor(this.reportKey(root, paths));
      if (!cache || !report) return undefined;
      // A file with another stat (or none recorded: read too soon after it was written) is read and hashed, when few are.
      const unsure: string[] = [];
      for (const path of paths) {
        if (this.unchangedSinceSaved(cache, path)) continue;
        if (this.openUris.has(path) || cache.hashOf(path) === undefined || unsure.push(path) > MAX_REPORT_HASHES) return undefined;
      }
      for (const path of unsure) {
        const read = await readSourceText(path);
        if (!read.ok || hashText(read.text) !== cache.hashOf(path)) return undefined;
      }
      findings.push(...report.findings);
    }
    const byFile = new Map<string, Finding[]>();
    for (const finding of findings) {
      const list = byFile.get(finding.file);
      if (list) list.push(finding);
      else byFile.set(finding.file, [finding]);
    }
    const sends: (() => void)[] = [];
    for (const [path, list] of byFile) {
      const uri = this.openUris.get(path);
      const version = uri ? this.documents.get(uri)?.version : undefined;
      sends.push(this.publisher.publish(path, list, await this.settingsFor(path), { version }));
    }
    for (const send of sends) send();
    return new Set(byFile.keys());
  }

  private unchangedSinceSaved(cache: FactsCache, path: string): boolean {
    const uri = this.openUris.get(path);
    const doc = uri ? this.documents.get(uri) : undefined;
    if (doc) return hashText(doc.getText()) === cache.hashOf(path);
    const stamp = stampOf(path);
    return stamp !== undefined && cache.stampMatches(path, stamp);
  }

  /** Once per folder and server run: read the facts the last run saved, to be used by this scan. */
  private async restorePersistedFacts(): Promise<void> {
    const store = this.options.factsStore;
    if (!store) return;
    for (const folder of this.folders) {
      const root = toForwardSlashes(folder.path);
      if (this.loadedCaches.has(root)) continue;
      this.loadedCaches.add(root);
      const cache = await store.load(root, this.cacheKey(this.engines.forRoot(root)));
      if (cache.size > 0) this.restoring.set(root, cache);
    }
  }

  /** Save the facts caches `delayMs` from now (the last call wins), when anything changed. */
  private scheduleSave(delayMs = SAVE_DELAY_MS): void {
    if (!this.options.factsStore || this.unsaved === 0) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.enqueue(() => this.saveAll());
    }, delayMs);
    this.saveTimer.unref();
  }

  private async saveAll(): Promise<void> {
    const store = this.options.factsStore;
    if (!store || this.unsaved === 0) return;
    this.unsaved = 0;
    this.saving = true;
    try {
      for (const entry of this.engines.all()) {
        if (entry.root === '') continue; // files outside every folder are not worth keeping
        await store.save(entry.root, this.cacheKey(entry), entry.engine, (path) => this.stamps.get(path), this.reportOf(entry));
      }
    } finally {
      this.saving = false;
    }
  }

  /** At shutdown: write what is not saved yet, synchronously. */
  persistNow(): void {
    const store = this.options.factsStore;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!store || (this.unsaved === 0 && !this.saving)) return;
    this.unsaved = 0;
    for (const entry of this.engines.all()) if (entry.root !== '') store.saveNow(entry.root, this.cacheKey(entry), entry.engine, (path) => this.stamps.get(path), this.reportOf(entry));
  }

  /** Remove `path` from whichever engine holds it; true when one did. */
  private removeEverywhere(path: string): boolean {
    this.skipped.delete(path);
    this.stamps.delete(path);
    const holder = this.engines.holding(path);
    holder?.engine.removeFile(path);
    if (holder) this.unsaved++;
    return holder !== undefined;
  }

  private skip(path: string, reason: string): void {
    if (this.skipped.get(path) !== reason) this.log(`${this.displayOf(path)}: skipped (${reason})`);
    this.skipped.set(path, reason);
  }

  private folderOf(path: string): Folder | undefined {
    return this.folders.find((f) => f.filter.contains(path));
  }

  /** The path as the user knows it: relative to its folder (prefixed by the folder's name when there are several). */
  private displayOf(path: string): string {
    const folder = this.folderOf(path);
    const rel = folder?.filter.relative(path);
    if (!folder || rel === undefined) return path;
    return this.folderRefs.length > 1 ? `${folder.path.slice(folder.path.lastIndexOf('/') + 1)}/${rel}` : rel;
  }

  /** The notices of the files this pass installed that the log has not had (an edit's pass looks at its own files only). */
  private logNotices(): void {
    for (const entry of this.engines.all()) {
      const notices = entry.engine.takeNewNotices();
      // Skipped generated files: one line for all of them when there are many.
      const generated = notices.filter((n) => n.kind === 'generated');
      const summed = generated.length > 3;
      if (summed) {
        const line = `${generated.length} generated or minified files skipped (e.g. ${this.displayOf(generated[0].file)}); set pgPoolGuard.analyzeGeneratedFiles to analyse them`;
        if (!this.loggedNotices.has(line)) {
          this.loggedNotices.add(line);
          this.log(line);
        }
      }
      for (const notice of notices) {
        if (summed && notice.kind === 'generated') continue;
        const line = `${this.displayOf(notice.file)}: ${notice.message}`;
        if (this.loggedNotices.has(line)) continue;
        this.loggedNotices.add(line);
        this.log(line);
      }
    }
  }

  /** `142 files · 2 problems · 1 skipped` */
  private summary(): string {
    const files = this.engines.fileCount();
    const problems = this.publisher.problemCount();
    const parts = [`${files} file${files === 1 ? '' : 's'}`, `${problems} problem${problems === 1 ? '' : 's'}`];
    if (this.skipped.size > 0) parts.push(`${this.skipped.size} skipped`);
    return parts.join(' · ');
  }

  /** One log line per analysis pass, and the status it leaves. */
  private finishPass(what: string, ms: number): void {
    this.log(`${what} in ${ms} ms: ${this.summary()}`);
    this.sendStatus('ok', ms);
    this.scheduleSave();
  }

  private skippedMessage(): string | undefined {
    if (this.skipped.size === 0) return undefined;
    const shown = [...this.skipped].slice(0, 3).map(([path, reason]) => `${this.displayOf(path)} (${reason})`);
    const more = this.skipped.size > shown.length ? `, and ${this.skipped.size - shown.length} more` : '';
    return `${this.skipped.size} file${this.skipped.size === 1 ? '' : 's'} not analysed: ${shown.join(', ')}${more}`;
  }

  private sendStatus(state: StatusState, ms: number, message?: string, files = this.engines.fileCount()): void {
    const skippedMessage = this.skippedMessage();
    // Files left out make an otherwise good pass a warning, as vscode-eslint does for its time budget.
    const effective: StatusState = state === 'ok' && skippedMessage ? 'warning' : state;
    void this.connection.sendNotification(STATUS_NOTIFICATION, {
      state: effective,
      files,
      problems: this.publisher.problemCount(),
      skipped: this.skipped.size,
      ms,
      message: message ?? (effective === 'warning' ? skippedMessage : undefined),
    });
  }
}
