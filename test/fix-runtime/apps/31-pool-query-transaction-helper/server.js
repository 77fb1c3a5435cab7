const express = require('express');
const pool = require('./lib/pool');
const { tx } = require('./lib/tx');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));

app.get('/pid', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    res.json({ pid: rows[0].pid });
  } catch (err) {
    next(err);
  }
});

app.post('/transfer', async (req, res, next) => {
  const { from, to, amount } = req.body;
  try {
    await tx(async (db) => {
      await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await db.query('SELECT pg_sleep(0.02)');
      await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      await db.query('INSERT INTO transfers (from_id, to_id, amount) VALUES ($1, $2, $3)', [from, to, amount]);
    });
    res.json({ ok: true });
  } catch (err) {
    next(err);
  }
});

app.post('/audit', async (req, res, next) => {
  try {
    await pool.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
    res.status(201).json({ ok: true });
  } catch (err) {
    next(err);
  }
});

app.use((err, req, res, next) => {
  res.status(err.code === '23514' ? 400 : 500).json({ error: err.message });
});

app.listen(Number(process.env.PORT || 3000));
