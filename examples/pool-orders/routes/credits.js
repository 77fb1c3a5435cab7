const express = require('express');
const { inTransaction } = require('../lib/transaction');

const router = express.Router();

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Move store credit from one customer to another.
router.post('/credits/transfer', async (req, res, next) => {
  const { from, to, amount } = req.body;
  if (![from, to, amount].every(Number.isInteger) || amount <= 0) {
    return res.status(400).json({ error: 'from, to and a positive integer amount are required' });
  }
  try {
    await inTransaction(async (db) => {
      const debit = await db.query('UPDATE credits SET balance = balance - $1 WHERE customer = $2', [amount, from]);
      if (debit.rowCount !== 1) throw new HttpError(404, `no customer ${from}`);
      // check_credit() takes ~20 ms (see migrate.js): the fraud check between the two updates.
      await db.query('SELECT check_credit($1)', [to]);
      const credit = await db.query('UPDATE credits SET balance = balance + $1 WHERE customer = $2', [amount, to]);
      if (credit.rowCount !== 1) throw new HttpError(404, `no customer ${to}`);
    });
    res.json({ ok: true });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
