/**
 * Keeps the engine's view of the workspace current and publishes what
 * changed: the initial scan of every folder (with work-done progress),
 * debounced re-analysis of edited documents, reverts on close, watched-file
 * events and configuration changes. All engine mutations go through one
 * queue so a scan and an edit never interleave half-way.
 */
import type { Connection, FileEvent, TextDocuments } from 'vscode-languageserver/node';
import { FileChangeType } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceApi } from '../engine/api';
import { FolderFilter, isProjectConfigName, isSourceFileName } from '../shared/discovery';
import { STATUS_NOTIFICATION, type StatusParams } from '../shared/protocol';
import type { PgPoolGuardSettings } from '../shared/settings';
import { TaskQueue, yieldToEventLoop } from './exclusive';
import { MAX_READ_BYTES, readSourceText, type ReadResult } from './file-reader';
import { pathToUri, uriToPath } from './paths';
import type { DiagnosticsPublisher } from './publisher';
import type { SettingsStore } from './settings-store';

export interface WorkspaceFolderRef {
  uri: string;
  path: string;
}

export interface AnalysisOptions {
  debounceMs: number;
  /** One file's analysis slower than this is abandoned (its facts dropped) and logged. */
  analysisBudgetMs: number;
}

interface Folder extends WorkspaceFolderRef {
  filter: FolderFilter;
  settings: PgPoolGuardSettings;
}

const SCAN_BATCH = 50;
const SLOW_PASS_MS = 250;

export class WorkspaceAnalysis {
  private folders: Folder[] = [];
  private folderRefs: WorkspaceFolderRef[] = [];
  /** Files added from disk by a scan or a watcher event (as opposed to open documents outside the folders). */
  private readonly onDisk = new Set<string>();
  private readonly projectConfigs = new Set<string>();
  private readonly openUris = new Map<string, string>();
  private readonly analysedVersions = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly loggedNotices = new Set<string>();
  private readonly queue = new TaskQueue();
  private debounceTimer: NodeJS.Timeout | undefined;
  private scanGeneration = 0;
  private pgModulesKey = '';
  private changeCounter = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly engine: WorkspaceApi,
    private readonly settings: SettingsStore,
    private readonly publisher: DiagnosticsPublisher,
    private readonly options: AnalysisOptions,
    private readonly log: (message: string) => void,
  ) {}

  /** Changes whenever the analysed workspace or an open document changes (cache key for rewrites). */
  revision(): number {
    return this.changeCounter;
  }

  /** The URI the client uses for `path`, if it is open. */
  openUriOf(path: string): string | undefined {
    return this.openUris.get(path);
  }

  setFolders(folders: WorkspaceFolderRef[]): void {
    this.folderRefs = folders;
  }

  async settingsFor(path: string): Promise<PgPoolGuardSettings> {
    const folder = this.folderOf(path);
    return folder ? this.settings.get(folder.uri) : this.settings.get(this.openUris.get(path) ?? pathToUri(path));
  }

  // ---- whole-workspace scan ------------------------------------------------

  /** Re-read every folder from disk. A newer scan request supersedes one in progress. */
  scan(): Promise<void> {
    const generation = ++this.scanGeneration;
    return this.queue.run(() => this.runScan(generation));
  }

  private async runScan(generation: number): Promise<void> {
    if (generation !== this.scanGeneration) return;
    const started = Date.now();
    this.sendStatus({ state: 'analysing', files: this.engine.files().length, ms: 0 });
    const progress = await this.createProgress();
    progress.begin('pg-pool-guard', 0, 'Finding files…', false);
    try {
      await this.loadFolderSettings();
      // Sets: nested workspace folders would otherwise list their files twice.
      const wanted = new Set<string>();
      const configs = new Set<string>();
      for (const folder of this.folders) {
        const found = await folder.filter.discover();
        for (const source of found.sources) wanted.add(source);
        for (const config of found.projectConfigs) configs.add(config);
      }
      const sources = [...wanted];
      for (const path of [...this.onDisk]) {
        if (!wanted.has(path) && !this.openUris.has(path)) {
          this.engine.removeFile(path);
          this.onDisk.delete(path);
        }
      }
      for (const config of this.projectConfigs) {
        if (!configs.has(config)) this.engine.removeProjectConfig(config);
      }
      this.projectConfigs.clear();
      for (const config of configs) {
        const read = await readSourceText(config);
        if (!read.ok) continue;
        this.engine.setProjectConfig(config, read.text);
        this.projectConfigs.add(config);
      }
      // Read the next batch while analysing the current one.
      const readBatch = (start: number) => Promise.all(sources.slice(start, start + SCAN_BATCH).map((p) => (this.openUris.has(p) ? undefined : readSourceText(p))));
      let nextReads = readBatch(0);
      for (let start = 0; start < sources.length; start += SCAN_BATCH) {
        if (generation !== this.scanGeneration) {
          this.log('Workspace scan superseded by a newer one');
          return;
        }
        const reads = await nextReads;
        nextReads = readBatch(start + SCAN_BATCH);
        reads.forEach((read, i) => this.load(sources[start + i], read));
        const done = Math.min(start + SCAN_BATCH, sources.length);
        progress.report(Math.floor((done / sources.length) * 100), `${done}/${sources.length} files`);
        await yieldToEventLoop();
      }
      // Open documents outside the folders stay in the analysis.
      for (const [path, uri] of this.openUris) {
        if (!wanted.has(path)) await this.analyseDocument(uri);
      }
      await this.publishChanges(new Set());
      const ms = Date.now() - started;
      this.logNotices();
      this.log(`Analysed ${this.engine.files().length} files in ${ms} ms`);
      progress.done();
      this.sendStatus({ state: 'ok', files: this.engine.files().length, ms });
    } catch (error) {
      this.log(`Workspace scan failed: ${(error as Error).stack ?? error}`);
      progress.done();
      this.sendStatus({ state: 'error', files: this.engine.files().length, ms: Date.now() - started, message: (error as Error).message });
    } finally {
      progress.done(); // no-op when already done; ends the progress of a superseded scan
    }
  }

  private async createProgress() {
    let reporter: { begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void; report(percentage: number, message?: string): void; done(): void };
    try {
      reporter = await this.connection.window.createWorkDoneProgress();
    } catch {
      // The client refused the progress token: carry on without progress reports.
      reporter = { begin() {}, report() {}, done() {} };
    }
    let finished = false;
    return {
      begin: (title: string, percentage?: number, message?: string, cancellable?: boolean) => reporter.begin(title, percentage, message, cancellable),
      report: (percentage: number, message?: string) => reporter.report(percentage, message),
      done: () => {
        if (finished) return;
        finished = true;
        reporter.done();
      },
    };
  }

  private async loadFolderSettings(): Promise<void> {
    const folders: Folder[] = [];
    for (const ref of this.folderRefs) {
      const settings = await this.settings.get(ref.uri);
      folders.push({ ...ref, settings, filter: new FolderFilter(ref.path, settings.exclude) });
    }
    // Longest root first, so nested folders win.
    folders.sort((a, b) => b.path.length - a.path.length);
    this.folders = folders;
    const pgModules = [...new Set(folders.flatMap((f) => f.settings.pgModules))].sort();
    const key = JSON.stringify(pgModules);
    if (pgModules.length > 0 && key !== this.pgModulesKey) {
      this.pgModulesKey = key;
      this.engine.setOptions({ pgModules, rules: {} });
    }
  }

  private async loadFromDiskOrDocument(path: string): Promise<void> {
    this.load(path, this.openUris.has(path) ? undefined : await readSourceText(path));
  }

  /** Feed one file to the engine: the open document's text when open (`read` unused), else what was read from disk. */
  private load(path: string, read: ReadResult | undefined): void {
    const uri = this.openUris.get(path);
    const doc = uri ? this.documents.get(uri) : undefined;
    if (doc) {
      this.updateTimed(path, doc.getText());
      this.analysedVersions.set(doc.uri, doc.version);
      this.onDisk.add(path);
      return;
    }
    if (!read) return;
    if (read.ok) {
      this.updateTimed(path, read.text);
      this.onDisk.add(path);
    } else {
      if (!read.missing) this.logOnce(`${path}: skipped (${read.reason})`);
      if (this.engine.hasFile(path)) this.engine.removeFile(path);
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
    void this.queue.run(async () => {
      const inFolder = this.folderOf(path);
      if (inFolder && (await inFolder.filter.includes(path))) {
        await this.loadFromDiskOrDocument(path);
        await this.publishChanges(new Set());
      } else {
        if (this.engine.hasFile(path)) this.engine.removeFile(path);
        this.onDisk.delete(path);
        await this.publishChanges(new Set());
        this.publisher.clear(path, uri);
      }
    });
  }

  private schedule(uri: string): void {
    this.changeCounter++;
    this.pending.add(uri);
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      void this.queue.run(() => this.flush()).catch((error: unknown) => {
        this.log(`Analysis failed: ${(error as Error)?.stack ?? String(error)}`);
        this.sendStatus({ state: 'error', files: this.engine.files().length, ms: 0, message: (error as Error)?.message ?? String(error) });
      });
    }, this.options.debounceMs);
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
    // Slow passes get a breakdown in the log: parsing the edited files vs re-deriving workspace findings.
    if (ms > SLOW_PASS_MS) this.log(`Analysis of ${analysed.size} edited file(s) took ${ms} ms (parse ${parsed - started} ms, findings ${deriveMs} ms)`);
    this.sendStatus({ state: 'ok', files: this.engine.files().length, ms });
  }

  /** Returns the path when the document is part of the analysis. */
  private async analyseDocument(uri: string): Promise<string | undefined> {
    const doc = this.documents.get(uri);
    const path = uriToPath(uri);
    if (!doc || !path) return undefined;
    if (!(await this.isAnalysable(path))) {
      // Excluded (possibly by a settings change while open): out of the analysis and the Problems panel.
      if (this.engine.hasFile(path)) this.engine.removeFile(path);
      if (this.publisher.get(path)) this.publisher.clear(path, uri);
      return undefined;
    }
    if (this.analysedVersions.get(uri) !== doc.version || !this.engine.hasFile(path)) {
      this.updateTimed(path, doc.getText());
      this.analysedVersions.set(uri, doc.version);
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
    return this.queue.run(async () => {
      for (const change of changes) {
        const path = uriToPath(change.uri);
        if (!path) continue;
        if (isProjectConfigName(path)) {
          await this.projectConfigChanged(path, change.type);
          continue;
        }
        if (this.openUris.has(path)) continue; // the editor's text wins over the disk
        if (change.type === FileChangeType.Deleted) {
          if (this.engine.hasFile(path)) this.engine.removeFile(path);
          this.onDisk.delete(path);
          continue;
        }
        const folder = this.folderOf(path);
        if (folder && (await folder.filter.includes(path))) await this.loadFromDiskOrDocument(path);
      }
      await this.publishChanges(new Set());
      this.sendStatus({ state: 'ok', files: this.engine.files().length, ms: 0 });
    });
  }

  private async projectConfigChanged(path: string, type: FileChangeType): Promise<void> {
    const folder = this.folderOf(path);
    const read = type === FileChangeType.Deleted ? undefined : await readSourceText(path);
    if (read?.ok && folder && (await folder.filter.includes(path))) {
      this.engine.setProjectConfig(path, read.text);
      this.projectConfigs.add(path);
    } else {
      this.engine.removeProjectConfig(path);
      this.projectConfigs.delete(path);
    }
  }

  // ---- configuration -------------------------------------------------------

  /** Settings changed: re-scan when the file set or pg modules changed, else just republish. */
  configurationChanged(pushed: unknown): Promise<void> {
    this.settings.invalidate(pushed);
    return this.queue.run(async () => {
      const before = this.folders.map((f) => JSON.stringify([f.path, f.settings.exclude])).join('|');
      const pgBefore = this.pgModulesKey;
      await this.loadFolderSettings();
      const after = this.folders.map((f) => JSON.stringify([f.path, f.settings.exclude])).join('|');
      if (before !== after || pgBefore !== this.pgModulesKey) {
        void this.scan();
        return;
      }
      const paths = new Set([...this.publisher.paths(), ...this.engine.getFindings().map((f) => f.file)]);
      for (const path of paths) await this.publishFile(path, true);
    });
  }

  // ---- publishing ----------------------------------------------------------

  /** Publish every file whose findings changed, plus the documents just analysed. */
  /** Returns how long deriving the findings took. */
  private async publishChanges(analysed: Set<string>): Promise<number> {
    this.changeCounter++;
    const started = Date.now();
    this.engine.getFindings();
    const deriveMs = Date.now() - started;
    const changed = new Set([...this.engine.takeChangedFiles(), ...analysed]);
    for (const path of changed) await this.publishFile(path, analysed.has(path));
    return deriveMs;
  }

  private async publishFile(path: string, always: boolean): Promise<void> {
    const uri = this.openUris.get(path);
    const version = uri ? this.documents.get(uri)?.version : undefined;
    const findings = this.engine.hasFile(path) ? this.engine.findingsForFile(path) : [];
    this.publisher.publish(path, findings, await this.settingsFor(path), { always, version });
  }

  // ---- helpers -------------------------------------------------------------

  private updateTimed(path: string, text: string): void {
    if (text.length > MAX_READ_BYTES) {
      if (this.engine.hasFile(path)) this.engine.removeFile(path);
      this.logOnce(`${path}: skipped (${text.length} characters, over the ${MAX_READ_BYTES}-character limit)`);
      return;
    }
    const started = Date.now();
    this.engine.updateFile(path, text);
    const ms = Date.now() - started;
    if (ms > this.options.analysisBudgetMs) {
      // The engine is synchronous, so the work is done; dropping its result keeps one pathological file from dominating.
      this.engine.removeFile(path);
      this.log(`${path}: analysis took ${ms} ms, over the ${this.options.analysisBudgetMs} ms budget; abandoned`);
    }
  }

  private folderOf(path: string): Folder | undefined {
    return this.folders.find((f) => f.filter.contains(path));
  }

  private logNotices(): void {
    for (const notice of this.engine.notices()) this.logOnce(`${notice.file}: ${notice.message}`);
  }

  private logOnce(message: string): void {
    if (this.loggedNotices.has(message)) return;
    this.loggedNotices.add(message);
    this.log(message);
  }

  private sendStatus(status: StatusParams): void {
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }
}
