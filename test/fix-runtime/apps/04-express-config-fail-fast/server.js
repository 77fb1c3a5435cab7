const express = require('express');
const config = require('./config');
const db = require('./db');

const app = express();
app.use(express.json());
app.get('/health', (req, res) => res.send('ok'));
app.get('/pid', async (req, res) => {
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
});
app.post('/transfer', async (req, res) => {
  const { from, to, amount } = req.body;
  await db.query('BEGIN');
  try {
    await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await db.query('SELECT pg_sleep(0.02)');
    await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await db.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await db.query('ROLLBACK');
    res.status(409).json({ error: err.message });
  }
});

// Refuse to start on a bad DATABASE_URL.
db.connect()
  .then(() => {
    console.log('connected to Postgres');
    app.listen(config.port, () => console.log(`listening on ${config.port}`));
  })
  .catch((err) => {
    console.error('cannot connect to Postgres:', err.message);
    process.exit(1);
  });
