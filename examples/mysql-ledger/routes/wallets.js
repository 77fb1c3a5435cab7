const express = require('express');
const db = require('../lib/db');
const { HttpError } = require('../lib/errors');

const router = express.Router();
const DAILY_LIMIT = 1000000;

// A wallet and its latest movements. The stored procedure takes ~20 ms (see migrate.js).
router.get('/wallets/:id', async (req, res, next) => {
  const id = Number(req.params.id);
  try {
    const [movementSets] = await db.query('CALL latest_movements(?)', [id]);
    const [wallets] = await db.query('SELECT id, holder, balance FROM wallets WHERE id = ?', [id]);
    if (wallets.length === 0) throw new HttpError(404, 'no such wallet');
    res.json({ ...wallets[0], movements: movementSets[0] });
  } catch (err) {
    next(err);
  }
});

// Move money between two wallets inside one transaction.
router.post('/payments', async (req, res, next) => {
  const { from, to, amount } = req.body;
  if (![from, to, amount].every(Number.isInteger) || amount <= 0) {
    return res.status(400).json({ error: 'from, to and a positive integer amount are required' });
  }
  try {
    await db.query('START TRANSACTION');
    // paid_today() takes ~50 ms (see migrate.js).
    const [[limit]] = await db.query('SELECT paid_today(?) AS paid', [from]);
    if (Number(limit.paid) + amount > DAILY_LIMIT) throw new HttpError(400, 'daily limit exceeded');
    const [debit] = await db.query('UPDATE wallets SET balance = balance - ? WHERE id = ?', [amount, from]);
    if (debit.affectedRows !== 1) throw new HttpError(404, `no wallet ${from}`);
    const [credit] = await db.query('UPDATE wallets SET balance = balance + ? WHERE id = ?', [amount, to]);
    if (credit.affectedRows !== 1) throw new HttpError(404, `no wallet ${to}`);
    await db.query('INSERT INTO payments (from_id, to_id, amount) VALUES (?, ?, ?)', [from, to, amount]);
    await db.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await db.query('ROLLBACK');
    next(err);
  }
});

module.exports = router;
