const express = require('express');
const db = require('./lib/db');

const router = express.Router();

router.get('/pid', async (req, res) => {
  const [row] = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: row.pid });
});

router.post('/transfer', async (req, res) => {
  const { from, to, amount } = req.body;
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await tx.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await tx.query('SELECT pg_sleep(0.02)');
      await tx.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    });
    res.json({ ok: true });
  } catch (err) {
    res.status(422).json({ error: err.message });
  }
});

router.post('/audit', async (req, res) => {
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
  res.status(201).end();
});

module.exports = router;
