/**
 * One property added to a pool's config object literal, in the literal's own
 * style (one line or one property a line, trailing comma, quoted keys). Used
 * by the Client → Pool rewrite and the pool-connect-timeout fix alike, so both
 * write `connectionTimeoutMillis` the same way.
 */
import ts from 'typescript';
import type { FileEdits } from './edits';
import { indentOf } from './statements';
import { detectStyle } from './style';

/** The default of the `connectionTimeoutMillis` setting. */
export const DEFAULT_CONNECTION_TIMEOUT_MILLIS = 10_000;

/** Does the literal set `key` itself (`key: …`, `'key': …`, `key,`, a method)? */
export function hasOwnProperty(config: ts.ObjectLiteralExpression, key: string): boolean {
  return config.properties.some((p) => !ts.isSpreadAssignment(p) && p.name !== undefined && propertyNameText(p.name) === key);
}

/**
 * `key: value` added to `config`. After the last property, unless the literal
 * spreads another object: then first, so a value the spread brings (the
 * user's own) still wins over this default.
 */
export function addObjectProperty(sf: ts.SourceFile, edits: FileEdits, config: ts.ObjectLiteralExpression, key: string, value: string): void {
  const props = config.properties;
  const property = `${keyText(sf, config, key)}: ${value}`;
  if (props.length === 0) {
    edits.replace(config.getStart(sf), config.end, `{ ${property} }`);
    return;
  }
  const multiline = sf.text.slice(config.getStart(sf), config.end).includes('\n');
  if (props.some(ts.isSpreadAssignment)) {
    const first = props[0];
    const separator = multiline ? detectStyle(sf).newline + indentOf(sf, first) : ' ';
    edits.insert(first.getStart(sf), `${property},${separator}`);
    return;
  }
  const last = props[props.length - 1];
  const afterLast = sf.text.slice(last.end, config.end - 1);
  const trailingComma = afterLast.trimStart().startsWith(',');
  if (multiline) {
    const indent = indentOf(sf, last);
    const nl = detectStyle(sf).newline;
    const afterComma = trailingComma ? last.end + afterLast.indexOf(',') + 1 : last.end;
    if (!trailingComma) edits.insert(last.end, ',');
    // `host: 'db', // primary`: the new line goes after the comment, which stays with its property.
    edits.insert(endOfLineComment(sf.text, afterComma, config.end) ?? afterComma, `${nl}${indent}${property}${trailingComma ? ',' : ''}`);
  } else {
    edits.insert(last.end, `, ${property}`);
  }
}

/** The end of a `// …` comment that is all the rest of the line after `offset` has (before `limit`), if it is one. */
function endOfLineComment(text: string, offset: number, limit: number): number | undefined {
  const newline = text.indexOf('\n', offset);
  if (newline < 0 || newline >= limit) return undefined;
  const end = text[newline - 1] === '\r' ? newline - 1 : newline;
  return text.slice(offset, end).trim().startsWith('//') ? end : undefined;
}

/** The key as the literal writes its keys: quoted when every key there is a string literal (`{ "host": … }`). */
function keyText(sf: ts.SourceFile, config: ts.ObjectLiteralExpression, key: string): string {
  const names = config.properties.flatMap((p) => (!ts.isSpreadAssignment(p) && p.name ? [p.name] : []));
  if (names.length === 0 || !names.every(ts.isStringLiteral)) return key;
  const quote = sf.text[names[0].getStart(sf)] === '"' ? '"' : "'";
  return quote + key + quote;
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}
