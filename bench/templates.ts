/**
 * Code templates for the synthetic bench workspace. Each returns the lines of
 * one block; the generator stitches blocks into files of a target length.
 * The code is meant to look like an ordinary service codebase so parsing and
 * analysis costs are realistic: imports, classes, generics, SQL, handlers.
 */
import type { Random } from './random';

export const ENTITIES = [
  'user', 'order', 'invoice', 'product', 'customer', 'shipment', 'payment', 'account', 'session', 'team',
  'project', 'ticket', 'comment', 'article', 'category', 'coupon', 'review', 'warehouse', 'supplier', 'subscription',
] as const;

const FIELDS = ['id', 'name', 'email', 'status', 'total', 'created_at', 'updated_at', 'owner_id', 'notes', 'priority', 'region', 'amount'];
const VERBS = ['normalize', 'validate', 'format', 'parse', 'merge', 'compute', 'resolve', 'summarize', 'filter', 'rank'];

export const pascal = (s: string): string => s.replace(/(^|[-_])(\w)/g, (_m, _sep: string, c: string) => c.toUpperCase());
export const camel = (s: string): string => { const p = pascal(s); return p[0].toLowerCase() + p.slice(1); };

function fields(rng: Random, count: number): string[] {
  const out = new Set<string>(['id']);
  while (out.size < count) out.add(rng.pick(FIELDS));
  return [...out];
}

export function interfaceBlock(rng: Random, name: string): string[] {
  const lines = [`export interface ${name} {`];
  for (const f of fields(rng, rng.int(4, 9))) {
    const type = f === 'id' || f.endsWith('_id') ? 'string' : f.endsWith('_at') ? 'Date' : rng.pick(['string', 'number', 'boolean', 'string | null']);
    lines.push(`  ${camel(f)}${rng.chance(0.2) ? '?' : ''}: ${type};`);
  }
  lines.push('}', '');
  return lines;
}

export function typeAliasBlock(rng: Random, name: string): string[] {
  const variants = rng.int(3, 6);
  const union = Array.from({ length: variants }, (_, i) => `'${rng.pick(VERBS)}-${i}'`).join(' | ');
  return [
    `export type ${name}Kind = ${union};`,
    `export type ${name}Patch<T> = { readonly [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };`,
    `export type ${name}Result<T, E = Error> = { ok: true; value: T } | { ok: false; error: E };`,
    `export type ${name}Keys = keyof ${name}Record;`,
    `export interface ${name}Record { kind: ${name}Kind; weight: number; tags: ReadonlyArray<string> }`,
    '',
  ];
}

export function enumBlock(rng: Random, name: string): string[] {
  const members = Array.from({ length: rng.int(3, 6) }, (_, i) => `  ${pascal(rng.pick(VERBS))}${i} = '${name.toLowerCase()}_${i}',`);
  return [`export enum ${name}State {`, ...members, '}', ''];
}

export function pureFunctionBlock(rng: Random, name: string, typed: boolean): string[] {
  const t = (s: string) => (typed ? s : '');
  const verb = rng.pick(VERBS);
  return [
    `export function ${verb}${pascal(name)}(input${t(': ReadonlyArray<Record<string, unknown>>')}, limit${t(': number')} = ${rng.int(5, 50)})${t(': Record<string, unknown>[]')} {`,
    `  const seen = new Set${t('<string>')}();`,
    `  const out${t(': Record<string, unknown>[]')} = [];`,
    '  for (const item of input) {',
    `    const key = String(item['${rng.pick(FIELDS)}'] ?? '');`,
    '    if (!key || seen.has(key)) continue;',
    '    seen.add(key);',
    `    out.push({ ...item, key, score: key.length * ${rng.int(2, 9)} });`,
    '    if (out.length >= limit) break;',
    '  }',
    `  return out.sort((a, b) => Number(b.score) - Number(a.score));`,
    '}',
    '',
  ];
}

export function helperClassBlock(rng: Random, name: string, typed: boolean): string[] {
  const t = (s: string) => (typed ? s : '');
  const cls = `${pascal(name)}${pascal(rng.pick(VERBS))}er`;
  return [
    `export class ${cls} {`,
    `  ${typed ? 'private readonly ' : ''}cache = new Map${t('<string, { value: unknown; at: number }>')}();`,
    '',
    `  constructor(${typed ? 'private readonly ' : ''}ttlMs${t(': number')} = ${rng.int(1, 60) * 1000}) {${typed ? '' : ' this.ttlMs = ttlMs; '}}`,
    '',
    `  get(key${t(': string')})${t(': unknown')} {`,
    '    const hit = this.cache.get(key);',
    '    if (!hit || Date.now() - hit.at > this.ttlMs) return undefined;',
    '    return hit.value;',
    '  }',
    '',
    `  set(key${t(': string')}, value${t(': unknown')})${t(': void')} {`,
    '    this.cache.set(key, { value, at: Date.now() });',
    `    if (this.cache.size > ${rng.int(100, 1000)}) this.cache.delete(this.cache.keys().next().value${typed ? ' as string' : ''});`,
    '  }',
    '}',
    '',
  ];
}

export function configBlock(rng: Random, name: string): string[] {
  return [
    `export const ${camel(name)}Config = {`,
    `  retries: ${rng.int(0, 5)},`,
    `  timeoutMs: ${rng.int(1, 30) * 1000},`,
    `  region: '${rng.pick(['eu-west-1', 'us-east-1', 'ap-south-1'])}',`,
    `  features: { audit: ${rng.chance(0.5)}, softDelete: ${rng.chance(0.5)}, cache: ${rng.chance(0.5)} },`,
    '} as const;',
    '',
  ];
}

/** A repository method running SQL through `db` (a Pool or a shared Client). */
export function repositoryMethodBlock(rng: Random, entity: string, typed: boolean): string[] {
  const t = (s: string) => (typed ? s : '');
  const table = `${entity}s`;
  const cols = fields(rng, rng.int(3, 6)).join(', ');
  const by = rng.pick(FIELDS.filter((f) => f !== 'id'));
  const method = `findBy${pascal(by)}${rng.int(1, 999)}`;
  return [
    `  async ${method}(value${t(': unknown')}, limit${t(' = 50')}${typed ? '' : ' = 50'})${t(`: Promise<${pascal(entity)}Row[]>`)} {`,
    `    const { rows } = await db.query${t(`<${pascal(entity)}Row>`)}(`,
    `      'SELECT ${cols} FROM ${table} WHERE ${by} = $1 ORDER BY id LIMIT $2',`,
    '      [value, limit],',
    '    );',
    '    return rows;',
    '  }',
    '',
  ];
}

/** An Express route handler calling a service. */
export function routeBlock(rng: Random, entity: string, service: string, typed: boolean): string[] {
  const t = (s: string) => (typed ? s : '');
  const method = rng.pick(['get', 'post', 'put', 'delete', 'patch']);
  const path = `/${entity}s/${rng.pick([':id', ':id/history', 'search', ':id/items', 'export'])}`;
  return [
    `router.${method}('${path}', async (req${t(': Request')}, res${t(': Response')}, next${t(': NextFunction')}) => {`,
    '  try {',
    `    const result = await ${service}.handle${pascal(method)}(req.params, req.query, req.body);`,
    `    if (result === undefined) return res.status(404).json({ error: '${entity} not found' });`,
    `    res.status(${method === 'post' ? 201 : 200}).json(result);`,
    '  } catch (err) {',
    '    next(err);',
    '  }',
    '});',
    '',
  ];
}

/** A route handler that queries the database directly (some of these reach a shared Client). */
export function directQueryRouteBlock(rng: Random, entity: string, typed: boolean): string[] {
  const t = (s: string) => (typed ? s : '');
  return [
    `router.get('/${entity}s/${rng.pick(['recent', 'stats', 'top'])}-${rng.int(1, 99)}', async (_req${t(': Request')}, res${t(': Response')}) => {`,
    `  const { rows } = await db.query('SELECT count(*)::int AS n FROM ${entity}s WHERE created_at > now() - interval \\'${rng.int(1, 30)} days\\'');`,
    '  res.json(rows[0]);',
    '});',
    '',
  ];
}

export function serviceMethodBlock(rng: Random, entity: string, verb: string, typed: boolean): string[] {
  const t = (s: string) => (typed ? s : '');
  const finder = `findBy${pascal(rng.pick(FIELDS))}`;
  return [
    `  async handle${verb}(params${t(': Record<string, string>')}, query${t(': Record<string, unknown>')}, body${t(': unknown')})${t(': Promise<unknown>')} {`,
    `    const key = hashKey(params.id ?? String(query.q ?? ''));`,
    `    const cached = this.cache.get('${entity}:' + key);`,
    '    if (cached) return cached;',
    `    const rows = await this.repository.${finder}(key, Number(query.limit ?? 20));`,
    `    const result = { items: rows, count: rows.length, input: body ?? null };`,
    `    this.cache.set('${entity}:' + key, result);`,
    '    return result;',
    '  }',
    '',
  ];
}
