const express = require('express');
const db = require('../db');

const router = express.Router();

router.get('/pid', async (req, res, next) => {
  try {
    const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    res.json({ pid: rows[0].pid });
  } catch (err) {
    next(err);
  }
});

router.post('/transfer', async (req, res, next) => {
  const { from, to, amount } = req.body;
  try {
    await db.query('BEGIN');
    // Lock both rows in id order, so two opposite transfers cannot deadlock.
    await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await db.query('SELECT pg_sleep(0.02)');
    await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await db.query('INSERT INTO transfers (from_id, to_id, amount) VALUES ($1, $2, $3)', [from, to, amount]);
    await db.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await db.query('ROLLBACK');
    next(err);
  }
});

router.post('/audit', async (req, res, next) => {
  try {
    await db.query('INSERT INTO audit_log (note) VALUES ($1)', [req.body.note]);
    res.status(201).json({ ok: true });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
