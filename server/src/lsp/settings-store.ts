/**
 * Per-resource settings. VS Code scopes `pgPoolGuard.*` per resource, which
 * in practice means per workspace folder; files outside every folder are
 * asked for by their own URI. Answers are cached until the configuration
 * changes.
 */
import type { Connection } from 'vscode-languageserver/node';
import { normalizeSettings, SETTINGS_SECTION, type PgPoolGuardSettings } from '../shared/settings';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<PgPoolGuardSettings>>();
  /** Settings pushed with didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: unknown = undefined;

  constructor(
    private readonly connection: Connection,
    private readonly clientSupportsConfiguration: boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** `scopeUri`: a workspace folder URI or a document URI. */
  get(scopeUri: string): Promise<PgPoolGuardSettings> {
    let entry = this.cache.get(scopeUri);
    if (!entry) {
      entry = this.fetch(scopeUri);
      this.cache.set(scopeUri, entry);
    }
    return entry;
  }

  /** Forget cached answers; `pushedSettings` is the didChangeConfiguration payload. */
  invalidate(pushedSettings?: unknown): void {
    this.cache.clear();
    if (pushedSettings && typeof pushedSettings === 'object') {
      this.pushed = (pushedSettings as Record<string, unknown>)[SETTINGS_SECTION];
    }
  }

  private async fetch(scopeUri: string): Promise<PgPoolGuardSettings> {
    if (!this.clientSupportsConfiguration) return normalizeSettings(this.pushed);
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION });
      return normalizeSettings(raw);
    } catch (error) {
      this.log(`workspace/configuration failed for ${scopeUri}: ${(error as Error).message}; using defaults`);
      return normalizeSettings(undefined);
    }
  }
}
