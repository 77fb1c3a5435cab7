const express = require('express');
const db = require('./db');

const router = express.Router();
router.post('/orders', async (req, res) => {
  await db.query('BEGIN');
  await db.query('INSERT INTO events (kind) VALUES ($1)', ['order']);
  await db.query('COMMIT');
  res.sendStatus(201);
});
module.exports = router;
