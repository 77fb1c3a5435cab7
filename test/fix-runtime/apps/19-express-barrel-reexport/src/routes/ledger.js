const { connection } = require('../db');

async function pid(req, res) {
  const { rows } = await connection.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  res.json({ pid: rows[0].pid });
}

async function transfer(req, res) {
  const { from, to, amount } = req.body;
  try {
    await connection.query('BEGIN');
    await connection.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await connection.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await connection.query('SELECT pg_sleep(0.02)');
    await connection.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await connection.query('COMMIT');
    res.json({ ok: true });
  } catch (err) {
    await connection.query('ROLLBACK');
    res.status(400).json({ error: err.message });
  }
}

module.exports = { pid, transfer };
