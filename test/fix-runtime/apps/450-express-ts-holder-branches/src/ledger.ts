import type pg from 'pg';
import { db } from './db';

async function moveAmount(client: pg.Client, from: number, to: number, amount: number): Promise<void> {
  await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
  await client.query('SELECT pg_sleep(0.02)');
  await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
}

export async function transfer(from: number, to: number, amount: number): Promise<void> {
  try {
    await db.query('BEGIN');
    await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await moveAmount(db, from, to, amount);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}
