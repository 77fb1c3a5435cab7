import { Router } from 'express';
import { db } from '@/lib/db';

export const transferRouter = Router();

transferRouter.post('/transfer', async (req, res, next) => {
  const { from, to, amount } = req.body as { from: number; to: number; amount: number };
  try {
    await db.query('BEGIN');
    await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await db.query('SELECT pg_sleep(0.02)');
    await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await db.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await db.query('ROLLBACK');
    next(err);
  }
});
