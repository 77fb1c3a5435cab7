import { Client } from 'pg';

export const databaseProvider = {
  provide: 'PG',
  useFactory: async () => {
    const client = new Client(process.env.DATABASE_URL);
    await client.connect();
    return client;
  },
};
