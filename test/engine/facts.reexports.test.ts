import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/engine/analyze';
import type { DriverExport, FileFacts } from '../../server/src/engine/types';

function driverExports(text: string, file = '/p/lib/db.js'): DriverExport[] {
  return analyzeText(file, text).driverExports ?? [];
}

function creations(text: string, reexports: Record<string, DriverExport[]>): FileFacts['nodes'] {
  return analyzeText('/p/db.js', text, { reexports }).nodes.filter((n) => n.kind === 'creation');
}

describe('driver re-exports', () => {
  const table: Array<[string, DriverExport[]]> = [
    ["module.exports = require('pg');", [{ name: '*', driver: 'pg', path: '' }]],
    ["const pg = require('pg');\nmodule.exports = pg;", [{ name: '*', driver: 'pg', path: '' }, { name: 'default', driver: 'pg', path: '' }]],
    ["exports.Pool = require('pg').Pool;", [{ name: 'Pool', driver: 'pg', path: 'Pool' }]],
    ["const { Client } = require('pg');\nmodule.exports = { Client };", [{ name: 'Client', driver: 'pg', path: 'Client' }]],
    ["export { Client, Pool as PgPool } from 'pg';", [{ name: 'Client', driver: 'pg', path: 'Client' }, { name: 'PgPool', driver: 'pg', path: 'Pool' }]],
    ["export * from 'pg';", [{ name: '*', driver: 'pg', path: '' }]],
    ["export * as pg from 'pg';", [{ name: 'pg', driver: 'pg', path: '' }]],
    ["export { default } from 'pg';", [{ name: 'default', driver: 'pg', path: '' }]],
    ["export { default as pg } from 'pg';", [{ name: 'pg', driver: 'pg', path: '' }]],
    ["import pg from 'pg';\nexport { pg };", [{ name: 'pg', driver: 'pg', path: '' }]],
    ["module.exports = require('mysql2').createPool;", [{ name: '*', driver: 'mysql2', path: 'createPool' }, { name: 'default', driver: 'mysql2', path: 'createPool' }]],
  ];
  for (const [text, expected] of table) {
    it(`records ${JSON.stringify(text)}`, () => assert.deepEqual(driverExports(text), expected));
  }

  it('records nothing for another SDK\'s Client, a creation, or a local class', () => {
    assert.deepEqual(driverExports("export { Client } from 'discord.js';"), []);
    assert.deepEqual(driverExports("module.exports = require('discord.js');"), []);
    assert.deepEqual(driverExports("const { Client } = require('pg');\nmodule.exports = new Client();"), []);
    assert.deepEqual(driverExports("class Client {}\nmodule.exports = { Client };"), []);
  });

  it('an importer analysed with the re-exports creates through them, by the specifier it writes', () => {
    const whole = { './lib/db': [{ name: '*', driver: 'pg', path: '' }] };
    assert.equal(creations("const lib = require('./lib/db');\nmodule.exports = new lib.Client();", whole).length, 1);
    assert.equal(creations("const lib = require('./lib/other');\nmodule.exports = new lib.Client();", whole).length, 0);
    const named = { './lib/db': [{ name: 'Client', driver: 'pg', path: 'Client' }] };
    assert.equal(creations("import { Client } from './lib/db';\nexport const db = new Client();", named).length, 1);
    // Only what the module re-exports: its `Pool` is not there.
    assert.equal(creations("import { Pool } from './lib/db';\nexport const db = new Pool();", named).length, 0);
    const asDefault = { './lib/db': [{ name: 'default', driver: 'pg', path: '' }] };
    assert.equal(creations("import pg from './lib/db';\nexport const db = new pg.Client();", asDefault).length, 1);
    const factory = { './lib/mysql': [{ name: 'connect', driver: 'mysql2', path: 'createConnection' }] };
    assert.equal(creations("const { connect } = require('./lib/mysql');\nmodule.exports = connect({});", factory).length, 1);
  });
});
