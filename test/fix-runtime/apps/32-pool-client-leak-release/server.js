const express = require('express');
const db = require('./lib/db');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));

app.get('/pid', async (req, res, next) => {
  try {
    const client = await db.connect();
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    client.release();
    res.json({ pid: rows[0].pid });
  } catch (err) {
    next(err);
  }
});

app.post('/transfer', async (req, res, next) => {
  const { from, to, amount } = req.body;
  try {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await client.query('SELECT pg_sleep(0.02)');
      await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      await client.query('INSERT INTO transfers (from_id, to_id, amount) VALUES ($1, $2, $3)', [from, to, amount]);
      await client.query('COMMIT');
      client.release();
      res.json({ ok: true });
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  } catch (err) {
    next(err);
  }
});

app.use((err, req, res, next) => {
  res.status(err.code === '23514' ? 400 : 500).json({ error: err.message });
});

app.listen(Number(process.env.PORT || 3000));
