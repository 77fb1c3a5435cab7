const express = require('express');
const db = require('../db');

const router = express.Router();

const DAILY_LIMIT = 1_000_000;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// An account with its recent activity.
router.get('/accounts/:id', async (req, res, next) => {
  try {
    // recent_activity() takes ~20 ms on the server (see migrate.js).
    const activity = await db.query('SELECT * FROM recent_activity($1)', [req.params.id]);
    const account = await db.query('SELECT id, owner, balance FROM accounts WHERE id = $1', [req.params.id]);
    if (account.rowCount === 0) {
      return res.status(404).json({ error: 'no such account' });
    }
    res.json({ ...account.rows[0], activity: activity.rows });
  } catch (err) {
    next(err);
  }
});

// Move money between two accounts, all or nothing.
router.post('/transfer', async (req, res, next) => {
  const { from, to, amount } = req.body;
  if (!Number.isInteger(from) || !Number.isInteger(to) || !Number.isInteger(amount) || amount <= 0) {
    return res.status(400).json({ error: 'from, to and a positive integer amount are required' });
  }
  try {
    await db.query('BEGIN');
    // sent_today() takes ~50 ms on the server (see migrate.js).
    const limit = await db.query('SELECT sent_today($1) AS sent', [from]);
    if (Number(limit.rows[0].sent) + amount > DAILY_LIMIT) throw new HttpError(400, 'daily limit exceeded');
    // The CHECK (balance >= 0) constraint rejects an overdraft here.
    const debit = await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    if (debit.rowCount !== 1) throw new HttpError(404, `no account ${from}`);
    const credit = await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    if (credit.rowCount !== 1) throw new HttpError(404, `no account ${to}`);
    await db.query('INSERT INTO transfers (from_id, to_id, amount) VALUES ($1, $2, $3)', [from, to, amount]);
    await db.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await db.query('ROLLBACK');
    if (err.code === '23514') err.status = 400; // check_violation: insufficient funds
    next(err);
  }
});

module.exports = router;
