import { Client } from 'pg';

const db = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'backfill' });

async function backfill(): Promise<number> {
  await db.connect();
  try {
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    const results = await Promise.all(ids.map((id) => db.query('INSERT INTO audit_log (note) VALUES ($1) RETURNING id', [`backfill ${id}`])));
    return results.length;
  } finally {
    await db.end();
  }
}

backfill().then((n) => console.log(`backfilled ${n} rows`));
