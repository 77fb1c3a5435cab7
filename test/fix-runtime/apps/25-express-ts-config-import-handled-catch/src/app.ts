import express, { type NextFunction, type Request, type Response } from 'express';
import { db } from './db';

export const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.send('ok');
});
app.get('/pid', async (_req, res) => {
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
});
app.post('/transfer', async (req: Request, res: Response, next: NextFunction) => {
  const { from, to, amount } = req.body;
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
app.post('/audit', async (req, res) => {
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
  res.sendStatus(201);
});
app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ error: err.message });
});
