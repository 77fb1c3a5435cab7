/**
 * Templates for the code most files of a real workspace hold, which never
 * touches the database: React components, hooks, UI-kit pieces, stories,
 * utilities, unit tests, build scripts, and vendored (minified) bundles.
 */
import type { Random } from './random';
import { camel, ENTITIES, pascal } from './templates';

const UI_PIECES = ['Button', 'Card', 'Modal', 'Table', 'Tabs', 'Badge', 'Avatar', 'Tooltip', 'Menu', 'Drawer', 'Field', 'Select'];
const HOOKS = ['Debounce', 'Fetch', 'LocalStorage', 'MediaQuery', 'Pagination', 'Selection', 'Toggle', 'Form'];

export function uiPiece(rng: Random, i: number): string[] {
  const piece = UI_PIECES[i % UI_PIECES.length];
  const name = `${piece}${i}`;
  const lines = [
    "import React, { forwardRef, useId } from 'react';",
    "import clsx from 'clsx';",
    `import { tokens } from '../theme/tokens-${i % 40}';`,
    '',
    `export type ${name}Variant = 'primary' | 'secondary' | 'ghost' | 'danger';`,
    '',
    `export interface ${name}Props extends React.HTMLAttributes<HTMLDivElement> {`,
    `  variant?: ${name}Variant;`,
    '  size?: \'sm\' | \'md\' | \'lg\';',
    '  disabled?: boolean;',
    '  label?: string;',
    '}',
    '',
    `export const ${name} = forwardRef<HTMLDivElement, ${name}Props>(function ${name}(`,
    "  { variant = 'primary', size = 'md', disabled = false, label, className, children, ...rest },",
    '  ref,',
    ') {',
    '  const id = useId();',
    '  return (',
    '    <div',
    '      ref={ref}',
    '      id={id}',
    `      role="${rng.pick(['group', 'dialog', 'button', 'region'])}"`,
    "      aria-disabled={disabled || undefined}",
    `      className={clsx('${camel(piece)}', \`${camel(piece)}--\${variant}\`, \`${camel(piece)}--\${size}\`, className)}`,
    `      style={{ padding: tokens.space[size], borderRadius: tokens.radius.${rng.pick(['sm', 'md', 'lg'])} }}`,
    '      {...rest}',
    '    >',
    '      {label ? <span className="label">{label}</span> : null}',
    '      {children}',
    '    </div>',
    '  );',
    '});',
    '',
  ];
  for (let k = 0; k < rng.int(1, 3); k++) {
    lines.push(
      `export function ${name}Group${k}({ items }: { items: ReadonlyArray<${name}Props & { key: string }> }) {`,
      `  return <div className="${camel(piece)}-group">{items.map(({ key, ...props }) => <${name} key={key} {...props} />)}</div>;`,
      '}',
      '',
    );
  }
  return lines;
}

export function themeTokens(rng: Random, i: number): string[] {
  return [
    `export const tokens = {`,
    `  space: { sm: ${rng.int(2, 4)}, md: ${rng.int(6, 10)}, lg: ${rng.int(12, 20)} },`,
    `  radius: { sm: 2, md: ${rng.int(4, 6)}, lg: ${rng.int(8, 12)} },`,
    `  color: { primary: '#${rng.int(0x100000, 0xffffff).toString(16)}', muted: '#${rng.int(0x100000, 0xffffff).toString(16)}' },`,
    `  font: { body: 'Inter, sans-serif', mono: 'JetBrains Mono, monospace', scale: ${(1 + rng.next() / 4).toFixed(3)} },`,
    '} as const;',
    '',
    `export type Tokens${i} = typeof tokens;`,
    '',
  ];
}

/** A page-level React component with state, effects and a list (apps/web). */
export function component(rng: Random, i: number, imports: string[]): string[] {
  const entity = ENTITIES[i % ENTITIES.length];
  const Entity = pascal(entity);
  const name = `${Entity}${rng.pick(['List', 'Panel', 'Editor', 'Summary', 'Row', 'Filters'])}${i}`;
  const lines = [
    "import React, { useCallback, useEffect, useMemo, useState } from 'react';",
    ...imports,
    '',
    `interface ${Entity}Item${i} {`,
    '  id: string;',
    '  title: string;',
    '  updatedAt: string;',
    `  status: '${rng.pick(['open', 'draft'])}' | 'closed';`,
    '}',
    '',
    `export interface ${name}Props {`,
    `  items: ${Entity}Item${i}[];`,
    '  onSelect?: (id: string) => void;',
    '  pageSize?: number;',
    '}',
    '',
    `export function ${name}({ items, onSelect, pageSize = ${rng.int(10, 50)} }: ${name}Props) {`,
    "  const [query, setQuery] = useState('');",
    '  const [page, setPage] = useState(0);',
    '  const visible = useMemo(',
    '    () => items.filter((item) => item.title.toLowerCase().includes(query.toLowerCase())).slice(page * pageSize, (page + 1) * pageSize),',
    '    [items, query, page, pageSize],',
    '  );',
    '  useEffect(() => {',
    '    setPage(0);',
    '  }, [query]);',
    '  const select = useCallback((id: string) => onSelect?.(id), [onSelect]);',
    '  return (',
    `    <section aria-label="${entity} list">`,
    `      <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search ${entity}s" />`,
    '      <ul>',
    '        {visible.map((item) => (',
    '          <li key={item.id} onClick={() => select(item.id)} className={item.status}>',
    '            <strong>{item.title}</strong> <time dateTime={item.updatedAt}>{new Date(item.updatedAt).toLocaleDateString()}</time>',
    '          </li>',
    '        ))}',
    '      </ul>',
    '      <button disabled={page === 0} onClick={() => setPage((p) => p - 1)}>Previous</button>',
    '      <button disabled={(page + 1) * pageSize >= items.length} onClick={() => setPage((p) => p + 1)}>Next</button>',
    '    </section>',
    '  );',
    '}',
    '',
  ];
  if (rng.chance(0.4)) {
    lines.push(
      `export function use${name}Data(url: string) {`,
      `  const [data, setData] = useState<${Entity}Item${i}[] | null>(null);`,
      '  const [error, setError] = useState<Error | null>(null);',
      '  useEffect(() => {',
      '    const controller = new AbortController();',
      '    fetch(url, { signal: controller.signal })',
      '      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))))',
      '      .then(setData, (e: Error) => e.name !== \'AbortError\' && setError(e));',
      '    return () => controller.abort();',
      '  }, [url]);',
      '  return { data, error, loading: data === null && error === null };',
      '}',
      '',
    );
  }
  return lines;
}

export function hook(rng: Random, i: number): string[] {
  const name = `use${HOOKS[i % HOOKS.length]}${i}`;
  return [
    "import { useEffect, useRef, useState } from 'react';",
    '',
    `export function ${name}<T>(value: T, delayMs = ${rng.int(50, 500)}): T {`,
    '  const [current, setCurrent] = useState(value);',
    '  const timer = useRef<ReturnType<typeof setTimeout>>();',
    '  useEffect(() => {',
    '    clearTimeout(timer.current);',
    '    timer.current = setTimeout(() => setCurrent(value), delayMs);',
    '    return () => clearTimeout(timer.current);',
    '  }, [value, delayMs]);',
    '  return current;',
    '}',
    '',
    `export function ${name}Previous<T>(value: T): T | undefined {`,
    '  const ref = useRef<T>();',
    '  useEffect(() => {',
    '    ref.current = value;',
    '  });',
    '  return ref.current;',
    '}',
    '',
  ];
}

export function story(rng: Random, i: number, piece: string, from: string): string[] {
  return [
    "import type { Meta, StoryObj } from '@storybook/react';",
    `import { ${piece} } from '${from}';`,
    '',
    `const meta: Meta<typeof ${piece}> = {`,
    `  title: 'UI/${piece}',`,
    `  component: ${piece},`,
    `  args: { label: '${pascal(ENTITIES[i % ENTITIES.length])}', size: '${rng.pick(['sm', 'md', 'lg'])}' },`,
    '};',
    'export default meta;',
    '',
    `type Story = StoryObj<typeof ${piece}>;`,
    '',
    "export const Primary: Story = { args: { variant: 'primary' } };",
    "export const Secondary: Story = { args: { variant: 'secondary' } };",
    'export const Disabled: Story = { args: { disabled: true } };',
    '',
  ];
}

/** A unit test of `subject` (exported names `names`) in vitest/jest style. */
export function unitTest(rng: Random, i: number, subjectImport: string, names: string[]): string[] {
  const lines = ["import { describe, expect, it, vi } from 'vitest';", subjectImport, ''];
  lines.push(`describe('${names[0] ?? `module ${i}`}', () => {`);
  const cases = rng.int(4, 9);
  for (let k = 0; k < cases; k++) {
    const fn = names[k % Math.max(1, names.length)] ?? 'String';
    lines.push(
      `  it('handles case ${k} of ${i}', ${rng.chance(0.3) ? 'async ' : ''}() => {`,
      `    const spy = vi.fn((x: unknown) => x);`,
      `    const input = [{ id: '${k}', name: 'n${k}', score: ${rng.int(0, 100)} }, { id: '${k + 1}', name: '', score: 0 }];`,
      `    const result = ${fn === 'String' ? 'String(input)' : `(${fn} as unknown as (...a: unknown[]) => unknown)(input, ${rng.int(1, 10)})`};`,
      '    spy(result);',
      '    expect(spy).toHaveBeenCalledTimes(1);',
      `    expect(result).toBeDefined();`,
      '  });',
      '',
    );
  }
  lines.push('});', '');
  return lines;
}

/** A build or maintenance script (CommonJS, plain JS). */
export function script(rng: Random, i: number): string[] {
  return [
    "'use strict';",
    "const fs = require('node:fs');",
    "const path = require('node:path');",
    '',
    `const ROOT = path.resolve(__dirname, '${rng.pick(['..', '../..'])}');`,
    '',
    `function collect${i}(dir, out = []) {`,
    '  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {',
    '    const full = path.join(dir, entry.name);',
    "    if (entry.isDirectory() && entry.name !== 'node_modules') collect" + i + '(full, out);',
    `    else if (entry.name.endsWith('.${rng.pick(['json', 'md', 'css'])}')) out.push(full);`,
    '  }',
    '  return out;',
    '}',
    '',
    `const files = collect${i}(ROOT);`,
    'let bytes = 0;',
    'for (const file of files) bytes += fs.statSync(file).size;',
    "console.log(`${files.length} files, ${bytes} bytes`);",
    'module.exports = { collect' + i + ' };',
    '',
  ];
}

const MINI_NAMES = 'abcdefghijklmnopqrstuvwxyz';

const RESERVED = new Set(['do', 'if', 'in']);

function miniName(rng: Random): string {
  const name = MINI_NAMES[rng.int(0, 25)] + (rng.chance(0.5) ? MINI_NAMES[rng.int(0, 25)] : '') + (rng.chance(0.3) ? String(rng.int(0, 9)) : '');
  return RESERVED.has(name) ? `${name}_` : name;
}

/** One minified statement of a vendored bundle. */
function miniStatement(rng: Random, k: number): string {
  const a = miniName(rng);
  const b = miniName(rng);
  switch (k % 6) {
    case 0: return `var ${a}${k}=function(e,t){for(var n=0,r=e.length;n<r;n++)if(!1===t.call(e[n],n,e[n]))break;return e}`;
    case 1: return `${a}.prototype.${b}=function(e){var t=this;return this.each(function(){t.${b}.call(this,e||{})}),this}`;
    case 2: return `var ${a}${k}={name:"${b}",version:"${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 20)}",opts:{debug:!1,retry:${rng.int(0, 5)},sel:/^[a-z${b}]+$/i}}`;
    case 3: return `function ${a}${k}(e){return"string"==typeof e?e.replace(/\\s+/g," ").trim():null==e?"":String(e)}`;
    case 4: return `!function(e){"use strict";e.${b}${k}=function(t,n){return t<n?-1:t>n?1:0}}(window||{})`;
    default: return `${a}${k}=(${b},e)=>{const t=[];for(const n in ${b})Object.prototype.hasOwnProperty.call(${b},n)&&t.push([n,${b}[n]]);return t.sort(e)}`;
  }
}

/** A vendored, minified bundle of roughly `bytes` characters on long lines. */
export function vendoredBundle(rng: Random, bytes: number): string[] {
  const lines = ['/*! vendored bundle, do not edit */'];
  let size = 0;
  let k = 0;
  while (size < bytes) {
    const parts: string[] = [];
    const perLine = rng.int(10, 40);
    for (let p = 0; p < perLine; p++) parts.push(miniStatement(rng, k++));
    const line = parts.join(';') + ';';
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}

/** Pure utilities (packages/utils): formatting, collections, dates. */
export function utility(rng: Random, i: number): string[] {
  const lines = [`/** Helpers shared by the apps (module ${i}). */`, ''];
  const count = rng.int(3, 6);
  for (let k = 0; k < count; k++) {
    const entity = pascal(ENTITIES[(i + k) % ENTITIES.length]);
    switch ((i + k) % 4) {
      case 0:
        lines.push(
          `export function format${entity}${k}(value: number, locale = '${rng.pick(['en-US', 'de-DE', 'fr-FR'])}'): string {`,
          `  return new Intl.NumberFormat(locale, { maximumFractionDigits: ${rng.int(0, 4)} }).format(value);`,
          '}',
          '',
        );
        break;
      case 1:
        lines.push(
          `export function groupBy${entity}${k}<T, K extends PropertyKey>(items: readonly T[], key: (item: T) => K): Record<K, T[]> {`,
          '  const out = {} as Record<K, T[]>;',
          '  for (const item of items) (out[key(item)] ??= []).push(item);',
          '  return out;',
          '}',
          '',
        );
        break;
      case 2:
        lines.push(
          `export function addDays${entity}${k}(date: Date, days: number): Date {`,
          '  const next = new Date(date.getTime());',
          '  next.setUTCDate(next.getUTCDate() + days);',
          '  return next;',
          '}',
          '',
          `export const isWeekend${entity}${k} = (date: Date): boolean => date.getUTCDay() === 0 || date.getUTCDay() === 6;`,
          '',
        );
        break;
      default:
        lines.push(
          `export class Lru${entity}${k}<K, V> {`,
          '  private readonly map = new Map<K, V>();',
          `  constructor(private readonly max = ${rng.int(16, 512)}) {}`,
          '  get(key: K): V | undefined {',
          '    const value = this.map.get(key);',
          '    if (value !== undefined) {',
          '      this.map.delete(key);',
          '      this.map.set(key, value);',
          '    }',
          '    return value;',
          '  }',
          '  set(key: K, value: V): void {',
          '    this.map.delete(key);',
          '    this.map.set(key, value);',
          '    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);',
          '  }',
          '}',
          '',
        );
    }
  }
  return lines;
}

/** Names `utility(rng, i)` exports are not tracked; tests import the module as a namespace. */
export function utilityNamespaceName(i: number): string {
  return `utils${i}`;
}
