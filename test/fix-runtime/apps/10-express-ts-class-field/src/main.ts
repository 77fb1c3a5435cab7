import express from 'express';
import { store } from './store';

const app = express();
app.use(express.json());
app.get('/health', (_req, res) => {
  res.send('ok');
});
app.get('/pid', async (_req, res) => {
  const [row] = await store.rows<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: row.pid });
});
app.post('/transfer', async (req, res) => {
  try {
    await store.move(req.body.from, req.body.to, req.body.amount);
    res.json({ ok: true });
  } catch (error) {
    res.status(400).json({ error: (error as Error).message });
  }
});
app.post('/audit', async (req, res) => {
  await store.rows('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
  res.status(201).json({ ok: true });
});

async function main(): Promise<void> {
  await store.init();
  app.listen(Number(process.env.PORT ?? 3000));
}

void main();
