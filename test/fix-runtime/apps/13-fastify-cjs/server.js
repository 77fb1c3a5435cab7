const fastify = require('fastify');
const { db } = require('./db');

const app = fastify();

app.get('/health', async () => 'ok');
app.get('/pid', async () => {
  const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
  return { pid: rows[0].pid };
});
app.post('/transfer', async (request, reply) => {
  const { from, to, amount } = request.body;
  await db.query('BEGIN');
  try {
    await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
    await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await db.query('SELECT pg_sleep(0.02)');
    await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await db.query('COMMIT');
    return { ok: true };
  } catch (err) {
    await db.query('ROLLBACK');
    reply.code(400);
    return { error: err.message };
  }
});
app.post('/audit', async (request, reply) => {
  await db.query('INSERT INTO audit_log (note) VALUES ($1)', [request.body.note]);
  reply.code(201);
  return { ok: true };
});

async function start() {
  await db.connect();
  await app.listen({ port: Number(process.env.PORT || 3000), host: '127.0.0.1' });
}

start().catch((err) => {
  console.error(err);
  process.exit(1);
});
