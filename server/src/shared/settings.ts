/**
 * Settings, defined once for the VS Code extension (`pgPoolGuard.*`), the
 * language server (workspace/configuration) and the CLI (--config file).
 *
 * `SETTING_DEFINITIONS` is the one definition. From it (and the rule
 * registry) come, checked by test/rules/registry.test.ts:
 *   - package.json `contributes.configuration` (`packageJsonConfiguration()`);
 *   - the `.pgpoolguardrc.json` JSON Schema, schemas/pgpoolguardrc.schema.json
 *     (`configFileSchema()`), which VS Code uses through `contributes.jsonValidation`
 *     and the CLI validates config files with (cli/config.ts, ajv).
 * Regenerate both after a change: `node --import tsx scripts/sync-settings.ts`.
 */
import type { RuleId, RuleSetting } from '../engine/types';
import { DEFAULT_PG_MODULES } from '../engine/types';
import { RULE_REGISTRY, type RuleMeta } from '../engine/rules/registry';
import { DRIVER_TABLE } from '../engine/catalogue/drivers';

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
  /** Driver table row → module specifiers with its API (`drivers.pg` replaces `pgModules`). */
  drivers: Partial<Record<string, string[]>>;
  /** What the Pool rewrite and the pool-connect-timeout quick fix write as `connectionTimeoutMillis`. */
  connectionTimeoutMillis: number;
  /** Analyse vendored, minified and `@generated` files too (skipped by default, with a notice). */
  analyzeGeneratedFiles: boolean;
}

export const DEFAULT_SETTINGS: PgPoolGuardSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  pgModules: [...DEFAULT_PG_MODULES],
  exclude: [],
  drivers: {},
  connectionTimeoutMillis: 10_000,
  analyzeGeneratedFiles: false,
};

/** The values of a rule setting, in the order the settings UI lists them. */
export const RULE_SETTING_VALUES: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

/** A JSON Schema fragment (draft-07, plus VS Code's `enumDescriptions`). */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * One setting. `where` says who reads it: `both` (editor settings and the
 * config file), `editor` (valid in the config file too, so one file can
 * serve both, but the CLI ignores it), `client` (only the VS Code client:
 * not a config-file key).
 */
export interface SettingDefinition {
  key: string;
  where: 'both' | 'editor' | 'client';
  scope: 'resource' | 'window';
  description: string;
  /** The value's schema (type, enum, items, default …). */
  schema: JsonSchema;
  /** The CLI's message for a bad value; per failing JSON Schema keyword where one message is not enough. */
  invalid: string | { [keyword: string]: string; default: string };
}

/** What the settings need to know about a rule (a registry row, or just an id when only validating). */
export type RuleSettingSource = { readonly id: string } & Partial<Pick<RuleMeta, 'description' | 'defaultSeverity'>>;

function ruleSettingSchema(rule: RuleSettingSource): JsonSchema {
  const schema: JsonSchema = {
    type: 'string',
    enum: [...RULE_SETTING_VALUES],
    enumDescriptions: ['Do not report.', 'Report as information.', 'Report as a warning.', 'Report as an error.'],
  };
  if (rule.description !== undefined) schema.description = `${rule.description} Default: ${rule.defaultSeverity}.`;
  return schema;
}

/** The `rules` object: one property per registry rule, nothing else. */
function rulesSchema(rules: readonly RuleSettingSource[]): JsonSchema {
  return {
    type: 'object',
    default: {},
    properties: Object.fromEntries(rules.map((meta) => [meta.id, ruleSettingSchema(meta)])),
    additionalProperties: false,
  };
}

const nonEmptyStrings = { type: 'array', items: { type: 'string', minLength: 1 } };

/** Every setting, in the order the settings UI shows them. `rules` is built per rule set. */
export function settingDefinitions(rules: readonly RuleSettingSource[] = RULE_REGISTRY): SettingDefinition[] {
  return [
    {
      key: 'enable', where: 'editor', scope: 'resource',
      description: 'Report node-postgres Clients shared by concurrent code in this folder.',
      schema: { type: 'boolean', default: true },
      invalid: '"enable" must be true or false',
    },
    {
      key: 'run', where: 'editor', scope: 'resource',
      description: 'When to re-analyse an edited file.',
      schema: { type: 'string', enum: ['onType', 'onSave'], enumDescriptions: ['Re-analyse while you type.', 'Re-analyse only when a file is saved.'], default: 'onType' },
      invalid: '"run" must be "onType" or "onSave"',
    },
    {
      key: 'rules', where: 'both', scope: 'resource',
      description: 'Severity per rule; `off` turns a rule off.',
      schema: rulesSchema(rules),
      invalid: '"rules" must be an object mapping rule ids to a severity',
    },
    {
      key: 'pgModules', where: 'both', scope: 'resource',
      description: 'Module specifiers whose `Client` export counts as a node-postgres Client.',
      schema: { ...nonEmptyStrings, minItems: 1, default: [...DEFAULT_PG_MODULES] },
      invalid: { minItems: '"pgModules" must list at least one module', default: '"pgModules" must be an array of non-empty strings' },
    },
    {
      key: 'drivers', where: 'both', scope: 'resource',
      description: 'Module specifiers per driver (docs/drivers.md), replacing that driver\'s default list: `{ "mysql2": ["mysql2", "./lib/mysql"] }`. `drivers.pg` takes the place of `pgModules`.',
      schema: {
        type: 'object', default: {},
        properties: Object.fromEntries(DRIVER_TABLE.map((d) => [d.id, { ...nonEmptyStrings, minItems: 1, description: d.name }])),
        additionalProperties: false,
      },
      invalid: { additionalProperties: `"drivers" keys must be driver ids (${DRIVER_TABLE.map((d) => d.id).join(', ')})`, default: '"drivers" must map driver ids to non-empty arrays of non-empty strings' },
    },
    {
      key: 'connectionTimeoutMillis', where: 'both', scope: 'resource',
      description: 'The connectionTimeoutMillis the Pool rewrite and the pool-connect-timeout quick fix give a Pool: how long a caller waits for a free connection before it fails.',
      schema: { type: 'integer', minimum: 1, default: 10_000 },
      invalid: '"connectionTimeoutMillis" must be a positive integer (milliseconds)',
    },
    {
      key: 'analyzeGeneratedFiles', where: 'both', scope: 'resource',
      description: 'Also analyse vendored and generated files, which are skipped by default with a notice: `vendor/`, `vendors/`, `bower_components/` and `third_party/` folders, `*.min.js` files, files with an `@generated` header comment, and minified code (lines averaging over 500 characters).',
      schema: { type: 'boolean', default: false },
      invalid: '"analyzeGeneratedFiles" must be true or false',
    },
    {
      key: 'exclude', where: 'both', scope: 'resource',
      description: 'Glob patterns, relative to the workspace folder, of files never analysed (node_modules, dist, build, out and .gitignored files are always skipped).',
      schema: { ...nonEmptyStrings, default: [] },
      invalid: '"exclude" must be an array of non-empty strings',
    },
    {
      key: 'trace.server', where: 'client', scope: 'window',
      description: 'Log the messages between VS Code and the pg-pool-guard language server to the output channel.',
      schema: { type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off' },
      invalid: '"trace.server" must be "off", "messages" or "verbose"',
    },
  ];
}

/** package.json `contributes.configuration`. */
export function packageJsonConfiguration(rules: readonly RuleSettingSource[] = RULE_REGISTRY): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const setting of settingDefinitions(rules)) {
    const { default: defaultValue, ...rest } = setting.schema;
    // Key order as VS Code's own package.json files write it: type first, then default, scope, description.
    properties[`${SETTINGS_SECTION}.${setting.key}`] = orderKeys({ ...rest, default: defaultValue, scope: setting.scope, description: setting.description });
  }
  return { title: 'pg-pool-guard', properties };
}

function orderKeys(schema: JsonSchema): JsonSchema {
  const order = ['type', 'enum', 'enumDescriptions', 'items', 'minItems', 'default', 'scope', 'description', 'properties', 'additionalProperties'];
  const out: JsonSchema = {};
  for (const key of order) if (schema[key] !== undefined) out[key] = schema[key];
  for (const [key, value] of Object.entries(schema)) if (!(key in out)) out[key] = value;
  return out;
}

/** Where the config file's schema is committed (package root relative); package.json `contributes.jsonValidation` points at it. */
export const CONFIG_SCHEMA_PATH = 'schemas/pgpoolguardrc.schema.json';

/** package.json `contributes.jsonValidation`: VS Code validates and completes .pgpoolguardrc.json with the schema. */
export const PACKAGE_JSON_VALIDATION = [{ fileMatch: ['.pgpoolguardrc.json'], url: `./${CONFIG_SCHEMA_PATH}` }];

export const CONFIG_SCHEMA_ID = 'https://github.com/pg-pool-guard/pg-pool-guard/blob/main/schemas/pgpoolguardrc.schema.json';

/** Keys a config file may have: the settings except client-only ones, and `$schema`. */
export function configFileKeys(rules: readonly RuleSettingSource[] = RULE_REGISTRY): string[] {
  return settingDefinitions(rules).filter((s) => s.where !== 'client').map((s) => s.key);
}

/** The JSON Schema of `.pgpoolguardrc.json` (draft-07). */
export function configFileSchema(rules: readonly RuleSettingSource[] = RULE_REGISTRY): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    $schema: { type: 'string', description: 'The JSON Schema this file follows.' },
  };
  for (const setting of settingDefinitions(rules)) {
    if (setting.where === 'client') continue;
    const note = setting.where === 'editor' ? ' Editor setting: the CLI accepts and ignores it.' : '';
    properties[setting.key] = { ...setting.schema, description: setting.description + note };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'pg-pool-guard configuration (.pgpoolguardrc.json)',
    description: 'Same keys as the pgPoolGuard.* editor settings. The CLI rejects unknown keys, unknown rule ids and bad values.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

/** Directories never scanned, whatever the settings say. */
export const ALWAYS_SKIPPED_DIRS: readonly string[] = [
  'node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.vscode-test',
];

/** Extensions the engine analyses. */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/**
 * Merge a partial (possibly user-written, untrusted) settings object over the
 * defaults. Unlike the CLI, the editor tolerates junk: bad values fall back.
 */
export function normalizeSettings(raw: unknown): PgPoolGuardSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: PgPoolGuardSettings = { ...DEFAULT_SETTINGS, rules: {}, pgModules: [...DEFAULT_SETTINGS.pgModules], exclude: [], drivers: {} };
  if (typeof input.enable === 'boolean') out.enable = input.enable;
  if (input.run === 'onType' || input.run === 'onSave') out.run = input.run;
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
      if (RULE_SETTING_VALUES.includes(value as RuleSetting)) out.rules[id as RuleId] = value as RuleSetting;
    }
  }
  if (Array.isArray(input.pgModules)) {
    const mods = input.pgModules.filter((m): m is string => typeof m === 'string' && m.length > 0);
    if (mods.length > 0) out.pgModules = mods;
  }
  if (Array.isArray(input.exclude)) {
    out.exclude = input.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0);
  }
  if (input.drivers && typeof input.drivers === 'object') {
    for (const [id, list] of Object.entries(input.drivers as Record<string, unknown>)) {
      if (!DRIVER_TABLE.some((d) => d.id === id) || !Array.isArray(list)) continue;
      const mods = list.filter((m): m is string => typeof m === 'string' && m.length > 0);
      if (mods.length > 0) out.drivers[id] = mods;
    }
  }
  if (Number.isInteger(input.connectionTimeoutMillis) && (input.connectionTimeoutMillis as number) > 0) {
    out.connectionTimeoutMillis = input.connectionTimeoutMillis as number;
  }
  if (typeof input.analyzeGeneratedFiles === 'boolean') out.analyzeGeneratedFiles = input.analyzeGeneratedFiles;
  return out;
}
