const express = require('express');
const db = require('../db');

const router = express.Router();

// Record an audit event. A single autocommit INSERT: no transaction of its own.
router.post('/audit', async (req, res, next) => {
  const { action, detail } = req.body;
  if (typeof action !== 'string' || action.length === 0) {
    return res.status(400).json({ error: 'action is required' });
  }
  try {
    const { rows } = await db.query(
      'INSERT INTO audit_log (action, detail) VALUES ($1, $2) RETURNING id',
      [action, detail ?? null],
    );
    res.status(201).json({ id: rows[0].id });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
