import pg from 'pg';

const url = process.env.DATABASE_URL ?? 'postgres://localhost/app';

// Replaced below whichever way the environment says; here so `db` always has a value.
let db: pg.Client = new pg.Client({ connectionString: url });

if (process.env.PGSSLMODE === 'require') {
  db = new pg.Client({ connectionString: url, ssl: { rejectUnauthorized: false } });
} else {
  db = new pg.Client({ connectionString: url, application_name: 'holder-branches' });
}

export async function connectDatabase(): Promise<void> {
  await db.connect();
}

export { db };
