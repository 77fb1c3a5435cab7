const express = require('express');
const { clientFor } = require('./tenants');

const app = express();
// One database per customer in production; every tenant of this demo shares DATABASE_URL.
const tenantOf = (req) => req.get('x-tenant') || 'main';
app.use(express.json());
app.get('/health', async (req, res) => {
  await clientFor(tenantOf(req));
  res.send('ok');
});
app.get('/pid', async (req, res) => {
  const db = await clientFor(tenantOf(req));
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
});
app.post('/transfer', async (req, res) => {
  const { from, to, amount } = req.body;
  const db = await clientFor(tenantOf(req));
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
    res.status(500).json({ error: err.message });
  }
});
app.post('/audit', async (req, res) => {
  const db = await clientFor(tenantOf(req));
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
  res.sendStatus(201);
});
app.listen(process.env.PORT || 3000);
