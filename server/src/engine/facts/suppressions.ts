/**
 * Suppression comments. Comments are found with the TypeScript scanner's
 * comment-range helpers at node boundaries; the directive is then parsed
 * from the comment text.
 *   // pg-pool-guard-disable-next-line rule-a, rule-b
 *   // pg-pool-guard-disable-line
 *   /* pg-pool-guard-disable rule *\/   (whole file)
 */
import ts from 'typescript';
import { SK } from './kinds';
import type { Suppressions } from '../types';

// Read once: every `ts.x` is a getter on a huge dictionary-mode object (see kinds.ts).
const { forEachChild } = ts;

const MARKER = 'pg-pool-guard-disable';

function parseRules(rest: string): string[] {
  const withoutReason = rest.split('--')[0];
  const rules = withoutReason.split(/[\s,]+/).filter((r) => r.length > 0);
  return rules.length > 0 ? rules : ['*'];
}

function addRules(target: string[], rules: readonly string[]): void {
  for (const rule of rules) if (!target.includes(rule)) target.push(rule);
}

function applyComment(sourceFile: ts.SourceFile, text: string, range: ts.CommentRange, out: Suppressions): void {
  const raw = text.slice(range.pos, range.end);
  const body = (range.kind === SK.MultiLineCommentTrivia ? raw.slice(2, -2) : raw.slice(2)).trim();
  if (!body.startsWith(MARKER)) return;
  const directive = body.split(/\s/, 1)[0];
  const rules = parseRules(body.slice(directive.length));
  if (directive === `${MARKER}-next-line`) {
    const line = sourceFile.getLineAndCharacterOfPosition(range.end).line + 1;
    addRules(out.lines[line] ??= [], rules);
  } else if (directive === `${MARKER}-line`) {
    const line = sourceFile.getLineAndCharacterOfPosition(range.pos).line;
    addRules(out.lines[line] ??= [], rules);
  } else if (directive === MARKER) {
    addRules(out.file, rules);
  }
}

export function collectSuppressions(sourceFile: ts.SourceFile): Suppressions {
  const out: Suppressions = { file: [], lines: {} };
  const text = sourceFile.text;
  if (!text.includes(MARKER)) return out; // cheap gate: most files have none
  const seen = new Set<number>();
  const visitPosition = (pos: number): void => {
    for (const ranges of [ts.getLeadingCommentRanges(text, pos), ts.getTrailingCommentRanges(text, pos)]) {
      for (const range of ranges ?? []) {
        if (seen.has(range.pos)) continue;
        seen.add(range.pos);
        applyComment(sourceFile, text, range, out);
      }
    }
  };
  const stack: ts.Node[] = [sourceFile];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visitPosition(node.pos);
    visitPosition(node.end);
    forEachChild(node, (child) => { stack.push(child); });
  }
  visitPosition(sourceFile.endOfFileToken.pos);
  return out;
}
