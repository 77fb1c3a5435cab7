import { Client, type QueryResultRow } from 'pg';

export class Store {
  private readonly client = new Client({ connectionString: process.env.DATABASE_URL });

  async init(): Promise<void> {
    await this.client.connect();
  }

  async rows<T extends QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(text, params)).rows;
  }

  async move(from: number, to: number, amount: number): Promise<void> {
    try {
      await this.client.query('BEGIN');
      await this.client.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await this.client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await this.client.query('SELECT pg_sleep(0.02)');
      await this.client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }
}

export const store = new Store();
