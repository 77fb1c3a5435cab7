/**
 * Settings, defined once for the VS Code extension (`pgPoolGuard.*`), the
 * language server (workspace/configuration) and the CLI (--config file).
 */
import type { RuleId, RuleSetting } from '../engine/types';
import { DEFAULT_PG_MODULES } from '../engine/types';

export const SETTINGS_SECTION = 'pgPoolGuard';

export interface PgPoolGuardSettings {
  /** Turn the analysis on or off for this resource. */
  enable: boolean;
  /** Re-analyse while typing or only on save. */
  run: 'onType' | 'onSave';
  /** Per-rule severity override. */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** Module specifiers whose `Client` counts as a node-postgres Client. */
  pgModules: string[];
  /** Glob patterns (relative to the workspace folder) never analysed. */
  exclude: string[];
}

export const DEFAULT_SETTINGS: PgPoolGuardSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  pgModules: [...DEFAULT_PG_MODULES],
  exclude: [],
};

/** Directories never scanned, whatever the settings say. */
export const ALWAYS_SKIPPED_DIRS: readonly string[] = [
  'node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.vscode-test',
];

/** Extensions the engine analyses. */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** Merge a partial (possibly user-written, untrusted) settings object over the defaults. */
export function normalizeSettings(raw: unknown): PgPoolGuardSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: PgPoolGuardSettings = { ...DEFAULT_SETTINGS, rules: {}, pgModules: [...DEFAULT_SETTINGS.pgModules], exclude: [] };
  if (typeof input.enable === 'boolean') out.enable = input.enable;
  if (input.run === 'onType' || input.run === 'onSave') out.run = input.run;
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
      if (value === 'off' || value === 'info' || value === 'warning' || value === 'error') {
        out.rules[id as RuleId] = value;
      }
    }
  }
  if (Array.isArray(input.pgModules)) {
    const mods = input.pgModules.filter((m): m is string => typeof m === 'string' && m.length > 0);
    if (mods.length > 0) out.pgModules = mods;
  }
  if (Array.isArray(input.exclude)) {
    out.exclude = input.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0);
  }
  return out;
}
