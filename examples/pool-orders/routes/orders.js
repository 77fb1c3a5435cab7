const express = require('express');
const pool = require('../lib/pool');

const router = express.Router();

// One order with its lines, read on one checked-out client.
router.get('/orders/:id', async (req, res, next) => {
  try {
    const client = await pool.connect();
    const order = await client.query('SELECT id, customer, status FROM orders WHERE id = $1', [req.params.id]);
    if (order.rowCount === 0) {
      return res.status(404).json({ error: 'no such order' });
    }
    const lines = await client.query('SELECT sku, quantity FROM order_lines WHERE order_id = $1 ORDER BY sku', [req.params.id]);
    client.release();
    res.json({ ...order.rows[0], lines: lines.rows });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
