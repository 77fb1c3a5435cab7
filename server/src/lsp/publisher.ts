/**
 * Publishes diagnostics and remembers what was published: code actions and
 * pull-diagnostic requests answer from this cache instead of re-analysing.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../engine/types';
import type { PgPoolGuardSettings } from '../shared/settings';
import { toDiagnostic, visibleFindings } from './diagnostics';
import { pathToUri } from './paths';

export interface PublishedFile {
  /** Findings shown for the file (settings applied). */
  findings: Finding[];
  settings: PgPoolGuardSettings;
}

export class DiagnosticsPublisher {
  private readonly published = new Map<string, PublishedFile>();

  constructor(
    private readonly connection: Connection,
    private readonly docsUrl: (rule: string) => string | undefined,
    /** The URI the client uses for a path (open documents keep the client's spelling). */
    private readonly uriOf: (path: string) => string = pathToUri,
  ) {}

  /**
   * Publish `findings` for `path` under `settings`. Files that had nothing and
   * still have nothing are skipped unless `always` (open documents get an
   * answer after every analysis, with the analysed version). Returns the
   * notification to send: code actions see the new findings at once, the
   * client once the caller sends it.
   */
  publish(path: string, findings: readonly Finding[], settings: PgPoolGuardSettings, options: { always?: boolean; version?: number } = {}): () => void {
    const visible = visibleFindings(findings, settings);
    const previous = this.published.get(path);
    if (visible.length === 0 && (!previous || previous.findings.length === 0) && !options.always) {
      this.published.delete(path);
      return () => undefined;
    }
    if (visible.length === 0) this.published.delete(path);
    else this.published.set(path, { findings: visible, settings });
    const params = { uri: this.uriOf(path), version: options.version, diagnostics: visible.map((f) => this.diagnosticFor(f, settings)) };
    return () => void this.connection.sendDiagnostics(params);
  }

  /** Clear a file's diagnostics (document closed outside the workspace, file deleted). */
  clear(path: string, uri: string = this.uriOf(path)): void {
    this.published.delete(path);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  get(path: string): PublishedFile | undefined {
    return this.published.get(path);
  }

  /** Problems shown in all files. */
  problemCount(): number {
    let count = 0;
    for (const file of this.published.values()) count += file.findings.length;
    return count;
  }

  /** Paths that currently show diagnostics. */
  paths(): string[] {
    return [...this.published.keys()];
  }

  diagnosticFor(finding: Finding, settings: PgPoolGuardSettings): Diagnostic {
    return toDiagnostic(finding, settings, this.docsUrl, this.uriOf);
  }
}
