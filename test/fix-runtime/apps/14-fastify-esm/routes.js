import { db } from './db.js';

export default async function routes(app) {
  app.get('/pid', async () => {
    const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    return { pid: rows[0].pid };
  });
  app.post('/transfer', async (request) => {
    const { from, to, amount } = request.body;
    try {
      await db.query('BEGIN');
      await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await db.query('SELECT pg_sleep(0.02)');
      await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK');
      throw err;
    }
    return { ok: true };
  });
  app.post('/audit', async (request) => {
    await db.query('INSERT INTO audit_log (note) VALUES ($1)', [request.body.note]);
    return { ok: true };
  });
}
