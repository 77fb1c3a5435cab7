/**
 * The rule registry (server/src/engine/rules/registry.ts) is the source of
 * truth; everything that describes rules elsewhere is checked against it, as
 * typescript-eslint's docs test does: rule implementations, doc pages, the
 * README table, the fixable list, package.json settings and the config-file
 * JSON Schema (which the CLI validates with, through ajv).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { RULE_CATEGORY_TITLES, RULE_DEFINITIONS, RULE_REGISTRY } from '../../server/src/engine/rules/registry';
import { RULES } from '../../server/src/engine/rules/index';
import { FIXABLE_RULES } from '../../server/src/engine/fix/index';
import {
  CONFIG_SCHEMA_PATH, DEFAULT_SETTINGS, PACKAGE_JSON_VALIDATION, SETTINGS_SECTION, configFileKeys, configFileSchema,
  normalizeSettings, packageJsonConfiguration, settingDefinitions,
} from '../../server/src/shared/settings';
import { validateConfig } from '../../server/src/cli/config';

const ROOT = join(__dirname, '..', '..');
const SYNC = 'run `node --import tsx scripts/sync-settings.ts`';
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const ids = RULE_REGISTRY.map((r) => r.id);

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary(['enumDescriptions']);
  return ajv;
}

describe('rule registry', () => {
  it('has well-formed, unique rows', () => {
    assert.equal(new Set(ids).size, ids.length);
    for (const meta of RULE_REGISTRY) {
      assert.match(meta.id, /^[a-z]+(-[a-z]+)*$/, meta.id);
      assert.match(meta.description, /^\S.*\.$/, meta.id);
      assert.ok(meta.category in RULE_CATEGORY_TITLES, meta.id);
      assert.equal(meta.docsUrl, `https://github.com/pg-pool-guard/pg-pool-guard/blob/main/docs/rules/${meta.id}.md`);
    }
    assert.deepEqual(RULE_REGISTRY.map((r) => [r.id, r.defaultSeverity]), RULE_DEFINITIONS.map((r) => [r.id, r.defaultSeverity]));
  });

  it('has exactly one implementation per rule, run in registry order', () => {
    assert.deepEqual(RULES.map((r) => r.id), ids);
  });

  it('is the fixable list of the fix engine', () => {
    assert.deepEqual([...FIXABLE_RULES], RULE_REGISTRY.filter((r) => r.fixable).map((r) => r.id));
  });
});

describe('rule docs', () => {
  const docsDir = join(ROOT, 'docs', 'rules');

  it('has one page per rule and no page without a rule', () => {
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(pages, [...ids].sort());
  });

  for (const meta of RULE_REGISTRY) {
    it(`docs/rules/${meta.id}.md states the registry's title, summary, severity, category and fixability`, () => {
      const path = join(docsDir, `${meta.id}.md`);
      assert.ok(existsSync(path));
      const lines = readFileSync(path, 'utf8').split('\n');
      assert.equal(lines[0], `# ${meta.id}`);
      assert.equal(lines[2], `> ${meta.description}`);
      const fact = (name: string): string | undefined => {
        const prefix = `- **${name}:** `;
        return lines.find((l) => l.startsWith(prefix))?.slice(prefix.length);
      };
      const severity = fact('Default severity');
      assert.ok(severity === meta.defaultSeverity || severity?.startsWith(`${meta.defaultSeverity} (`), `severity line: ${severity}`);
      assert.equal(fact('Category'), RULE_CATEGORY_TITLES[meta.category]);
      const quickFix = fact('Quick fix') ?? '';
      assert.ok(meta.fixable ? quickFix.startsWith('yes') : quickFix.startsWith('no'), `quick fix line: ${quickFix}`);
      for (const section of ['## What it flags', '## Why', '## Bad', '## Good', '## Options', '## Suppress']) {
        assert.ok(lines.includes(section), `${meta.id}: missing "${section}"`);
      }
    });
  }

  it('the README rules table lists every rule with its default severity and doc link', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
    const rows = readme.filter((l) => l.startsWith('| [`'));
    const listed = rows.map((row) => {
      const cells = row.split('|').map((c) => c.trim());
      const id = cells[1].slice(cells[1].indexOf('`') + 1, cells[1].lastIndexOf('`'));
      return [id, cells[1].includes(`(docs/rules/${id}.md)`), cells[2]];
    });
    assert.deepEqual(listed, RULE_REGISTRY.map((r) => [r.id, true, r.defaultSeverity]));
  });
});

describe('settings derived from the registry and the settings definition', () => {
  it(`package.json contributes.configuration is generated (${SYNC})`, () => {
    assert.deepEqual(packageJson.contributes.configuration, packageJsonConfiguration());
    assert.deepEqual(Object.keys(packageJson.contributes.configuration.properties['pgPoolGuard.rules'].properties), ids);
  });

  it(`package.json contributes.jsonValidation points at the committed config schema (${SYNC})`, () => {
    assert.deepEqual(packageJson.contributes.jsonValidation, PACKAGE_JSON_VALIDATION);
    const committed = JSON.parse(readFileSync(join(ROOT, CONFIG_SCHEMA_PATH), 'utf8'));
    assert.deepEqual(committed, configFileSchema());
    assert.ok(readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').includes('!schemas/**'), 'the .vsix must ship the schema');
  });

  it('the config schema is a valid draft-07 schema that accepts every fixture config and the defaults', () => {
    const validate = newAjv().compile(configFileSchema());
    const fixtures = join(ROOT, 'test', 'fixtures');
    const configs = readdirSync(fixtures).map((f) => join(fixtures, f, '.pgpoolguardrc.json')).filter(existsSync);
    assert.ok(configs.length > 0);
    for (const file of configs) assert.ok(validate(JSON.parse(readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`);
    const { rules, pgModules, exclude, enable, run } = DEFAULT_SETTINGS;
    assert.ok(validate({ $schema: './schemas/pgpoolguardrc.schema.json', rules, pgModules, exclude, enable, run }), JSON.stringify(validate.errors));
    assert.ok(validate({ rules: Object.fromEntries(ids.map((id) => [id, 'off'])) }));
  });

  it('the schema, package.json and the defaults agree on every setting', () => {
    const schema = configFileSchema() as { properties: Record<string, { default?: unknown }> };
    const contributed = packageJson.contributes.configuration.properties as Record<string, { default?: unknown }>;
    for (const setting of settingDefinitions()) {
      const contributedDefault = contributed[`${SETTINGS_SECTION}.${setting.key}`].default;
      assert.deepEqual(contributedDefault, setting.schema.default, setting.key);
      if (setting.where !== 'client') assert.deepEqual(schema.properties[setting.key].default, setting.schema.default, setting.key);
      if (setting.key in DEFAULT_SETTINGS) {
        assert.deepEqual(DEFAULT_SETTINGS[setting.key as keyof typeof DEFAULT_SETTINGS], setting.schema.default, setting.key);
      }
    }
    assert.deepEqual(configFileKeys(), ['enable', 'run', 'rules', 'pgModules', 'drivers', 'connectionTimeoutMillis', 'analyzeGeneratedFiles', 'exclude']);
    assert.deepEqual(Object.keys(DEFAULT_SETTINGS).sort(), configFileKeys().sort());
    // What the schema accepts, the editor keeps.
    const all = {
      rules: Object.fromEntries(ids.map((id) => [id, 'info'])), pgModules: ['pg', './db'], exclude: ['a/**'], enable: false, run: 'onSave',
      drivers: { mysql2: ['mysql2', './lib/mysql'] }, connectionTimeoutMillis: 5000, analyzeGeneratedFiles: true,
    };
    assert.ok(newAjv().compile(configFileSchema())(all));
    assert.deepEqual(normalizeSettings(all), all);
  });
});

describe('config validation (the CLI, through the schema)', () => {
  const problems = (config: unknown): string[] => validateConfig(config, ids);

  it('accepts valid configs, editor keys and $schema', () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ $schema: 'x', enable: true, run: 'onSave', rules: { 'shared-client': 'off' }, pgModules: ['pg'], exclude: [] }), []);
  });

  it('one sentence per problem, every problem at once', () => {
    assert.deepEqual(problems({ rulez: {}, rules: { 'shared-clients': 'error', 'client-reuse': 3 }, pgModules: [], exclude: ['', 7], enable: 'yes', run: 'later', $schema: 1 }).sort(), [
      '"$schema" must be a string',
      '"enable" must be true or false',
      '"exclude" must be an array of non-empty strings',
      '"pgModules" must list at least one module',
      '"run" must be "onType" or "onSave"',
      'rules["client-reuse"] must be one of error, warning, info, off (got 3)',
      `unknown key "rulez" (expected one of: rules, pgModules, drivers, connectionTimeoutMillis, analyzeGeneratedFiles, exclude)`,
      `unknown rule "shared-clients" in "rules" (known rules: ${ids.join(', ')})`,
    ]);
    assert.deepEqual(problems({ rules: [] }), ['"rules" must be an object mapping rule ids to a severity']);
    assert.deepEqual(problems({ pgModules: 'pg' }), ['"pgModules" must be an array of non-empty strings']);
    assert.deepEqual(problems(null), ['the config must be a JSON object']);
    assert.deepEqual(problems({ 'trace.server': 'off' }), ['unknown key "trace.server" (expected one of: rules, pgModules, drivers, connectionTimeoutMillis, analyzeGeneratedFiles, exclude)']);
  });

  it('names a rule id with a slash as written', () => {
    assert.deepEqual(problems({ rules: { 'a/b~c': 'off' } }), [`unknown rule "a/b~c" in "rules" (known rules: ${ids.join(', ')})`]);
  });
});
