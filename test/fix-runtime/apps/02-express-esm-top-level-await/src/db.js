import pg from 'pg';

const { Client } = pg;

export const db = new Client({ connectionString: process.env.DATABASE_URL });
await db.connect();
