// A workspace shaped like a create-next-app project (app router, `src/`,
// tsconfig `paths` `@/*` → `./src/*`, no baseUrl) for the alias e2e:
// - src/lib/db.ts: a module-level pg Client, imported by two route handlers
//   through `@/lib/db`; one of them runs BEGIN … COMMIT on it. The rewrite
//   must cover all three files.
// - src/lib/tenant-db.ts: a second Client whose route switches search_path per
//   request: that rewrite must be refused (shown disabled, with the reason).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const lines = (...l) => `${l.join('\n')}\n`;

export const NEXT_APP_FILES = {
  'package.json': JSON.stringify({
    name: 'ledger-web',
    version: '0.1.0',
    private: true,
    scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
    dependencies: { next: '15.3.0', react: '19.1.0', 'react-dom': '19.1.0', pg: '8.16.0' },
    devDependencies: { '@types/node': '20.19.0', '@types/pg': '8.15.0', '@types/react': '19.1.0', typescript: '5.8.3' },
  }, null, 2) + '\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2017', lib: ['dom', 'dom.iterable', 'esnext'], allowJs: true, skipLibCheck: true, strict: true,
      noEmit: true, esModuleInterop: true, module: 'esnext', moduleResolution: 'bundler', resolveJsonModule: true,
      isolatedModules: true, jsx: 'preserve', incremental: true, plugins: [{ name: 'next' }],
      paths: { '@/*': ['./src/*'] },
    },
    include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts'],
    exclude: ['node_modules'],
  }, null, 2) + '\n',
  'next.config.ts': lines(
    "import type { NextConfig } from 'next';",
    '',
    'const nextConfig: NextConfig = {',
    "  serverExternalPackages: ['pg'],",
    '};',
    '',
    'export default nextConfig;',
  ),
  'src/lib/db.ts': lines(
    "import { Client } from 'pg';",
    '',
    'export const db = new Client({ connectionString: process.env.DATABASE_URL });',
    'db.connect();',
  ),
  'src/lib/money.ts': lines(
    '/** Amounts travel as integer cents; the UI shows them with two decimals. */',
    'export function parseCents(value: unknown): number {',
    "  const cents = typeof value === 'number' ? value : Number.parseInt(String(value), 10);",
    "  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError('amount must be a positive number of cents');",
    '  return cents;',
    '}',
    '',
    'export function formatCents(cents: number): string {',
    '  return (cents / 100).toFixed(2);',
    '}',
  ),
  'src/app/api/accounts/route.ts': lines(
    "import { db } from '@/lib/db';",
    "import { formatCents } from '@/lib/money';",
    '',
    'export async function GET() {',
    "  const { rows } = await db.query('SELECT id, owner, balance FROM accounts ORDER BY id');",
    '  return Response.json(rows.map((row) => ({ ...row, balance: formatCents(row.balance) })));',
    '}',
  ),
  'src/app/api/transfers/route.ts': lines(
    "import { db } from '@/lib/db';",
    "import { parseCents } from '@/lib/money';",
    '',
    'export async function POST(request: Request) {',
    '  const { from, to, amount } = await request.json();',
    '  const cents = parseCents(amount);',
    "  await db.query('BEGIN');",
    "  await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [cents, from]);",
    "  await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [cents, to]);",
    "  await db.query('COMMIT');",
    '  return Response.json({ ok: true });',
    '}',
  ),
  'src/lib/tenant-db.ts': lines(
    "import { Client } from 'pg';",
    '',
    'export const tenantDb = new Client({ connectionString: process.env.TENANT_DATABASE_URL });',
    'tenantDb.connect();',
  ),
  'src/app/api/tenants/[tenant]/invoices/route.ts': lines(
    "import { tenantDb } from '@/lib/tenant-db';",
    '',
    'export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {',
    '  const { tenant } = await params;',
    "  await tenantDb.query(`SET search_path TO ${tenant}`);",
    "  const { rows } = await tenantDb.query('SELECT id, total FROM invoices ORDER BY id');",
    '  return Response.json(rows);',
    '}',
  ),
  'src/app/layout.tsx': lines(
    'export const metadata = { title: \'Ledger\' };',
    '',
    'export default function RootLayout({ children }: { children: React.ReactNode }) {',
    '  return (',
    '    <html lang="en">',
    '      <body>{children}</body>',
    '    </html>',
    '  );',
    '}',
  ),
  'src/app/page.tsx': lines(
    'export default function Home() {',
    '  return <main><h1>Ledger</h1><p>Transfers between accounts.</p></main>;',
    '}',
  ),
};

/** The files the connection rewrite of `db` must change. */
export const REWRITTEN = ['src/lib/db.ts', 'src/app/api/accounts/route.ts', 'src/app/api/transfers/route.ts'];

export function writeNextApp(root) {
  for (const [rel, text] of Object.entries(NEXT_APP_FILES)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}
