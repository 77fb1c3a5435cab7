/**
 * Session state kept on the shared connection. With a Pool each query may run
 * on a different connection, so this state would silently stop applying.
 * SQL is matched as data (the literal's value), not as source text.
 */
import ts from 'typescript';
import type { FileRewrite } from './context';
import { clientMethodCall, lineOf, sqlOf } from './context';

const CHECKS: Array<{ test: RegExp; what: string }> = [
  { test: /^\s*SET\s+(?!LOCAL\b|TRANSACTION\b|CONSTRAINTS\b)/i, what: 'SET (without LOCAL) changes a setting for one connection only' },
  { test: /^\s*RESET\b/i, what: 'RESET changes a setting for one connection only' },
  { test: /^\s*CREATE\s+(GLOBAL\s+|LOCAL\s+)?TEMP(ORARY)?\s+TABLE\b/i, what: 'a TEMP table exists on one connection only' },
  { test: /\bpg_(try_)?advisory_lock(_shared)?\s*\(/i, what: 'a session advisory lock is held by one connection (and released only by it)' },
  { test: /^\s*LISTEN\b/i, what: 'LISTEN receives notifications on one connection only' },
  { test: /^\s*PREPARE\b/i, what: 'a prepared statement exists on one connection only' },
];

/** Reasons the Pool would change behaviour, one per offending call. */
export function sessionStateProblems(ctx: FileRewrite): string[] {
  const out: string[] = [];
  for (const expr of ctx.clientExprs) {
    const m = clientMethodCall(expr);
    if (!m) continue;
    if (m.method === 'on') {
      const event = m.call.arguments[0];
      if (event && ts.isStringLiteralLike(event) && event.text === 'notification') {
        out.push(`${lineOf(ctx, m.call)}: on('notification') needs one dedicated connection (LISTEN); a Pool has no 'notification' event — keep a separate Client for it.`);
      }
      continue;
    }
    if (m.method !== 'query') continue;
    if (isNamedPreparedStatement(m.call)) {
      out.push(`${lineOf(ctx, m.call)}: a named prepared statement ({ name }) is prepared per connection; with a Pool it is re-prepared on each connection it lands on — check this is what you want.`);
      continue;
    }
    const sql = sqlOf(m.call);
    if (sql === undefined) continue;
    const hit = CHECKS.find((c) => c.test.test(sql));
    if (hit) out.push(`${lineOf(ctx, m.call)}: ${hit.what}; with a Pool the following queries may run on other connections — keep that state on one checked-out client (pool.connect()) or make it per query.`);
  }
  return out;
}

function isNamedPreparedStatement(call: ts.CallExpression): boolean {
  const arg = call.arguments[0];
  return !!arg && ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'name');
}
