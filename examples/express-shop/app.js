const express = require('express');
const db = require('./db');
const accounts = require('./routes/accounts');
const audit = require('./routes/audit');

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

app.use(accounts);
app.use(audit);

// Errors from the database are reported with their SQLSTATE so callers can tell them apart.
app.use((err, req, res, next) => {
  const status = err.status || 500;
  if (status >= 500) console.error(err);
  res.status(status).json({ error: err.message, code: err.code });
});

module.exports = app;
