import { Router } from 'express';
import * as db from './db';

export const routes = Router();

routes.get('/pid', async (_req, res) => {
  const { rows } = await db.client.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
});

routes.post('/transfer', async (req, res) => {
  const { from, to, amount } = req.body;
  try {
    await db.client.query('BEGIN');
    await db.client.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await db.client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await db.client.query('SELECT pg_sleep(0.02)');
    await db.client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await db.client.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await db.client.query('ROLLBACK');
    res.status(400).json({ error: String(err) });
  }
});
