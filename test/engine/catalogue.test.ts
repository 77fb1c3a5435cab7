/**
 * The catalogues (server/src/engine/catalogue/) against their docs pages:
 * every row is listed, nothing else is (docs/drivers.md, docs/contexts.md).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DRIVER_TABLE } from '../../server/src/engine/catalogue/drivers';

const ROOT = join(__dirname, '..', '..');

/** The table rows between `<!-- name -->` and `<!-- /name -->`, as trimmed cells (header and separator dropped). */
export function markedTable(text: string, name: string): string[][] {
  const start = text.indexOf(`<!-- ${name} -->`);
  const end = text.indexOf(`<!-- /${name} -->`);
  assert.ok(start >= 0 && end > start, `no <!-- ${name} --> … <!-- /${name} --> block`);
  const rows = text.slice(start, end).split('\n').filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) => row.split('|').slice(1, -1).map((cell) => cell.trim()));
}

describe('docs/drivers.md lists the driver table', () => {
  const docs = readFileSync(join(ROOT, 'docs', 'drivers.md'), 'utf8');
  for (const driver of DRIVER_TABLE) {
    it(`${driver.id}: modules`, () => {
      assert.deepEqual(markedTable(docs, `modules:${driver.id}`), driver.modules.map((m) => [`\`${m.specifier}\``, 'note' in m ? m.note : '']));
    });
    it(`${driver.id}: exports`, () => {
      assert.deepEqual(markedTable(docs, `exports:${driver.id}`), driver.exports.map((e) => [
        `\`${e.export}\``, e.resource, `\`${e.createdBy}\``, 'acquire' in e ? `\`${e.acquire.method}()\` → ${e.acquire.resource}` : '',
      ]));
    });
  }
});
