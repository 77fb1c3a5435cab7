const express = require('express');
const client = require('./db');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));

// Each request opens the connection, does its work and closes it again.
app.get('/pid', async (req, res) => {
  await client.connect();
  const { rows } = await client.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  await client.end();
  res.json({ pid: rows[0].pid });
});

app.post('/transfer', async (req, res) => {
  const { from, to, amount } = req.body;
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('SELECT pg_sleep(0.02)');
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await client.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await client.query('ROLLBACK');
    res.status(400).json({ error: err.message });
  } finally {
    await client.end();
  }
});

app.listen(process.env.PORT || 3000);
