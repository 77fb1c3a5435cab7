import { Client } from 'pg';

export const client = new Client({ connectionString: process.env.DATABASE_URL });
client.connect().catch((err) => {
  console.error('database connection failed', err);
  process.exit(1);
});
