import { Client } from 'pg';

// Connection settings come from PGHOST, PGPORT, PGUSER, PGDATABASE.
export const db: Client = new Client();

export async function connect(): Promise<void> {
  await db.connect();
}
