/**
 * The catalogues (server/src/engine/catalogue/) against their docs pages:
 * every row is listed, nothing else is (docs/drivers.md, docs/contexts.md).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DRIVER_TABLE } from '../../server/src/engine/catalogue/drivers';
import { CONTEXT_CATALOGUE } from '../../server/src/engine/catalogue/contexts';
import { FRAMEWORK_ALIASES } from '../../server/src/engine/catalogue/aliases';

const ROOT = join(__dirname, '..', '..');

/** The table rows between `<!-- name -->` and `<!-- /name -->`, as trimmed cells (header and separator dropped). */
export function markedTable(text: string, name: string): string[][] {
  const start = text.indexOf(`<!-- ${name} -->`);
  const end = text.indexOf(`<!-- /${name} -->`);
  assert.ok(start >= 0 && end > start, `no <!-- ${name} --> … <!-- /${name} --> block`);
  const rows = text.slice(start, end).split('\n').filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) => cells(row));
}

/** Cells of a Markdown table row; `\|` is a pipe inside a cell. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (row[i] === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  return out;
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

describe('docs/contexts.md lists the context catalogue', () => {
  it('one row per entry, in catalogue order, with its framework, label and runs', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'contexts.md'), 'utf8');
    const rows = markedTable(docs, 'catalogue');
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[3], r[4]]), CONTEXT_CATALOGUE.map((e) => [
      `\`${e.id}\``, e.framework, 'middlewareLabel' in e ? `${e.label} (\`use\`: ${e.middlewareLabel})` : e.label, e.runs,
    ]));
    for (const row of rows) assert.ok(row[2].length > 0, `${row[0]}: say what is recognised`);
  });
});

describe('docs/contexts.md lists the framework aliases', () => {
  it('one row per framework, with its generated config, config files and every alias', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'contexts.md'), 'utf8');
    const rows = markedTable(docs, 'aliases');
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), FRAMEWORK_ALIASES.map((f) => [
      f.framework, `\`${f.generatedConfig}\``, f.markerFiles.map((m) => `\`${m}\``).join(', '),
    ]));
    FRAMEWORK_ALIASES.forEach((f, i) => {
      for (const pattern of Object.keys(f.paths)) {
        if (pattern.endsWith('/*')) continue;
        assert.ok(rows[i][3].includes(`\`${pattern}\``), `${f.framework}: the docs name alias ${pattern}`);
      }
    });
  });
});

describe('the context catalogue', () => {
  it('has unique ids and one fallback router and listener, last in their convention', () => {
    const ids = CONTEXT_CATALOGUE.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    const routers = CONTEXT_CATALOGUE.filter((e) => e.convention === 'router');
    assert.deepEqual(routers.filter((r) => !('fileImports' in r)).map((r) => r.id), [routers[routers.length - 1].id]);
    const listeners = CONTEXT_CATALOGUE.filter((e) => e.convention === 'listener');
    assert.deepEqual(listeners.filter((l) => !('fileImports' in l) && !('events' in l)).map((l) => l.id), [listeners[listeners.length - 1].id]);
  });
});
