import express from 'express';
import { db } from './db.js';
import { note, transfer } from './services/ledger.js';

// Express 4 does not catch rejected promises: hand them to the error middleware.
const asyncHandler = (fn) => (req, res, next) => fn(req, res, next).catch(next);

export const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));
app.get('/pid', asyncHandler(async (req, res) => {
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
}));
app.post('/transfer', asyncHandler(async (req, res) => {
  await transfer(req.body.from, req.body.to, req.body.amount);
  res.json({ ok: true });
}));
app.post('/audit', asyncHandler(async (req, res) => {
  await note(req.body.note);
  res.status(204).end();
}));
app.use((err, req, res, next) => res.status(500).json({ error: err.message }));
