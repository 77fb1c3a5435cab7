const { Client } = require('pg');

const db = new Client({ connectionString: process.env.DATABASE_URL });
db.connect();

async function debit(account, amount) {
  await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, account]);
}

async function credit(account, amount) {
  await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, account]);
}

async function transfer(from, to, amount) {
  await db.query('BEGIN');
  await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
  await debit(from, amount);
  await db.query('SELECT pg_sleep(0.02)');
  await credit(to, amount);
  await db.query('INSERT INTO transfers (from_id, to_id, amount) VALUES ($1, $2, $3)', [from, to, amount]);
  await db.query('COMMIT');
}

async function backendPid() {
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  return rows[0].pid;
}

async function audit(note) {
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [note]);
}

module.exports = { transfer, backendPid, audit, credit };
