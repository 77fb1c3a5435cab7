/**
 * The CLI config file (`--config` or ./.pgpoolguardrc.json). Same shape as the
 * editor settings (PgPoolGuardSettings); unlike the editor, which tolerates
 * junk, the CLI rejects unknown keys and bad values so typos do not silently
 * turn a rule off. Validation is the config file's JSON Schema
 * (shared/settings.ts `configFileSchema`, the same one VS Code shows), run by
 * ajv; its errors are turned into one sentence per problem.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { configFileSchema, normalizeSettings, settingDefinitions, type PgPoolGuardSettings, type SettingDefinition } from '../shared/settings';
import { UsageError } from './errors';

export const DEFAULT_CONFIG_FILE = '.pgpoolguardrc.json';

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
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new UsageError(`config file ${shown} is not valid JSON: ${(err as Error).message}`);
  }
  const problems = validateConfig(raw, ruleIds);
  if (problems.length > 0) {
    throw new UsageError(`invalid config file ${shown}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return { settings: normalizeSettings(raw), file };
}

interface ConfigValidator {
  validate: ValidateFunction;
  definitions: Map<string, SettingDefinition>;
  /** Keys the CLI acts on, for the "unknown key" message. */
  cliKeys: string[];
}

/** Compiled once per rule set (only when a config file is read: most runs have none). */
const validators = new Map<string, ConfigValidator>();

function validatorFor(ruleIds: readonly string[]): ConfigValidator {
  const cacheKey = ruleIds.join('\0');
  let validator = validators.get(cacheKey);
  if (!validator) {
    const rules = ruleIds.map((id) => ({ id }));
    // Loaded on first use: most runs read no config file and should not pay for ajv.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    ajv.addVocabulary(['enumDescriptions']);
    const definitions = settingDefinitions(rules);
    validator = {
      validate: ajv.compile(configFileSchema(rules)),
      definitions: new Map(definitions.map((d) => [d.key, d])),
      cliKeys: definitions.filter((d) => d.where === 'both').map((d) => d.key),
    };
    validators.set(cacheKey, validator);
  }
  return validator;
}

/** Every problem in a parsed config, as user-facing sentences (empty when valid). */
export function validateConfig(raw: unknown, ruleIds: readonly string[]): string[] {
  const validator = validatorFor(ruleIds);
  if (validator.validate(raw)) return [];
  const problems = (validator.validate.errors ?? []).map((error) => problemFor(error, validator, ruleIds));
  return [...new Set(problems)];
}

/** JSON Pointer segments of an instance path (`/rules/a~1b` → ['rules', 'a/b']). */
function pointerSegments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((segment) => segment.split('~1').join('/').split('~0').join('~'));
}

function problemFor(error: ErrorObject, validator: ConfigValidator, ruleIds: readonly string[]): string {
  const [key, ...rest] = pointerSegments(error.instancePath);
  if (key === undefined) {
    if (error.keyword === 'additionalProperties') {
      return `unknown key "${String(error.params.additionalProperty)}" (expected one of: ${validator.cliKeys.join(', ')})`;
    }
    return 'the config must be a JSON object';
  }
  if (key === 'rules') {
    if (rest.length === 0 && error.keyword === 'additionalProperties') {
      return `unknown rule "${String(error.params.additionalProperty)}" in "rules" (known rules: ${ruleIds.join(', ')})`;
    }
    if (rest.length === 1) return `rules["${rest[0]}"] must be one of error, warning, info, off (got ${JSON.stringify(error.data)})`;
  }
  if (key === '$schema') return '"$schema" must be a string';
  const invalid = validator.definitions.get(key)?.invalid;
  if (invalid === undefined) return `"${key}" ${error.message ?? 'is invalid'}`;
  return typeof invalid === 'string' ? invalid : invalid[error.keyword] ?? invalid.default;
}
