import { Router } from 'express';
import { db } from '@/lib/db';

export const miscRouter = Router();

miscRouter.get('/pid', async (_req, res) => {
  const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
});

miscRouter.post('/audit', async (req, res) => {
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
  res.status(201).json({ ok: true });
});
