const express = require('express');
const pool = require('./lib/pool');
const orders = require('./routes/orders');
const credits = require('./routes/credits');

const app = express();
app.use(express.json());

app.get('/health', async (req, res, next) => {
  try {
    await pool.query('SELECT 1');
    res.json({ ok: true });
  } catch (err) {
    next(err);
  }
});

app.use(orders);
app.use(credits);

app.use((err, req, res, next) => {
  const status = err.status || 500;
  if (status >= 500) console.error(err.message);
  res.status(status).json({ error: err.message, code: err.code });
});

module.exports = app;
