// Regenerates what is derived from the rule registry and the settings definition
// (server/src/shared/settings.ts): package.json `contributes.configuration` and
// `contributes.jsonValidation`, and the .pgpoolguardrc.json JSON Schema.
// test/rules/registry.test.ts fails until this has been run after a change.
// Usage: node --import tsx scripts/sync-settings.ts
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_SCHEMA_PATH, PACKAGE_JSON_VALIDATION, configFileSchema, packageJsonConfiguration } from '../server/src/shared/settings';

const root = join(__dirname, '..');
const packagePath = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(packagePath, 'utf8'));
pkg.contributes.configuration = packageJsonConfiguration();
pkg.contributes.jsonValidation = PACKAGE_JSON_VALIDATION;
writeFileSync(packagePath, JSON.stringify(pkg, null, 2) + '\n');

const schemaPath = join(root, CONFIG_SCHEMA_PATH);
mkdirSync(dirname(schemaPath), { recursive: true });
writeFileSync(schemaPath, JSON.stringify(configFileSchema(), null, 2) + '\n');
console.log(`wrote package.json contributes.configuration / jsonValidation and ${CONFIG_SCHEMA_PATH}`);
