const express = require('express');
const db = require('../lib/db');

const router = express.Router();

// Append one event to the activity log (autocommit).
router.post('/events', async (req, res, next) => {
  const { kind, note } = req.body;
  if (typeof kind !== 'string' || kind === '') return res.status(400).json({ error: 'kind is required' });
  try {
    const [result] = await db.query('INSERT INTO events (kind, note) VALUES (?, ?)', [kind, note ?? null]);
    res.status(201).json({ id: result.insertId });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
