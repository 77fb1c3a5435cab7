/**
 * Golden case files (test/fix/golden/*.txt): a header, then file sections.
 *
 *   creation: db.js            file holding the `new Client` to rewrite
 *   marker: new Client         text at the creation (first occurrence); repeat the line to
 *                              rewrite several clients of the file, in that order
 *   preferred: true|false
 *   reason: some text          (repeatable) must appear in the rewrite's reason
 *   --- before db.js
 *   …
 *   --- after db.js            expected text; files without an `after` must stay unchanged
 *   …
 *
 * Plain text, so the TypeScript inputs are not type-checked as part of the repo.
 */
import { readFileSync } from 'node:fs';

export interface GoldenCase {
  name: string;
  creation: string;
  marker: string;
  /** Every marker, in order (the first is `marker`). */
  markers: string[];
  preferred: boolean | undefined;
  reasons: string[];
  before: Record<string, string>;
  after: Record<string, string>;
}

export function parseGolden(path: string, name: string): GoldenCase {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const golden: GoldenCase = { name, creation: '', marker: 'new ', markers: [], preferred: undefined, reasons: [], before: {}, after: {} };
  let section: { kind: 'before' | 'after'; file: string; lines: string[] } | undefined;
  // Each section is a file's text ending in one newline.
  const flush = (): void => {
    if (!section) return;
    while (section.lines.length > 0 && section.lines[section.lines.length - 1] === '') section.lines.pop();
    golden[section.kind]['/app/' + section.file] = section.lines.join('\n') + '\n';
  };
  for (const line of lines) {
    const header = /^--- (before|after) (\S+)$/.exec(line);
    if (header) {
      flush();
      section = { kind: header[1] as 'before' | 'after', file: header[2], lines: [] };
      continue;
    }
    if (section) {
      section.lines.push(line);
      continue;
    }
    const field = /^(\w+): (.*)$/.exec(line);
    if (!field) continue;
    const [, key, value] = field;
    if (key === 'creation') golden.creation = '/app/' + value;
    else if (key === 'marker') golden.markers.push(value);
    else if (key === 'preferred') golden.preferred = value === 'true';
    else if (key === 'reason') golden.reasons.push(value);
  }
  flush();
  if (golden.markers.length === 0) golden.markers.push(golden.marker);
  golden.marker = golden.markers[0];
  return golden;
}
