/** Formats bench rows as a markdown table. */
import type { BenchRow } from './types';

export function verdict(pass: boolean | undefined): string {
  return pass === undefined ? '' : pass ? 'PASS' : '**MISS**';
}

export function markdownTable(rows: BenchRow[]): string {
  const header = ['measurement', 'median', 'ratio', 'target', 'result'];
  const body = rows.map((r) => [r.measurement, r.value, r.ratio ?? '', r.target ?? '', verdict(r.pass)]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}
