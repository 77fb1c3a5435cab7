const Koa = require('koa');
const db = require('./db');

// No body-parser dependency: read the JSON body by hand.
async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.body = { error: err.message };
  }
});

app.use(async (ctx) => {
  if (ctx.method === 'GET' && ctx.path === '/health') {
    ctx.body = 'ok';
  } else if (ctx.method === 'GET' && ctx.path === '/pid') {
    const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    ctx.body = { pid: rows[0].pid };
  } else if (ctx.method === 'POST' && ctx.path === '/transfer') {
    const { from, to, amount } = await readJson(ctx.req);
    await db.query('BEGIN');
    try {
      await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
      await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
      await db.query('SELECT pg_sleep(0.02)');
      await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK');
      throw err;
    }
    ctx.body = { ok: true };
  } else if (ctx.method === 'POST' && ctx.path === '/audit') {
    const { note } = await readJson(ctx.req);
    await db.query('INSERT INTO audit_log (note) VALUES ($1)', [note]);
    ctx.status = 201;
    ctx.body = { ok: true };
  } else {
    ctx.status = 404;
  }
});

module.exports = app;
