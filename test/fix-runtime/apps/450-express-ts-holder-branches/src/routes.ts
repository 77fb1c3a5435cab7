import { Router } from 'express';
import type pg from 'pg';
import { transfer } from './ledger';

export function apiRoutes(db: pg.Client): Router {
  const router = Router();
  router.get('/pid', async (_req, res) => {
    const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    res.json({ pid: rows[0].pid });
  });
  router.post('/transfer', async (req, res) => {
    try {
      await transfer(req.body.from, req.body.to, req.body.amount);
      res.json({ ok: true });
    } catch (error) {
      res.status(400).json({ error: (error as Error).message });
    }
  });
  router.post('/audit', async (req, res) => {
    await db.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
    res.status(201).json({ ok: true });
  });
  return router;
}
