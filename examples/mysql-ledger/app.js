const express = require('express');
const db = require('./lib/db');
const wallets = require('./routes/wallets');
const events = require('./routes/events');

const app = express();
app.use(express.json());

app.get('/health', async (req, res, next) => {
  try {
    await db.query('SELECT 1');
    res.json({ ok: true });
  } catch (err) {
    next(err);
  }
});

app.use(wallets);
app.use(events);

app.use((err, req, res, next) => {
  const status = err.status || 500;
  if (status >= 500) console.error(err);
  res.status(status).json({ error: err.message, code: err.code });
});

module.exports = app;
