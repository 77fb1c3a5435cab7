import { db } from '../db.js';

export async function transfer(from, to, amount) {
  await db.query('BEGIN');
  await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
  await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
  await db.query('SELECT pg_sleep(0.02)');
  await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
  await db.query('COMMIT');
}

export async function note(text) {
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [text]);
}
