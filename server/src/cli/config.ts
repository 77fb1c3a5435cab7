/**
 * The CLI config file (`--config` or ./.pgpoolguardrc.json). Same shape as the
 * editor settings (PgPoolGuardSettings); unlike the editor, which tolerates
 * junk, the CLI rejects unknown keys and bad values so typos do not silently
 * turn a rule off.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeSettings, type PgPoolGuardSettings } from '../shared/settings';
import { UsageError } from './errors';

export const DEFAULT_CONFIG_FILE = '.pgpoolguardrc.json';

const RULE_SETTINGS = ['error', 'warning', 'info', 'off'];
/** `enable` and `run` are editor settings: accepted so one file can serve both, ignored here. */
const KNOWN_KEYS = ['$schema', 'rules', 'pgModules', 'exclude', 'enable', 'run'];

export interface LoadedConfig {
  settings: PgPoolGuardSettings;
  /** Absolute path of the file read, if any. */
  file?: string;
}

/**
 * Read the explicit config, else the default file in `cwd` if it exists, else
 * defaults. `ruleIds` are the rules the engine knows, for validating `rules`.
 */
export function loadConfig(explicit: string | undefined, cwd: string, ruleIds: readonly string[]): LoadedConfig {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : path.join(cwd, DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (explicit === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { settings: normalizeSettings({}) };
    }
    throw new UsageError(`cannot read config file ${explicit ?? DEFAULT_CONFIG_FILE}: ${(err as Error).message}`);
  }
  const shown = explicit ?? DEFAULT_CONFIG_FILE;
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UsageError(`config file ${shown} is not valid JSON: ${(err as Error).message}`);
  }
  const problems = validateConfig(raw, ruleIds);
  if (problems.length > 0) {
    throw new UsageError(`invalid config file ${shown}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return { settings: normalizeSettings(raw), file };
}

/** Every problem in a parsed config, as user-facing sentences (empty when valid). */
export function validateConfig(raw: unknown, ruleIds: readonly string[]): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return ['the config must be a JSON object'];
  const problems: string[] = [];
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.includes(key)) problems.push(`unknown key "${key}" (expected one of: rules, pgModules, exclude)`);
  }
  if ('rules' in config) {
    const rules = config.rules;
    if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) {
      problems.push('"rules" must be an object mapping rule ids to a severity');
    } else {
      for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
        if (!ruleIds.includes(id)) problems.push(`unknown rule "${id}" in "rules" (known rules: ${ruleIds.join(', ')})`);
        else if (typeof value !== 'string' || !RULE_SETTINGS.includes(value)) {
          problems.push(`rules["${id}"] must be one of ${RULE_SETTINGS.join(', ')} (got ${JSON.stringify(value)})`);
        }
      }
    }
  }
  for (const key of ['pgModules', 'exclude'] as const) {
    if (!(key in config)) continue;
    const value = config[key];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length > 0)) {
      problems.push(`"${key}" must be an array of non-empty strings`);
    }
  }
  if ('pgModules' in config && Array.isArray(config.pgModules) && config.pgModules.length === 0) {
    problems.push('"pgModules" must list at least one module');
  }
  if ('enable' in config && typeof config.enable !== 'boolean') problems.push('"enable" must be true or false');
  if ('run' in config && config.run !== 'onType' && config.run !== 'onSave') problems.push('"run" must be "onType" or "onSave"');
  if ('$schema' in config && typeof config.$schema !== 'string') problems.push('"$schema" must be a string');
  return problems;
}
