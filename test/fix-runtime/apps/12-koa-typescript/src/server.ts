import Koa from 'koa';
import db from './db';

async function body(req: NodeJS.ReadableStream): Promise<Record<string, number>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

const app = new Koa();
app.use(async (ctx) => {
  switch (`${ctx.method} ${ctx.path}`) {
    case 'GET /health':
      ctx.body = 'ok';
      return;
    case 'GET /pid': {
      const { rows } = await db.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
      ctx.body = { pid: rows[0].pid };
      return;
    }
    case 'POST /transfer': {
      const { from, to, amount } = await body(ctx.req);
      try {
        await db.query('BEGIN');
        await db.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[from, to]]);
        await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
        await db.query('SELECT pg_sleep(0.02)');
        await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
        await db.query('COMMIT');
        ctx.body = { ok: true };
      } catch (err) {
        await db.query('ROLLBACK');
        ctx.status = 409;
        ctx.body = { error: (err as Error).message };
      }
      return;
    }
    default:
      ctx.status = 404;
  }
});
app.listen(Number(process.env.PORT ?? 3000));
